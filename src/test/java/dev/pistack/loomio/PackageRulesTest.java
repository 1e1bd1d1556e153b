package dev.pistack.loomio;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The import rules each package-info.java states, checked on the compiled main classes (ArchUnit): a class that
 * imports against them, or two operator packages that depend on each other, fail here with the offending lines.
 */
class PackageRulesTest {
    private static final String OPERATOR = "dev.pistack.loomio.operator.";
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.pistack.loomio");

    @Test
    void theOperatorsPackagesFormNoCycle() {
        slices().matching("dev.pistack.loomio.operator.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void theApiAndTheAgentKnowNothingOfTheOperator() {
        noClasses().that().resideInAPackage("dev.pistack.loomio.api..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.pistack.loomio.operator..",
                        "dev.pistack.loomio.agent..")
                .check(MAIN);
        noClasses().that().resideInAPackage("dev.pistack.loomio.agent..")
                .should().dependOnClassesThat().resideInAPackage("dev.pistack.loomio.operator..")
                .check(MAIN);
    }

    @Test
    void theContractBetweenAgentAndOperatorStandsAlone() {
        noClasses().that().resideInAPackage("dev.pistack.loomio.contract..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.pistack.loomio.operator..",
                        "dev.pistack.loomio.agent..", "dev.pistack.loomio.api..")
                .check(MAIN);
    }

    @Test
    void kubeAndDesiredImportOnlyTheApi() {
        for (String pkg : new String[]{"kube", "desired"}) {
            noClasses().that().resideInAPackage(OPERATOR + pkg + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(otherOperatorPackagesThan(pkg))
                    .orShould().dependOnClassesThat().resideInAPackage("dev.pistack.loomio.agent..")
                    .check(MAIN);
        }
    }

    @Test
    void dependentsImportOnlyDesired() {
        noClasses().that().resideInAPackage(OPERATOR + "dependent..")
                .should().dependOnClassesThat().resideInAnyPackage(otherOperatorPackagesThan("dependent", "desired"))
                .check(MAIN);
    }

    @Test
    void featuresImportTheFoundationsNotEachOther() {
        String[] foundations = {"kube", "desired", "dependent"};
        for (String feature : new String[]{"backup", "memory", "upgrade", "metrics", "notify"}) {
            noClasses().that().resideInAPackage(OPERATOR + feature + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(otherOperatorPackagesThan(
                            concat(foundations, feature)))
                    .check(MAIN);
        }
        noClasses().that().resideInAPackage(OPERATOR + "lifecycle..")
                .should().dependOnClassesThat().resideInAnyPackage(otherOperatorPackagesThan(
                        concat(foundations, "lifecycle", "memory")))
                .check(MAIN);
    }

    @Test
    void onlyBackupReadsTheAgentsBackupNames() {
        noClasses().that().resideInAPackage("dev.pistack.loomio.operator..")
                .and().resideOutsideOfPackage(OPERATOR + "backup..")
                .should().dependOnClassesThat().resideInAPackage("dev.pistack.loomio.agent..")
                .check(MAIN);
    }

    /** @return the operator's packages other than the given ones, as ArchUnit package patterns */
    private static String[] otherOperatorPackagesThan(String... allowed) {
        return java.util.Arrays.stream(new String[]{"kube", "desired", "dependent", "backup", "memory", "lifecycle",
            "upgrade", "metrics", "notify", "instance"})
                .filter(p -> !java.util.Arrays.asList(allowed).contains(p))
                .map(p -> OPERATOR + p + "..")
                .toArray(String[]::new);
    }

    private static String[] concat(String[] a, String... b) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b))
                .toArray(String[]::new);
    }
}
