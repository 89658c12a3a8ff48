package org.baytrace.ledger.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.baytrace.ledger.LedgerStore;
import org.baytrace.ledger.PendingRecord;
import org.baytrace.ledger.StorageStats;
import org.baytrace.ledger.TreeHead;
import org.baytrace.ledger.crypto.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-level compression: a store written uncompressed by an earlier build opens, verifies and
 * reads the same under this build, and a full compaction gives it this build's compression,
 * shrinking it without changing a byte of what it serves.
 */
class StoreCompressionTest {
  private static final int SIZE = 20_000;

  @TempDir Path dir;

  @Test
  void anUncompressedStore_opensVerifiesAndShrinksWhenCompacted_servingTheSameEntries() throws Exception {
    TreeHead head;
    try (LedgerStore store = LedgerStores.openRocksDb(dir)) {
      Random random = new Random(7);
      for (int start = 0; start < SIZE; start += 1000) {
        List<PendingRecord> batch = new ArrayList<>();
        for (int i = start; i < start + 1000; i++) {
          batch.add(benchLike(i, random));
        }
        StoreAppends.append(store, batch, 1_764_000_000_000L + start, null);
      }
      head = store.head();
    }
    RawRocks.rewriteUncompressed(dir);
    long uncompressed;
    byte[] entry;
    try (LedgerStore store = LedgerStores.openRocksDb(dir)) {
      assertEquals(head, store.head());
      store.verifyAll(n -> {});
      uncompressed = sstBytes(store);
      entry = store.entry(SIZE / 2).leaf();
      store.compact(part -> {});
      long compressed = sstBytes(store);
      // Hashes, signatures and nonces do not compress; the repeated text of the records does.
      assertTrue(compressed < 0.8 * uncompressed, "compacted to " + compressed + " of " + uncompressed + " bytes");
      store.verifyAll(n -> {});
      assertArrayEquals(entry, store.entry(SIZE / 2).leaf());
    }
    try (LedgerStore store = LedgerStores.openRocksDb(dir)) {
      assertEquals(head, store.head());
      assertArrayEquals(entry, store.entry(SIZE / 2).leaf());
      assertEquals(SIZE / 1000, store.subjectHistory("urn:baytrace:bench:subject:7", 0, SIZE).size());
    }
  }

  /** About what `baytrace bench` sends: a body of repeated text and a 64-byte signature. */
  private static PendingRecord benchLike(int i, Random random) {
    byte[] signature = new byte[64];
    random.nextBytes(signature);
    String body = "origin=baytrace.local/ledger kind=bench.Sample author=local subject=urn:baytrace:bench:subject:"
        + (i % 1000) + " content-type=application/json content={\"bench\":" + i + ",\"temperatureC\":" + (i % 40 - 20)
        + "} nonce=" + Long.toHexString(random.nextLong()) + ":" + i + " signature=";
    byte[] text = body.getBytes(StandardCharsets.UTF_8);
    byte[] bytes = new byte[text.length + signature.length];
    System.arraycopy(text, 0, bytes, 0, text.length);
    System.arraycopy(signature, 0, bytes, text.length, signature.length);
    return new PendingRecord(bytes, Sha256.hash(bytes), List.of("urn:baytrace:bench:subject:" + (i % 1000)));
  }

  private static long sstBytes(LedgerStore store) {
    return store.storageStats().families().stream().mapToLong(StorageStats.Family::sstBytes).sum();
  }
}
