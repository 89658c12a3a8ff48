package org.baytrace.ledger.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.TimeDuration;
import org.baytrace.ledger.Appended;
import org.baytrace.ledger.AuthorPolicy;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.LedgerConfig;
import org.baytrace.ledger.TestRecords;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.sequencer.Sequencer;
import org.baytrace.ledger.testing.Await;
import org.baytrace.ledger.store.LedgerStores;
import org.baytrace.ledger.tls.Certificates;
import org.baytrace.ledger.tls.Fingerprint;
import org.baytrace.ledger.tls.PinnedMembers;
import org.baytrace.ledger.tls.TlsIdentity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Raft port is for members only: three members on loopback with mutual TLS and pinned
 * member certificates, attacked with raw Ratis clients as a stranger (no certificate, a
 * certificate from the members' own CA that is not pinned, plaintext) and as a member holding a
 * valid member certificate.
 */
class RaftMembersOnlyIT {
  private static final Duration YEAR = Duration.ofDays(365);

  @TempDir Path dir;

  private final SigningKey author = SigningKey.generate();
  private final ExecutorService verifiers = Executors.newFixedThreadPool(2);
  private final TlsIdentity membersCa = Certificates.newCa("gba-3 members CA", "test", YEAR);
  private final Map<String, TlsIdentity> certs = new java.util.LinkedHashMap<>();
  private final List<Node> nodes = new ArrayList<>();
  private final List<RaftClient> rawClients = new ArrayList<>();
  private List<ReplicatedLedger.Member> members;
  private RaftGroup group;

  private final class Node implements AutoCloseable {
    final Ledger ledger;
    final ReplicatedLedger replicated;
    final Sequencer sequencer;

    Node(String id, PinnedMembers trust) throws IOException {
      ledger = Ledger.open(new LedgerConfig(TestRecords.ORIGIN, new NoteSigner(id, SigningKey.generate()),
          AuthorPolicy.registeredKeys(Map.of(author.publicKey(), "org1"))),
          LedgerStores.openRocksDb(dir.resolve(id).resolve("ledger")));
      ReplicatedLedger.Settings settings = new ReplicatedLedger.Settings(dir.resolve(id).resolve("raft"), id, members,
          Duration.ofMillis(500), Duration.ofSeconds(10), 1024, 8 << 20)
          .withTls(new MemberTls(certs.get(id), trust));
      replicated = ReplicatedLedger.start(ledger, settings, verifiers);
      sequencer = new Sequencer(replicated.checker(), replicated.sink(), 2, 100, Duration.ofMillis(2), 10_000, 8);
    }

    @Override
    public void close() {
      sequencer.close();
      replicated.close();
      ledger.close();
    }
  }

  @BeforeEach
  void startThreeMembers() throws IOException {
    members = new ArrayList<>();
    Set<Fingerprint> pins = new HashSet<>();
    for (String id : List.of("n1", "n2", "n3")) {
      members.add(new ReplicatedLedger.Member(id, "127.0.0.1:" + freePort()));
      TlsIdentity cert = Certificates.issue(membersCa, Certificates.Use.MEMBER, id, "test", List.of("127.0.0.1"), YEAR);
      certs.put(id, cert);
      pins.add(cert.fingerprint());
    }
    PinnedMembers trust = new PinnedMembers(pins, membersCa.chain());
    for (ReplicatedLedger.Member m : members) {
      nodes.add(new Node(m.id(), trust));
    }
    group = RaftGroup.valueOf(ReplicatedLedger.groupIdOf(TestRecords.ORIGIN), members.stream()
        .map(m -> RaftPeer.newBuilder().setId(m.id()).setAddress(m.raftAddress()).build()).toList());
  }

  @AfterEach
  void stop() throws IOException {
    for (RaftClient c : rawClients) {
      c.close();
    }
    nodes.forEach(Node::close);
    verifiers.shutdownNow();
  }

  @Test
  void membersReplicateOverMutualTls() throws Exception {
    List<Appended> appended = appendThroughNode(0, 5, "a");
    assertEquals(5, appended.size());
    awaitSize(5);
  }

  @Test
  void strangerWithoutCertificate_canNeitherReadGroupInfo_append_changeMembership_norRemoveTheGroup() throws Exception {
    appendThroughNode(0, 3, "before");
    awaitSize(3);
    RaftClient stranger = rawClient(group, tls(null));
    assertRefusedEverything(stranger);
    RaftClient plaintext = rawClient(group, new Parameters());
    assertRefusedEverything(plaintext);
    // A certificate from the members' own CA is not enough: the configuration pins each member's.
    TlsIdentity notPinned = Certificates.issue(membersCa, Certificates.Use.MEMBER, "n4", "test", List.of("127.0.0.1"), YEAR);
    assertRefusedEverything(rawClient(group, tls(notPinned)));
    assertClusterUnharmed(3);
  }

  @Test
  void memberCertificate_cannotChangeMembership_norRemoveTheGroup_notEvenOnAnotherMembersAdminPort() throws Exception {
    appendThroughNode(0, 2, "before");
    awaitSize(2);
    RaftClient member = rawClient(group, tls(certs.get("n2")));
    assertFails("setConfiguration", () -> member.admin().setConfiguration(List.of(
        RaftPeer.newBuilder().setId("intruder").setAddress("127.0.0.1:" + freePort()).build())));
    for (RaftPeer p : group.getPeers()) {
      assertFails("groupRemove on " + p.getId(), () -> member.getGroupManagementApi(p.getId()).remove(group.getGroupId(), true, false));
      assertFails("transferLeadership", () -> member.admin().transferLeadership(p.getId(), 2000));
      assertFails("snapshot", () -> member.getSnapshotManagementApi(p.getId()).create(2000));
    }
    // n1's admin port is on loopback, but only n1's own certificate may use it.
    InetSocketAddress admin = nodes.get(0).replicated.adminAddress();
    assertTrue(admin.getAddress().isLoopbackAddress(), "admin service on " + admin);
    RaftGroup viaAdmin = RaftGroup.valueOf(group.getGroupId(), RaftPeer.newBuilder().setId("n1")
        .setAddress(members.get(0).raftAddress()).setAdminAddress("127.0.0.1:" + admin.getPort()).build());
    RaftClient adminClient = rawClient(viaAdmin, tls(certs.get("n2")));
    assertFails("groupRemove via n1's admin port", () -> adminClient.getGroupManagementApi(RaftPeerId.valueOf("n1"))
        .remove(group.getGroupId(), true, false));
    assertFails("setConfiguration via n1's admin port", () -> adminClient.admin().setConfiguration(List.of(
        RaftPeer.newBuilder().setId("intruder").setAddress("127.0.0.1:" + freePort()).build())));
    assertClusterUnharmed(2);
  }

  @Test
  void memberCannotMoveRecordTime_aBatchFarInTheFuture_isRefusedByEveryMember() throws Exception {
    appendThroughNode(0, 1, "before");
    awaitSize(1);
    long before = Ledger.applied(nodes.get(0).ledger.entry(0)).recordTimeUnixMillis();
    RaftClient member = rawClient(group, tls(certs.get("n2")));
    byte[] signed = TestRecords.signed(author, "org1", List.of("urn:test:future"), "future");
    long year2200 = Instant.parse("2200-01-01T00:00:00Z").toEpochMilli();
    byte[] batch = BatchCodec.encodeBatch(List.of(List.of(nodes.get(0).ledger.check(signed))), year2200);
    RaftClientReply reply = member.io().send(Message.valueOf(UnsafeByteOperations.unsafeWrap(batch)));
    assertTrue(reply.isSuccess(), "the entry is committed (Raft orders it) and refused when applied");
    List<Ledger.GroupOutcome> outcomes = BatchCodec.decodeOutcomes(reply.getMessage().getContent().toByteArray(), 1);
    assertNotNull(outcomes.get(0).refusal(), "the batch from the year 2200 is refused");
    assertEquals(LedgerError.INVALID_FIELD, outcomes.get(0).refusal().error());
    assertTrue(outcomes.get(0).refusal().getMessage().startsWith("record time: got 2200-01-01T00:00:00Z"),
        outcomes.get(0).refusal().getMessage());
    // The next honest batch gets a time of now, not of 2200, on every member.
    appendThroughNode(1, 1, "after");
    awaitSize(2);
    for (Node n : nodes) {
      long t = Ledger.applied(n.ledger.entry(1)).recordTimeUnixMillis();
      assertTrue(t >= before && t <= System.currentTimeMillis() + 1000, "record time " + Instant.ofEpochMilli(t));
    }
  }

  private void assertRefusedEverything(RaftClient c) throws Exception {
    RaftPeerId n1 = RaftPeerId.valueOf("n1");
    assertFails("group info", () -> c.getGroupManagementApi(n1).info(group.getGroupId()));
    assertFails("append", () -> c.io().send(Message.valueOf("anything")));
    assertFails("stale read", () -> c.io().sendStaleRead(Message.valueOf("anything"), 0, n1));
    assertFails("setConfiguration", () -> c.admin().setConfiguration(List.of(
        RaftPeer.newBuilder().setId("intruder").setAddress("127.0.0.1:" + freePort()).build())));
    assertFails("groupRemove", () -> c.getGroupManagementApi(n1).remove(group.getGroupId(), true, false));
  }

  /** The group is still there with its three members, and appends still replicate to all. */
  private void assertClusterUnharmed(long sizeBefore) throws Exception {
    for (Node n : nodes) {
      assertTrue(n.replicated.hostsGroup(), "the group is still hosted");
      assertEquals(Set.of("n1", "n2", "n3"), n.replicated.memberIds());
    }
    appendThroughNode(2, 2, "after");
    awaitSize(sizeBefore + 2);
  }

  @FunctionalInterface
  private interface RaftCall {
    RaftClientReply call() throws IOException;
  }

  private static void assertFails(String what, RaftCall call) {
    try {
      RaftClientReply reply = call.call();
      assertFalse(reply.isSuccess(), what + ": succeeded, want refused");
    } catch (IOException | RuntimeException e) {
      // refused: TLS handshake failure, or no such service on that port
    }
  }

  private Parameters tls(TlsIdentity identity) {
    Parameters p = new Parameters();
    GrpcTlsConfig conf = new GrpcTlsConfig(identity == null ? null : identity.keyManager(), new TrustAll(), identity != null);
    GrpcConfigKeys.TLS.setConf(p, conf);
    GrpcConfigKeys.Client.setTlsConf(p, conf);
    GrpcConfigKeys.Admin.setTlsConf(p, conf);
    return p;
  }

  private RaftClient rawClient(RaftGroup g, Parameters parameters) {
    RaftProperties props = new RaftProperties();
    RaftClientConfigKeys.Rpc.setRequestTimeout(props, TimeDuration.valueOf(3, TimeUnit.SECONDS));
    RaftClient c = RaftClient.newBuilder().setProperties(props).setParameters(parameters).setRaftGroup(g)
        .setClientId(ClientId.randomId()).setRetryPolicy(RetryPolicies.noRetry()).build();
    rawClients.add(c);
    return c;
  }

  private List<Appended> appendThroughNode(int node, int count, String noncePrefix) throws Exception {
    List<CompletableFuture<Appended>> futures = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      futures.add(nodes.get(node).sequencer.submit(TestRecords.signed(author, "org1", List.of("urn:test:s"), noncePrefix + i)));
    }
    List<Appended> out = new ArrayList<>();
    for (CompletableFuture<Appended> f : futures) {
      out.add(f.get(60, TimeUnit.SECONDS));
    }
    return out;
  }

  private void awaitSize(long size) {
    Await.until("every member at size " + size, Duration.ofSeconds(30),
        () -> nodes.stream().map(n -> n.ledger.head().size()).toList(), sizes -> sizes.stream().allMatch(n -> n >= size));
    for (Node n : nodes) {
      assertEquals(size, n.ledger.head().size());
      assertEquals(nodes.get(0).ledger.head().root(), n.ledger.head().root());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** An attacker's client trusts any server: what it must not get is the members' trust. */
  private static final class TrustAll extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
