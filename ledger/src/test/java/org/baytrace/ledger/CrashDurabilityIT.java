package org.baytrace.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.baytrace.ledger.checkpoint.Checkpoint;
import org.baytrace.ledger.checkpoint.CheckpointVerifier;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.merkle.MerkleVerifier;
import org.baytrace.ledger.merkle.Rfc9162;
import org.baytrace.ledger.store.LedgerStores;
import org.baytrace.ledger.testing.ReferenceMerkle;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

/**
 * An acknowledged record survives kill -9 (DESIGN §4). A child JVM appends batches to a RocksDB
 * ledger and prints each acknowledged index and leaf hash and each batch's signed checkpoint; the
 * test kills it with SIGKILL at a random moment, reopens the store with full verification, and
 * checks that everything acknowledged is there, the tree verifies, and the recovered tree is
 * consistent with the last acknowledged checkpoint. Then a second child continues on the
 * recovered directory and is killed too.
 */
class CrashDurabilityIT {
  @TempDir Path tmp;

  /** What the child acknowledged before it died. */
  private record Acknowledged(Map<Long, String> leafHashes, String lastCheckpoint, int cutLines) {}

  @RepeatedTest(5)
  void killedWhileAppending_everyAcknowledgedRecordSurvivesAndTheTreeStaysConsistent() throws Exception {
    killTwiceAndCheck(CrashChild.class);
  }

  private void killTwiceAndCheck(Class<?> childClass) throws Exception {
    Path dir = tmp.resolve("ledger");
    long before = 0;
    for (String round : List.of("a", "b")) {
      long delay = ThreadLocalRandom.current().nextLong(300, 1501);
      Acknowledged acked = runAndKill(childClass, dir, round, delay);
      String context = "round " + round + ", killed " + delay + " ms after its first acknowledged batch, "
          + acked.leafHashes().size() + " records acknowledged";
      assertFalse(acked.leafHashes().isEmpty(), context + ": nothing was acknowledged; the test proves nothing");
      assertTrue(acked.cutLines() <= 1, context + ": only the last line may be cut by the kill");
      before = checkRecovered(dir, acked, before, context);
    }
  }

  private Acknowledged runAndKill(Class<?> childClass, Path dir, String round, long delayMillis) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        childClass.getName(), dir.toString(), round);
    pb.redirectError(tmp.resolve("child-" + round + ".err").toFile());
    Process child = pb.start();
    // The random delay starts at the first acknowledged batch, so that every run has something to lose.
    CountDownLatch firstBatch = new CountDownLatch(1);
    List<String> lines = new ArrayList<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          synchronized (lines) {
            lines.add(line);
          }
          if (line.startsWith("CP ") && line.endsWith(" $")) {
            firstBatch.countDown();
          }
        }
      } catch (IOException e) {
        // the pipe broke because the child was killed: what was read is what was acknowledged
      }
    }, "crash-child-stdout");
    reader.start();
    try {
      if (!firstBatch.await(120, TimeUnit.SECONDS)) {
        throw new AssertionError("child acknowledged no batch; stderr: " + Files.readString(tmp.resolve("child-" + round + ".err")));
      }
      Thread.sleep(delayMillis); // the kill lands at a random moment of the appends
      assertTrue(child.isAlive(), "child ended by itself; stderr: " + Files.readString(tmp.resolve("child-" + round + ".err")));
    } finally {
      child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no RocksDB close
      child.waitFor(60, TimeUnit.SECONDS);
      reader.join(60_000);
    }
    assertEquals(137, child.exitValue(), "killed by SIGKILL (128 + 9)");

    Map<Long, String> leafHashes = new TreeMap<>();
    // A batch's lines count once its CP line, which ends its block, arrived: a block longer than
    // a pipe's atomic write can be cut by the kill after some of its ACK lines.
    Map<Long, String> batchInPrint = new TreeMap<>();
    String lastCheckpoint = null;
    int cut = 0;
    synchronized (lines) {
      for (String line : lines) {
        if (!line.endsWith(" $")) {
          cut++;
          continue;
        }
        String[] f = line.split(" ");
        if (f[0].equals("ACK")) {
          batchInPrint.put(Long.parseLong(f[1]), f[2]);
        } else if (f[0].equals("CP")) {
          for (Map.Entry<Long, String> a : batchInPrint.entrySet()) {
            String earlier = leafHashes.put(a.getKey(), a.getValue());
            assertTrue(earlier == null || earlier.equals(a.getValue()), "index " + a.getKey() + " acknowledged with two leaf hashes");
          }
          batchInPrint.clear();
          // The last checkpoint is the largest.
          String note = new String(Base64.getDecoder().decode(f[1]), StandardCharsets.UTF_8);
          if (lastCheckpoint == null || noteSize(note) > noteSize(lastCheckpoint)) {
            lastCheckpoint = note;
          }
        }
      }
    }
    return new Acknowledged(leafHashes, lastCheckpoint, cut);
  }

  /** The tree size on a checkpoint note's second line (C2SP: origin, size, root). */
  private static long noteSize(String note) {
    return Long.parseLong(note.split("\n", 3)[1]);
  }

  /** Reopens with full verification and checks the recovered store; returns its size. */
  private long checkRecovered(Path dir, Acknowledged acked, long sizeBefore, String context) throws Exception {
    try (LedgerStore store = LedgerStores.openRocksDb(dir)) { // verifyAll: re-hashes every entry
      TreeHead head = store.head();
      long maxAcked = acked.leafHashes().keySet().stream().mapToLong(Long::longValue).max().orElse(-1);
      assertTrue(head.size() > maxAcked, context + ": recovered size " + head.size() + ", acknowledged up to " + maxAcked);
      assertTrue(head.size() >= sizeBefore, context + ": the log shrank");

      List<Hash32> leaves = new ArrayList<>();
      for (long i = 0; i < head.size(); i++) {
        StoredEntry e = store.entry(i);
        assertEquals(Rfc9162.leafHash(e.leaf()), e.leafHash());
        leaves.add(ReferenceMerkle.leafHash(e.leaf()));
      }
      for (Map.Entry<Long, String> a : acked.leafHashes().entrySet()) {
        assertEquals(a.getValue(), leaves.get(a.getKey().intValue()).hex(), context + ": leaf hash of acknowledged entry " + a.getKey());
      }
      assertEquals(ReferenceMerkle.root(leaves), head.root(), context + ": recovered tree head");

      // The last acknowledged checkpoint: still validly signed, stored as it was, and a prefix of the recovered tree.
      assertTrue(acked.lastCheckpoint() != null, context + ": no checkpoint acknowledged");
      Checkpoint old = CheckpointVerifier.verify(acked.lastCheckpoint(), TestRecords.ORIGIN,
          List.of(CrashChild.NODE.verifier()), 1).checkpoint();
      assertEquals(maxAcked + 1, old.size(), context + ": the last checkpoint covers the last acknowledged batch");
      assertEquals(acked.lastCheckpoint(), store.checkpoint(old.size()).orElseThrow(), context);
      MerkleVerifier.verifyConsistency(old.size(), head.size(), old.root(), head.root(),
          store.consistencyProof(old.size(), head.size()).stream().map(Hash32::toByteArray).toList());
      for (long index : acked.leafHashes().keySet()) {
        MerkleVerifier.verifyInclusion(index, old.size(), leaves.get((int) index),
            store.inclusionProof(index, old.size()).stream().map(Hash32::toByteArray).toList(), old.root());
      }

      // The checkpoint of the recovered head was written with its batch: it is there and signs this tree.
      Checkpoint latest = CheckpointVerifier.verify(store.latestCheckpoint().orElseThrow(), TestRecords.ORIGIN,
          List.of(CrashChild.NODE.verifier()), 1).checkpoint();
      assertEquals(new TreeHead(latest.size(), latest.root()), head, context + ": latest checkpoint");

      // Subject chains survived too.
      SubjectChain.verify("lot-3", store.subjectHistory("lot-3", 0, Integer.MAX_VALUE).stream().map(StoredEntry::leaf).toList());
      return head.size();
    }
  }
}
