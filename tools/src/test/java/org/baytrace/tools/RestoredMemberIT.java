package org.baytrace.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.baytrace.api.ledger.v1.AppendResponse;
import org.baytrace.api.ledger.v1.Entry;
import org.baytrace.api.ledger.v1.GetCheckpointRequest;
import org.baytrace.api.ledger.v1.GetConsistencyProofRequest;
import org.baytrace.api.ledger.v1.LedgerServiceGrpc;
import org.baytrace.api.ledger.v1.LogEntry;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.api.ledger.v1.TailRequest;
import org.baytrace.ledger.AuthorPolicy;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.LedgerConfig;
import org.baytrace.ledger.backup.Backup;
import org.baytrace.ledger.backup.RestoredMarker;
import org.baytrace.ledger.checkpoint.Checkpoint;
import org.baytrace.ledger.checkpoint.CheckpointVerifier;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.checkpoint.NoteVerifier;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.crypto.KeyFiles;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.merkle.MerkleVerifier;
import org.baytrace.ledger.record.Records;
import org.baytrace.ledger.store.LedgerStores;
import org.baytrace.ledger.testing.Await;
import org.baytrace.ledger.tls.Certificates;
import org.baytrace.ledger.tls.Pem;
import org.baytrace.ledger.tls.TlsIdentity;
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
 * A cluster member restored from its own backup (issue 16, item 2): three member processes on
 * loopback, Raft between them over mutual TLS with pinned certificates, configured like
 * {@link ClusterFaultIT}'s. A client appends through another member all along.
 *
 * <ol>
 *   <li>Member C is backed up through its admin listener while the client appends; appends go on;
 *       C is stopped, its whole data directory wiped (Raft term, vote and log included),
 *       {@code baytrace restore --member} makes it again from the backup, and C is started: it
 *       catches up (same size and root as the others), holds every acknowledged record, signs
 *       the served checkpoint again, and a consistency proof from the backup's checkpoint to
 *       the live one verifies.
 *   <li>A backup that is not of this cluster's history (the same origin and C's own key, but
 *       another ledger) restored as C: C does not start, says why, and makes no Raft storage.
 * </ol>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestoredMemberIT {
  private static final String ORIGIN = "baytrace.test/restored-member";
  private static final List<String> NAMES = List.of("nansha-customs", "nansha-port", "pearl-barge");
  private static final String AUTHOR = "nansha-port";
  private static final String KIND = "test.RestoredMember";
  private static final int START_SECONDS = 240; // JVMs starting at once on a shared, loaded machine
  private static final Duration CONVERGE = Duration.ofSeconds(120);
  private static final Pattern RAFT_TERM = Pattern.compile("new Raft storage in term (\\d+)");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path work;

  private final List<Member> members = new ArrayList<>();
  private SigningKey author;
  private final Map<Long, ByteString[]> acknowledged = new ConcurrentHashMap<>(); // index -> leaf hash, record digest
  private final List<String> refusals = new CopyOnWriteArrayList<>();
  private final AtomicLong seq = new AtomicLong();
  private final List<String> timings = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "restored-member-it");
    t.setDaemon(true);
    return t;
  });

  /** One member: fixed ports and config; its process comes and goes. */
  private static final class Member {
    final String id;
    final int grpcPort;
    final int httpPort;
    final int raftPort;
    final Path config;
    final Path data;
    final NoteVerifier vkey;
    volatile NodeProcess process;
    volatile ManagedChannel channel;

    Member(String id, int[] ports, Path config, Path data, NoteVerifier vkey) {
      this.id = id;
      this.grpcPort = ports[0];
      this.httpPort = ports[1];
      this.raftPort = ports[2];
      this.config = config;
      this.data = data;
      this.vkey = vkey;
    }

    LedgerServiceGrpc.LedgerServiceBlockingStub stub() {
      return LedgerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
      return id;
    }
  }

  @BeforeAll
  void startCluster() throws Exception {
    Path keys = Files.createDirectories(work.resolve("keys"));
    author = SigningKey.generate();
    KeyFiles.savePublic(author.publicKey(), keys.resolve(AUTHOR + ".key.pub"));
    Path tls = Files.createDirectories(work.resolve("tls"));
    TlsIdentity ca = Certificates.newCa("restored-member members CA", null, Duration.ofDays(1));
    Pem.write(ca, tls.resolve("members-ca.pem"), tls.resolve("members-ca.key"));
    int[] ports = freePorts(3 * NAMES.size());
    for (int i = 0; i < NAMES.size(); i++) {
      String name = NAMES.get(i);
      SigningKey nodeKey = SigningKey.generate();
      KeyFiles.savePrivate(nodeKey, keys.resolve(name + "-node.key"));
      KeyFiles.savePublic(nodeKey.publicKey(), keys.resolve(name + "-node.key.pub"));
      Pem.write(Certificates.issue(ca, Certificates.Use.MEMBER, name, null, List.of("127.0.0.1"), Duration.ofDays(1)),
          tls.resolve(name + "-member.pem"), tls.resolve(name + "-member.key"));
      members.add(new Member(name, new int[] {ports[3 * i], ports[3 * i + 1], ports[3 * i + 2]},
          work.resolve(name + ".toml"), work.resolve("data").resolve(name), new NoteVerifier(name, nodeKey.publicKey())));
    }
    for (Member m : members) {
      Files.writeString(m.config, config(m));
    }
    long t0 = System.nanoTime();
    start(members);
    awaitLeader();
    timings.add("3 members started and a leader elected in " + ms(t0) + " ms");
  }

  @AfterAll
  void stopAll() {
    members.forEach(this::stop);
    pool.shutdownNow();
    System.out.println("RestoredMemberIT timings:");
    timings.forEach(t -> System.out.println("  " + t));
  }

  @Test
  @Order(1)
  @Timeout(value = 12, unit = TimeUnit.MINUTES) // a safety net for a loaded machine; about a minute on a quiet one
  void memberRestoredFromItsBackupUnderLoad_catchesUpFromTheOthers_andItsBackupIsAPrefixOfTheLiveTree() throws Exception {
    Member restored = members.get(2);
    Member through = members.get(0);
    Path backupDir = work.resolve("backup-" + restored.id);
    try (Appender load = new Appender(through)) {
      load.awaitAcks(100);
      long t0 = System.nanoTime();
      Cli.Result backup = Cli.run("backup", "--out", backupDir.toString(), "--admin",
          "127.0.0.1:" + restored.process.adminPort(), "--token-file", restored.data.resolve("admin.token").toString());
      assertEquals(BayTrace.OK, backup.exitCode(), backup.out() + backup.err());
      timings.add("backup of " + restored + " under load in " + ms(t0) + " ms: " + backup.out().trim());
      Checkpoint backupCp = CheckpointVerifier.verify(Files.readString(backupDir.resolve("signed-checkpoint")), ORIGIN,
          List.of(restored.vkey), 1).checkpoint();
      assertTrue(backupCp.size() > 0, "the backup holds entries: " + backupCp);

      load.awaitAcks(load.acks.get() + 150); // appends go on after the backup
      stop(restored);
      load.awaitAcks(load.acks.get() + 150); // and while the member is down
      deleteTree(restored.data);
      Cli.Result restore = Cli.run("restore", backupDir.toString(), "--data", restored.data.toString(), "--member",
          "--key", work.resolve("keys").resolve(restored.id + "-node.key").toString());
      assertEquals(BayTrace.OK, restore.exitCode(), restore.out() + restore.err());
      assertTrue(Files.exists(restored.data.resolve(RestoredMarker.MEMBER_NAME)), "the member's marker is written");
      assertFalse(Files.exists(restored.data.resolve(RestoredMarker.NAME)), "not a single node's marker: nothing to confirm");
      assertFalse(Files.exists(restored.data.resolve("raft")), "a backup holds no Raft state");

      t0 = System.nanoTime();
      start(List.of(restored));
      timings.add(restored + " started on the restored directory in " + ms(t0) + " ms");
      assertFalse(Files.exists(restored.data.resolve(RestoredMarker.MEMBER_NAME)),
          "the marker goes once the store was checked against the others");
      Matcher term = RAFT_TERM.matcher(restored.process.printed());
      assertTrue(term.find(), "the member made its Raft storage above the others' term:\n" + restored.process.printed());
      assertTrue(Long.parseLong(term.group(1)) >= 1, "a term the others were in: " + term.group());
      load.awaitAcks(load.acks.get() + 150); // the load goes on with the member back
      load.finish();
    }
    assertTrue(refusals.isEmpty(), "no append refused: " + refusals);

    long t0 = System.nanoTime();
    long size = awaitSameSize(maxAcknowledged() + 1);
    Checkpoint live = awaitServed(restored, size);
    timings.add(restored + " at the others' size " + size + " and serving it, signed by itself, " + ms(t0)
        + " ms after the load stopped");
    for (Member m : members) {
      Checkpoint own = CheckpointVerifier.verify(m.stub().getCheckpoint(GetCheckpointRequest.newBuilder()
          .setTreeSize(size).build()).getNote(), ORIGIN, List.of(m.vkey), 1).checkpoint();
      assertEquals(live.root(), own.root(), m + "'s root at size " + size);
    }
    assertEquals(live.root(), checkEntries(restored, size), restored + ": root recomputed from its entries, every"
        + " acknowledged record at its index");

    Checkpoint backupCp = CheckpointVerifier.verify(Files.readString(backupDir.resolve("signed-checkpoint")), ORIGIN,
        List.of(restored.vkey), 1).checkpoint();
    for (Member m : members) {
      List<byte[]> proof = m.stub().getConsistencyProof(GetConsistencyProofRequest.newBuilder()
          .setFromSize(backupCp.size()).setToSize(live.size()).build()).getProofList().stream()
          .map(ByteString::toByteArray).toList();
      MerkleVerifier.verifyConsistency(backupCp.size(), live.size(), backupCp.root(), live.root(), proof);
    }
    timings.add(String.format("backup of size %d consistent with the live tree of size %d on all members; %d"
        + " acknowledged records present on %s", backupCp.size(), live.size(), acknowledged.size(), restored));
  }

  @Test
  @Order(2)
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void backupOfAnotherHistory_restoredAsAMember_isRefusedAtStart_andNothingIsChanged() throws Exception {
    Member target = members.get(2);
    // Another ledger under the same origin, signed with the member's own key (a staging copy, or
    // a cluster set up again): its backup restores fine, but it is not this cluster's history.
    Path foreignData = work.resolve("foreign");
    Path foreignBackup = work.resolve("foreign-backup");
    SigningKey nodeKey = KeyFiles.loadPrivate(work.resolve("keys").resolve(target.id + "-node.key"));
    try (Ledger foreign = Ledger.open(new LedgerConfig(ORIGIN, new NoteSigner(target.id, nodeKey), AuthorPolicy.anyKey()),
        LedgerStores.openRocksDb(Files.createDirectories(foreignData.resolve("ledger"))))) {
      for (int i = 0; i < 5; i++) {
        foreign.append(record());
      }
      Backup.create(foreign, foreignBackup);
    }

    stop(target);
    Path kept = work.resolve("kept-" + target.id);
    Files.move(target.data, kept);
    Cli.Result restore = Cli.run("restore", foreignBackup.toString(), "--data", target.data.toString(), "--member");
    assertEquals(BayTrace.OK, restore.exitCode(), "the backup itself is sound: " + restore.out() + restore.err());
    Files.copy(kept.resolve("node.key"), target.data.resolve("node.key"));

    NodeProcess.DidNotStart refused = assertThrows(NodeProcess.DidNotStart.class,
        () -> NodeProcess.startConfigured(work, target.config, START_SECONDS));
    String said = String.join("\n", refused.output);
    assertTrue(said.contains("is not a prefix of the cluster's ledger " + ORIGIN), said);
    assertTrue(said.contains("the member does not start and nothing was changed"), said);
    assertTrue(refused.exitCode > 0, "exits with an error: " + refused.exitCode);
    assertTrue(Files.exists(target.data.resolve(RestoredMarker.MEMBER_NAME)), "the marker stays");
    assertFalse(Files.exists(target.data.resolve("raft")), "no Raft storage was made");

    // The member's own data back: it starts and agrees with the others again.
    deleteTree(target.data);
    Files.move(kept, target.data);
    start(List.of(target));
    long size = awaitSameSize(maxAcknowledged() + 1);
    awaitServed(target, size);
  }

  // ---- The cluster ------------------------------------------------------------------------------

  private String config(Member self) {
    StringBuilder s = new StringBuilder();
    s.append("[node]\nname = \"").append(self.id).append("\"\ndata_dir = \"data/").append(self.id)
        .append("\"\nkey_file = \"keys/").append(self.id).append("-node.key\"\n\n");
    s.append("[ledger]\norigin = \"").append(ORIGIN).append("\"\n\n");
    s.append("[grpc]\nlisten = \"127.0.0.1:").append(self.grpcPort).append("\"\n\n");
    s.append("[http]\nlisten = \"127.0.0.1:").append(self.httpPort).append("\"\n\n");
    s.append("[admin]\nlisten = \"127.0.0.1:0\"\n\n");
    s.append("[raft.tls]\ncert_file = \"tls/").append(self.id).append("-member.pem\"\nkey_file = \"tls/").append(self.id)
        .append("-member.key\"\nca_file = \"tls/members-ca.pem\"\n\n");
    // A kind no profile owns: the built-in author policy lets only the operator role write it.
    s.append("[[orgs]]\nid = \"").append(AUTHOR).append("\"\nroles = [\"port\", \"operator\"]\nkeys = [{ public_key_file ="
        + " \"keys/").append(AUTHOR).append(".key.pub\" }]\n\n");
    for (Member m : members) {
      s.append("[[peers]]\nid = \"").append(m.id).append("\"\ngrpc = \"127.0.0.1:").append(m.grpcPort)
          .append("\"\nraft = \"127.0.0.1:").append(m.raftPort).append("\"\npublic_key_file = \"keys/").append(m.id)
          .append("-node.key.pub\"\ntls_cert_file = \"tls/").append(m.id).append("-member.pem\"\n\n");
    }
    return s.toString();
  }

  /** Starts the members in parallel; returns once each is ready. */
  private void start(List<Member> which) throws Exception {
    List<Future<?>> started = new ArrayList<>();
    for (Member m : which) {
      started.add(pool.submit(() -> {
        try {
          m.process = NodeProcess.startConfigured(work, m.config, START_SECONDS);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        assertEquals(m.vkey.encode(), m.process.verifierKey, m + ": checkpoint verifier key");
        m.channel = NettyChannelBuilder.forAddress("127.0.0.1", m.grpcPort).usePlaintext().build();
        return null;
      }));
    }
    for (Future<?> f : started) {
      f.get(START_SECONDS + 30, TimeUnit.SECONDS);
    }
  }

  /** SIGTERM and a clean exit. */
  private void stop(Member m) {
    if (m.channel != null) {
      m.channel.shutdownNow();
      m.channel = null;
    }
    if (m.process != null) {
      m.process.close();
      m.process = null;
    }
  }

  private JsonNode status(Member m) {
    if (m.process == null) {
      return null;
    }
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.httpPort + "/v1/cluster"))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private void awaitLeader() {
    Await.until("a leader all members name", CONVERGE, () -> members.stream().map(this::status).toList(),
        seen -> seen.stream().allMatch(s -> s != null && s.hasNonNull("leader"))
            && seen.stream().map(s -> s.get("leader").asText()).distinct().count() == 1, this::logs);
  }

  /** Waits until every member reports the same tree size, at least {@code atLeast}; returns it. */
  private long awaitSameSize(long atLeast) {
    List<Long> sizes = Await.until("all members at one tree size >= " + atLeast, CONVERGE,
        () -> members.stream().map(m -> {
          JsonNode s = status(m);
          return s == null ? -1L : s.path("treeSize").asLong(-1);
        }).toList(),
        seen -> seen.get(0) >= atLeast && seen.stream().distinct().count() == 1, this::logs);
    return sizes.get(0);
  }

  /**
   * Waits until {@code m} serves a checkpoint of {@code size} that it signed itself and a quorum
   * of members signed; returns it.
   */
  private Checkpoint awaitServed(Member m, long size) {
    List<NoteVerifier> keys = members.stream().map(x -> x.vkey).toList();
    return Await.until(m + " serves a checkpoint of size " + size + " with its own and a quorum's signatures", CONVERGE,
        () -> {
          try {
            String note = m.stub().getCheckpoint(GetCheckpointRequest.getDefaultInstance()).getNote();
            CheckpointVerifier.verify(note, ORIGIN, List.of(m.vkey), 1);
            return CheckpointVerifier.verify(note, ORIGIN, keys, keys.size() / 2 + 1).checkpoint();
          } catch (Exception e) {
            return null;
          }
        }, cp -> cp != null && cp.size() == size, this::logs);
  }

  /**
   * Reads the member's first {@code size} entries (Tail), checks every acknowledged record at its
   * index, and returns the RFC 9162 root recomputed from the entries.
   */
  private Hash32 checkEntries(Member m, long size) throws Exception {
    Context.CancellableContext ctx = Context.current().withCancellation();
    try {
      return ctx.call(() -> {
        Iterator<Entry> entries = LedgerServiceGrpc.newBlockingStub(m.channel).withDeadlineAfter(120, TimeUnit.SECONDS)
            .tail(TailRequest.newBuilder().setFromIndex(0).build());
        List<byte[]> leaves = new ArrayList<>();
        for (long i = 0; i < size; i++) {
          assertTrue(entries.hasNext(), m + ": tail ended at " + i + " of " + size);
          Entry e = entries.next();
          byte[] leaf = sha256(new byte[] {0}, e.getLogEntry().toByteArray());
          assertEquals(ByteString.copyFrom(leaf), e.getLeafHash(), m + ": leaf hash of entry " + i);
          ByteString[] ack = acknowledged.get(i);
          if (ack != null) {
            assertEquals(ack[0], e.getLeafHash(), m + ": acknowledged entry " + i + " has another leaf hash");
            assertEquals(ack[1], ByteString.copyFrom(sha256(LogEntry.parseFrom(e.getLogEntry()).getSignedRecord()
                .toByteArray())), m + ": acknowledged entry " + i + " holds another record");
          }
          leaves.add(leaf);
        }
        return Hash32.of(root(leaves));
      });
    } finally {
      ctx.cancel(null);
    }
  }

  /** RFC 9162 Merkle tree hash over leaf hashes (the largest power of two below n on the left). */
  private static byte[] root(List<byte[]> leafHashes) {
    if (leafHashes.isEmpty()) {
      return sha256();
    }
    if (leafHashes.size() == 1) {
      return leafHashes.get(0);
    }
    int k = Integer.highestOneBit(leafHashes.size() - 1);
    return sha256(new byte[] {1}, root(leafHashes.subList(0, k)), root(leafHashes.subList(k, leafHashes.size())));
  }

  private long maxAcknowledged() {
    return acknowledged.keySet().stream().mapToLong(Long::longValue).max().orElse(-1);
  }

  private byte[] record() {
    long n = seq.incrementAndGet();
    byte[] body = RecordBody.newBuilder().setOrigin(ORIGIN).setKind(KIND)
        .addSubjects("urn:test:restored-member:" + (n % 40)).setAuthorOrg(AUTHOR)
        .setEventTimeUnixMillis(System.currentTimeMillis())
        .setNonce(ByteString.copyFrom(("record " + n).getBytes(StandardCharsets.UTF_8))).build().toByteArray();
    return Records.sign(body, author);
  }

  /** A client appending through one member, about 200 records a second (window 32), until finished. */
  private final class Appender implements AutoCloseable {
    final AtomicLong acks = new AtomicLong();
    private final AppendClient client;
    private final Thread sender;
    private volatile boolean running = true;

    Appender(Member through) {
      client = new AppendClient(through.channel, 32);
      sender = new Thread(() -> {
        try {
          while (running) {
            byte[] signed = record();
            ByteString digest = ByteString.copyFrom(sha256(signed));
            client.submit(seq.get(), signed, r -> answered(r, digest));
            LockSupport.parkNanos(5_000_000); // a steady load, not one that starves the members on a small machine
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
          refusals.add("stream: " + e);
        }
      }, "appender");
      sender.setDaemon(true);
      sender.start();
    }

    private void answered(AppendResponse r, ByteString digest) {
      if (r.hasAppended()) {
        acknowledged.put(r.getAppended().getIndex(), new ByteString[] {r.getAppended().getLeafHash(), digest});
        acks.incrementAndGet();
      } else {
        refusals.add(r.getError().getCode() + " " + r.getError().getMessage());
      }
    }

    void awaitAcks(long n) {
      Await.until(n + " records acknowledged", CONVERGE, () -> acks.get() >= n || !refusals.isEmpty(),
          () -> "; acknowledged " + acks.get() + ", refused " + refusals + logs());
      assertTrue(refusals.isEmpty(), "no append refused: " + refusals);
    }

    void finish() throws InterruptedException {
      running = false;
      sender.join(30_000);
      io.grpc.Status s = client.finish(60);
      assertTrue(s == null || s.isOk(), "the append stream ended cleanly: " + s);
    }

    @Override
    public void close() {
      if (running) { // a test that failed part way: stop sending, do not wait long
        running = false;
        sender.interrupt();
        client.close();
      }
    }
  }

  // ---- Helpers ----------------------------------------------------------------------------------

  private String logs() {
    StringBuilder s = new StringBuilder();
    for (Member m : members) {
      NodeProcess p = m.process;
      if (p != null) {
        String all = p.printed();
        s.append("\n--- ").append(m).append(" (last lines) ---\n").append(all.substring(Math.max(0, all.length() - 3000)));
      }
    }
    return s.toString();
  }

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

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
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
