package org.baytrace.ledger;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The ledger stays usable as a plain library by an offline verifier (DESIGN §1): its pure core
 * (hashing, proofs, records, checkpoints, receipts) touches no storage, RocksDB stays in the
 * store, Ratis in replication, and no transport of the node is in it at all.
 */
@AnalyzeClasses(packages = "org.baytrace.ledger", importOptions = ImportOption.DoNotIncludeTests.class)
public class LedgerArchitectureTest {
  static final String[] PURE_CORE = {"org.baytrace.ledger.crypto..", "org.baytrace.ledger.merkle..",
      "org.baytrace.ledger.record..", "org.baytrace.ledger.checkpoint..", "org.baytrace.ledger.receipt..",
      "org.baytrace.ledger.verify..", "org.baytrace.ledger.error..", "org.baytrace.ledger.leaf..", "org.baytrace.ledger.registry.."};

  @ArchTest
  static final ArchRule ledger_usesNoGrpcAndNoJaxRs = noClasses()
      .should().dependOnClassesThat().resideInAnyPackage("io.grpc..", "jakarta.ws.rs..", "javax.ws.rs..", "org.glassfish..")
      .because("an offline verifier links the ledger without a server; gRPC and HTTP services are the node's (tracking)");

  @ArchTest
  static final ArchRule pureCore_touchesNoStorage = noClasses().that().resideInAnyPackage(PURE_CORE)
      .should().dependOnClassesThat().resideInAnyPackage("org.rocksdb..", "org.apache.ratis..", "org.baytrace.ledger.store..",
          "org.baytrace.ledger.sequencer..", "org.baytrace.ledger.replication..")
      .because("hashing, proofs and verification are pure functions over value types, testable and usable without I/O");

  @ArchTest
  // Backup is the one exception: a restore and the operator's confirmation after it work on a
  // stopped node's data directory, where no Ledger runs, so it opens the copied store itself
  // (LedgerStores.openRocksDb) to verify it; it only reads the store.
  static final ArchRule store_isReachedOnlyThroughTheLedger = noClasses().that().resideOutsideOfPackage("org.baytrace.ledger.store..")
      .and().doNotHaveFullyQualifiedName("org.baytrace.ledger.backup.Backup")
      .should().dependOnClassesThat().resideInAPackage("org.baytrace.ledger.store..")
      .because("Ledger is the only way to a log: the rest of the module works on the LedgerStore interface and the"
          + " values of the API package, and only the node's wiring (and a restore, on a stopped node) opens a store"
          + " (LedgerStores)");

  @ArchTest
  static final ArchRule rocksDb_onlyInTheStore = noClasses().that().resideOutsideOfPackage("org.baytrace.ledger.store..")
      .should().dependOnClassesThat().resideInAPackage("org.rocksdb..")
      .because("the store is the one seam to RocksDB (KvStore): the rest of the ledger works on any store");

  @ArchTest
  static final ArchRule ratis_onlyInReplication = noClasses().that().resideOutsideOfPackage("org.baytrace.ledger.replication..")
      .should().dependOnClassesThat().resideInAPackage("org.apache.ratis..")
      .because("replication is the one place that speaks Raft; a single node runs without it");

  @ArchTest
  static final ArchRule packages_areFreeOfCycles = slices().matching("org.baytrace.(**)").should().beFreeOfCycles()
      .because("a package cycle hides which side is the base; the core must be readable without the store above it");
}
