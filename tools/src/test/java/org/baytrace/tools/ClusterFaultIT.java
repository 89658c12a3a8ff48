package org.baytrace.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.baytrace.api.ledger.v1.AppendResponse;
import org.baytrace.api.ledger.v1.Entry;
import org.baytrace.api.ledger.v1.GetCheckpointRequest;
import org.baytrace.api.ledger.v1.GetConsistencyProofRequest;
import org.baytrace.api.ledger.v1.LedgerServiceGrpc;
import org.baytrace.api.ledger.v1.LogEntry;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.api.ledger.v1.TailRequest;
import org.baytrace.ledger.checkpoint.Checkpoint;
import org.baytrace.ledger.checkpoint.CheckpointVerifier;
import org.baytrace.ledger.checkpoint.NoteVerifier;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.crypto.KeyFiles;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.merkle.MerkleVerifier;
import org.baytrace.ledger.record.Records;
import org.baytrace.ledger.testing.Await;
import org.baytrace.ledger.tls.Certificates;
import org.baytrace.ledger.tls.Pem;
import org.baytrace.ledger.tls.TlsIdentity;
import org.baytrace.ledger.verify.VerificationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults a three-node cluster survives (issue 6, acceptance 4), each node a separate
 * {@code baytrace node --config FILE} process on loopback, configured like
 * {@code node-config/examples/gba-3} on ports picked by the test:
 *
 * <ol>
 *   <li>the leader SIGKILLed under a steady append load spread over all three nodes: appends
 *       resume through the others within 5 s, and every acknowledged record is on the survivors
 *       and, once it rejoined, on the old leader;
 *   <li>a follower stopped (SIGTERM, then SIGKILL) while 10,000 records are appended: restarted,
 *       it catches up and its root equals the others';
 *   <li>all three restarted: the same size and root as before;
 *   <li>a follower re-seeded ({@code baytrace reseed}, issue 13): it copies the ledger from the
 *       others and serves a checkpoint consistent with the one it had signed before.
 * </ol>
 *
 * Between 2 and 3, one more check: once the restarted follower agrees on the root, the
 * checkpoint every member serves carries its signature too, without waiting for new appends.
 *
 * After every scenario each node's tree is checked from the outside (every leaf rehashed, the
 * RFC 9162 root recomputed and compared with the node's own signed checkpoint at the common
 * size, every acknowledged record found at its index, byte for byte), the served checkpoint
 * carries all three members' signatures over that root, and every checkpoint the client saw
 * earlier is proven consistent with it on every node. A restarted node also verifies its whole
 * store itself before it serves ({@code verify_on_start = "full"}).
 *
 * <p>The scenarios run in order on one cluster; timings go to the test's output file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFaultIT {
  private static final String ORIGIN = "baytrace.test/cluster-fault";
  private static final List<String> NAMES = List.of("nansha-customs", "nansha-port", "pearl-barge");
  /** Node starts and catch-up on a shared, loaded machine: generous. */
  private static final int START_SECONDS = 180;
  private static final Duration CONVERGE = Duration.ofSeconds(120);
  /** How long the members' tree sizes must stay equal to count as settled (no append in flight). */
  private static final Duration STEADY = Duration.ofMillis(250);
  /** The bound the issue states for appends to resume after the leader is killed. */
  private static final long RESUME_BOUND_MS = 5_000;
  private static final Pattern VERIFIED = Pattern.compile("baytrace: verified ([\\d,]+) entries");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path work;

  private final List<Member> members = new ArrayList<>();
  private final Map<String, SigningKey> authors = new LinkedHashMap<>(); // org id -> its record key
  /** Every acknowledged record: index -> what the node answered and the digest of what was sent. */
  private final Map<Long, Ack> acknowledged = new ConcurrentHashMap<>();
  /** Records the node refused (digest -> reason): "nothing was stored" is checked against the log. */
  private final Map<ByteString, String> refused = new ConcurrentHashMap<>();
  /** Cosigned checkpoints the client was served, oldest first. */
  private final List<String> seenNotes = new CopyOnWriteArrayList<>();
  private final List<String> timings = new CopyOnWriteArrayList<>();
  private final AtomicLong recordSeq = new AtomicLong();
  private long classStart;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "cluster-fault-it");
    t.setDaemon(true);
    return t;
  });

  private record Ack(ByteString leafHash, ByteString recordDigest) {}

  /** One member: its ports and config are fixed for the life of the test; its process comes and goes. */
  private static final class Member {
    final String id;
    final int grpcPort;
    final int httpPort;
    final int raftPort;
    final Path config;
    final NoteVerifier vkey;
    volatile NodeProcess process;
    volatile ManagedChannel channel;

    Member(String id, int grpcPort, int httpPort, int raftPort, Path config, NoteVerifier vkey) {
      this.id = id;
      this.grpcPort = grpcPort;
      this.httpPort = httpPort;
      this.raftPort = raftPort;
      this.config = config;
      this.vkey = vkey;
    }

    boolean running() {
      return process != null && process.process.isAlive();
    }

    LedgerServiceGrpc.LedgerServiceBlockingStub stub(int seconds) {
      return LedgerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(seconds, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
      return id;
    }
  }

  // ---- The cluster ------------------------------------------------------------------------------

  @BeforeAll
  void writeConfigsAndStart() throws Exception {
    Path keys = Files.createDirectories(work.resolve("keys"));
    for (String org : NAMES) {
      SigningKey author = SigningKey.generate();
      KeyFiles.savePrivate(author, keys.resolve(org + ".key"));
      KeyFiles.savePublic(author.publicKey(), keys.resolve(org + ".key.pub"));
      authors.put(org, author);
    }
    int[] ports = freePorts(3 * NAMES.size());
    List<NoteVerifier> vkeys = new ArrayList<>();
    for (String name : NAMES) {
      SigningKey nodeKey = SigningKey.generate();
      KeyFiles.savePrivate(nodeKey, keys.resolve(name + "-node.key"));
      KeyFiles.savePublic(nodeKey.publicKey(), keys.resolve(name + "-node.key.pub"));
      vkeys.add(new NoteVerifier(name, nodeKey.publicKey()));
    }
    // Raft between the members is mutual TLS with pinned member certificates, as in production.
    Path tls = Files.createDirectories(work.resolve("tls"));
    TlsIdentity membersCa = Certificates.newCa("cluster-fault members CA", null, Duration.ofDays(1));
    Pem.write(membersCa, tls.resolve("members-ca.pem"), tls.resolve("members-ca.key"));
    for (String name : NAMES) {
      Pem.write(Certificates.issue(membersCa, Certificates.Use.MEMBER, name, null, List.of("127.0.0.1"), Duration.ofDays(1)),
          tls.resolve(name + "-member.pem"), tls.resolve(name + "-member.key"));
    }
    for (int i = 0; i < NAMES.size(); i++) {
      members.add(new Member(NAMES.get(i), ports[3 * i], ports[3 * i + 1], ports[3 * i + 2],
          work.resolve(NAMES.get(i) + ".toml"), vkeys.get(i)));
    }
    for (Member m : members) {
      Files.writeString(m.config, config(m));
    }
    classStart = System.nanoTime();
    timings.add("load average at start: " + loadAverage());
    long t0 = System.nanoTime();
    startAll(members);
    Member leader = awaitLeader(members);
    timings.add(String.format("cluster start: 3 nodes ready and leader %s elected after %d ms", leader, ms(t0)));
  }

  private String config(Member self) {
    StringBuilder s = new StringBuilder();
    s.append("[node]\nname = \"").append(self.id).append("\"\ndata_dir = \"data/").append(self.id)
        .append("\"\nkey_file = \"keys/").append(self.id).append("-node.key\"\n\n");
    s.append("[ledger]\norigin = \"").append(ORIGIN).append("\"\n\n");
    s.append("[grpc]\nlisten = \"127.0.0.1:").append(self.grpcPort).append("\"\n\n");
    s.append("[http]\nlisten = \"127.0.0.1:").append(self.httpPort).append("\"\n\n");
    s.append("[admin]\nlisten = \"127.0.0.1:0\"\n\n");
    s.append("[storage]\nverify_on_start = \"full\"\n\n");
    s.append("[raft.tls]\ncert_file = \"tls/").append(self.id).append("-member.pem\"\nkey_file = \"tls/").append(self.id)
        .append("-member.key\"\nca_file = \"tls/members-ca.pem\"\n\n");
    // The load is of a test kind ("test.ClusterFault"); the built-in author policy lets only the
    // operator role write kinds no profile owns.
    for (String org : NAMES) {
      s.append("[[orgs]]\nid = \"").append(org).append("\"\nroles = [\"port\", \"operator\"]\nkeys = [{ public_key_file = \"keys/")
          .append(org).append(".key.pub\" }]\n\n");
    }
    for (Member m : members) {
      s.append("[[peers]]\nid = \"").append(m.id).append("\"\ngrpc = \"127.0.0.1:").append(m.grpcPort)
          .append("\"\nraft = \"127.0.0.1:").append(m.raftPort).append("\"\npublic_key_file = \"keys/").append(m.id)
          .append("-node.key.pub\"\ntls_cert_file = \"tls/").append(m.id).append("-member.pem\"\n\n");
    }
    return s.toString();
  }

  /** Distinct free loopback ports: all held open together, then released for the nodes. */
  private static int[] freePorts(int n) throws IOException {
    List<ServerSocket> held = new ArrayList<>();
    try {
      int[] ports = new int[n];
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        s.setReuseAddress(true);
        held.add(s);
        ports[i] = s.getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket s : held) {
        s.close();
      }
    }
  }

  @AfterAll
  void stopAll() {
    for (Member m : members) {
      stop(m, false);
    }
    pool.shutdownNow();
    timings.add(String.format("whole class: %d s; load average at the end: %s", ms(classStart) / 1000, loadAverage()));
    System.out.println("ClusterFaultIT timings:");
    timings.forEach(t -> System.out.println("  " + t));
  }

  /** Starts the members in parallel; returns once each is ready (listening, its store verified). */
  private void startAll(List<Member> which) throws Exception {
    List<Future<?>> started = new ArrayList<>();
    for (Member m : which) {
      started.add(pool.submit(() -> {
        try {
          m.process = NodeProcess.startConfigured(work, m.config, START_SECONDS);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
        assertEquals(m.grpcPort, m.process.grpcPort, m + ": gRPC port");
        assertEquals(m.vkey.encode(), m.process.verifierKey, m + ": checkpoint verifier key");
        m.channel = NettyChannelBuilder.forAddress("127.0.0.1", m.grpcPort).usePlaintext().build();
        return null;
      }));
    }
    for (Future<?> f : started) {
      try {
        f.get(START_SECONDS + 30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        throw new AssertionError("node did not start: " + e.getCause().getMessage(), e.getCause());
      }
    }
  }

  /** SIGKILL, or SIGTERM and a clean exit (asserted). */
  private void stop(Member m, boolean kill) {
    if (m.channel != null) {
      m.channel.shutdownNow();
      m.channel = null;
    }
    NodeProcess p = m.process;
    if (p == null || !p.process.isAlive()) {
      return;
    }
    try {
      if (kill) {
        p.kill();
      } else {
        p.process.destroy();
        boolean exited = p.process.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
          p.close();
        }
        assertTrue(exited, m + " did not stop within 60 s of SIGTERM");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.process.destroyForcibly();
    }
  }

  /** {@code GET /v1/cluster} of a member, or null if it does not answer. */
  private JsonNode status(Member m) {
    if (!m.running()) {
      return null;
    }
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.httpPort + "/v1/cluster"))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 404) {
        throw new AssertionError(m + " does not serve GET /v1/cluster (404), which this test reads the leader and tree"
            + " size from");
      }
      return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Waits until every given member answers and all name the same leader, one of them. */
  private Member awaitLeader(List<Member> live) {
    return agreedLeader(live, Await.until("a leader agreed by " + live, CONVERGE, () -> statuses(live),
        seen -> agreedLeader(live, seen) != null, this::logs));
  }

  /** {@code GET /v1/cluster} of each member, in order; null for one that does not answer. */
  private Map<Member, JsonNode> statuses(List<Member> live) {
    Map<Member, JsonNode> seen = new LinkedHashMap<>();
    for (Member m : live) {
      seen.put(m, status(m));
    }
    return seen;
  }

  /** The one of {@code live} that every status names as leader; null if one names none or they differ. */
  private static Member agreedLeader(List<Member> live, Map<Member, JsonNode> seen) {
    Set<String> leaders = new java.util.HashSet<>();
    for (JsonNode s : seen.values()) {
      if (s == null || s.path("leader").isNull() || s.path("leader").isMissingNode()) {
        return null;
      }
      leaders.add(s.path("leader").asText());
    }
    return leaders.size() != 1 ? null
        : live.stream().filter(m -> m.id.equals(leaders.iterator().next())).findFirst().orElse(null);
  }

  /** Waits until the members hold the same tree size, unchanged for {@link #STEADY}; returns it. */
  private long awaitSameSize(List<Member> live, long atLeast) {
    Sizes[] last = {null};
    return Await.until("members " + live + " at one tree size >= " + atLeast + ", unchanged for " + STEADY, CONVERGE,
        () -> last[0] = Sizes.read(statuses(live), last[0]),
        sizes -> sizes.agreed() >= atLeast && System.nanoTime() - sizes.sinceNanos() >= STEADY.toNanos(), this::logs)
        .agreed();
  }

  /** The tree size every member reports (-1 if they differ or one does not answer), and since when. */
  private record Sizes(Map<Member, JsonNode> seen, long agreed, long sinceNanos) {
    static Sizes read(Map<Member, JsonNode> seen, Sizes before) {
      Set<Long> sizes = new java.util.HashSet<>();
      seen.values().forEach(s -> sizes.add(s == null ? -1 : s.path("treeSize").asLong(-1)));
      long agreed = sizes.size() == 1 ? sizes.iterator().next() : -1;
      return new Sizes(seen, agreed, before != null && before.agreed == agreed ? before.sinceNanos : System.nanoTime());
    }

    @Override
    public String toString() {
      return seen.toString();
    }
  }

  /** The checkpoint a member serves and the tree size it is of, if a quorum's signatures verify; else -1 and why. */
  private record Served(String note, long size, String why) {
    @Override
    public String toString() {
      return (size < 0 ? why : "serves size " + size) + "\n" + note;
    }
  }

  /** Reads {@code m}'s served checkpoint and verifies it with {@code needed} of the members' keys. */
  private Served served(Member m, int needed) {
    List<NoteVerifier> keys = members.stream().map(x -> x.vkey).toList();
    String note = null;
    try {
      note = m.stub(10).getCheckpoint(GetCheckpointRequest.getDefaultInstance()).getNote();
      return new Served(note, CheckpointVerifier.verify(note, ORIGIN, keys, needed).checkpoint().size(), "");
    } catch (VerificationException | RuntimeException e) {
      return new Served(note, -1, e.toString());
    }
  }

  private static Duration until(long deadlineNanos) {
    return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
  }

  /**
   * Waits until every member serves a checkpoint of {@code size} (0: any) signed by all three
   * members, and returns one of them.
   */
  private String awaitCosigned(List<Member> live, long size, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    String note = null;
    for (Member m : live) {
      note = Await.until(m + " serves a checkpoint of size " + size + " signed by all members", until(deadline),
          () -> served(m, members.size()), s -> s.size() >= 0 && (size == 0 || s.size() == size),
          () -> "\nsignatures on the served checkpoints: " + signerCountsOrError(live) + logs()).note();
    }
    return note;
  }

  // ---- Scenarios --------------------------------------------------------------------------------

  @Test
  @Order(1)
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void leaderKilledUnderLoad_appendsResumeWithin5s_noAcknowledgedRecordLost() throws Exception {
    scenario("leader SIGKILL", () -> {
      Member leader = awaitLeader(members);
      List<Member> survivors = members.stream().filter(m -> m != leader).toList();
      // A steady load: one Append stream per node, at most one record per 10 ms each, 64 in flight.
      Load load = new Load(members, -1, TimeUnit.MILLISECONDS.toNanos(10), 3, 64);
      long warmMs = load.awaitFlowing(300, CONVERGE);
      seenNotes.add(quorumNote(survivors.get(0)));
      Thread.sleep(1_000); // a second of steady load before the kill, so the kill lands mid-stream
      long acksBefore = load.acks.get();
      long killedAt = System.nanoTime();
      load.mark(killedAt);
      leader.process.process.destroyForcibly(); // SIGKILL
      AtomicLong newLeaderAt = new AtomicLong(Long.MAX_VALUE);
      Thread watcher = new Thread(() -> watchLeader(survivors, leader, newLeaderAt), "leader-watch");
      watcher.setDaemon(true);
      watcher.start();
      leader.process.process.waitFor(30, TimeUnit.SECONDS);
      stop(leader, true);
      Await.until("a record acknowledged after the leader was killed", Duration.ofSeconds(60),
          () -> load.firstAckSentAfterMark.get() != Long.MAX_VALUE);
      Thread.sleep(2_000); // the load goes on through the survivors
      long acksAfter = load.acks.get() - acksBefore;
      load.finish(120);
      watcher.join(TimeUnit.SECONDS.toMillis(70));
      long resumeMs = sinceMark(load.firstAckSentAfterMark.get(), killedAt);
      long anyAckMs = sinceMark(load.firstAckAfterMark.get(), killedAt);
      long electedMs = sinceMark(newLeaderAt.get(), killedAt);
      Member newLeader = awaitLeader(survivors);
      List<String> survivorFailures = load.streamFailures.stream().filter(f -> !f.startsWith(leader.id + ":")).toList();
      timings.add(String.format("leader SIGKILL: load flowing after %d ms; killed %s after %d acknowledged appends;"
          + " survivors named a new leader (%s) after %d ms; first acknowledgement of a record sent after the kill:"
          + " %d ms (of any record: %d ms); %d acknowledged in all, %d of them after the kill, %d refused %s;"
          + " survivors' stream failures: %s", warmMs, leader, acksBefore, newLeader, electedMs, resumeMs, anyAckMs,
          load.acks.get(), acksAfter, load.refusals.get(), load.refusalSample(), survivorFailures));
      assertEquals(List.of(), survivorFailures, "the survivors' Append streams stay up");
      assertTrue(resumeMs >= 0, "no append was acknowledged after the leader was killed; " + load.summary() + logs());
      assertTrue(resumeMs <= RESUME_BOUND_MS, "appends resumed " + resumeMs + " ms after the leader was killed (new leader"
          + " after " + electedMs + " ms), want <= " + RESUME_BOUND_MS + " ms; " + load.summary());
      assertTrue(acksAfter > 0, "appends continued after the kill");
      assertNotEquals(leader, newLeader);

      // Every acknowledged record is on both survivors, with the same roots.
      verifyCluster("leader SIGKILL, survivors", survivors);
      // The old leader rejoins and catches up.
      long t0 = System.nanoTime();
      startAll(List.of(leader));
      long readyMs = ms(t0);
      long size = awaitSameSize(members, maxAckedIndex() + 1);
      timings.add(String.format("leader SIGKILL: old leader %s ready %d ms after restart (store of %s entries verified),"
          + " at size %d with the others %d ms after restart", leader, readyMs, verifiedCount(leader), size, ms(t0)));
      verifyCluster("leader SIGKILL, old leader rejoined", members);
    });
  }

  @Test
  @Order(2)
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void followerStoppedWithSigterm_catchesUpAfter10000Appends() throws Exception {
    scenario("follower SIGTERM", () -> followerMissesAppends(false));
  }

  @Test
  @Order(3)
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void followerKilledWithSigkill_catchesUpAfter10000Appends() throws Exception {
    scenario("follower SIGKILL", () -> followerMissesAppends(true));
  }

  private void followerMissesAppends(boolean kill) throws Exception {
    String name = kill ? "follower SIGKILL" : "follower SIGTERM";
    ensureAllRunning();
    Member leader = awaitLeader(members);
    Member follower = members.stream().filter(m -> m != leader).findFirst().orElseThrow();
    List<Member> live = members.stream().filter(m -> m != follower).toList();
    long t0 = System.nanoTime();
    stop(follower, kill);
    long stopMs = ms(t0);

    t0 = System.nanoTime();
    Load load = new Load(live, 10_000 / live.size(), 0, 2, 512);
    load.finish(300);
    long appendMs = ms(t0);
    assertEquals(0, load.refusals.get(), "refusals: " + load.refusalSample());
    assertEquals(10_000 / live.size() * live.size(), load.acks.get(), "acknowledged; " + load.summary());
    long size = awaitSameSize(live, maxAckedIndex() + 1);
    String note = awaitServedSize(live, size);
    seenNotes.add(note);

    t0 = System.nanoTime();
    startAll(List.of(follower));
    long readyMs = ms(t0);
    long caughtUp = awaitSameSize(members, size);
    long catchUpMs = ms(t0);
    assertEquals(size, caughtUp, "nothing was appended meanwhile");
    timings.add(String.format("%s: %s stopped in %d ms; 10,000 appends through %s in %d ms (%.0f records/s); restarted,"
        + " ready in %d ms (store of %s entries verified), at the others' size %d %d ms after restart",
        name, follower, stopMs, live, appendMs, 10_000 * 1000.0 / Math.max(1, appendMs), readyMs, verifiedCount(follower),
        size, catchUpMs));
    verifyCluster(name, members);
  }

  /**
   * The state the previous scenario leaves: two members published size N with their two
   * signatures while the third was down; the third then caught up to N, and nothing was
   * appended since. It agrees on N's root, so the checkpoint every member serves should carry
   * its signature too (issue 6, acceptance 2: "the signatures of all nodes that agree"), and a
   * client demanding 3 of 3 should be able to verify it.
   */
  @Test
  @Order(4)
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void rejoinedFollower_signsTheServedCheckpoint_withoutFurtherAppends() throws Exception {
    scenario("rejoined follower cosigns", () -> {
      ensureAllRunning();
      long size = awaitSameSize(members, maxAckedIndex() + 1);
      String counts = signerCounts(members);
      long t0 = System.nanoTime();
      String note = awaitCosigned(members, size, Duration.ofSeconds(30));
      timings.add(String.format("rejoined follower cosigns: served checkpoints at size %d had %s signatures; all three"
          + " signatures on every member's after %d ms", size, counts, ms(t0)));
      seenNotes.add(note);
    });
  }

  @Test
  @Order(5)
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void allThreeRestarted_sameSizeAndRoot() throws Exception {
    scenario("restart all", () -> {
      ensureAllRunning();
      awaitLeader(members);
      long size = awaitSameSize(members, maxAckedIndex() + 1);
      Hash32 root = ownRoot(members.get(0), size);
      long t0 = System.nanoTime();
      List<Future<?>> stopping = new ArrayList<>();
      for (Member m : members) {
        stopping.add(pool.submit(() -> stop(m, false)));
      }
      for (Future<?> f : stopping) {
        f.get(90, TimeUnit.SECONDS);
      }
      long stopMs = ms(t0);
      t0 = System.nanoTime();
      startAll(members);
      long readyMs = ms(t0);
      Member leader = awaitLeader(members);
      long leaderMs = ms(t0);
      for (Member m : members) {
        JsonNode s = status(m);
        assertEquals(size, s.path("treeSize").asLong(), m + " tree size after the restart: " + s);
        assertEquals(root, ownRoot(m, size), m + " root at size " + size + " after the restart");
        assertEquals(String.format("%,d", size), verifiedCount(m), m + " verified its whole store at start");
      }
      String served = awaitServedSize(members, size);
      timings.add(String.format("restart all: stopped (SIGTERM) in %d ms; all ready in %d ms, leader %s after %d ms;"
          + " size %d and root unchanged; signatures on the served checkpoints %s", stopMs, readyMs, leader, leaderMs, size,
          signerCounts(members)));
      seenNotes.add(served);
      // The restarted cluster takes appends again.
      Load load = new Load(members, 100, 0, 3, 64);
      load.finish(120);
      assertEquals(300, load.acks.get(), "appends after the restart; " + load.summary());
      verifyCluster("restart all", members);
    });
  }

  /**
   * The repair of a member that refused to start on a damaged store (ledger/README.md, "Repair"):
   * {@code baytrace reseed --config FILE} refuses while the member runs; stopped, the member's
   * ledger, projection and Raft log are set aside, its key, signed-checkpoint file and Raft term
   * and vote kept. Started again, it copies the history from the others (the leader notices the
   * lost log and steps down so the next leader sends it), and the checkpoint it serves extends the
   * one it had signed.
   */
  @Test
  @Order(6)
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void reseededMember_copiesTheLedgerFromTheOthers_andExtendsWhatItSignedBefore() throws Exception {
    scenario("re-seed", () -> {
      ensureAllRunning();
      Member leader = awaitLeader(members);
      Member reseeded = members.stream().filter(m -> m != leader).findFirst().orElseThrow();
      Load load = new Load(members, 100, 0, 3, 64); // something signed, also when run on its own
      load.finish(120);
      long size = awaitSameSize(members, maxAckedIndex() + 1);
      awaitCosigned(members, size, Duration.ofSeconds(60));
      Path data = work.resolve("data").resolve(reseeded.id);
      assertEquals(BayTrace.FAILED, BayTrace.run("reseed", "--config", reseeded.config.toString()),
          "reseed refuses while the member runs");
      assertTrue(Files.isDirectory(data.resolve("ledger")), "a refused reseed moves nothing");
      stop(reseeded, false);
      String signedBefore = Files.readString(data.resolve(org.baytrace.ledger.SignedCheckpointFile.NAME));
      Checkpoint signed = CheckpointVerifier.verify(signedBefore, ORIGIN, List.of(reseeded.vkey), 1).checkpoint();
      assertTrue(signed.size() > 0, reseeded + " had signed a checkpoint before: " + signedBefore);
      assertEquals(BayTrace.OK, BayTrace.run("reseed", "--config", reseeded.config.toString()), "reseed of the stopped member");
      assertTrue(Files.notExists(data.resolve("ledger")) && Files.notExists(data.resolve("epcis")),
          "the ledger and its projection are set aside");
      assertEquals(signedBefore, Files.readString(data.resolve(org.baytrace.ledger.SignedCheckpointFile.NAME)),
          "the signed checkpoint is kept");
      long t0 = System.nanoTime();
      startAll(List.of(reseeded));
      long caughtUp = awaitSameSize(members, size);
      long catchUpMs = ms(t0);
      String note = awaitCosigned(members, 0, Duration.ofSeconds(60));
      Checkpoint served = CheckpointVerifier.verify(reseeded.stub(10).getCheckpoint(GetCheckpointRequest.getDefaultInstance())
          .getNote(), ORIGIN, List.of(reseeded.vkey), 1).checkpoint();
      assertTrue(served.size() >= signed.size(), reseeded + " serves size " + served.size() + " below the " + signed.size()
          + " it had signed");
      MerkleVerifier.verifyConsistency(signed.size(), served.size(), signed.root(), served.root(),
          reseeded.stub(10).getConsistencyProof(GetConsistencyProofRequest.newBuilder().setFromSize(signed.size())
              .setToSize(served.size()).build()).getProofList().stream().map(ByteString::toByteArray).toList());
      timings.add(String.format("re-seed: %s restarted after baytrace reseed; at the others' size %d"
          + " %d ms after restart; serves size %d, consistent with the size %d it signed before", reseeded, caughtUp,
          catchUpMs, served.size(), signed.size()));
      seenNotes.add(note);
      verifyCluster("re-seed", members);
    });
  }

  // ---- Checks after every scenario --------------------------------------------------------------

  /**
   * The members agree on one tree, each verifiably: the same size; each member's own signed
   * checkpoint at it has the same root; every leaf rehashed and the root recomputed from them
   * equals it; every acknowledged record is at its index; the served checkpoint carries every
   * running member's signature; every earlier checkpoint the client saw is consistent with it.
   */
  private void verifyCluster(String scenario, List<Member> live) throws Exception {
    long t0 = System.nanoTime();
    long size = awaitSameSize(live, maxAckedIndex() + 1);
    Hash32 root = null;
    for (Member m : live) {
      Hash32 own = ownRoot(m, size);
      if (root == null) {
        root = own;
      }
      assertEquals(root, own, m + ": root at size " + size + " differs from " + live.get(0) + "'s");
    }
    for (Member m : live) {
      assertEquals(root, recomputeRoot(m, size), m + ": root recomputed from its leaves");
    }
    String served = awaitServedSize(live, size);
    String signers = signerCounts(live);
    List<NoteVerifier> keys = members.stream().map(x -> x.vkey).toList();
    int proofs = 0;
    for (String seen : seenNotes) {
      Checkpoint cp = CheckpointVerifier.verify(seen, ORIGIN, keys, members.size() / 2 + 1).checkpoint();
      assertTrue(cp.size() <= size, "a checkpoint the client saw is ahead of the cluster: " + cp.size() + " > " + size);
      for (Member m : live) {
        if (cp.size() == size) {
          assertEquals(cp.root(), root, "same size, same root");
        } else if (cp.size() > 0) {
          List<byte[]> proof = m.stub(30).getConsistencyProof(GetConsistencyProofRequest.newBuilder()
              .setFromSize(cp.size()).setToSize(size).build()).getProofList().stream().map(ByteString::toByteArray).toList();
          MerkleVerifier.verifyConsistency(cp.size(), size, cp.root(), root, proof);
          proofs++;
        }
      }
    }
    seenNotes.add(served);
    List<String> storedRefusals = refusedButStored(size);
    timings.add(String.format("%s: verified %s at size %d in %d ms: roots agree and recompute, %d acknowledged records"
        + " present, %d consistency proofs from %d earlier checkpoints; signatures on the served checkpoints %s;"
        + " refused records found in the log: %d %s", scenario, live, size, ms(t0), acknowledged.size(), proofs,
        seenNotes.size() - 1, signers, storedRefusals.size(),
        storedRefusals.isEmpty() ? "" : storedRefusals.subList(0, Math.min(3, storedRefusals.size()))));
  }

  /** The served (latest) checkpoint of every given member is of {@code size} and has a quorum's signatures. */
  private String awaitServedSize(List<Member> live, long size) {
    long deadline = System.nanoTime() + CONVERGE.toNanos();
    String note = null;
    for (Member m : live) {
      note = Await.until(m + " serves a quorum-signed checkpoint of size " + size, until(deadline),
          () -> served(m, members.size() / 2 + 1), s -> s.size() == size, this::logs).note();
    }
    return note;
  }

  private String signerCountsOrError(List<Member> live) {
    try {
      return signerCounts(live);
    } catch (VerificationException | RuntimeException e) {
      return e.toString();
    }
  }

  /** A checkpoint the member serves with a quorum of members' signatures, of a non-empty tree. */
  private String quorumNote(Member m) {
    return Await.until(m + " serves a quorum-signed checkpoint of a non-empty tree", CONVERGE,
        () -> served(m, members.size() / 2 + 1), s -> s.size() > 0, this::logs).note();
  }

  /** Records when all survivors first name the same leader, other than the killed one. */
  private void watchLeader(List<Member> survivors, Member killed, AtomicLong at) {
    try {
      // agreedLeader is one of the survivors, so never the killed member.
      Await.until("the survivors name a new leader", Duration.ofSeconds(60), () -> statuses(survivors),
          seen -> agreedLeader(survivors, seen) != null);
      at.set(System.nanoTime());
    } catch (AssertionError e) {
      // none within 60 s: the timings report it as -1 ms
    }
  }

  private static long sinceMark(long nanos, long mark) {
    return nanos == Long.MAX_VALUE ? -1 : TimeUnit.NANOSECONDS.toMillis(nanos - mark);
  }

  /** How many members signed each member's served checkpoint, e.g. {@code {a=3, b=2}}. */
  private String signerCounts(List<Member> live) throws VerificationException {
    List<NoteVerifier> keys = members.stream().map(m -> m.vkey).toList();
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Member m : live) {
      String note = m.stub(10).getCheckpoint(GetCheckpointRequest.getDefaultInstance()).getNote();
      counts.put(m.id, CheckpointVerifier.verify(note, ORIGIN, keys, 1).signers().size());
    }
    return counts.toString();
  }

  /** The root of the member's own signed checkpoint at {@code size}. */
  private Hash32 ownRoot(Member m, long size) throws VerificationException {
    String note = m.stub(30).getCheckpoint(GetCheckpointRequest.newBuilder().setTreeSize(size).build()).getNote();
    Checkpoint cp = CheckpointVerifier.verify(note, ORIGIN, List.of(m.vkey), 1).checkpoint();
    assertEquals(size, cp.size(), m + ": checkpoint size");
    return cp.root();
  }

  /**
   * Reads the member's first {@code size} entries (Tail), checks each leaf hash and every
   * acknowledged record at its index, and computes the RFC 9162 root of those leaves.
   */
  private Hash32 recomputeRoot(Member m, long size) throws Exception {
    Context.CancellableContext ctx = Context.current().withCancellation();
    try {
      return ctx.call(() -> {
        Iterator<Entry> entries = LedgerServiceGrpc.newBlockingStub(m.channel).withDeadlineAfter(300, TimeUnit.SECONDS)
            .tail(TailRequest.newBuilder().setFromIndex(0).build());
        Deque<long[]> sizes = new ArrayDeque<>(); // subtree sizes, parallel to hashes
        Deque<byte[]> hashes = new ArrayDeque<>();
        for (long i = 0; i < size; i++) {
          assertTrue(entries.hasNext(), m + ": tail ended at " + i + " of " + size);
          Entry e = entries.next();
          assertEquals(i, e.getIndex(), m + ": entry index");
          byte[] leaf = sha256(new byte[] {0}, e.getLogEntry().toByteArray());
          assertEquals(ByteString.copyFrom(leaf), e.getLeafHash(), m + ": leaf hash of entry " + i);
          Ack ack = acknowledged.get(i);
          if (ack != null) {
            assertEquals(ack.leafHash(), e.getLeafHash(), m + ": acknowledged entry " + i + " has another leaf hash");
            LogEntry le = LogEntry.parseFrom(e.getLogEntry());
            assertEquals(ack.recordDigest(), ByteString.copyFrom(sha256(le.getSignedRecord().toByteArray())),
                m + ": acknowledged entry " + i + " holds another record");
          }
          byte[] h = leaf;
          long n = 1;
          while (!sizes.isEmpty() && sizes.peek()[0] == n) {
            sizes.pop();
            h = sha256(new byte[] {1}, hashes.pop(), h);
            n *= 2;
          }
          sizes.push(new long[] {n});
          hashes.push(h);
        }
        if (hashes.isEmpty()) {
          return Hash32.of(sha256());
        }
        byte[] r = hashes.pop();
        while (!hashes.isEmpty()) {
          r = sha256(new byte[] {1}, hashes.pop(), r);
        }
        return Hash32.of(r);
      });
    } finally {
      ctx.cancel(null);
    }
  }

  /**
   * Records a node refused ("nothing was stored") that are in the log after all, by index.
   * Reported, not asserted: see the class comment of {@link Load}.
   */
  private List<String> refusedButStored(long size) throws InvalidProtocolBufferException {
    if (refused.isEmpty()) {
      return List.of();
    }
    List<String> found = new ArrayList<>();
    Member m = members.stream().filter(Member::running).findFirst().orElseThrow();
    Context.CancellableContext ctx = Context.current().withCancellation();
    try {
      Context prev = ctx.attach();
      try {
        Iterator<Entry> entries = LedgerServiceGrpc.newBlockingStub(m.channel).withDeadlineAfter(300, TimeUnit.SECONDS)
            .tail(TailRequest.newBuilder().setFromIndex(0).build());
        for (long i = 0; i < size; i++) {
          Entry e = entries.next();
          ByteString digest = ByteString.copyFrom(sha256(LogEntry.parseFrom(e.getLogEntry()).getSignedRecord().toByteArray()));
          String why = refused.get(digest);
          if (why != null) {
            found.add("entry " + i + " (refused: " + why + ")");
          }
        }
      } finally {
        ctx.detach(prev);
      }
    } finally {
      ctx.cancel(null);
    }
    return found;
  }

  // ---- Load -------------------------------------------------------------------------------------

  /**
   * Clients appending through members, one Append stream per member and per {@code streams}
   * index, each with its own author org. {@code quota} records per stream (-1: until
   * {@link #finish}), at most one every {@code periodNanos} (0: as fast as the window allows).
   *
   * <p>Refused records are counted, not retried. A refusal says nothing was stored; the checks
   * after each scenario report any refused record that is in the log after all.
   */
  private final class Load {
    final AtomicLong acks = new AtomicLong();
    final AtomicLong refusals = new AtomicLong();
    final AtomicLong firstAckAfterMark = new AtomicLong(Long.MAX_VALUE);
    final AtomicLong firstAckSentAfterMark = new AtomicLong(Long.MAX_VALUE);
    final List<String> refusalMessages = new CopyOnWriteArrayList<>();
    final List<String> streamFailures = new CopyOnWriteArrayList<>();
    final List<String> conflicts = new CopyOnWriteArrayList<>();
    private final List<Thread> senders = new ArrayList<>();
    private final List<AppendClient> clients = new CopyOnWriteArrayList<>();
    private final long quota;
    private volatile boolean running = true;
    private volatile long mark = Long.MAX_VALUE;
    private volatile long lastAckNanos;

    Load(List<Member> targets, long quota, long periodNanos, int orgs, int window) {
      this.quota = quota;
      int n = 0;
      for (Member m : targets) {
        String org = NAMES.get(n++ % Math.min(orgs, NAMES.size()));
        AppendClient client = new AppendClient(m.channel, window);
        clients.add(client);
        Thread t = new Thread(() -> send(m, client, org, quota, periodNanos), "load-" + m.id);
        t.setDaemon(true);
        senders.add(t);
      }
      senders.forEach(Thread::start);
    }

    private void send(Member m, AppendClient client, String org, long quota, long periodNanos) {
      SigningKey key = authors.get(org);
      try {
        for (long i = 0; running && (quota < 0 || i < quota); i++) {
          long seq = recordSeq.incrementAndGet();
          byte[] body = RecordBody.newBuilder().setOrigin(ORIGIN).setKind("test.ClusterFault")
              .addSubjects("urn:test:cluster-fault:" + org + ":" + (seq % 50)).setAuthorOrg(org)
              .setEventTimeUnixMillis(System.currentTimeMillis())
              .setNonce(ByteString.copyFrom(("record " + seq).getBytes(StandardCharsets.UTF_8))).build().toByteArray();
          byte[] signed = Records.sign(body, key);
          ByteString digest = ByteString.copyFrom(sha256(signed));
          long sent = System.nanoTime();
          client.submit(seq, signed, r -> answered(r, sent, digest));
          if (periodNanos > 0) {
            LockSupport.parkNanos(periodNanos); // the load's pace: at most one record per period
          }
        }
      } catch (CliException e) {
        streamFailures.add(m + ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private void answered(AppendResponse r, long sent, ByteString digest) {
      long now = System.nanoTime();
      if (r.hasAppended()) {
        Ack ack = new Ack(r.getAppended().getLeafHash(), digest);
        Ack before = acknowledged.putIfAbsent(r.getAppended().getIndex(), ack);
        if (before != null && !before.equals(ack)) {
          conflicts.add("index " + r.getAppended().getIndex() + " acknowledged for two records");
        }
        lastAckNanos = now;
        acks.incrementAndGet();
        if (now > mark) {
          firstAckAfterMark.accumulateAndGet(now, Math::min);
        }
        if (sent > mark) {
          firstAckSentAfterMark.accumulateAndGet(now, Math::min);
        }
      } else {
        refusals.incrementAndGet();
        String why = r.getError().getCode() + " " + r.getError().getMessage();
        refused.put(digest, why);
        if (refusalMessages.size() < 5) {
          refusalMessages.add(why);
        }
      }
    }

    void mark(long nanos) {
      mark = nanos;
    }

    /**
     * Waits until at least {@code atLeast} records were acknowledged and some in the last
     * second; returns how long that took.
     */
    long awaitFlowing(long atLeast, Duration within) {
      long t0 = System.nanoTime();
      // lastAckNanos is written before acks counts the acknowledgement, so it is set once acks > 0.
      Await.until("the load gets going (" + atLeast + " acknowledged, some in the last second)", within,
          () -> atLeast > 0 && acks.get() >= atLeast && System.nanoTime() - lastAckNanos < TimeUnit.SECONDS.toNanos(1),
          () -> ": " + summary() + logs());
      return ms(t0);
    }

    /** Stops sending (with quotas: once they are sent) and waits for every answer on the live streams. */
    void finish(long seconds) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      if (quota < 0) {
        running = false;
      }
      for (Thread t : senders) {
        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      }
      for (AppendClient c : clients) {
        long left = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime()));
        io.grpc.Status s = c.finish(left);
        if (s != null && !s.isOk() && s.getCode() != io.grpc.Status.Code.UNAVAILABLE
            && s.getCode() != io.grpc.Status.Code.CANCELLED) {
          streamFailures.add("finish: " + s);
        }
      }
      assertEquals(List.of(), conflicts, "one index, two records");
    }

    String refusalSample() {
      return refusalMessages.toString();
    }

    String summary() {
      return "acknowledged " + acks.get() + ", refused " + refusals.get() + " " + refusalMessages + ", stream failures "
          + streamFailures;
    }
  }

  // ---- Helpers ----------------------------------------------------------------------------------

  private interface Body {
    void run() throws Exception;
  }

  /** Runs a scenario; on failure the nodes' recent output goes to the test's output file. */
  private void scenario(String name, Body body) throws Exception {
    try {
      body.run();
    } catch (Exception | AssertionError e) {
      System.out.println("ClusterFaultIT: scenario \"" + name + "\" failed: " + e);
      System.out.println(logs());
      throw e;
    }
  }

  private void ensureAllRunning() throws Exception {
    List<Member> down = members.stream().filter(m -> !m.running()).toList();
    if (!down.isEmpty()) {
      startAll(down);
    }
  }

  private long maxAckedIndex() {
    return acknowledged.keySet().stream().mapToLong(Long::longValue).max().orElse(-1);
  }

  /** The entry count the member's last start verified ("baytrace: verified N entries"), as printed. */
  private static String verifiedCount(Member m) {
    String count = "?";
    synchronized (m.process.output) {
      for (String line : m.process.output) {
        Matcher v = VERIFIED.matcher(line);
        if (v.find()) {
          count = v.group(1);
        }
      }
    }
    return count;
  }

  private String logs() {
    StringBuilder s = new StringBuilder();
    for (Member m : members) {
      NodeProcess p = m.process;
      if (p == null) {
        continue;
      }
      s.append("\n--- ").append(m).append(" (").append(p.process.isAlive() ? "running" : "exited").append(") ---\n");
      synchronized (p.output) {
        List<String> lines = p.output;
        for (String l : lines.subList(Math.max(0, lines.size() - 40), lines.size())) {
          s.append(l).append('\n');
        }
      }
    }
    return s.toString();
  }

  /** The machine's load average (1, 5, 15 min), which the timings depend on. */
  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return f[0] + " " + f[1] + " " + f[2] + " on " + Runtime.getRuntime().availableProcessors() + " cores";
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static long ms(long sinceNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sinceNanos);
  }

  private static byte[] sha256(byte[]... parts) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      for (byte[] p : parts) {
        d.update(p);
      }
      return d.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

}
