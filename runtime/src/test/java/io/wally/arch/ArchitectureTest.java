package io.wally.arch;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * WALLY's production classes of every module (runtime's test class path holds hal and maps as well) checked
 * against {@link ArchitectureRules}. Test classes are left out: tests may use Pi4J's mock providers.
 */
class ArchitectureTest {

    private static JavaClasses wally;

    @BeforeAll
    static void importProductionClasses() {
        wally = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.wally");
    }

    @Test
    void shouldSeeTheClassesOfHalMapsAndRuntime() {
        // The rules below prove nothing about a module whose classes were not imported.
        assertThat(wally.containPackage("io.wally.hal.pi4j")).isTrue();
        assertThat(wally.containPackage("io.wally.hal.sim")).isTrue();
        assertThat(wally.containPackage("io.wally.maps")).isTrue();
        assertThat(wally.containPackage("io.wally.runtime.systemd")).isTrue();
        assertThat(wally.containPackage("io.wally.arch")).as("test classes are not imported").isFalse();
    }

    @Test
    void shouldUsePi4jOnlyInHalPi4j() {
        ArchitectureRules.onlyDriversUsePi4j("io.wally..", "io.wally.hal.pi4j..").check(wally);
    }

    @Test
    void shouldKeepHalFreeOfMapsAndRuntime() {
        ArchitectureRules.moduleIndependentOf("io.wally.hal..", "io.wally.maps..", "io.wally.runtime..").check(wally);
    }

    @Test
    void shouldKeepMapsFreeOfHalAndRuntime() {
        ArchitectureRules.moduleIndependentOf("io.wally.maps..", "io.wally.hal..", "io.wally.runtime..").check(wally);
    }

    @Test
    void shouldUseMemorySegmentInRuntimeOnlyInTheSystemdNotifier() {
        ArchitectureRules.memorySegmentOnlyIn("io.wally.runtime..", "io.wally.runtime.systemd..").check(wally);
    }
}
