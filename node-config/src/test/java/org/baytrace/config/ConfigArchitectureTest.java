package org.baytrace.config;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The node configuration reads files and describes a node; it runs nothing. */
@AnalyzeClasses(packages = "org.baytrace.config", importOptions = ImportOption.DoNotIncludeTests.class)
public class ConfigArchitectureTest {

  @ArchTest
  static final ArchRule config_opensNoServerAndNoStore = noClasses()
      .should().dependOnClassesThat().resideInAnyPackage("io.grpc..", "jakarta.ws.rs..", "org.glassfish..", "org.rocksdb..",
          "org.apache.ratis..", "org.baytrace.ledger.store..", "org.baytrace.ledger.sequencer..",
          "org.baytrace.ledger.replication..")
      .because("the command line and tests read a node file without starting anything; the node (tracking) does that");

  @ArchTest
  static final ArchRule packages_areFreeOfCycles = slices().matching("org.baytrace.(**)").should().beFreeOfCycles()
      .because("a package cycle hides which side is the base");
}
