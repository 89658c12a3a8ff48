package org.baytrace.tracking.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.baytrace.config.NodeConfig;
import org.baytrace.config.NodeKeys;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.leaf.LeafCodec;
import org.baytrace.ledger.record.RecordLimits;
import org.baytrace.ledger.record.Records;
import org.baytrace.ledger.record.ParsedRecord;
import org.baytrace.ledger.registry.Genesis;
import org.baytrace.ledger.registry.ProposalJson;
import org.baytrace.ledger.registry.SignedProposal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a node begins its ledger: the embedded default signs and appends its own genesis as entry
 * 0 before it serves anyone, keeps it across restarts, and a genesis file of another ledger is
 * refused before anything opens. Real node, RocksDB on a temp dir.
 */
class GenesisNodeTest {
  @TempDir Path dir;

  private static BayTraceNode start(NodeConfig config) throws Exception {
    return BayTraceNode.start(config, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  @Test
  void theEmbeddedNode_beginsItsLedgerWithItsOwnGenesis_once() throws Exception {
    NodeConfig config = LoopbackNodeConfig.in(dir.resolve("node"));
    try (BayTraceNode node = start(config)) {
      assertEquals(1, node.ledger().head().size(), "entry 0 is there before the node serves anyone");
      ParsedRecord entry0 = Records.parse(LeafCodec.decode(node.ledger().entry(0).leaf()).signedRecord(), RecordLimits.DEFAULT);
      assertEquals("governance.AdoptRegistry", entry0.kind());
      assertEquals(config.nodeName(), entry0.authorOrg(), "the appending member names itself");
      assertEquals(0, node.governance().state().adoptedAt());
      assertEquals(java.util.List.of(NodeConfig.LOCAL_ORG), node.governance().state().changes().get(0).signers());
    }
    try (BayTraceNode again = start(config)) {
      assertEquals(1, again.ledger().head().size(), "a restart appends no second genesis");
      assertEquals(0, again.governance().state().adoptedAt());
    }
  }

  @Test
  void aGenesisFileOfAnotherLedger_isRefusedAtStart_andNothingIsAppended() throws Exception {
    NodeConfig config = LoopbackNodeConfig.in(dir.resolve("node"));
    var founding = config.foundingRegistry(config.registry().withOrg(new org.baytrace.ledger.registry.OrgRegistry.Org(
        NodeConfig.LOCAL_ORG, "This node's own organisation", java.util.Set.of(org.baytrace.ledger.registry.OrgRegistry.Role.OPERATOR),
        java.util.List.of(new org.baytrace.ledger.registry.OrgRegistry.OrgKey(NodeKeys.loadOrGenerate(config).publicKey(), null, null)),
        java.util.List.of(), null)));
    SignedProposal other = Genesis.propose("baytrace.example/another-ledger", founding, "")
        .signedBy(NodeConfig.LOCAL_ORG, NodeKeys.loadOrGenerate(config));
    Path file = Files.writeString(dir.resolve("genesis.json"), ProposalJson.format(other));
    NodeConfig named = config.withGovernance(config.governance().withGenesis(Optional.of(file)));
    LedgerException e = assertThrows(LedgerException.class, () -> start(named));
    assertEquals(LedgerError.WRONG_ORIGIN, e.error());
    assertTrue(e.getMessage().contains("[governance] genesis " + file) && e.getMessage().contains("made for another ledger"),
        e.getMessage());
    assertTrue(!Files.exists(config.dataDir().resolve(BayTraceNode.LEDGER_DIR)), "refused before the store was opened");
  }
}
