package org.baytrace.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.baytrace.api.ledger.v1.AppendRequest;
import org.baytrace.api.ledger.v1.AppendResponse;
import org.baytrace.api.ledger.v1.GetCheckpointRequest;
import org.baytrace.api.ledger.v1.GetConsistencyProofRequest;
import org.baytrace.api.ledger.v1.GetEntryRequest;
import org.baytrace.api.ledger.v1.LedgerServiceGrpc;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.ledger.LedgerStore;
import org.baytrace.ledger.SignedCheckpointFile;
import org.baytrace.ledger.checkpoint.Checkpoint;
import org.baytrace.ledger.checkpoint.CheckpointVerifier;
import org.baytrace.ledger.checkpoint.NoteVerifier;
import org.baytrace.ledger.crypto.KeyFiles;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.merkle.MerkleVerifier;
import org.baytrace.ledger.record.Records;
import org.baytrace.ledger.store.LedgerStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disk damage never makes a node lose acknowledged records silently or sign a fork (issue 13,
 * items 1 and 2). Each round, seeded: a node in its own process appends with acknowledgements
 * to a copy of a prepared data directory, and is stopped (odd rounds SIGKILL while appending,
 * even rounds cleanly); a copy of its data directory is damaged by one class of damage; a node
 * starts on the damaged copy, every acknowledged entry is read back, and more are appended.
 * Every round must end one of three ways:
 * <ul>
 *   <li>(a) the node starts holding every acknowledged record, consistent with every checkpoint
 *       it served;
 *   <li>(b) it refuses to start, naming the checkpoint it signed (size and root) and the repair;
 *   <li>(c) it starts, and reading a damaged block fails with STORE_CORRUPT (DATA_LOSS), while
 *       everything it does serve and sign is consistent.
 * </ul>
 * Every checkpoint the node served in a round, before and after the damage, is checked against
 * every other: one root per size, and a consistency proof between different sizes.
 *
 * <p>{@code -Ddamage.seed=N} and {@code -Ddamage.rounds=N} reproduce or widen a run; the summary
 * prints, per class of damage, how many rounds changed something the node noticed and how each
 * ended.
 */
class DiskDamageIT {
  private static final long SEED = Long.getLong("damage.seed", 13);
  private static final int ROUNDS = Integer.getInteger("damage.rounds", 30);
  /** Many nodes start, on a machine others share: C1 only and a serial collector start quicker. */
  private static final List<String> QUICK_START = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
  private static final int START_SECONDS = 240;
  private static final Path REPORT = Path.of("target", "disk-damage.txt");
  private static final int WAL_BLOCK = 32 * 1024;
  private static final int WAL_HEADER = 7;

  @TempDir Path work;
  private String verifierKey; // the node's checkpoint key: every round's data directory is a copy of one

  enum Damage { WAL_FLIP, MANIFEST_FLIP, CURRENT_FLIP, SST_FLIP, WAL_TRUNCATE, WAL_TRUNCATE_AT_RECORD, SST_DELETE_NEWEST }

  enum Outcome { A_INTACT, B_REFUSED, C_CORRUPT_REPORTED }

  /** What one round did and how it ended; mattered: the node saw the damage (not a, or a shorter tree). */
  private record Result(int round, Damage damage, String what, boolean killed, Outcome outcome, boolean mattered) {}

  /** What the client knows: acknowledged leaf hashes by index, and every checkpoint note it was served. */
  private static final class Seen {
    final Map<Long, ByteString> acknowledged = new TreeMap<>();
    final List<String> notes = new ArrayList<>();

    Seen copy() {
      Seen s = new Seen();
      s.acknowledged.putAll(acknowledged);
      s.notes.addAll(notes);
      return s;
    }
  }

  @Test
  void damagedDataDirectory_startsWhole_refusesToStart_orReportsCorruption_neverLosesOrForks() throws Exception {
    Files.deleteIfExists(REPORT);
    Path base = work.resolve("base");
    Files.createDirectories(base);
    Seen baseSeen = new Seen();
    try (NodeProcess node = NodeProcess.start(base, START_SECONDS, QUICK_START)) {
      verifierKey = node.verifierKey;
      appendAndCollect(node, base, baseSeen, 150, 150, "base", new Random(SEED));
    }
    report(String.format("seed %d, %d rounds, base of %d acknowledged records", SEED, ROUNDS,
        baseSeen.acknowledged.size()));

    List<Result> results = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      Result r = round(round, base, baseSeen);
      report(String.format("round %d (%s, %s): %s; %s%s", round, r.damage(), r.killed() ? "SIGKILL" : "clean stop",
          r.what(), r.outcome(), r.mattered() ? "" : " (no visible change)"));
      results.add(r);
    }

    report("per class: rounds, changed what mattered, (a) intact, (b) refused, (c) corruption reported");
    Map<Damage, int[]> table = new EnumMap<>(Damage.class);
    for (Result r : results) {
      int[] row = table.computeIfAbsent(r.damage(), d -> new int[5]);
      row[0]++;
      row[1] += r.mattered() ? 1 : 0;
      row[2 + r.outcome().ordinal()]++;
    }
    for (Map.Entry<Damage, int[]> e : table.entrySet()) {
      int[] row = e.getValue();
      report(String.format("%-24s %3d %3d %3d %3d %3d", e.getKey(), row[0], row[1], row[2], row[3], row[4]));
    }
    assertTrue(results.stream().filter(Result::mattered).count() >= ROUNDS / 2,
        "at least half of the rounds damaged something the node had to notice; else the test proves little");
  }

  /** A line of the summary: to the test's output and to target/disk-damage.txt as it goes. */
  private static void report(String line) throws IOException {
    System.out.println("disk damage: " + line);
    Files.writeString(REPORT, line + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
  }

  private Result round(int round, Path base, Seen baseSeen) throws Exception {
    Random rnd = new Random(SEED * 1_000_003L + round);
    Damage damage = Damage.values()[round % Damage.values().length];
    boolean kill = round % 2 == 1;
    Path source = work.resolve("round-" + round + "/source");
    copyTree(base, source);
    Seen seen = baseSeen.copy();
    int toSend = 60 + rnd.nextInt(150);
    try (NodeProcess node = NodeProcess.start(source, START_SECONDS, QUICK_START)) {
      int ackedBeforeStop = kill ? toSend / 3 + rnd.nextInt(toSend / 2) : toSend;
      appendAndCollect(node, source, seen, toSend, ackedBeforeStop, "round " + round, rnd);
      if (kill) {
        node.kill();
      }
    }
    String signedNote = Files.readString(source.resolve("data").resolve(SignedCheckpointFile.NAME));

    // What the undamaged copy recovers to: a smaller tree after the damage means it was noticed.
    Path reference = work.resolve("round-" + round + "/reference");
    copyTree(source, reference);
    long referenceSize;
    try (LedgerStore store = LedgerStores.openRocksDb(reference.resolve("data/ledger"), false, n -> {})) {
      referenceSize = store.size();
    }
    deleteTree(reference);

    Path damaged = work.resolve("round-" + round + "/damaged");
    copyTree(source, damaged);
    String what = damage(damage, damaged.resolve("data/ledger"), rnd);
    String context = "round " + round + " (seed " + SEED + ", " + damage + ": " + what + ")";

    NodeProcess node;
    try {
      node = NodeProcess.start(damaged, START_SECONDS, QUICK_START);
    } catch (NodeProcess.DidNotStart refused) {
      String out = String.join("\n", refused.output);
      Checkpoint signed = CheckpointVerifier.verify(signedNote, null,
          List.of(NoteVerifier.parse(verifierKey)), 1).checkpoint();
      assertTrue(refused.exitCode > 0, context + ": refused with exit code " + refused.exitCode + "\n" + out);
      assertTrue(out.contains("this node signed a checkpoint of size " + signed.size() + " with root " + signed.root().hex()),
          context + ": the refusal names the signed size and root\n" + out);
      assertTrue(out.contains("To repair") && out.contains("re-seeded") && out.contains("baytrace reseed")
          && out.contains("backup"),
          context + ": the refusal says how to repair\n" + out);
      deleteTree(source);
      deleteTree(damaged);
      return new Result(round, damage, what, kill, Outcome.B_REFUSED, true);
    }
    boolean corruptReported;
    long startSize;
    try (node) {
      startSize = node.startSize();
      corruptReported = readBackAppendAndCheck(node, damaged, seen, context, rnd);
    }
    deleteTree(source);
    deleteTree(damaged);
    Outcome outcome = corruptReported ? Outcome.C_CORRUPT_REPORTED : Outcome.A_INTACT;
    return new Result(round, damage, what, kill, outcome, corruptReported || startSize != referenceSize);
  }

  /**
   * On the node started on the damaged copy: reads back every acknowledged entry, appends more,
   * and checks every checkpoint ever served in the round against every other. Returns whether
   * the node reported corruption (DATA_LOSS) anywhere; fails on anything silently wrong.
   */
  private boolean readBackAppendAndCheck(NodeProcess node, Path workDir, Seen seen, String context, Random rnd)
      throws Exception {
    boolean corrupt = false;
    ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", node.grpcPort).usePlaintext().build();
    try {
      var stub = LedgerServiceGrpc.newBlockingStub(ch);
      for (Map.Entry<Long, ByteString> e : seen.acknowledged.entrySet()) {
        try {
          ByteString got = stub.withDeadlineAfter(60, TimeUnit.SECONDS)
              .getEntry(GetEntryRequest.newBuilder().setIndex(e.getKey()).build()).getEntry().getLeafHash();
          assertEquals(e.getValue(), got, context + ": acknowledged entry " + e.getKey() + " is served with another leaf hash");
        } catch (StatusRuntimeException x) {
          corrupt |= expectCorruption(x, context + ": reading acknowledged entry " + e.getKey());
        }
      }
      try {
        note(stub, seen, context);
        if (!corrupt) {
          appendAndCollect(node, workDir, seen, 20, 20, context, rnd);
        }
      } catch (CorruptionReported x) {
        corrupt = true;
      } catch (StatusRuntimeException x) {
        corrupt |= expectCorruption(x, context + ": checkpoint after the restart");
      }
      String origin = seen.notes.get(0).split("\n", 2)[0];
      // One root per size; between sizes, a consistency proof from the node's own tree.
      NoteVerifier key = NoteVerifier.parse(node.verifierKey);
      List<Checkpoint> served = new ArrayList<>();
      for (String n : seen.notes) {
        served.add(CheckpointVerifier.verify(n, origin, List.of(key), 1).checkpoint());
      }
      served.sort(Comparator.comparingLong(Checkpoint::size));
      for (int i = 0; i < served.size(); i++) {
        for (int j = i + 1; j < served.size(); j++) {
          Checkpoint a = served.get(i);
          Checkpoint b = served.get(j);
          if (a.size() == b.size()) {
            assertEquals(a.root(), b.root(), context + ": two roots signed for size " + a.size());
            continue;
          }
          if (a.size() == 0) {
            continue; // every tree extends the empty one (RFC 9162 has no proof from size 0)
          }
          try {
            List<byte[]> proof = stub.withDeadlineAfter(60, TimeUnit.SECONDS).getConsistencyProof(
                GetConsistencyProofRequest.newBuilder().setFromSize(a.size()).setToSize(b.size()).build())
                .getProofList().stream().map(ByteString::toByteArray).toList();
            MerkleVerifier.verifyConsistency(a.size(), b.size(), a.root(), b.root(), proof);
          } catch (StatusRuntimeException x) {
            corrupt |= expectCorruption(x, context + ": consistency proof " + a.size() + " -> " + b.size());
          } catch (org.baytrace.ledger.verify.VerificationException x) {
            fail(context + ": checkpoints of sizes " + a.size() + " and " + b.size() + " are not consistent (a fork): "
                + x.getMessage());
          }
        }
      }
    } finally {
      ch.shutdownNow();
    }
    return corrupt;
  }

  /** The node's current checkpoint, added to what was served; returns its origin. */
  private static String note(LedgerServiceGrpc.LedgerServiceBlockingStub stub, Seen seen, String context) {
    String note = stub.withDeadlineAfter(60, TimeUnit.SECONDS).getCheckpoint(GetCheckpointRequest.getDefaultInstance()).getNote();
    seen.notes.add(note);
    return note.split("\n", 2)[0];
  }

  /** A read that failed: it must be a clear corruption report (DATA_LOSS, STORE_CORRUPT), nothing else. */
  private static boolean expectCorruption(StatusRuntimeException x, String what) {
    Status s = x.getStatus();
    if (s.getCode() != Status.Code.DATA_LOSS) {
      fail(what + " failed with " + s.getCode() + " (" + s.getDescription() + "), want DATA_LOSS (STORE_CORRUPT) or"
          + " the entry: an acknowledged record must never be silently missing");
    }
    return true;
  }

  private static final class CorruptionReported extends Exception {
    private static final long serialVersionUID = 1L;
  }

  /**
   * Streams {@code toSend} records and waits for {@code waitFor} acknowledgements, collecting
   * acknowledged leaf hashes and the node's checkpoints along the way (the node may be killed
   * right after with more in flight).
   */
  private static void appendAndCollect(NodeProcess node, Path workDir, Seen seen, int toSend, int waitFor, String tag,
      Random rnd) throws Exception {
    SigningKey author = KeyFiles.loadPrivate(workDir.resolve("data/node.key"));
    ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", node.grpcPort).usePlaintext().build();
    try {
      var stub = LedgerServiceGrpc.newBlockingStub(ch);
      String origin = note(stub, seen, tag);
      CountDownLatch enough = new CountDownLatch(waitFor);
      AtomicReference<String> failure = new AtomicReference<>();
      Map<Long, ByteString> acked = new java.util.concurrent.ConcurrentHashMap<>();
      StreamObserver<AppendRequest> requests = LedgerServiceGrpc.newStub(ch).append(new StreamObserver<>() {
        @Override
        public void onNext(AppendResponse resp) {
          if (resp.hasAppended()) {
            acked.put(resp.getAppended().getIndex(), resp.getAppended().getLeafHash());
          } else {
            failure.compareAndSet(null, resp.getError().getCode() + " " + resp.getError().getMessage());
          }
          enough.countDown();
        }

        @Override
        public void onError(Throwable t) {
          failure.compareAndSet(null, String.valueOf(t));
          while (enough.getCount() > 0) {
            enough.countDown();
          }
        }

        @Override
        public void onCompleted() {}
      });
      long nonce = rnd.nextLong();
      for (int i = 0; i < toSend; i++) {
        byte[] body = RecordBody.newBuilder().setOrigin(origin).setKind("test.DiskDamage")
            .addSubjects("urn:test:damage:" + rnd.nextInt(20)).setAuthorOrg("local")
            .setEventTimeUnixMillis(System.currentTimeMillis())
            .setNonce(ByteString.copyFrom((tag + " " + nonce + " " + i).getBytes(StandardCharsets.UTF_8))).build().toByteArray();
        requests.onNext(AppendRequest.newBuilder().setCorrelationId(i)
            .setSignedRecord(ByteString.copyFrom(Records.sign(body, author))).build());
        if (i == toSend / 2) {
          note(stub, seen, tag); // a checkpoint served while appends are in flight
        }
      }
      assertTrue(enough.await(180, TimeUnit.SECONDS), tag + ": acknowledgements did not arrive");
      String failed = failure.get();
      if (failed != null) {
        if (failed.startsWith(String.valueOf(com.google.rpc.Code.DATA_LOSS_VALUE)) || failed.contains("DATA_LOSS")) {
          throw new CorruptionReported();
        }
        fail(tag + ": an append failed: " + failed);
      }
      synchronized (seen) {
        seen.acknowledged.putAll(acked);
      }
      note(stub, seen, tag);
      if (waitFor == toSend) {
        requests.onCompleted();
      }
    } finally {
      ch.shutdownNow();
    }
  }

  /** Applies one damage to the RocksDB directory; returns what it did, for the report. */
  static String damage(Damage damage, Path ledger, Random rnd) throws IOException {
    switch (damage) {
      case WAL_FLIP -> {
        Path wal = newest(ledger, ".log");
        return wal == null ? "no WAL with data" : flip(wal, rnd);
      }
      case MANIFEST_FLIP -> {
        String current = Files.readString(ledger.resolve("CURRENT"), StandardCharsets.UTF_8).trim();
        return flip(ledger.resolve(current), rnd);
      }
      case CURRENT_FLIP -> {
        return flip(ledger.resolve("CURRENT"), rnd);
      }
      case SST_FLIP -> {
        List<Path> ssts = files(ledger, ".sst");
        return ssts.isEmpty() ? "no SST" : flip(ssts.get(rnd.nextInt(ssts.size())), rnd);
      }
      case WAL_TRUNCATE -> {
        Path wal = newest(ledger, ".log");
        if (wal == null) {
          return "no WAL with data";
        }
        long size = Files.size(wal);
        long at = (long) (rnd.nextDouble() * size);
        truncate(wal, at);
        return "truncated " + wal.getFileName() + " from " + size + " to " + at + " bytes";
      }
      case WAL_TRUNCATE_AT_RECORD -> {
        Path wal = newest(ledger, ".log");
        if (wal == null) {
          return "no WAL with data";
        }
        long size = Files.size(wal);
        List<Long> ends = recordEnds(Files.readAllBytes(wal)).stream().filter(e -> e < size).toList();
        long at = ends.isEmpty() ? 0 : ends.get(rnd.nextInt(ends.size()));
        truncate(wal, at);
        return "truncated " + wal.getFileName() + " from " + size + " to " + at + " bytes, the end of record "
            + (ends.indexOf(at) + 1) + " of " + (ends.size() + 1);
      }
      case SST_DELETE_NEWEST -> {
        Path sst = newest(ledger, ".sst");
        if (sst == null) {
          return "no SST";
        }
        Files.delete(sst);
        return "deleted " + sst.getFileName();
      }
      default -> throw new IllegalArgumentException(damage.toString());
    }
  }

  /**
   * Where the logical records of a RocksDB WAL end (log format: 32 KiB blocks, records with a
   * 7-byte header of CRC, 16-bit length and type; a FULL or LAST fragment ends a record; a block
   * tail shorter than a header is padding).
   */
  static List<Long> recordEnds(byte[] log) {
    List<Long> ends = new ArrayList<>();
    long pos = 0;
    while (pos + WAL_HEADER <= log.length) {
      int left = WAL_BLOCK - (int) (pos % WAL_BLOCK);
      if (left < WAL_HEADER) {
        pos += left;
        continue;
      }
      int p = (int) pos;
      int length = (log[p + 4] & 0xFF) | (log[p + 5] & 0xFF) << 8;
      int type = log[p + 6] & 0xFF;
      if (type == 0 && length == 0) {
        break; // preallocated zeros: the end of the data
      }
      long end = pos + WAL_HEADER + length;
      if (end > log.length) {
        break;
      }
      if (type == 1 || type == 4) {
        ends.add(end);
      }
      pos = end;
    }
    return ends;
  }

  private static String flip(Path file, Random rnd) throws IOException {
    long size = Files.size(file);
    if (size == 0) {
      return file.getFileName() + " is empty";
    }
    long at = (long) (rnd.nextDouble() * size);
    int mask = 1 + rnd.nextInt(255);
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ mask);
    }
    return "flipped byte " + at + " of " + size + " in " + file.getFileName() + " (xor 0x" + HexFormat.of().toHexDigits((byte) mask) + ")";
  }

  private static void truncate(Path file, long size) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(size);
    }
  }

  /** The file with the highest number among the non-empty ones ending in {@code suffix}. */
  private static Path newest(Path dir, String suffix) throws IOException {
    List<Path> all = files(dir, suffix).stream().filter(p -> {
      try {
        return Files.size(p) > 0;
      } catch (IOException e) {
        return false;
      }
    }).toList();
    return all.isEmpty() ? null : all.get(all.size() - 1);
  }

  private static List<Path> files(Path dir, String suffix) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (!p.getFileName().toString().equals("LOCK")) {
          Files.copy(p, target);
        }
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
