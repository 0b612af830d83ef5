package io.wally.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import java.lang.foreign.MemorySegment;

/**
 * The module and package rules of {@code STYLE.md} and {@code DESIGN.md} as ArchUnit rules. Each rule is
 * built from package patterns (ArchUnit's {@code ..} syntax) so that {@link ArchitectureTest} runs it on
 * WALLY's classes and {@link ArchitectureRulesTest} runs the very same rule on fixtures that break it.
 *
 * <p>"Depends on" is ArchUnit's: any use in the byte code (field, parameter or return type, call, constant,
 * annotation, superclass), so a fully-qualified name written inline counts as much as an import. Every rule
 * refuses to pass when it selects no class at all ({@code allowEmptyShould(false)}), so that a class path
 * that lost a module cannot make it pass in silence.
 */
final class ArchitectureRules {

    private ArchitectureRules() {
    }

    /** Only {@code driverPackage} may use Pi4J: every other class of {@code scope} reaches hardware through hal. */
    static ArchRule onlyDriversUsePi4j(String scope, String driverPackage) {
        return noClasses().that().resideInAPackage(scope).and().resideOutsideOfPackage(driverPackage)
                .should().dependOnClassesThat().resideInAPackage("com.pi4j..")
                .because("only " + driverPackage + " talks to Pi4J (STYLE.md: packages by concern)")
                .allowEmptyShould(false);
    }

    /** A module ({@code modulePackage}) that must not use any class of the {@code forbidden} packages. */
    static ArchRule moduleIndependentOf(String modulePackage, String... forbidden) {
        return noClasses().that().resideInAPackage(modulePackage)
                .should().dependOnClassesThat().resideInAnyPackage(forbidden)
                .because("dependencies point one way, runtime -> maps and runtime -> hal (DESIGN.md)")
                .allowEmptyShould(false);
    }

    /**
     * Within {@code scope}, only {@code allowedPackage} may touch {@link MemorySegment}: off-heap memory stays
     * behind the small classes that own a layout (STYLE.md rule 3).
     */
    static ArchRule memorySegmentOnlyIn(String scope, String allowedPackage) {
        return noClasses().that().resideInAPackage(scope).and().resideOutsideOfPackage(allowedPackage)
                .should().dependOnClassesThat().belongToAnyOf(MemorySegment.class)
                .because("off-heap memory in " + scope + " is the business of " + allowedPackage + " only")
                .allowEmptyShould(false);
    }
}
