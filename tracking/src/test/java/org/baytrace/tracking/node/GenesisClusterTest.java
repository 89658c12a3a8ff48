package org.baytrace.tracking.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.baytrace.api.ledger.v1.ClusterStatus;
import org.baytrace.api.ledger.v1.GetClusterStatusRequest;
import org.baytrace.api.ledger.v1.LedgerServiceGrpc;
import org.baytrace.config.GovernanceSettings;
import org.baytrace.config.HostPort;
import org.baytrace.config.NodeConfig;
import org.baytrace.config.Peer;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.crypto.KeyFiles;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.leaf.LeafCodec;
import org.baytrace.ledger.record.ParsedRecord;
import org.baytrace.ledger.record.RecordLimits;
import org.baytrace.ledger.record.Records;
import org.baytrace.ledger.registry.Genesis;
import org.baytrace.ledger.registry.OrgRegistry;
import org.baytrace.ledger.registry.ProposalJson;
import org.baytrace.ledger.registry.SignedProposal;
import org.baytrace.ledger.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three members named with one genesis file (signed offline by the founding organisations, whose
 * private keys no node holds): the leader appends it as entry 0, the followers judge it by the
 * same rule, and every member ends with the same root and the registry adopted at index 0. Real
 * nodes in this JVM, Raft on loopback, RocksDB each.
 */
class GenesisClusterTest {
  private static final HostPort ANY = new HostPort("127.0.0.1", 0);

  @TempDir Path dir;

  private final List<BayTraceNode> nodes = new ArrayList<>();

  @AfterEach
  void stop() {
    nodes.forEach(BayTraceNode::close);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void theLeaderAppendsTheGenesis_andEveryMemberAdoptsItAtIndex0_withOneRoot_andNamesTheThreeVotingMembers() throws Exception {
    SigningKey customs = SigningKey.generate();
    SigningKey barge = SigningKey.generate();
    OrgRegistry orgs = OrgRegistry.of(List.of(Org.of("nansha-customs", OrgRegistry.Role.CUSTOMS, customs),
        Org.of("pearl-barge", OrgRegistry.Role.BARGE_OPERATOR, barge)));
    List<String> ids = List.of("a", "b", "c");
    List<SigningKey> nodeKeys = new ArrayList<>();
    List<Peer> peers = new ArrayList<>();
    for (String id : ids) {
      SigningKey k = SigningKey.generate();
      nodeKeys.add(k);
      peers.add(new Peer(id, new HostPort("127.0.0.1", freePort()), new HostPort("127.0.0.1", freePort()),
          new NoteSigner(id, k).verifier()));
    }
    List<NodeConfig> configs = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      configs.add(member(peers, ids.get(i), nodeKeys.get(i), orgs));
    }
    // Offline, by the founding organisations: propose from one member's file, sign with their own keys.
    NodeConfig first = configs.get(0);
    SignedProposal genesis = Genesis.propose(first.origin(), first.foundingRegistry(first.registry()), "founding")
        .signedBy("nansha-customs", customs).signedBy("pearl-barge", barge);
    Path file = Files.writeString(dir.resolve("genesis.json"), ProposalJson.format(genesis));
    for (NodeConfig c : configs) {
      nodes.add(BayTraceNode.start(c.withGovernance(GovernanceSettings.NONE.withGenesis(Optional.of(file))),
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    }

    // A member's governance rule takes in an entry right after its store does.
    Await.until("every member holds and has adopted the genesis", Duration.ofSeconds(60),
        () -> nodes.stream().allMatch(n -> n.ledger().head().size() >= 1 && n.governance().state().adoptedAt() == 0));
    for (BayTraceNode n : nodes) {
      assertEquals(1, n.ledger().head().size(), n.config().nodeName() + ": one genesis, whichever member led");
      assertEquals(nodes.get(0).ledger().head().root(), n.ledger().head().root(), n.config().nodeName() + " root");
      assertEquals(0, n.governance().state().adoptedAt(), n.config().nodeName());
      assertFalse(n.governance().awaitsGenesis());
      ParsedRecord entry0 = Records.parse(LeafCodec.decode(n.ledger().entry(0).leaf()).signedRecord(), RecordLimits.DEFAULT);
      assertEquals("governance.AdoptRegistry", entry0.kind());
    }
    // What load tools ask to learn how many members verify each record (baytrace bench).
    for (int i = 0; i < ids.size(); i++) {
      ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", peers.get(i).grpc().port()).usePlaintext().build();
      try {
        ClusterStatus status = LedgerServiceGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS)
            .getClusterStatus(GetClusterStatusRequest.getDefaultInstance());
        assertEquals(ids.get(i), status.getSelf());
        assertEquals(ids, status.getMembersList(), ids.get(i) + ": the voting members, sorted");
        assertTrue(ids.contains(status.getLeader()), ids.get(i) + " follows one of the members: " + status.getLeader());
      } finally {
        ch.shutdownNow();
      }
    }
  }

  private NodeConfig member(List<Peer> peers, String id, SigningKey key, OrgRegistry orgs) throws IOException {
    Path data = dir.resolve(id);
    Path keyFile = data.resolve("node.key");
    Files.createDirectories(data);
    KeyFiles.savePrivate(key, keyFile);
    Peer self = peers.stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    NodeConfig d = NodeConfig.defaults();
    return new NodeConfig(id, d.origin(), data, keyFile, self.grpc(), ANY, d.maxRecordBytes(), d.maxInFlightPerStream(),
        d.batchMaxRecords(), d.batchMaxDelay(), 1, false, orgs, peers, Optional.empty(), Optional.empty())
        .withAdminListen(ANY);
  }

  private static final class Org {
    static OrgRegistry.Org of(String id, OrgRegistry.Role role, SigningKey key) {
      return OrgRegistry.Org.of(id, role, key.publicKey());
    }
  }
}
