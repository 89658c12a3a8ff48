package org.baytrace.ledger.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.baytrace.ledger.LedgerStore;
import org.baytrace.ledger.PendingRecord;
import org.baytrace.ledger.StoredEntry;
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
    try (LedgerStore store = LedgerStores.openRocksDb(dir)) {
      for (int start = 0; start < SIZE; start += 8) {
        List<PendingRecord> batch = new ArrayList<>();
        for (int i = start; i < start + 8; i++) {
          byte[] bytes = ("record " + i + " with some content to tamper with").getBytes(StandardCharsets.UTF_8);
          batch.add(new PendingRecord(bytes, Sha256.hash(bytes), List.of("subject-" + (i % 3))));
        }
        StoreAppends.append(store, batch, 1_000L + start, null);
      }
      // As a start, a scrub or fsck would: opening without full verification trusts what lies below.
      store.verifyAll(n -> {});
      assertEquals(SIZE, store.verifiedSize());
    }
  }

  @Test
  void flippedByteInAnEntryAppendedSinceTheLastVerifiedSize_openWithoutFullVerification_isStoreCorrupt()
      throws RocksDBException {
    try (LedgerStore store = LedgerStores.openRocksDb(dir, false, n -> {})) {
      List<PendingRecord> batch = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        byte[] bytes = ("a later record " + i).getBytes(StandardCharsets.UTF_8);
        batch.add(new PendingRecord(bytes, Sha256.hash(bytes), List.of("subject-" + (i % 3))));
      }
      StoreAppends.append(store, batch, 5_000L, null);
      assertEquals(SIZE, store.verifiedSize(), "appends do not move the verified size");
    }
    try (RawRocks raw = new RawRocks(dir)) {
      raw.flip(Column.ENTRIES, RawRocks.indexKey(SIZE + 3), 5, 0x01);
    }
    assertCorrupt(() -> LedgerStores.openRocksDb(dir, false, n -> {}).close(), "index " + (SIZE + 3));
  }

  @Test
  void newestCheckpointWhoseRootIsNotTheStoredTrees_openWithoutFullVerification_isStoreCorrupt() throws RocksDBException {
    try (RawRocks raw = new RawRocks(dir)) {
      byte[] value = new byte[32 + 5];
      value[0] = 0x42; // a root no tree of this store has
      raw.put(Column.CHECKPOINTS, RawRocks.indexKey(20), value);
    }
    assertCorrupt(() -> LedgerStores.openRocksDb(dir, false, n -> {}).close(), "the newest signed checkpoint (size 20)");
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
    assertCorrupt(() -> LedgerStores.openRocksDb(dir).close(), "index " + index);
  }

  @Test
  void flippedByteInStoredEntry_openWithoutFullVerification_isCaughtWhenTheEntryIsRead() throws RocksDBException {
    try (RawRocks raw = new RawRocks(dir)) {
      raw.flip(Column.ENTRIES, RawRocks.indexKey(17), 30, 0x80);
    }
    try (LedgerStore store = LedgerStores.openRocksDb(dir, false, n -> {})) {
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
    assertCorrupt(() -> LedgerStores.openRocksDb(dir).close(), "index 23");
  }

  @Test
  void deletedLastEntry_reopen_isStoreCorruptNamingTheIndex() throws RocksDBException {
    try (RawRocks raw = new RawRocks(dir)) {
      raw.delete(Column.ENTRIES, RawRocks.indexKey(SIZE - 1));
    }
    assertCorrupt(() -> LedgerStores.openRocksDb(dir).close(), "index " + (SIZE - 1));
  }

  @Test
  void storeOfThePreviousFormat_isRefusedNamingTheMigration_andLeftAsItWas() throws RocksDBException {
    // Format 3 had a column family this build no longer has: RocksDB must still open the store
    // so that the ledger can say why it refuses it.
    byte[] earlier = "baytrace-ledger-store/3".getBytes(StandardCharsets.UTF_8);
    try (RawRocks raw = new RawRocks(dir)) {
      raw.put(Column.META, "format".getBytes(StandardCharsets.UTF_8), earlier);
      raw.addFamily("heads", utf8("subject-0"), new byte[40]);
    }
    LedgerException e = assertThrows(LedgerException.class, () -> LedgerStores.openRocksDb(dir).close());
    assertEquals(LedgerError.STORE_FORMAT_OLD, e.error(), e::toString);
    assertTrue(e.getMessage().contains("store format baytrace-ledger-store/3 is an older one; this build reads "
        + "baytrace-ledger-store/5: stop the node and run baytrace migrate --data DIR"), e::getMessage);
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
    assertCorrupt(() -> LedgerStores.openRocksDb(dir).close(), "index 16");
  }

  @ParameterizedTest(name = "level {0} node {1}")
  @CsvSource({"0, 17, index 17", "1, 8, index 16", "3, 2, index 16", "4, 1, index 16", "2, 0, index 0"})
  void flippedSubtreeHash_reopen_isStoreCorruptNamingItsFirstLeaf(int level, long node, String want)
      throws RocksDBException {
    try (RawRocks raw = new RawRocks(dir)) {
      raw.flip(Column.TREE, nodeKey(level, node), 5, 0x04);
    }
    assertCorrupt(() -> LedgerStores.openRocksDb(dir).close(), want);
  }

  @Test
  void flippedFrontierSubtreeHash_reopen_isStoreCorruptAgainstTheTreeHeadEvenWithoutFullVerification()
      throws RocksDBException {
    // Size 40 = 32 + 8: the level-5 node over leaves 0..31 is on the right edge the store reloads.
    try (RawRocks raw = new RawRocks(dir)) {
      raw.flip(Column.TREE, nodeKey(5, 0), 0, 0x01);
    }
    assertCorrupt(() -> LedgerStores.openRocksDb(dir, false, n -> {}).close(), "does not match the stored subtree hashes");
  }

  @Test
  void flippedRootInStoredTreeHead_reopen_isStoreCorruptEvenWithoutFullVerification() throws RocksDBException {
    try (RawRocks raw = new RawRocks(dir)) {
      raw.flip(Column.META, "tree-head".getBytes(StandardCharsets.UTF_8), 8 + 3, 0x10);
    }
    assertCorrupt(() -> LedgerStores.openRocksDb(dir, false, n -> {}).close(), "tree head");
  }

  @Test
  void storedTreeHeadClaimingMoreEntries_reopen_isStoreCorrupt() throws RocksDBException {
    try (RawRocks raw = new RawRocks(dir)) {
      byte[] key = "tree-head".getBytes(StandardCharsets.UTF_8);
      byte[] head = raw.get(Column.META, key);
      ByteBuffer.wrap(head).putLong(0, SIZE + 1);
      raw.put(Column.META, key, head);
    }
    assertCorrupt(() -> LedgerStores.openRocksDb(dir, false, n -> {}).close(), "size " + (SIZE + 1));
  }

  @Test
  void unknownStoreFormat_reopen_isStoreCorrupt() throws RocksDBException {
    try (RawRocks raw = new RawRocks(dir)) {
      raw.put(Column.META, "format".getBytes(StandardCharsets.UTF_8), "baytrace-ledger-store/9".getBytes(StandardCharsets.UTF_8));
    }
    assertCorrupt(() -> LedgerStores.openRocksDb(dir).close(), "format");
  }

  // Subjects subject-0, -1, -2 name entries i % 3: their last entries are 39, 37 and 38. An append
  // takes a subject's chain head from its last row, so full verification checks every row.

  @ParameterizedTest(name = "byte {0}")
  @ValueSource(ints = {0, 13, 31})
  void flippedSubjectRow_reopen_isStoreCorruptNamingItsIndex(int position) throws RocksDBException {
    try (RawRocks raw = new RawRocks(dir)) {
      raw.flip(Column.SUBJECTS, Keys.subjectKey("subject-1", 37), position, 0x01);
    }
    LedgerException e = assertCorrupt(() -> LedgerStores.openRocksDb(dir).close(), "index 37");
    assertTrue(e.getMessage().contains("subject-1"), e::getMessage);
  }

  @Test
  void deletedLastSubjectRow_reopen_isStoreCorrupt_soNoAppendLinksToTheEntryBefore() throws RocksDBException {
    try (RawRocks raw = new RawRocks(dir)) {
      raw.delete(Column.SUBJECTS, Keys.subjectKey("subject-2", 38));
    }
    LedgerException e = assertCorrupt(() -> LedgerStores.openRocksDb(dir).close(), "index 38");
    assertTrue(e.getMessage().contains("subject-2: row is missing"), e::getMessage);
  }

  @Test
  void subjectRowForASubjectTheEntryDoesNotLink_reopen_isStoreCorrupt() throws RocksDBException {
    try (RawRocks raw = new RawRocks(dir)) {
      byte[] leafHash = raw.get(Column.TREE, nodeKey(0, 12));
      raw.put(Column.SUBJECTS, Keys.subjectKey("never-named", 12), leafHash);
    }
    LedgerException e = assertCorrupt(() -> LedgerStores.openRocksDb(dir).close(), "index 12");
    assertTrue(e.getMessage().contains("names a subject the entry does not link"), e::getMessage);
  }

  @Test
  void subjectRowBeyondTheTree_reopen_isStoreCorrupt() throws RocksDBException {
    try (RawRocks raw = new RawRocks(dir)) {
      raw.put(Column.SUBJECTS, Keys.subjectKey("subject-2", SIZE + 5), new byte[32]);
    }
    assertCorrupt(() -> LedgerStores.openRocksDb(dir).close(), "beyond the tree size " + SIZE);
  }

  @Test
  void subjectRowWithAnIndexAbove2To63_isRefusedAtOpen_andByAnAppendThatWouldLinkToIt() throws RocksDBException {
    // Such a key sorts after every real row of the subject, so a seek for its head would find it.
    try (RawRocks raw = new RawRocks(dir)) {
      raw.put(Column.SUBJECTS, Keys.subjectKey("subject-1", Long.MIN_VALUE), new byte[32]);
    }
    assertCorrupt(() -> LedgerStores.openRocksDb(dir).close(), "malformed subject row key");
    try (LedgerStore store = LedgerStores.openRocksDb(dir, false, n -> {})) {
      byte[] bytes = utf8("a record naming subject-1");
      assertCorrupt(() -> StoreAppends.append(store, List.of(new PendingRecord(bytes, Sha256.hash(bytes), List.of("subject-1"))), 2_000L, null),
          "index below 2^63");
      assertEquals(SIZE, store.size(), "nothing appended");
    }
  }

  @Test
  void subjectRowMovedToAnotherSubjectsEntry_historyRead_isStoreCorrupt() throws RocksDBException {
    // Entry 12 links subject-0 only; a row filing it under subject-1 is refused when read.
    try (RawRocks raw = new RawRocks(dir)) {
      byte[] leafHash = raw.get(Column.TREE, nodeKey(0, 12));
      raw.put(Column.SUBJECTS, Keys.subjectKey("subject-1", 12), leafHash);
    }
    try (LedgerStore store = LedgerStores.openRocksDb(dir, false, n -> {})) {
      assertCorrupt(() -> store.subjectHistory("subject-1", 0, 100), "index 12");
      assertEquals(List.of(0L, 3L, 6L, 9L, 12L, 15L),
          store.subjectHistory("subject-0", 0, 6).stream().map(StoredEntry::index).toList(),
          "the other subject's history is untouched");
      // Full verification finds the chain of subject-1 broken where entry 13 follows the stray row.
      assertCorrupt(() -> store.verifyAll(n -> {}), "index 13: subject subject-1: the entry links to previous leaf hash");
    }
  }

  @Test
  void forkedChain_withEveryRowInPlace_reopen_isStoreCorruptNamingTheEntryThatForks() throws RocksDBException {
    // Hide subject-0's last row (entry 39), append an entry naming subject-0 (it links to 36,
    // the head it can see), put the row back: every row is present and holds its entry's leaf
    // hash, but entry 40 and entry 39 both follow entry 36.
    byte[] lastRow;
    try (RawRocks raw = new RawRocks(dir)) {
      lastRow = raw.get(Column.SUBJECTS, Keys.subjectKey("subject-0", 39));
      raw.delete(Column.SUBJECTS, Keys.subjectKey("subject-0", 39));
    }
    try (LedgerStore store = LedgerStores.openRocksDb(dir, false, n -> {})) {
      byte[] bytes = utf8("a record after the hidden row");
      assertEquals(SIZE, StoreAppends.append(store, List.of(new PendingRecord(bytes, Sha256.hash(bytes), List.of("subject-0"))), 2_000L, null)
          .get(0).index());
    }
    try (RawRocks raw = new RawRocks(dir)) {
      raw.put(Column.SUBJECTS, Keys.subjectKey("subject-0", 39), lastRow);
    }
    LedgerException e = assertCorrupt(() -> LedgerStores.openRocksDb(dir).close(), "index " + SIZE + ": subject subject-0");
    assertTrue(e.getMessage().contains("its previous entry, 39, has leaf hash " + HexFormat.of().formatHex(lastRow)), e::getMessage);
  }

  @Test
  void storeOfFormat1WithoutHeadRows_reopen_isRefused() throws RocksDBException {
    try (RawRocks raw = new RawRocks(dir)) {
      raw.put(Column.META, utf8("format"), utf8("baytrace-ledger-store/1"));
    }
    assertCorrupt(() -> LedgerStores.openRocksDb(dir, false, n -> {}).close(), "baytrace-ledger-store/1");
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 7, 12})
  void untouchedStore_reopen_verifiesAndServesEveryEntry(int unused) {
    try (LedgerStore store = LedgerStores.openRocksDb(dir)) {
      assertEquals(SIZE, store.size());
      for (long i = 0; i < SIZE; i++) {
        Hash32 h = store.entry(i).leafHash();
        assertEquals(Rfc9162.leafHash(store.entry(i).leaf()), h);
      }
    }
  }

  private static byte[] nodeKey(int level, long index) {
    return Keys.nodeKey(new NodeId(level, index));
  }
}
