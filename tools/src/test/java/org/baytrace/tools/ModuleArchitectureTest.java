package org.baytrace.tools;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.lang.conditions.ArchPredicates.are;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * How the modules depend on each other, checked on all of BayTrace's classes at once (this is the
 * module that sees them all): tools → tracking → node-config → ledger → api-proto, no package
 * cycle anywhere, and client commands that use no server class.
 */
@AnalyzeClasses(packages = "org.baytrace",
    importOptions = {ImportOption.DoNotIncludeTests.class, ModuleArchitectureTest.DoNotIncludeTestJars.class})
public class ModuleArchitectureTest {

  /** The ledger's test jar (shared test helpers) is on this module's class path; its classes are tests too. */
  public static final class DoNotIncludeTestJars implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("-tests.jar");
    }
  }

  @ArchTest
  static final ArchRule modules_dependOneWay = layeredArchitecture().consideringOnlyDependenciesInLayers()
      .layer("tools").definedBy("org.baytrace.tools..")
      .layer("tracking").definedBy("org.baytrace.tracking..")
      .layer("node-config").definedBy("org.baytrace.config..")
      .layer("ledger").definedBy("org.baytrace.ledger..")
      .layer("api-proto").definedBy("org.baytrace.api..")
      .whereLayer("tools").mayNotBeAccessedByAnyLayer()
      .whereLayer("tracking").mayOnlyBeAccessedByLayers("tools")
      .whereLayer("node-config").mayOnlyBeAccessedByLayers("tracking", "tools")
      .whereLayer("ledger").mayOnlyBeAccessedByLayers("node-config", "tracking", "tools")
      .whereLayer("api-proto").mayOnlyBeAccessedByLayers("ledger", "node-config", "tracking", "tools")
      .because("each module builds on the ones below it: the wire contract, the ledger library, the node file, the"
          + " node, the command line");

  @ArchTest
  static final ArchRule clientCommands_useNoServerClass = noClasses().that().resideInAPackage("org.baytrace.tools..")
      .and(DescribedPredicate.not(are(belongToAnyOf(NodeCommand.class, DemoCommand.class, WitnessCommand.class,
          ReseedCommand.class, RestoreCommand.class))))
      .should().dependOnClassesThat().resideInAnyPackage("org.baytrace.tracking.node..")
      .because("a client speaks to a node over the wire and reads shared limits from the API (LedgerServiceLimits);"
          + " only `baytrace node` and `baytrace demo` start a node in this process, `baytrace witness` a witness"
          + " server, and `baytrace reseed` and `baytrace restore --member` (which sets a member's Raft log aside as"
          + " reseed does) work on a stopped node's data directory");

  @ArchTest
  static final ArchRule packages_areFreeOfCycles = slices().matching("org.baytrace.(**)").should().beFreeOfCycles()
      .because("no package cycle anywhere: each package is readable from those below it");
}
