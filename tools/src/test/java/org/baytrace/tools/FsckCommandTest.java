package org.baytrace.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.baytrace.ledger.LedgerStore;
import org.baytrace.ledger.PendingRecord;
import org.baytrace.ledger.RuleSnapshot;
import org.baytrace.ledger.TreeHead;
import org.baytrace.ledger.checkpoint.Checkpoint;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.crypto.Sha256;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.store.LedgerStores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/** {@code baytrace fsck}, {@code migrate} and {@code compact} on a stopped node's data directory. */
class FsckCommandTest {
  private static final int SIZE = 2_500;

  @TempDir Path data;

  @BeforeEach
  void writeAStore() {
    NoteSigner signer = new NoteSigner("test-node", SigningKey.generate());
    try (LedgerStore store = LedgerStores.openRocksDb(data.resolve("ledger"))) {
      for (int start = 0; start < SIZE; start += 500) {
        List<PendingRecord> batch = new ArrayList<>();
        for (int i = start; i < start + 500; i++) {
          byte[] bytes = ("record " + i).getBytes(StandardCharsets.UTF_8);
          batch.add(new PendingRecord(bytes, Sha256.hash(bytes), List.of("lot-" + (i % 17))));
        }
        // As the ledger appends: prepare, sign the head the batch reaches, commit both in one write.
        LedgerStore.PreparedAppend prepared = store.prepare(batch, 1_000L + start);
        TreeHead h = prepared.head();
        store.commit(prepared, signer.sign(new Checkpoint("baytrace.test/ledger", h.size(), h.root())).format(), null);
      }
    }
  }

  @Test
  void fsck_aWholeStore_isOk_withASummary() {
    Cli.Result r = Cli.run("fsck", "--data", data.toString());
    assertEquals(BayTrace.OK, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().contains("store format 5, tree size 2,500"), r.out());
    assertTrue(r.out().contains("fsck: OK: 2,500 entries, tree root "), r.out());
    assertTrue(r.out().contains("newest signed checkpoint at size 2500 matches the tree"), r.out());
    assertTrue(r.out().contains("verified up to size 2,500"), r.out());
    assertTrue(r.err().contains("fsck [##############################] 100% 2,500 / 2,500 entries"), r.err());
    assertTrue(r.out().contains("no rule snapshots stored"), r.out());
  }

  @Test
  void fsck_reportsEachRuleSnapshot_andADamagedOne_asDamage() {
    try (LedgerStore store = LedgerStores.openRocksDb(data.resolve("ledger"), false, n -> {})) {
      TreeHead h = store.head();
      store.putRuleSnapshots(java.util.Map.of(
          "waterbus", new RuleSnapshot("waterbus", 1, h.size(), h.root(), new byte[0], new long[] {3, 70}).encode(),
          "customs", new RuleSnapshot("customs", 1, 1_000, h.root(), new byte[0], new long[0]).encode()));
    }
    Cli.Result r = Cli.run("fsck", "--data", data.toString());
    assertEquals(BayTrace.FAILED, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().contains("rule snapshot waterbus: OK: version 1, tree size 2,500 (root matches), 0 state bytes,"
        + " 2 records listed"), r.out());
    assertTrue(r.out().contains("rule snapshot customs: NOT USABLE: its root at size 1000 is ")
        && r.out().contains("another history"), r.out());
    assertTrue(r.out().contains("DAMAGED: 1 rule snapshot(s) not usable; the log is whole"), r.out());
  }

  @Test
  void fsck_aFlippedByteInAnEntry_isDamaged_namingTheIndex() throws Exception {
    flipEntryByte(1_234);
    Cli.Result r = Cli.run("fsck", "--data", data.toString());
    assertEquals(BayTrace.FAILED, r.exitCode(), r.out() + r.err());
    // Found at open (entries above the verified size are checked there) or by the full pass.
    String said = r.out() + r.err();
    assertTrue(said.contains("DAMAGED") && said.contains("index 1234"), said);
  }

  @Test
  void fsck_migrateAndCompact_onAStoreInUse_areRefused() {
    try (LedgerStore running = LedgerStores.openRocksDb(data.resolve("ledger"), false, n -> {})) {
      for (String command : List.of("fsck", "migrate", "compact")) {
        Cli.Result r = Cli.run(command, "--data", data.toString());
        assertEquals(BayTrace.IO_ERROR, r.exitCode(), command + ": " + r.out() + r.err());
        assertTrue(r.err().contains("is another node running on it?"), r.err());
      }
      assertEquals(SIZE, running.size());
    }
  }

  @Test
  void compact_rewritesTheStore_keepingEveryEntry_andPrintsBytesPerEntry() {
    TreeHead before;
    try (LedgerStore store = LedgerStores.openRocksDb(data.resolve("ledger"), false, n -> {})) {
      before = store.head();
    }
    Cli.Result r = Cli.run("compact", "--data", data.toString());
    assertEquals(BayTrace.OK, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().contains("2,500 entries") && r.out().contains("bytes after"), r.out());
    assertTrue(r.out().contains("baytrace: compact: entries"), r.out());
    Cli.Result fsck = Cli.run("fsck", "--data", data.toString());
    assertEquals(BayTrace.OK, fsck.exitCode(), fsck.out() + fsck.err());
    assertTrue(fsck.out().contains("tree root " + before.root().hex()), fsck.out());
  }

  @Test
  void migrate_aStoreOfTheCurrentFormat_doesNothing() {
    Cli.Result r = Cli.run("migrate", "--data", data.toString());
    assertEquals(BayTrace.OK, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().contains("is already of store format 5; nothing to do"), r.out());
  }

  @Test
  void fsck_aDirectoryWithoutAStore_isAUsageError() {
    Cli.Result r = Cli.run("fsck", "--data", data.resolve("ledger").resolve("nothing-here").toString());
    assertEquals(BayTrace.USAGE, r.exitCode(), r.err());
  }

  // Behind the ledger's back, as a failing disk would: one bit of one stored entry.
  private void flipEntryByte(long index) throws Exception {
    RocksDB.loadLibrary();
    Path dir = data.resolve("ledger");
    try (DBOptions dbo = new DBOptions(); ColumnFamilyOptions cfo = new ColumnFamilyOptions(); Options lo = new Options(dbo, cfo)) {
      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      for (byte[] name : RocksDB.listColumnFamilies(lo, dir.toString())) {
        descriptors.add(new ColumnFamilyDescriptor(name, cfo));
      }
      List<ColumnFamilyHandle> handles = new ArrayList<>();
      try (RocksDB db = RocksDB.open(dbo, dir.toString(), descriptors, handles)) {
        ColumnFamilyHandle entries = null;
        for (ColumnFamilyHandle h : handles) {
          if (new String(h.getName(), StandardCharsets.UTF_8).equals("entries")) {
            entries = h;
          }
        }
        byte[] key = ByteBuffer.allocate(8).putLong(index).array();
        byte[] v = db.get(entries, key);
        v[v.length / 2] ^= 0x10;
        db.put(entries, key, v);
        handles.forEach(ColumnFamilyHandle::close);
      }
    }
  }
}
