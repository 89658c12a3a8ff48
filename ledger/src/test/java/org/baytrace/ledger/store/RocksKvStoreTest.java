package org.baytrace.ledger.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDBException;

/**
 * {@link RocksKvStore} builds each write as a serialised RocksDB WriteBatch in Java; these tests
 * read back what real RocksDB stored, across a reopen, for the shapes the encoding must get right.
 */
class RocksKvStoreTest {
  @TempDir Path dir;

  private static byte[] filled(int length, int seed) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) (seed + 31 * i);
    }
    return b;
  }

  @Test
  void write_keysAndValuesOfEveryVarintLength_readBackExactly() {
    int[] lengths = {0, 1, 127, 128, 129, 16_383, 16_384, 300_000};
    KvBatch batch = new KvBatch();
    List<byte[]> keys = new ArrayList<>();
    List<byte[]> values = new ArrayList<>();
    for (int i = 0; i < lengths.length; i++) {
      byte[] key = filled(Math.max(1, lengths[i]), i);
      byte[] value = filled(lengths[lengths.length - 1 - i], 100 + i);
      keys.add(key);
      values.add(value);
      batch.put(Column.ENTRIES, key, value);
      batch.put(Column.META, key, value);
    }
    try (RocksKvStore kv = new RocksKvStore(dir)) {
      kv.write(batch);
    }
    try (RocksKvStore kv = new RocksKvStore(dir)) {
      for (int i = 0; i < keys.size(); i++) {
        assertArrayEquals(values.get(i), kv.get(Column.ENTRIES, keys.get(i)), "entries, key length " + keys.get(i).length);
        assertArrayEquals(values.get(i), kv.get(Column.META, keys.get(i)), "meta, key length " + keys.get(i).length);
        assertNull(kv.get(Column.TREE, keys.get(i)), "nothing in another column family");
      }
    }
  }

  @Test
  void write_sameKeyTwiceInABatch_lastPutWins() {
    byte[] key = "k".getBytes(StandardCharsets.UTF_8);
    KvBatch batch = new KvBatch();
    batch.put(Column.DEDUP, key, "first".getBytes(StandardCharsets.UTF_8));
    batch.put(Column.DEDUP, "a".getBytes(StandardCharsets.UTF_8), "other".getBytes(StandardCharsets.UTF_8));
    batch.put(Column.DEDUP, key, "second".getBytes(StandardCharsets.UTF_8));
    batch.put(Column.DEDUP, "z".getBytes(StandardCharsets.UTF_8), "other".getBytes(StandardCharsets.UTF_8));
    batch.put(Column.DEDUP, key, "third".getBytes(StandardCharsets.UTF_8));
    try (RocksKvStore kv = new RocksKvStore(dir)) {
      kv.write(batch);
      assertArrayEquals("third".getBytes(StandardCharsets.UTF_8), kv.get(Column.DEDUP, key));
    }
  }

  @Test
  void write_unsortedRandomKeys_scanInUnsignedOrder() {
    KvBatch batch = new KvBatch();
    List<byte[]> keys = new ArrayList<>();
    java.util.Random random = new java.util.Random(3);
    for (int i = 0; i < 2_000; i++) {
      byte[] key = new byte[8 + random.nextInt(33)];
      random.nextBytes(key);
      keys.add(key);
      batch.put(Column.DEDUP, key, key);
    }
    try (RocksKvStore kv = new RocksKvStore(dir)) {
      kv.write(batch);
      List<byte[]> scanned = new ArrayList<>();
      byte[] end = new byte[64];
      Arrays.fill(end, (byte) 0xFF);
      kv.scan(Column.DEDUP, new byte[0], end, (k, v) -> {
        assertArrayEquals(k, v);
        return scanned.add(k);
      });
      List<byte[]> want = keys.stream().sorted(Arrays::compareUnsigned).toList(); // random keys: no repeats
      assertEquals(want.size(), scanned.size());
      for (int i = 0; i < want.size(); i++) {
        assertArrayEquals(want.get(i), scanned.get(i), "key " + i);
      }
    }
  }

  @Test
  void multiGet_returnsValuesInKeyOrderWithNullForAbsentKeys() {
    KvBatch batch = new KvBatch();
    batch.put(Column.DEDUP, new byte[] {1}, new byte[] {11});
    batch.put(Column.DEDUP, new byte[] {3}, new byte[] {33});
    try (RocksKvStore kv = new RocksKvStore(dir)) {
      kv.write(batch);
      List<byte[]> got = kv.multiGet(Column.DEDUP, List.of(new byte[] {3}, new byte[] {2}, new byte[] {1}, new byte[] {3}));
      assertEquals(4, got.size());
      assertArrayEquals(new byte[] {33}, got.get(0));
      assertNull(got.get(1));
      assertArrayEquals(new byte[] {11}, got.get(2));
      assertArrayEquals(new byte[] {33}, got.get(3));
      assertEquals(List.of(), kv.multiGet(Column.DEDUP, List.of()));
    }
  }

  /**
   * Prefixes that differ only in their last byte, prefixes of 0xFF bytes (where "the next
   * prefix" does not exist) and prefixes with no key, with rows in a compacted last-level file,
   * in a level-0 file (flushed by a reopen) and in the memtable: RocksDB's prefix-filtered seeks
   * must answer exactly as a sorted map does, for keys after every row of a prefix, equal to a row
   * (strictly before: the row before it), between rows and before all of them.
   */
  @Test
  void lastBefore_answersLikeASortedMap_acrossLevelsAndMemtable() throws RocksDBException {
    List<byte[]> prefixes = new ArrayList<>();
    for (int last : new int[] {0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF}) {
      byte[] p = filled(16, 5);
      p[15] = (byte) last;
      prefixes.add(p);
    }
    byte[] allOnes = new byte[16];
    Arrays.fill(allOnes, (byte) 0xFF);
    prefixes.add(allOnes);
    byte[] endsInOnes = filled(16, 9);
    Arrays.fill(endsInOnes, 8, 16, (byte) 0xFF);
    prefixes.add(endsInOnes);
    java.util.TreeMap<byte[], byte[]> reference = new java.util.TreeMap<>(Arrays::compareUnsigned);
    java.util.Random random = new java.util.Random(11);
    try (RocksKvStore kv = new RocksKvStore(dir)) {
      kv.write(rows(prefixes, 0, 2, random, reference)); // prefixes 0, 2, 4, 6
    }
    try (RawRocks raw = new RawRocks(dir)) {
      raw.compactAll(); // the recovered rows, out of level 0
    }
    try (RocksKvStore kv = new RocksKvStore(dir)) {
      kv.write(rows(prefixes, 1, 3, random, reference)); // prefixes 1, 4, 7: a level-0 file after the reopen
    }
    List<byte[]> queries = new ArrayList<>();
    for (byte[] p : prefixes) {
      queries.add(withSuffix(p, -1L));
      queries.add(withSuffix(p, 0));
      queries.add(withSuffix(p, 1L << 40));
    }
    queries.addAll(reference.keySet());
    queries.add(filled(16, 77)); // a prefix with no rows, and a key of the prefix's length only
    try (RocksKvStore kv = new RocksKvStore(dir); MemoryKvStore memory = new MemoryKvStore()) {
      kv.write(rows(prefixes, 2, 3, random, reference)); // prefixes 2, 5: in the memtable
      memory.write(copyOf(reference));
      for (KvStore store : List.of(kv, memory)) {
        List<byte[][]> got = store.lastBefore(Column.SUBJECTS, queries);
        for (int i = 0; i < queries.size(); i++) {
          byte[] q = queries.get(i);
          java.util.Map.Entry<byte[], byte[]> want = reference.lowerEntry(q);
          String what = store + ", query " + i;
          if (want != null && Arrays.equals(want.getKey(), 0, 16, q, 0, 16)) {
            assertArrayEquals(want.getKey(), got.get(i)[0], what);
            assertArrayEquals(want.getValue(), got.get(i)[1], what);
          } else {
            assertNull(got.get(i), what + ": nothing of its prefix before it");
          }
        }
      }
    }
  }

  // Rows with 1..4 suffixes (8-byte indexes, the largest possible among them) for prefixes first, first + step, ...
  private static KvBatch rows(List<byte[]> prefixes, int first, int step, java.util.Random random,
      java.util.TreeMap<byte[], byte[]> reference) {
    KvBatch batch = new KvBatch();
    for (int i = first; i < prefixes.size(); i += step) {
      int n = 1 + random.nextInt(4);
      for (int k = 0; k < n; k++) {
        long index = k == 0 ? Long.MAX_VALUE : random.nextLong() & Long.MAX_VALUE;
        byte[] key = withSuffix(prefixes.get(i), index);
        byte[] value = filled(32, random.nextInt());
        batch.put(Column.SUBJECTS, key, value);
        reference.put(key, value);
      }
    }
    return batch;
  }

  private static KvBatch copyOf(java.util.TreeMap<byte[], byte[]> rows) {
    KvBatch batch = new KvBatch();
    rows.forEach((k, v) -> batch.put(Column.SUBJECTS, k, v));
    return batch;
  }

  private static byte[] withSuffix(byte[] prefix, long suffix) {
    byte[] key = Arrays.copyOf(prefix, prefix.length + 8);
    java.nio.ByteBuffer.wrap(key, prefix.length, 8).putLong(suffix);
    return key;
  }

  @Test
  void closeFromInsideAScan_isRefusedInsteadOfWaitingForItself() {
    KvBatch batch = new KvBatch();
    batch.put(Column.ENTRIES, new byte[] {1}, new byte[] {1});
    RocksKvStore kv = new RocksKvStore(dir);
    try {
      kv.write(batch);
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> kv.scan(Column.ENTRIES, new byte[0], new byte[] {2}, (k, v) -> {
            kv.close();
            return true;
          }));
      assertTrue(e.getMessage().contains("close called from inside a call to the store"), e::getMessage);
      assertArrayEquals(new byte[] {1}, kv.get(Column.ENTRIES, new byte[] {1}), "still open");
    } finally {
      kv.close();
    }
  }
}
