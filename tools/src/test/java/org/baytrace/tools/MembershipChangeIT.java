package org.baytrace.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.baytrace.api.ledger.v1.AppendResponse;
import org.baytrace.api.ledger.v1.Entry;
import org.baytrace.api.ledger.v1.GetCheckpointRequest;
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
import org.baytrace.ledger.record.Records;
import org.baytrace.ledger.testing.Await;
import org.baytrace.ledger.tls.Certificates;
import org.baytrace.ledger.tls.Pem;
import org.baytrace.ledger.tls.TlsIdentity;
import org.baytrace.ledger.verify.VerificationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Members join and leave a running network (issue 15, acceptance 4), each member a separate
 * {@code baytrace node --config FILE} process with mutual TLS between the members, as in
 * {@code node-config/examples/gba-3}. While one client appends at a steady
 * {@value #RECORDS_PER_SECOND} records per second (one at a time, each acknowledged record
 * remembered with its index; the append window of 16 slows it when the machine is loaded), a
 * three-member network:
 *
 * <ol>
 *   <li>adopts its registry and adds a fourth member by a governance proposal signed by two of the
 *       three governing organisations ({@code baytrace registry propose --add-member}, {@code sign},
 *       {@code submit}); the fourth process, started with its own certificate and keys and a
 *       configuration naming the group, is brought into the Raft group by the leader, catches up and
 *       cosigns; its member certificate, refused before, is admitted;
 *   <li>removes a founding member the same way: the Raft group is the other three, its certificate
 *       is refused in the TLS handshake, and its signature is on no checkpoint after its removal;
 *       restarted on its data, it refuses to start, naming the record that removed it.
 * </ol>
 *
 * At the end every acknowledged record is at its index on every remaining member, byte for byte,
 * and their roots at one size are equal and recompute from the leaves.
 */
@Timeout(value = 12, unit = TimeUnit.MINUTES) // 5 minutes measured at load average 30 on 2 cores, most of it JVM starts
class MembershipChangeIT {
  private static final String ORIGIN = "baytrace.test/membership";
  private static final List<String> ORGS = List.of("nansha-customs", "nansha-port", "pearl-barge");
  private static final String JOINER = "macao-customs";
  private static final String LEAVER = "pearl-barge";
  /** The load's pace: steady, well below what three members on a shared 2-core machine sustain. */
  private static final int RECORDS_PER_SECOND = 25;
  private static final int START_SECONDS = 180;
  /** Four JVMs on a shared machine: a quicker start matters more than peak speed at this load. */
  private static final List<String> QUICK_START = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
  private static final Duration CONVERGE = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;

  private final Map<String, Member> members = new LinkedHashMap<>();
  private final Map<String, SigningKey> authors = new LinkedHashMap<>();
  /** Every acknowledged record: index -> leaf hash and the digest of the signed record sent. */
  private final Map<Long, Ack> acknowledged = new ConcurrentHashMap<>();
  private final List<String> refusals = new CopyOnWriteArrayList<>();
  private final List<String> timings = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "membership-it");
    t.setDaemon(true);
    return t;
  });

  private record Ack(ByteString leafHash, ByteString recordDigest) {}

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

    LedgerServiceGrpc.LedgerServiceBlockingStub stub(int seconds) {
      return LedgerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(seconds, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
      return id;
    }
  }

  @AfterEach
  void stopAll() {
    for (Member m : members.values()) {
      if (m.channel != null) {
        m.channel.shutdownNow();
      }
      if (m.process != null) {
        m.process.close();
      }
    }
    pool.shutdownNow();
    System.out.println("MembershipChangeIT timings:");
    timings.forEach(t -> System.out.println("  " + t));
  }

  @Test
  void underSteadyAppends_threeMembersBecomeFour_thenThree_noAcknowledgedRecordLost_rootsEqual() throws Exception {
    writeKeysAndConfigs();
    List<Member> founders = ORGS.stream().map(members::get).toList();
    long t0 = System.nanoTime();
    start(founders);
    awaitRaftMembers(founders, Set.copyOf(ORGS));
    timings.add("three founding members up with a leader after " + ms(t0) + " ms");
    Member customs = members.get("nansha-customs");
    Member joiner = members.get(JOINER);
    Member leaver = members.get(LEAVER);
    String target = "127.0.0.1:" + customs.grpcPort;

    Load load = new Load(customs);
    try {
      load.awaitAcks(2 * RECORDS_PER_SECOND);
      adoptRegistry(target);

      // ---- Three become four ----
      assertEquals("refused", handshake(JOINER, customs), "a certificate the registry does not pin is refused");
      long added = change(target, "add.json", "--add-member", JOINER,
          "--verifier-key", work.resolve("keys/" + JOINER + "-node.key.pub").toString(),
          "--member-cert", work.resolve("tls/" + JOINER + "-member.pem").toString(),
          "--grpc", "127.0.0.1:" + joiner.grpcPort, "--raft", "127.0.0.1:" + joiner.raftPort);
      long t1 = System.nanoTime();
      start(List.of(joiner));
      List<Member> four = List.of(customs, members.get("nansha-port"), leaver, joiner);
      awaitRaftMembers(four, Set.of("nansha-customs", "nansha-port", LEAVER, JOINER));
      timings.add("member added at index " + added + ": Raft group of four " + ms(t1) + " ms after the joiner's start");
      Await.until(JOINER + "'s handshake admitted by nansha-customs", CONVERGE, () -> handshake(JOINER, customs),
          "admitted"::equals);
      long sizeWithFour = awaitAllAtLeast(four, added + 1);
      // The joiner caught up and cosigns: the others' checkpoints carry its signature, and it serves one
      // signed by a majority of the four.
      Await.until("nansha-customs serves a checkpoint of size > " + added + " that " + JOINER + " signed", CONVERGE,
          () -> served(customs), s -> s.size() > added && signedBy(s.note(), joiner.vkey), this::logs);
      Await.until(JOINER + " serves a checkpoint of size >= " + sizeWithFour + " signed by three of the four", CONVERGE,
          () -> served(joiner), s -> s.size() >= sizeWithFour && signerCount(s.note(), four) >= 3 && signedBy(s.note(), joiner.vkey),
          this::logs);
      timings.add("joiner caught up to size " + sizeWithFour + " and cosigns, " + ms(t1) + " ms after its start ("
          + load.acks.get() + " records acknowledged so far)");

      // ---- Four become three ----
      long t2 = System.nanoTime();
      long removed = change(target, "remove.json", "--remove-member", LEAVER);
      List<Member> three = List.of(customs, members.get("nansha-port"), joiner);
      awaitRaftMembers(three, Set.of("nansha-customs", "nansha-port", JOINER));
      Await.until(LEAVER + "'s handshake refused by nansha-customs", CONVERGE, () -> handshake(LEAVER, customs),
          "refused"::equals, this::logs);
      assertEquals("admitted", handshake("nansha-port", customs), "a member's certificate is still admitted");
      timings.add("member removed at index " + removed + ": Raft group of three and its certificate refused after " + ms(t2)
          + " ms");
      long sizeAfter = awaitAllAtLeast(three, removed + 1 + RECORDS_PER_SECOND);
      for (Member m : three) {
        Served s = Await.until(m + " serves a checkpoint of size >= " + sizeAfter, CONVERGE, () -> served(m),
            x -> x.size() >= sizeAfter, this::logs);
        assertTrue(signerCount(s.note(), three) >= 2, m + ": served checkpoint signed by a majority of the three: " + s);
        assertTrue(!signedBy(s.note(), leaver.vkey), m + ": a removed member's signature is not on checkpoints after its"
            + " removal: " + s);
      }
      load.awaitAcks(load.acks.get() + RECORDS_PER_SECOND); // appends go on with three
      // The removed member applied its own removal; started again on its data, it refuses to take part.
      awaitAllAtLeast(List.of(leaver), removed + 1);
      leaver.process.close();
      NodeProcess.DidNotStart refusedStart = org.junit.jupiter.api.Assertions.assertThrows(NodeProcess.DidNotStart.class,
          () -> NodeProcess.startConfigured(work, leaver.config, START_SECONDS, QUICK_START));
      assertTrue(String.join("\n", refusedStart.output).contains("was removed from the group by the governance record at index "
          + removed), "the removed member says why it does not start:\n" + String.join("\n", refusedStart.output));
    } finally {
      load.finish();
    }
    assertTrue(acknowledged.size() >= 5L * RECORDS_PER_SECOND, "the load ran: " + load.summary());

    // ---- Nothing acknowledged is lost; the remaining members agree ----
    List<Member> three = List.of(customs, members.get("nansha-port"), joiner);
    long maxAcked = acknowledged.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
    long size = awaitSameSize(three, maxAcked + 1);
    Hash32 root = null;
    for (Member m : three) {
      Hash32 own = ownRoot(m, size);
      root = root == null ? own : root;
      assertEquals(root, own, m + ": root at size " + size);
      assertEquals(root, recomputeRoot(m, size), m + ": root recomputed from its leaves, every acknowledged record in place");
    }
    timings.add(String.format("end: %d records acknowledged at %d/s (%d refused: %s), all on %s; roots equal at size %d",
        acknowledged.size(), RECORDS_PER_SECOND, refusals.size(), refusals.stream().limit(3).toList(), three, size));
  }

  // ---- Setup ------------------------------------------------------------------------------------

  private void writeKeysAndConfigs() throws Exception {
    Path keys = Files.createDirectories(work.resolve("keys"));
    for (String org : ORGS) {
      SigningKey author = SigningKey.generate();
      KeyFiles.savePrivate(author, keys.resolve(org + ".key"));
      KeyFiles.savePublic(author.publicKey(), keys.resolve(org + ".key.pub"));
      authors.put(org, author);
    }
    Path tls = Files.createDirectories(work.resolve("tls"));
    TlsIdentity membersCa = Certificates.newCa("membership members CA", null, Duration.ofDays(1));
    Pem.write(membersCa, tls.resolve("members-ca.pem"), tls.resolve("members-ca.key"));
    List<String> names = new ArrayList<>(ORGS);
    names.add(JOINER);
    int[] ports = freePorts(3 * names.size());
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      SigningKey nodeKey = SigningKey.generate();
      KeyFiles.savePrivate(nodeKey, keys.resolve(name + "-node.key"));
      KeyFiles.savePublic(nodeKey.publicKey(), keys.resolve(name + "-node.key.pub"));
      Pem.write(Certificates.issue(membersCa, Certificates.Use.MEMBER, name, null, List.of("127.0.0.1"), Duration.ofDays(1)),
          tls.resolve(name + "-member.pem"), tls.resolve(name + "-member.key"));
      members.put(name, new Member(name, ports[3 * i], ports[3 * i + 1], ports[3 * i + 2], work.resolve(name + ".toml"),
          new NoteVerifier(name, nodeKey.publicKey())));
    }
    for (Member m : members.values()) {
      Files.writeString(m.config, config(m));
    }
  }

  /**
   * A member's file: the founding members' [[peers]] in every file; the joiner's own file also
   * lists itself, marked {@code founding = false} (the registry adds it, not the founding).
   */
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
    for (String org : ORGS) {
      s.append("[[orgs]]\nid = \"").append(org).append("\"\nroles = [\"port\", \"operator\"]\nkeys = [{ public_key_file = \"keys/")
          .append(org).append(".key.pub\" }]\n\n");
    }
    for (Member m : members.values()) {
      boolean founding = ORGS.contains(m.id);
      if (!founding && m != self) {
        continue;
      }
      s.append("[[peers]]\nid = \"").append(m.id).append("\"\ngrpc = \"127.0.0.1:").append(m.grpcPort)
          .append("\"\nraft = \"127.0.0.1:").append(m.raftPort).append("\"\npublic_key_file = \"keys/").append(m.id)
          .append("-node.key.pub\"\ntls_cert_file = \"tls/").append(m.id).append("-member.pem\"\n")
          .append(founding ? "" : "founding = false\n").append('\n');
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

  private void start(List<Member> which) throws Exception {
    List<Future<?>> started = new ArrayList<>();
    for (Member m : which) {
      started.add(pool.submit(() -> {
        try {
          m.process = NodeProcess.startConfigured(work, m.config, START_SECONDS, QUICK_START);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
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

  // ---- Governance through the command line --------------------------------------------------------

  /** The ledger's first governance record adopts the founding registry, unless the ledger holds one already. */
  private void adoptRegistry(String target) {
    Cli.Result shown = Cli.run("registry", "show", "--target", target);
    if (shown.exitCode() == BayTrace.OK) {
      return; // adopted at genesis
    }
    change(target, "adopt.json", "--adopt-config", members.get("nansha-customs").config.toString());
  }

  /** Proposes a change, has two of the three governing organisations sign it, submits it; returns its index. */
  private long change(String target, String file, String... changeOptions) {
    String path = work.resolve(file).toString();
    List<String> args = new ArrayList<>(List.of("registry", "propose", "--target", target, "--out", path));
    args.addAll(List.of(changeOptions));
    ok(args.toArray(String[]::new));
    for (String org : List.of("nansha-customs", "nansha-port")) {
      ok("registry", "sign", path, "--org", org, "--key", work.resolve("keys/" + org + ".key").toString());
    }
    Cli.Result r = ok("registry", "submit", path, "--target", target, "--org", "nansha-customs", "--key",
        work.resolve("keys/nansha-customs.key").toString());
    Matcher m = Pattern.compile("applied at index (\\d+)").matcher(r.out());
    assertTrue(m.find(), r.out());
    return Long.parseLong(m.group(1));
  }

  private static Cli.Result ok(String... args) {
    Cli.Result r = Cli.run(args);
    assertEquals(BayTrace.OK, r.exitCode(), String.join(" ", args) + "\nout: " + r.out() + "\nerr: " + r.err());
    return r;
  }

  // ---- What the members say -----------------------------------------------------------------------

  private JsonNode status(Member m) {
    if (m.process == null || !m.process.process.isAlive()) {
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

  /** Waits until each member's Raft configuration is {@code ids} and all name one leader among them. */
  private void awaitRaftMembers(List<Member> live, Set<String> ids) {
    Await.until("members " + live + " in a Raft group of " + ids + " with one leader", CONVERGE, () -> {
      Map<String, String> seen = new LinkedHashMap<>();
      for (Member m : live) {
        JsonNode s = status(m);
        seen.put(m.id, s == null ? "no answer" : s.path("members") + " leader " + s.path("leader").asText("none"));
      }
      return seen;
    }, seen -> {
      Set<String> views = new TreeSet<>(seen.values());
      if (views.size() != 1) {
        return false;
      }
      String view = views.iterator().next();
      return ids.stream().allMatch(view::contains) && ids.stream().anyMatch(id -> view.endsWith("leader " + id))
          && members.keySet().stream().filter(id -> !ids.contains(id)).noneMatch(view::contains);
    }, this::logs);
  }

  /** While appends go on: waits until every member's tree holds at least {@code atLeast} entries; returns the smallest size. */
  private long awaitAllAtLeast(List<Member> live, long atLeast) {
    return Await.until("members " + live + " each at tree size >= " + atLeast, CONVERGE, () -> {
      long min = Long.MAX_VALUE;
      for (Member m : live) {
        JsonNode s = status(m);
        min = Math.min(min, s == null ? -1 : s.path("treeSize").asLong(-1));
      }
      return min;
    }, min -> min >= atLeast, this::logs);
  }

  /** Waits until the members hold one tree size of at least {@code atLeast}, unchanged for half a second; returns it. */
  private long awaitSameSize(List<Member> live, long atLeast) {
    long[] last = {-1, 0};
    return Await.until("members " + live + " at one tree size >= " + atLeast, CONVERGE, () -> {
      Set<Long> sizes = new TreeSet<>();
      for (Member m : live) {
        JsonNode s = status(m);
        sizes.add(s == null ? -1 : s.path("treeSize").asLong(-1));
      }
      long agreed = sizes.size() == 1 ? sizes.iterator().next() : -1;
      if (agreed != last[0]) {
        last[0] = agreed;
        last[1] = System.nanoTime();
      }
      return agreed >= atLeast && System.nanoTime() - last[1] > TimeUnit.MILLISECONDS.toNanos(500) ? agreed : -1L;
    }, agreed -> agreed >= atLeast, this::logs);
  }

  private record Served(String note, long size) {}

  /** The checkpoint the member serves now (size -1 if it serves none or does not answer). */
  private Served served(Member m) {
    try {
      String note = m.stub(10).getCheckpoint(GetCheckpointRequest.getDefaultInstance()).getNote();
      return new Served(note, CheckpointVerifier.verify(note, ORIGIN, List.of(m.vkey), 1).checkpoint().size());
    } catch (VerificationException | RuntimeException e) {
      return new Served(e.toString(), -1);
    }
  }

  private static boolean signedBy(String note, NoteVerifier key) {
    try {
      CheckpointVerifier.verify(note, ORIGIN, List.of(key), 1);
      return true;
    } catch (VerificationException e) {
      return false;
    }
  }

  private static int signerCount(String note, List<Member> of) {
    return (int) of.stream().filter(m -> signedBy(note, m.vkey)).count();
  }

  private Hash32 ownRoot(Member m, long size) throws VerificationException {
    String note = m.stub(30).getCheckpoint(GetCheckpointRequest.newBuilder().setTreeSize(size).build()).getNote();
    Checkpoint cp = CheckpointVerifier.verify(note, ORIGIN, List.of(m.vkey), 1).checkpoint();
    assertEquals(size, cp.size(), m + ": checkpoint size");
    return cp.root();
  }

  /** Reads the first {@code size} entries, checks every acknowledged record at its index, and computes the RFC 9162 root. */
  private Hash32 recomputeRoot(Member m, long size) throws Exception {
    Context.CancellableContext ctx = Context.current().withCancellation();
    try {
      return ctx.call(() -> {
        Iterator<Entry> entries = LedgerServiceGrpc.newBlockingStub(m.channel).withDeadlineAfter(120, TimeUnit.SECONDS)
            .tail(TailRequest.newBuilder().setFromIndex(0).build());
        Deque<Long> sizes = new ArrayDeque<>();
        Deque<byte[]> hashes = new ArrayDeque<>();
        for (long i = 0; i < size; i++) {
          assertTrue(entries.hasNext(), m + ": tail ended at " + i + " of " + size);
          Entry e = entries.next();
          byte[] leaf = sha256(new byte[] {0}, e.getLogEntry().toByteArray());
          assertEquals(ByteString.copyFrom(leaf), e.getLeafHash(), m + ": leaf hash of entry " + i);
          Ack ack = acknowledged.get(i);
          if (ack != null) {
            assertEquals(ack.leafHash(), e.getLeafHash(), m + ": acknowledged entry " + i + " has another leaf hash");
            assertEquals(ack.recordDigest(), ByteString.copyFrom(sha256(LogEntry.parseFrom(e.getLogEntry()).getSignedRecord()
                .toByteArray())), m + ": acknowledged entry " + i + " holds another record");
          }
          byte[] h = leaf;
          long n = 1;
          while (!sizes.isEmpty() && sizes.peek() == n) {
            sizes.pop();
            h = sha256(new byte[] {1}, hashes.pop(), h);
            n *= 2;
          }
          sizes.push(n);
          hashes.push(h);
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
   * A TLS connection to {@code to}'s Raft port presenting {@code as}'s member certificate:
   * "refused" if the member refuses it in the handshake, "admitted" if the connection stays up
   * (the gRPC server's first frame arrives, or nothing within the read timeout).
   */
  private String handshake(String as, Member to) throws Exception {
    TlsIdentity id = TlsIdentity.load(work.resolve("tls/" + as + "-member.pem"), work.resolve("tls/" + as + "-member.key"));
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(new javax.net.ssl.KeyManager[] {id.keyManager()}, new TrustManager[] {new AnyServer()}, new SecureRandom());
    try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket()) {
      s.connect(new InetSocketAddress("127.0.0.1", to.raftPort), 5_000);
      s.setSoTimeout(3_000);
      SSLParameters p = s.getSSLParameters();
      p.setApplicationProtocols(new String[] {"h2"});
      s.setSSLParameters(p);
      s.startHandshake(); // under TLS 1.3 the server judges the client certificate after this returns
      InputStream in = s.getInputStream();
      return in.read() < 0 ? "refused" : "admitted";
    } catch (SocketTimeoutException e) {
      return "admitted";
    } catch (SSLException e) {
      return "refused";
    }
  }

  /** The test's side trusts any server: what is tested is whether the member admits the client. */
  private static final class AnyServer implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  // ---- Load ---------------------------------------------------------------------------------------

  /** One client appending through one member at {@link #RECORDS_PER_SECOND}, authors taking turns. */
  private final class Load {
    final AtomicLong acks = new AtomicLong();
    private final AppendClient client;
    private final Thread sender;
    private volatile boolean running = true;
    private final List<String> failures = new CopyOnWriteArrayList<>();

    Load(Member through) {
      client = new AppendClient(through.channel, 16);
      sender = new Thread(this::send, "membership-load");
      sender.setDaemon(true);
      sender.start();
    }

    private void send() {
      long period = TimeUnit.SECONDS.toNanos(1) / RECORDS_PER_SECOND;
      long next = System.nanoTime();
      try {
        for (long seq = 0; running; seq++) {
          String org = ORGS.get((int) (seq % ORGS.size()));
          byte[] body = RecordBody.newBuilder().setOrigin(ORIGIN).setKind("test.Membership")
              .addSubjects("urn:test:membership:" + (seq % 20)).setAuthorOrg(org)
              .setEventTimeUnixMillis(System.currentTimeMillis())
              .setNonce(ByteString.copyFrom(("record " + seq).getBytes(StandardCharsets.UTF_8))).build().toByteArray();
          byte[] signed = Records.sign(body, authors.get(org));
          ByteString digest = ByteString.copyFrom(sha256(signed));
          client.submit(seq, signed, r -> answered(r, digest));
          next += period;
          LockSupport.parkNanos(next - System.nanoTime());
        }
      } catch (CliException e) {
        failures.add(e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private void answered(AppendResponse r, ByteString digest) {
      if (r.hasAppended()) {
        Ack before = acknowledged.putIfAbsent(r.getAppended().getIndex(), new Ack(r.getAppended().getLeafHash(), digest));
        assertTrue(before == null, "index " + r.getAppended().getIndex() + " acknowledged twice");
        acks.incrementAndGet();
      } else {
        refusals.add(r.getError().getCode() + " " + r.getError().getMessage());
      }
    }

    void awaitAcks(long atLeast) {
      Await.until(atLeast + " records acknowledged", CONVERGE, acks::get, n -> n >= atLeast, () -> summary() + logs());
    }

    void finish() throws InterruptedException {
      running = false;
      sender.join(10_000);
      io.grpc.Status s = client.finish(60);
      assertTrue(s == null || s.isOk(), "the append stream ended with " + s + "; " + summary());
      assertEquals(List.of(), failures, "the append stream failed");
    }

    String summary() {
      return "acknowledged " + acks.get() + ", refused " + refusals.size() + " " + refusals.stream().limit(3).toList()
          + ", failures " + failures;
    }
  }

  // ---- Helpers ------------------------------------------------------------------------------------

  private String logs() {
    StringBuilder s = new StringBuilder();
    for (Member m : members.values()) {
      NodeProcess p = m.process;
      if (p == null) {
        continue;
      }
      s.append("\n--- ").append(m).append(" (").append(p.process.isAlive() ? "running" : "exited").append(") ---\n");
      synchronized (p.output) {
        List<String> lines = p.output;
        for (String l : lines.subList(Math.max(0, lines.size() - 30), lines.size())) {
          s.append(l).append('\n');
        }
      }
    }
    return s.toString();
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
