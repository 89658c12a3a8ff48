package org.baytrace.ledger.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.baytrace.ledger.StorageStats;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompactRangeOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Status;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * {@link KvStore} on RocksDB, one column family per {@link Column}. Every write is one
 * {@code WriteBatch}, with {@code sync=true} unless it is {@link #writeUnsynced}. Thread-safe. Native handles are owned here and
 * released once by {@link #close()}, which waits for the calls in progress.
 */
final class RocksKvStore implements KvStore {
  static {
    RocksDB.loadLibrary();
  }

  /** Keys as unsigned bytes: the order RocksDB keeps them in. */
  private static final Comparator<KvBatch.Put> IN_KEY_ORDER = (a, b) -> Arrays.compareUnsigned(a.key(), b.key());

  private final Path dir;
  private final DBOptions dbOptions;
  private final ColumnOptions columnOptions;
  private final List<ColumnFamilyHandle> handles = new ArrayList<>();
  private final Map<Column, ColumnFamilyHandle> families = new EnumMap<>(Column.class);
  private final int[] familyIds = new int[Column.values().length];
  private final WriteOptions syncWrites;
  private final WriteOptions walWrites;
  private final RocksDB db;
  private final ReentrantReadWriteLock inUse = new ReentrantReadWriteLock();
  private volatile boolean closed;

  RocksKvStore(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new LedgerException(LedgerError.STORE_IO, "cannot create data directory " + dir + ": " + e.getMessage(), e);
    }
    // WAL recovery: a record cut short at the end of a log (a crash or power loss in the middle
    // of an unsynced write) is dropped, and the store opens at the last whole batch; a damaged
    // record anywhere else refuses the open (Corruption). The default, point-in-time, would
    // instead stop replaying at the damage and silently drop every later batch, synced and
    // acknowledged ones included. Absolute consistency would refuse a torn tail too, which a
    // cluster member's unsynced applies leave after every power loss although Raft replays them.
    dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
        .setMaxBackgroundJobs(2).setKeepLogFileNum(5)
        .setWalRecoveryMode(WALRecoveryMode.TolerateCorruptedTailRecords)
        .setParanoidChecks(true);
    columnOptions = new ColumnOptions();
    syncWrites = new WriteOptions().setSync(true);
    walWrites = new WriteOptions().setSync(false); // still written to the WAL: survives a process crash
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, columnOptions.forOtherFamilies()));
    for (Column c : Column.values()) {
      descriptors.add(new ColumnFamilyDescriptor(c.familyName.getBytes(StandardCharsets.UTF_8), columnOptions.of(c)));
    }
    // RocksDB opens a store only with all of its column families named; a family this build does
    // not know (from an earlier store format) is opened too, so that the ledger can refuse the
    // store by its format with a message that says so.
    try {
      for (byte[] family : existingFamilies(dir, dbOptions)) {
        if (descriptors.stream().noneMatch(d -> Arrays.equals(d.getName(), family))) {
          descriptors.add(new ColumnFamilyDescriptor(family, columnOptions.forOtherFamilies()));
        }
      }
      db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
    } catch (RocksDBException e) {
      closeOptions();
      throw translate("open " + dir, e);
    }
    for (Column c : Column.values()) {
      families.put(c, handles.get(c.ordinal() + 1));
      familyIds[c.ordinal()] = handles.get(c.ordinal() + 1).getID();
    }
  }

  private static List<byte[]> existingFamilies(Path dir, DBOptions options) throws RocksDBException {
    if (!Files.exists(dir.resolve("CURRENT"))) {
      return List.of();
    }
    try (ColumnFamilyOptions defaults = new ColumnFamilyOptions();
        Options listOptions = new Options(options, defaults)) {
      return RocksDB.listColumnFamilies(listOptions, dir.toString());
    }
  }

  @Override
  public byte[] get(Column column, byte[] key) {
    Lock held = lockOpen();
    try {
      return db.get(families.get(column), key);
    } catch (RocksDBException e) {
      throw translate("read " + column.familyName, e);
    } finally {
      held.unlock();
    }
  }

  @Override
  public List<byte[]> multiGet(Column column, List<byte[]> keys) {
    if (keys.isEmpty()) {
      return List.of();
    }
    Lock held = lockOpen();
    try {
      return db.multiGetAsList(Collections.nCopies(keys.size(), families.get(column)), keys);
    } catch (RocksDBException e) {
      throw translate("read " + column.familyName, e);
    } finally {
      held.unlock();
    }
  }

  @Override
  public void scan(Column column, byte[] from, byte[] to, Visitor visitor) {
    Lock held = lockOpen();
    try (Slice upper = new Slice(to);
        ReadOptions ro = new ReadOptions().setIterateUpperBound(upper).setTotalOrderSeek(true);
        RocksIterator it = db.newIterator(families.get(column), ro)) {
      for (it.seek(from); it.isValid(); it.next()) {
        if (!visitor.visit(it.key(), it.value())) {
          break;
        }
      }
      // An I/O error ends iteration just like the end of data does: tell them apart.
      it.status();
    } catch (RocksDBException e) {
      throw translate("scan " + column.familyName, e);
    } finally {
      held.unlock();
    }
  }

  @Override
  public byte[][] last(Column column, byte[] from, byte[] to) {
    Lock held = lockOpen();
    try (Slice lower = new Slice(from);
        Slice upper = new Slice(to);
        ReadOptions ro = new ReadOptions().setIterateLowerBound(lower).setIterateUpperBound(upper).setTotalOrderSeek(true);
        RocksIterator it = db.newIterator(families.get(column), ro)) {
      it.seekToLast();
      if (it.isValid()) {
        return new byte[][] {it.key(), it.value()};
      }
      it.status();
      return null;
    } catch (RocksDBException e) {
      throw translate("read " + column.familyName, e);
    } finally {
      held.unlock();
    }
  }

  // One iterator for all the look-ups, in prefix mode: a seek skips every file and memtable
  // whose prefix bloom filter rules the prefix out, and stays within the prefix.
  @Override
  public List<byte[][]> lastBefore(Column column, List<byte[]> keys) {
    if (keys.isEmpty()) {
      return List.of();
    }
    int prefixLength = column.prefixLength;
    List<byte[][]> entries = new ArrayList<>(keys.size());
    Lock held = lockOpen();
    try (ReadOptions ro = new ReadOptions().setPrefixSameAsStart(true);
        RocksIterator it = db.newIterator(families.get(column), ro)) {
      for (byte[] key : keys) {
        if (prefixLength == 0 || key.length < prefixLength) {
          throw new IllegalArgumentException(column + ": key of " + key.length + " bytes for a prefix of " + prefixLength);
        }
        it.seekForPrev(key); // the last entry at or before the key
        if (it.isValid() && Arrays.equals(it.key(), key)) {
          it.prev();
        }
        byte[][] entry = null;
        if (it.isValid()) {
          byte[] found = it.key();
          if (found.length >= prefixLength && Arrays.equals(found, 0, prefixLength, key, 0, prefixLength)) {
            entry = new byte[][] {found, it.value()};
          }
        } else {
          it.status(); // invalid because of an error, not because the prefix has no such entry
        }
        entries.add(entry);
      }
    } catch (RocksDBException e) {
      throw translate("read " + column.familyName, e);
    } finally {
      held.unlock();
    }
    return entries;
  }

  /** Deletes every row of a column family (one range tombstone; compaction reclaims the space). */
  void deleteAll(Column column) {
    byte[] end = new byte[256];
    Arrays.fill(end, (byte) 0xFF); // after every key but those of 256 0xFF bytes and more: none are written
    Lock held = lockOpen();
    try (WriteOptions sync = new WriteOptions().setSync(true)) {
      db.deleteRange(families.get(column), sync, new byte[0], end);
    } catch (RocksDBException e) {
      throw translate("delete the rows of " + column.familyName, e);
    } finally {
      held.unlock();
    }
  }

  /** Drops a column family the ledger no longer has (of an earlier format), if the store has it. */
  void dropFamily(String name) {
    byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
    Lock held = lockOpen();
    try {
      for (ColumnFamilyHandle h : handles) {
        if (Arrays.equals(h.getName(), wanted)) {
          db.dropColumnFamily(h);
        }
      }
    } catch (RocksDBException e) {
      throw translate("drop column family " + name, e);
    } finally {
      held.unlock();
    }
  }

  // Properties, not a Statistics object: statistics cost every read and write a little, and
  // these figures are what an operator watches (docs/OPERATIONS.md).
  @Override
  public StorageStats stats() {
    Lock held = lockOpen();
    try {
      List<StorageStats.Family> out = new ArrayList<>();
      long slowdowns = 0;
      long stops = 0;
      for (Column c : Column.values()) {
        ColumnFamilyHandle h = families.get(c);
        out.add(new StorageStats.Family(c.familyName, db.getLongProperty(h, "rocksdb.total-sst-files-size"),
            db.getLongProperty(h, "rocksdb.live-sst-files-size"), db.getLongProperty(h, "rocksdb.estimate-live-data-size"),
            db.getLongProperty(h, "rocksdb.cur-size-all-mem-tables"), db.getLongProperty(h, "rocksdb.estimate-num-keys"),
            db.getLongProperty(h, "rocksdb.estimate-pending-compaction-bytes")));
        Map<String, String> cfStats = db.getMapProperty(h, "rocksdb.cfstats");
        slowdowns += longOf(cfStats, "io_stalls.total_slowdown");
        stops += longOf(cfStats, "io_stalls.total_stop");
      }
      return new StorageStats(out, db.getLongProperty("rocksdb.actual-delayed-write-rate"),
          db.getLongProperty("rocksdb.is-write-stopped") != 0, slowdowns, stops,
          db.getLongProperty("rocksdb.num-running-compactions"));
    } catch (RocksDBException e) {
      throw translate("read the properties of " + dir, e);
    } finally {
      held.unlock();
    }
  }

  private static long longOf(Map<String, String> stats, String key) {
    String v = stats.get(key);
    if (v == null) {
      return 0;
    }
    try {
      return (long) Double.parseDouble(v);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  @Override
  public void compact(Consumer<String> progress) {
    Lock held = lockOpen();
    try (CompactRangeOptions full = new CompactRangeOptions()
        .setBottommostLevelCompaction(CompactRangeOptions.BottommostLevelCompaction.kForce)) {
      for (Column c : Column.values()) {
        progress.accept(c.familyName);
        db.compactRange(families.get(c), null, null, full);
      }
    } catch (RocksDBException e) {
      throw translate("compact " + dir, e);
    } finally {
      held.unlock();
    }
  }

  @Override
  public void write(KvBatch batch) {
    write(batch, syncWrites);
  }

  @Override
  public void writeUnsynced(KvBatch batch) {
    write(batch, walWrites);
  }

  @Override
  public void sync() {
    Lock held = lockOpen();
    try {
      db.syncWal();
    } catch (RocksDBException e) {
      throw translate("sync " + dir, e);
    } finally {
      held.unlock();
    }
  }

  /** A RocksDB checkpoint: the live files hard-linked where {@code dir} is on the same file system, else copied. */
  @Override
  public void copyTo(Path target) {
    Lock held = lockOpen();
    try (org.rocksdb.Checkpoint checkpoint = org.rocksdb.Checkpoint.create(db)) {
      checkpoint.createCheckpoint(target.toString());
    } catch (RocksDBException e) {
      throw translate("copy " + dir + " to " + target, e);
    } finally {
      held.unlock();
    }
  }

  private void write(KvBatch batch, WriteOptions options) {
    // The whole batch crosses JNI once, as a serialised WriteBatch built here, instead of one
    // WriteBatch.put call (and two array copies) per key.
    byte[] serialised = serialise(batch, familyIds);
    Lock held = lockOpen();
    try (WriteBatch wb = new WriteBatch(serialised)) {
      db.write(options, wb);
    } catch (RocksDBException e) {
      throw translate("write to " + dir, e);
    } finally {
      held.unlock();
    }
  }

  // RocksDB's WriteBatch representation (db/write_batch.cc, stable since 2011): a 12-byte header,
  // fixed64 sequence (0: RocksDB assigns it) and fixed32 count, both little-endian, then one
  // record per put: kTypeColumnFamilyValue (0x05), varint32 column family id, varint32 key
  // length, key, varint32 value length, value (kTypeValue (0x01) without the id for family 0).
  //
  // Puts go in key order per column family: the memtable skip list then finds each insert point
  // next to the previous one instead of searching from the top. Ledger appends put random keys
  // (record hashes, subjects), and sorting them cut the CPU time of db.write from about 13 to
  // 8 us per entry (docs/BENCHMARKS.md). The sort is stable, so a key put twice still ends with
  // its last value (later records of a batch get later sequence numbers); the batch stays one
  // atomic, synced write.
  static byte[] serialise(KvBatch batch, int[] familyIds) {
    int length = 12;
    for (Map.Entry<Column, List<KvBatch.Put>> column : batch.byColumn().entrySet()) {
      int id = familyIds[column.getKey().ordinal()];
      int idLength = id == 0 ? 0 : varintLength(id);
      for (KvBatch.Put p : column.getValue()) {
        length += 1 + idLength + varintLength(p.key().length) + p.key().length
            + varintLength(p.value().length) + p.value().length;
      }
    }
    byte[] out = new byte[length];
    int count = batch.size();
    out[8] = (byte) count;
    out[9] = (byte) (count >>> 8);
    out[10] = (byte) (count >>> 16);
    out[11] = (byte) (count >>> 24);
    int pos = 12;
    for (Map.Entry<Column, List<KvBatch.Put>> column : batch.byColumn().entrySet()) {
      int id = familyIds[column.getKey().ordinal()];
      KvBatch.Put[] puts = column.getValue().toArray(new KvBatch.Put[0]);
      Arrays.sort(puts, IN_KEY_ORDER);
      for (KvBatch.Put p : puts) {
        if (id == 0) {
          out[pos++] = 0x01;
        } else {
          out[pos++] = 0x05;
          pos = putVarint(out, pos, id);
        }
        pos = putVarint(out, pos, p.key().length);
        System.arraycopy(p.key(), 0, out, pos, p.key().length);
        pos += p.key().length;
        pos = putVarint(out, pos, p.value().length);
        System.arraycopy(p.value(), 0, out, pos, p.value().length);
        pos += p.value().length;
      }
    }
    if (pos != length) {
      throw new IllegalStateException("write batch: wrote " + pos + " bytes, want " + length);
    }
    return out;
  }

  private static int varintLength(int v) {
    int n = 1;
    while ((v & ~0x7F) != 0) {
      v >>>= 7;
      n++;
    }
    return n;
  }

  private static int putVarint(byte[] out, int pos, int v) {
    while ((v & ~0x7F) != 0) {
      out[pos++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out[pos++] = (byte) v;
    return pos;
  }

  // Every call holds the read lock while it uses native handles, and close() takes the write
  // lock: closing waits for calls in progress instead of freeing handles under them.
  private Lock lockOpen() {
    Lock read = inUse.readLock();
    read.lock();
    if (closed) {
      read.unlock();
      throw new LedgerException(LedgerError.CLOSED, "ledger store " + dir + " is closed");
    }
    return read;
  }

  static LedgerException translate(String what, RocksDBException e) {
    Status s = e.getStatus();
    Status.Code code = s == null ? Status.Code.IOError : s.getCode();
    String detail = e.getMessage();
    if (code == Status.Code.Corruption) {
      return new LedgerException(LedgerError.STORE_CORRUPT, what + ": RocksDB reports corruption: " + detail, e);
    }
    // RocksDB reports a held LOCK file as a plain IOError (no sub-code), naming the file.
    if (code == Status.Code.IOError && detail != null && detail.contains("LOCK")) {
      return new LedgerException(LedgerError.STORE_LOCKED,
          what + ": the data directory is locked; is another node running on it? (" + detail + ")", e);
    }
    return new LedgerException(LedgerError.STORE_IO, what + ": " + code + ": " + detail, e);
  }

  @Override
  public void close() {
    if (inUse.getReadHoldCount() > 0) {
      // It would wait for itself: closing from inside a scan's visitor (or a progress callback).
      throw new IllegalStateException("ledger store " + dir + ": close called from inside a call to the store");
    }
    inUse.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      try {
        db.syncWal();
      } catch (RocksDBException e) {
        // Synced writes are already durable; unsynced ones have a log that replays them.
      }
      handles.forEach(ColumnFamilyHandle::close);
      db.close();
      closeOptions();
    } finally {
      inUse.writeLock().unlock();
    }
  }

  private void closeOptions() {
    syncWrites.close();
    walWrites.close();
    columnOptions.close();
    dbOptions.close();
  }
}
