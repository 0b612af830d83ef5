package io.wally.arch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.wally.arch.fixture.app.UsesMemorySegment;
import io.wally.arch.fixture.app.UsesPi4j;
import io.wally.arch.fixture.driver.Pi4jDriver;
import io.wally.arch.fixture.lower.ReachesUp;
import io.wally.arch.fixture.upper.UpperModule;
import org.junit.jupiter.api.Test;

/**
 * The rules of {@link ArchitectureRules} fail on classes that break them, and pass on classes that keep
 * them: run on the fixtures under {@code io.wally.arch.fixture}, laid out like this:
 * <pre>
 *   fixture.driver  Pi4jDriver         uses com.pi4j and MemorySegment (the allowed package)
 *   fixture.app     UsesPi4j           uses com.pi4j               (breaks onlyDriversUsePi4j)
 *                   UsesMemorySegment  has a MemorySegment field   (breaks memorySegmentOnlyIn)
 *   fixture.lower   ReachesUp          uses fixture.upper          (breaks moduleIndependentOf)
 *   fixture.upper   UpperModule        uses nothing of ours
 * </pre>
 */
class ArchitectureRulesTest {

    private static final String FIXTURES = "io.wally.arch.fixture..";
    private static final String DRIVER = "io.wally.arch.fixture.driver..";

    private static final JavaClasses ALL = new ClassFileImporter().importPackages("io.wally.arch.fixture");

    @Test
    void shouldFailWhenAClassOutsideTheDriverPackageUsesPi4j() {
        assertViolatedBy(ArchitectureRules.onlyDriversUsePi4j(FIXTURES, DRIVER), UsesPi4j.class);
    }

    @Test
    void shouldPassWhenOnlyTheDriverPackageUsesPi4j() {
        JavaClasses keeping = new ClassFileImporter().importClasses(Pi4jDriver.class, UpperModule.class);
        assertThat(ArchitectureRules.onlyDriversUsePi4j(FIXTURES, DRIVER).evaluate(keeping).hasViolation()).isFalse();
    }

    @Test
    void shouldFailWhenAModuleUsesAForbiddenOne() {
        assertViolatedBy(ArchitectureRules.moduleIndependentOf("io.wally.arch.fixture.lower..",
                "io.wally.arch.fixture.upper.."), ReachesUp.class);
    }

    @Test
    void shouldPassWhenTheModuleUsesOnlyWhatItMay() {
        ArchRule upperIndependentOfLower = ArchitectureRules.moduleIndependentOf("io.wally.arch.fixture.upper..",
                "io.wally.arch.fixture.lower..");
        assertThat(upperIndependentOfLower.evaluate(ALL).hasViolation()).isFalse();
    }

    @Test
    void shouldFailWhenMemorySegmentIsUsedOutsideTheAllowedPackage() {
        assertViolatedBy(ArchitectureRules.memorySegmentOnlyIn(FIXTURES, DRIVER), UsesMemorySegment.class);
    }

    @Test
    void shouldFailWhenTheRuleSelectsNoClassAtAll() {
        // A class path that lost a module must not pass in silence.
        ArchRule onMissingModule = ArchitectureRules.moduleIndependentOf("io.wally.arch.nowhere..", "java..");
        assertThatThrownBy(() -> onMissingModule.check(ALL))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("failed to check any classes");
    }

    private static void assertViolatedBy(ArchRule rule, Class<?> offender) {
        EvaluationResult result = rule.evaluate(ALL);
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails())
                .allSatisfy(line -> assertThat(line).contains(offender.getName()));
        assertThatThrownBy(() -> rule.check(ALL)).isInstanceOf(AssertionError.class)
                .hasMessageContaining(offender.getName());
    }
}
