package org.baytrace.ledger.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.crypto.Sha256;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.merkle.NodeId;
import org.baytrace.ledger.merkle.Rfc9162;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.rocksdb.RocksDBException;

/**
 * Bytes changed on disk behind the ledger's back (DESIGN §4): the store reports STORE_CORRUPT with
 * the index at start-up, or at the latest when the entry is read, and never serves the bad bytes.
 */
class RocksDbTamperTest {
  private static final int SIZE = 40;

  @TempDir Path dir;

  @BeforeEach
  void writeAStoreAndCloseIt() {
    try (LedgerStore store = LedgerStore.openRocksDb(dir)) {
      for (int start = 0; start < SIZE; start += 8) {
        List<PendingRecord> batch = new ArrayList<>();
        for (int i = start; i < start + 8; i++) {
          byte[] bytes = ("record " + i + " with some content to tamper with").getBytes(StandardCharsets.UTF_8);
          batch.add(new PendingRecord(bytes, Sha256.hash(bytes), List.of("subject-" + (i % 3))));
        }
        store.append(batch, 1_000L + start, null);
      }
    }
  }

  private static LedgerException assertCorrupt(Runnable call, String wantInMessage) {
    LedgerException e = assertThrows(LedgerException.class, call::run);
    assertEquals(LedgerError.STORE_CORRUPT, e.error(), e::toString);
    assertTrue(e.getMessage().contains(wantInMessage), () -> "message \"" + e.getMessage() + "\" should contain \"" + wantInMessage + "\"");
    return e;
  }

  private int storedEntryLength(long index) throws RocksDBException {
    try (RawRocks raw = new RawRocks(dir)) {
      return raw.get(Column.ENTRIES, RawRocks.indexKey(index)).length;
    }
  }

  @ParameterizedTest(name = "entry {0}, byte {1}")
  @CsvSource({"0, 0", "0, last", "17, 0", "17, 1", "17, middle", "17, last", "39, middle", "39, last"})
  void flippedByteInStoredEntry_reopen_isStoreCorruptNamingTheIndex(long index, String where) throws RocksDBException {
    int length = storedEntryLength(index);
    int position = switch (where) {
      case "last" -> length - 1;
      case "middle" -> length / 2;
      default -> Integer.parseInt(where);
    };
    try (RawRocks raw = new RawRocks(dir)) {
      raw.flip(Column.ENTRIES, RawRocks.indexKey(index), position, 0x01);
    }
    assertCorrupt(() -> LedgerStore.openRocksDb(dir).close(), "index " + index);
  }

  @Test
  void flippedByteInStoredEntry_openWithoutFullVerification_isCaughtWhenTheEntryIsRead() throws RocksDBException {
    try (RawRocks raw = new RawRocks(dir)) {
      raw.flip(Column.ENTRIES, RawRocks.indexKey(17), 30, 0x80);
    }
    try (LedgerStore store = LedgerStore.openRocksDb(dir, false, n -> {})) {
      assertEquals(SIZE, store.size());
      assertCorrupt(() -> store.entry(17), "entry 17");
      assertCorrupt(() -> store.subjectHistory("subject-" + (17 % 3), 0, 100), "entry 17");
      assertCorrupt(() -> store.verifyAll(n -> {}), "index 17");
      store.entry(16);
      store.entry(18);
    }
  }

  @Test
  void deletedEntry_reopen_isStoreCorruptNamingTheIndex() throws RocksDBException {
    try (RawRocks raw = new RawRocks(dir)) {
      raw.delete(Column.ENTRIES, RawRocks.indexKey(23));
    }
    assertCorrupt(() -> LedgerStore.openRocksDb(dir).close(), "index 23");
  }

  @Test
  void deletedLastEntry_reopen_isStoreCorruptNamingTheIndex() throws RocksDBException {
    try (RawRocks raw = new RawRocks(dir)) {
      raw.delete(Column.ENTRIES, RawRocks.indexKey(SIZE - 1));
    }
    assertCorrupt(() -> LedgerStore.openRocksDb(dir).close(), "index " + (SIZE - 1));
  }

  @Test
  void storeOfAnEarlierFormat_isRefusedWithTheFormatThisBuildReads_andLeftAsItWas() throws RocksDBException {
    byte[] earlier = "baytrace-ledger-store/2".getBytes(StandardCharsets.UTF_8);
    try (RawRocks raw = new RawRocks(dir)) {
      raw.put(Column.META, "format".getBytes(StandardCharsets.UTF_8), earlier);
    }
    LedgerException e = assertCorrupt(() -> LedgerStore.openRocksDb(dir).close(), "unknown store format baytrace-ledger-store/2");
    assertTrue(e.getMessage().contains("this build reads baytrace-ledger-store/3"), e::getMessage);
    try (RawRocks raw = new RawRocks(dir)) {
      assertArrayEquals(earlier, raw.get(Column.META, "format".getBytes(StandardCharsets.UTF_8)), "the refused store is not rewritten");
      assertEquals(SIZE, ByteBuffer.wrap(raw.get(Column.META, "tree-head".getBytes(StandardCharsets.UTF_8))).getLong(),
          "its entries are still there");
    }
  }

  @Test
  void entryReplacedWithItsLeafHashUpdatedToo_reopen_isCaughtByTheParentSubtreeHash() throws RocksDBException {
    try (RawRocks raw = new RawRocks(dir)) {
      byte[] key = RawRocks.indexKey(17);
      byte[] leaf = raw.get(Column.ENTRIES, key);
      leaf[leaf.length - 1] ^= 0x01;
      raw.put(Column.ENTRIES, key, leaf);
      raw.put(Column.TREE, nodeKey(0, 17), Rfc9162.leafHash(leaf).toByteArray());
    }
    // Leaves 16 and 17 form the level-1 subtree that starts at leaf 16.
    assertCorrupt(() -> LedgerStore.openRocksDb(dir).close(), "index 16");
  }

  @ParameterizedTest(name = "level {0} node {1}")
  @CsvSource({"0, 17, index 17", "1, 8, index 16", "3, 2, index 16", "4, 1, index 16", "2, 0, index 0"})
  void flippedSubtreeHash_reopen_isStoreCorruptNamingItsFirstLeaf(int level, long node, String want)
      throws RocksDBException {
    try (RawRocks raw = new RawRocks(dir)) {
      raw.flip(Column.TREE, nodeKey(level, node), 5, 0x04);
    }
    assertCorrupt(() -> LedgerStore.openRocksDb(dir).close(), want);
  }

  @Test
  void flippedFrontierSubtreeHash_reopen_isStoreCorruptAgainstTheTreeHeadEvenWithoutFullVerification()
      throws RocksDBException {
    // Size 40 = 32 + 8: the level-5 node over leaves 0..31 is on the right edge the store reloads.
    try (RawRocks raw = new RawRocks(dir)) {
      raw.flip(Column.TREE, nodeKey(5, 0), 0, 0x01);
    }
    assertCorrupt(() -> LedgerStore.openRocksDb(dir, false, n -> {}).close(), "does not match the stored subtree hashes");
  }

  @Test
  void flippedRootInStoredTreeHead_reopen_isStoreCorruptEvenWithoutFullVerification() throws RocksDBException {
    try (RawRocks raw = new RawRocks(dir)) {
      raw.flip(Column.META, "tree-head".getBytes(StandardCharsets.UTF_8), 8 + 3, 0x10);
    }
    assertCorrupt(() -> LedgerStore.openRocksDb(dir, false, n -> {}).close(), "tree head");
  }

  @Test
  void storedTreeHeadClaimingMoreEntries_reopen_isStoreCorrupt() throws RocksDBException {
    try (RawRocks raw = new RawRocks(dir)) {
      byte[] key = "tree-head".getBytes(StandardCharsets.UTF_8);
      byte[] head = raw.get(Column.META, key);
      ByteBuffer.wrap(head).putLong(0, SIZE + 1);
      raw.put(Column.META, key, head);
    }
    assertCorrupt(() -> LedgerStore.openRocksDb(dir, false, n -> {}).close(), "size " + (SIZE + 1));
  }

  @Test
  void unknownStoreFormat_reopen_isStoreCorrupt() throws RocksDBException {
    try (RawRocks raw = new RawRocks(dir)) {
      raw.put(Column.META, "format".getBytes(StandardCharsets.UTF_8), "baytrace-ledger-store/9".getBytes(StandardCharsets.UTF_8));
    }
    assertCorrupt(() -> LedgerStore.openRocksDb(dir).close(), "format");
  }

  // Subjects subject-0, -1, -2 name entries i % 3: their last entries are 39, 37 and 38.

  @ParameterizedTest(name = "byte {0}")
  @ValueSource(ints = {0, 7, 8, 39})
  void flippedSubjectHeadRow_reopen_isStoreCorruptNamingTheSubjectsLastIndex(int position) throws RocksDBException {
    try (RawRocks raw = new RawRocks(dir)) {
      raw.flip(Column.HEADS, utf8("subject-1"), position, 0x01);
    }
    assertCorrupt(() -> LedgerStore.openRocksDb(dir).close(), "index 37");
  }

  @Test
  void subjectHeadRowPointingToAnEarlierEntry_reopen_isStoreCorrupt() throws RocksDBException {
    try (RawRocks raw = new RawRocks(dir)) {
      byte[] earlier = raw.get(Column.SUBJECTS, KvLedgerStore.subjectKey("subject-2", 35));
      raw.put(Column.HEADS, utf8("subject-2"), KvLedgerStore.headValue(35, Hash32.of(earlier)));
    }
    LedgerException e = assertCorrupt(() -> LedgerStore.openRocksDb(dir).close(), "index 38");
    assertTrue(e.getMessage().contains("subject-2"), e::getMessage);
  }

  @Test
  void deletedSubjectHeadRow_reopen_isStoreCorrupt() throws RocksDBException {
    try (RawRocks raw = new RawRocks(dir)) {
      raw.delete(Column.HEADS, utf8("subject-0"));
    }
    assertCorrupt(() -> LedgerStore.openRocksDb(dir).close(), "index 39");
  }

  @Test
  void subjectHeadRowWithoutSubjectRows_reopen_isStoreCorrupt() throws RocksDBException {
    try (RawRocks raw = new RawRocks(dir)) {
      raw.put(Column.HEADS, utf8("never-named"), KvLedgerStore.headValue(12, Hash32.of(new byte[32])));
    }
    assertCorrupt(() -> LedgerStore.openRocksDb(dir).close(), "never-named");
  }

  @Test
  void subjectRowsAndHeadBothRewritten_reopen_isCaughtAgainstTheTree() throws RocksDBException {
    Hash32 forged = Sha256.hash(utf8("forged"));
    try (RawRocks raw = new RawRocks(dir)) {
      raw.put(Column.SUBJECTS, KvLedgerStore.subjectKey("subject-1", 37), forged.toByteArray());
      raw.put(Column.HEADS, utf8("subject-1"), KvLedgerStore.headValue(37, forged));
    }
    assertCorrupt(() -> LedgerStore.openRocksDb(dir).close(), "index 37");
  }

  @Test
  void storeOfFormat1WithoutHeadRows_reopen_isRefused() throws RocksDBException {
    try (RawRocks raw = new RawRocks(dir)) {
      raw.put(Column.META, utf8("format"), utf8("baytrace-ledger-store/1"));
    }
    assertCorrupt(() -> LedgerStore.openRocksDb(dir, false, n -> {}).close(), "baytrace-ledger-store/1");
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 7, 12})
  void untouchedStore_reopen_verifiesAndServesEveryEntry(int unused) {
    try (LedgerStore store = LedgerStore.openRocksDb(dir)) {
      assertEquals(SIZE, store.size());
      for (long i = 0; i < SIZE; i++) {
        Hash32 h = store.entry(i).leafHash();
        assertEquals(Rfc9162.leafHash(store.entry(i).leaf()), h);
      }
    }
  }

  private static byte[] nodeKey(int level, long index) {
    return KvLedgerStore.nodeKey(new NodeId(level, index));
  }
}
