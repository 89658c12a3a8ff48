package org.baytrace.tracking.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Arrays;

/**
 * The layers of the tracking module, checked on its compiled classes: the domain (GS1, EPCIS,
 * policy, the profiles and their shared codes) below the node (features, gRPC and HTTP services,
 * pages). {@link ArchitectureRulesCatchViolationsTest} shows that each rule fails on a wrong-way
 * import or a cycle.
 */
@AnalyzeClasses(packages = "org.baytrace.tracking", importOptions = ImportOption.DoNotIncludeTests.class)
public class TrackingArchitectureTest {
  static final String DOMAIN = "org.baytrace.tracking.domain..";
  static final String NODE = "org.baytrace.tracking.node..";

  @ArchTest
  static final ArchRule everyClass_isInTheDomainOrTheNode = classes().that().resideInAPackage("org.baytrace.tracking..")
      .should().resideInAnyPackage(DOMAIN, NODE)
      .because("the layer of a class shows in its folder: tracking.domain (what a record means) or tracking.node"
          + " (how a node serves it)");

  @ArchTest
  static final ArchRule nodeSitsAboveTheDomain = layeredArchitecture().consideringOnlyDependenciesInLayers()
      .layer("Node").definedBy(NODE)
      .layer("Domain").definedBy(DOMAIN)
      .whereLayer("Node").mayNotBeAccessedByAnyLayer()
      .whereLayer("Domain").mayOnlyBeAccessedByLayers("Node")
      .because("dependencies point one way: the node wires and serves the domain, the domain knows no node");

  @ArchTest
  static final ArchRule domain_importsNoTransport = noClasses().that().resideInAPackage(DOMAIN)
      .should().dependOnClassesThat().resideInAnyPackage(NODE, "io.grpc..", "jakarta.ws.rs..", "javax.ws.rs..",
          "org.glassfish..")
      .because("the domain judges records the same whatever carries them; gRPC services, Jersey resources and HTTP"
          + " helpers are the node's");

  @ArchTest
  static final ArchRule coldChain_importsNoOtherProfile = profile("coldchain", "biomaterial", "waterbus", "customs")
      .because("profiles share codes through domain.common only; the cold chain needs no other profile's state");

  @ArchTest
  static final ArchRule biomaterial_readsOnlyTheColdChain = profile("biomaterial", "waterbus", "customs")
      .because("a biomaterial shipment's temperatures are cold-chain readings (coldchain.Sample, Judge): the one"
          + " profile it may read; codes it shares come from domain.common");

  @ArchTest
  static final ArchRule waterBus_importsNoOtherProfile = profile("waterbus", "coldchain", "biomaterial", "customs")
      .because("profiles share codes (container numbers, UN/LOCODEs, proto content) through domain.common only");

  @ArchTest
  static final ArchRule customs_readsOnlyTheWaterBus = profile("customs", "coldchain", "biomaterial")
      .because("a declaration's arrival comes from the water bus's committed state (WaterBusState): the one profile"
          + " customs may read; container numbers and UN/LOCODEs come from domain.common");

  @ArchTest
  static final ArchRule parcel_importsNoOtherProfile = profile("parcel", "coldchain", "biomaterial", "waterbus", "customs")
      .because("a parcel's customs life is its own records; UN/LOCODEs and proto content come from domain.common, and"
          + " no other profile's subjects may lead to a parcel");

  @ArchTest
  static final ArchRule multimodal_importsNoOtherProfile = profile("multimodal", "coldchain", "biomaterial", "waterbus",
      "customs", "parcel")
      .because("a hand-over stands on its own records: the subjects it names are the shared trace codes and containers"
          + " of domain.common and domain.gs1, never another profile's state");

  @ArchTest
  static final ArchRule sharedCodes_importNoProfile = noClasses().that().resideInAPackage("org.baytrace.tracking.domain.common..")
      .should().dependOnClassesThat().resideInAnyPackage(profilePackages("coldchain", "biomaterial", "waterbus", "customs", "parcel",
          "multimodal"))
      .because("domain.common is what every profile may use, so it can use none of them");

  @ArchTest
  static final ArchRule featureInterface_namesNoProfile = noClasses().that().resideInAPackage("org.baytrace.tracking.node.feature..")
      .should().dependOnClassesThat().resideInAnyPackage("org.baytrace.tracking.domain..", "org.baytrace.tracking.node.resolver..",
          "org.baytrace.tracking.node.coldchain..", "org.baytrace.tracking.node.biomaterial..",
          "org.baytrace.tracking.node.waterbus..", "org.baytrace.tracking.node.customs..", "org.baytrace.tracking.node.parcel..",
          "org.baytrace.tracking.node.multimodal..")
      .because("NodeFeature is generic: the node knows a profile only through it, and a profile's services are looked"
          + " up by type, so the node and the profiles do not depend on each other in a circle");

  @ArchTest
  static final ArchRule ledgerStore_isOpenedOnlyByTheNode = noClasses().that().doNotHaveFullyQualifiedName(
      "org.baytrace.tracking.node.BayTraceNode")
      .should().dependOnClassesThat().resideInAPackage("org.baytrace.ledger.store..")
      .because("the ledger is the only way to the log: the node opens its store once and hands it to the Ledger;"
          + " everything else reads and writes through the Ledger");

  @ArchTest
  static final ArchRule packages_areFreeOfCycles = slices().matching("org.baytrace.(**)").should().beFreeOfCycles()
      .because("a package cycle hides which side is the base; each package must be understandable from those below it");

  /** No class of {@code profile} (domain or node side) depends on the {@code others}. */
  static ArchRule profile(String profile, String... others) {
    return noClasses().that().resideInAnyPackage(profilePackages(profile))
        .should().dependOnClassesThat().resideInAnyPackage(profilePackages(others));
  }

  private static String[] profilePackages(String... profiles) {
    return Arrays.stream(profiles).flatMap(p -> Arrays.stream(new String[] {"org.baytrace.tracking.domain." + p + "..",
        "org.baytrace.tracking.node." + p + ".."})).toArray(String[]::new);
  }
}
