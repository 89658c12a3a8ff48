package org.baytrace.ledger.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.baytrace.api.ledger.v1.LogEntry;
import org.baytrace.api.ledger.v1.SubjectLink;
import org.baytrace.ledger.Appended;
import org.baytrace.ledger.LedgerStore;
import org.baytrace.ledger.PendingRecord;
import org.baytrace.ledger.StoredEntry;
import org.baytrace.ledger.TreeHead;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.crypto.Sha256;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code baytrace migrate}'s conversion of a store written in the previous format (3: subject
 * rows keyed by the subject's text, head rows in a {@code heads} family) to the current one:
 * same entries, tree and histories, and appends continue every subject's chain.
 */
class StoreMigrationTest {
  private static final int SIZE = 300;
  private static final byte[] FORMAT = utf8("format");

  @TempDir Path dir;
  private TreeHead head;
  private final Map<String, List<Long>> histories = new LinkedHashMap<>();

  @BeforeEach
  void writeAStoreOfFormat3() throws Exception {
    try (LedgerStore store = LedgerStores.openRocksDb(dir)) {
      for (int start = 0; start < SIZE; start += 50) {
        List<PendingRecord> batch = new ArrayList<>();
        for (int i = start; i < start + 50; i++) {
          byte[] bytes = utf8("record " + i);
          // Some records name two subjects (a hand-over), some a subject of non-ASCII text.
          List<String> subjects = i % 7 == 0 ? List.of("lot-" + (i % 11), "容器-" + (i % 5)) : List.of("lot-" + (i % 11));
          batch.add(new PendingRecord(bytes, Sha256.hash(bytes), subjects));
        }
        StoreAppends.append(store, batch, 1_000L + start, null);
      }
      head = store.head();
      for (String s : subjects()) {
        histories.put(s, store.subjectHistory(s, 0, SIZE).stream().map(StoredEntry::index).toList());
      }
    }
    FormatThree.rewrite(dir);
  }

  private static List<String> subjects() {
    List<String> all = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      all.add("lot-" + i);
    }
    for (int i = 0; i < 5; i++) {
      all.add("容器-" + i);
    }
    return all;
  }

  @Test
  void storeOfFormat3_isRefusedByANode_untilMigrated() {
    LedgerException e = assertThrows(LedgerException.class, () -> LedgerStores.openRocksDb(dir, false, n -> {}).close());
    assertEquals(LedgerError.STORE_FORMAT_OLD, e.error(), e::toString);
    assertTrue(e.getMessage().contains("run baytrace migrate"), e::getMessage);
  }

  @Test
  void migrate_format3ToCurrent_keepsTree_histories_andChains_andDropsTheHeadsFamily() throws Exception {
    List<Long> progress = new ArrayList<>();
    LedgerStore.Migration m = LedgerStores.migrate(dir, progress::add);
    assertEquals(new LedgerStore.Migration(3, 5, SIZE), m);
    assertEquals(SIZE, progress.get(progress.size() - 1));
    assertFalse(RawRocks.familyNames(dir).contains("heads"), "the heads family of format 3 is dropped");

    try (LedgerStore store = LedgerStores.openRocksDb(dir, true, n -> {})) { // full verification: every row and link
      assertEquals(5, store.formatVersion());
      assertEquals(head, store.head());
      for (Map.Entry<String, List<Long>> h : histories.entrySet()) {
        assertEquals(h.getValue(), store.subjectHistory(h.getKey(), 0, SIZE).stream().map(StoredEntry::index).toList(),
            h.getKey());
      }
      // A new entry naming an old subject links to that subject's last entry before migration.
      long last = histories.get("容器-3").get(histories.get("容器-3").size() - 1);
      byte[] bytes = utf8("after the migration");
      Appended a = StoreAppends.append(store, List.of(new PendingRecord(bytes, Sha256.hash(bytes), List.of("容器-3"))), 9_000L, null).get(0);
      SubjectLink link = LogEntry.parseFrom(store.entry(a.index()).leaf()).getLinks(0);
      assertEquals(store.entry(last).leafHash(), Hash32.of(link.getPreviousLeafHash().toByteArray()));
      store.verifyAll(n -> {});
    }
  }

  @Test
  void migrate_aStoreInUse_isRefused_andChangesNothing() throws Exception {
    try (RocksKvStore inUse = new RocksKvStore(dir)) {
      LedgerException e = assertThrows(LedgerException.class, () -> LedgerStores.migrate(dir, n -> {}));
      assertEquals(LedgerError.STORE_LOCKED, e.error(), e::toString);
      assertTrue(e.getMessage().contains("is another node running on it?"), e::getMessage);
      assertArrayEquals(utf8("baytrace-ledger-store/3"), inUse.get(Column.META, FORMAT));
    }
  }

  @Test
  void migrate_again_orOfAStoreAlreadyCurrent_doesNothing() {
    LedgerStores.migrate(dir, n -> {});
    assertEquals(new LedgerStore.Migration(5, 5, 0), LedgerStores.migrate(dir, n -> {}));
  }

  @Test
  void migrate_format4To5_addsTheSnapshotsFamily_andKeepsEverythingElse() throws Exception {
    LedgerStores.migrate(dir, n -> {}); // now a store as this build writes it
    try (RocksKvStore kv = new RocksKvStore(dir)) { // as a release of format 4 left it: no snapshots family
      kv.dropFamily("snapshots");
      KvBatch w = new KvBatch();
      w.put(Column.META, FORMAT, utf8("baytrace-ledger-store/4"));
      kv.write(w);
    }
    assertFalse(RawRocks.familyNames(dir).contains("snapshots"));
    LedgerException refused = assertThrows(LedgerException.class, () -> LedgerStores.openRocksDb(dir, false, n -> {}).close());
    assertEquals(LedgerError.STORE_FORMAT_OLD, refused.error(), refused::toString);

    List<Long> progress = new ArrayList<>();
    assertEquals(new LedgerStore.Migration(4, 5, SIZE), LedgerStores.migrate(dir, progress::add));
    assertEquals(List.of((long) SIZE), progress);
    assertTrue(RawRocks.familyNames(dir).contains("snapshots"));
    try (LedgerStore store = LedgerStores.openRocksDb(dir, true, n -> {})) {
      assertEquals(5, store.formatVersion());
      assertEquals(head, store.head());
      assertTrue(store.ruleSnapshots().isEmpty(), "a migrated store has no snapshots: the first start writes them");
      for (Map.Entry<String, List<Long>> h : histories.entrySet()) {
        assertEquals(h.getValue(), store.subjectHistory(h.getKey(), 0, SIZE).stream().map(StoredEntry::index).toList(),
            h.getKey());
      }
    }
  }

  @Test
  void migrate_aDamagedEntry_isStoreCorrupt_andLeavesTheOldFormat() throws Exception {
    try (RawRocks raw = new RawRocks(dir)) {
      raw.flip(Column.ENTRIES, RawRocks.indexKey(123), 3, 0x01);
    }
    LedgerException e = assertThrows(LedgerException.class, () -> LedgerStores.migrate(dir, n -> {}));
    assertEquals(LedgerError.STORE_CORRUPT, e.error(), e::toString);
    assertTrue(e.getMessage().contains("index 123"), e::getMessage);
    try (RawRocks raw = new RawRocks(dir)) {
      assertArrayEquals(utf8("baytrace-ledger-store/3"), raw.get(Column.META, FORMAT));
    }
  }

  /**
   * Writes the layout of format 3 over a store of format 4, as a release of format 3 wrote it:
   * subject rows keyed by subject UTF-8 ‖ 0x00 ‖ index (8 bytes BE) → leaf hash, and in the
   * {@code heads} family subject UTF-8 → index (8 bytes BE) ‖ leaf hash of its last entry.
   */
  static final class FormatThree {
    static void rewrite(Path dir) throws Exception {
      try (RawRocks raw = new RawRocks(dir)) {
        for (byte[][] row : raw.rows(Column.SUBJECTS)) {
          raw.delete(Column.SUBJECTS, row[0]);
        }
        Map<String, byte[]> heads = new HashMap<>();
        for (byte[][] e : raw.rows(Column.ENTRIES)) {
          LogEntry entry = LogEntry.parseFrom(e[1]);
          byte[] leafHash = raw.get(Column.TREE, Keys.nodeKey(new org.baytrace.ledger.merkle.NodeId(0, entry.getIndex())));
          for (SubjectLink link : entry.getLinksList()) {
            byte[] subject = utf8(link.getSubject());
            byte[] key = ByteBuffer.allocate(subject.length + 9).put(subject).put((byte) 0).putLong(entry.getIndex()).array();
            raw.put(Column.SUBJECTS, key, leafHash);
            heads.put(link.getSubject(), ByteBuffer.allocate(40).putLong(entry.getIndex()).put(leafHash).array());
          }
        }
        for (Map.Entry<String, byte[]> h : heads.entrySet()) {
          raw.putInFamily("heads", utf8(h.getKey()), h.getValue());
        }
        raw.delete(Column.META, utf8("verified-size"));
        raw.put(Column.META, FORMAT, utf8("baytrace-ledger-store/3"));
      }
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
