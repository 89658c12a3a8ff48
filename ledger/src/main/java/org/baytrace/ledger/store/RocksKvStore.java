package org.baytrace.ledger.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.io.IOException;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Status;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * {@link KvStore} on RocksDB, one column family per {@link Column}. Every write is one
 * {@code WriteBatch} with {@code sync=true}. Thread-safe. Native handles are owned here and
 * released once by {@link #close()}.
 */
final class RocksKvStore implements KvStore {
  static {
    RocksDB.loadLibrary();
  }

  /** Column family, then key as unsigned bytes: the order RocksDB keeps them in. */
  private static final Comparator<KvBatch.Put> IN_KEY_ORDER = (a, b) -> {
    int byColumn = a.column().compareTo(b.column());
    return byColumn != 0 ? byColumn : Arrays.compareUnsigned(a.key(), b.key());
  };

  private final Path dir;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions cfOptions;
  private final BloomFilter bloom;
  private final List<ColumnFamilyHandle> handles = new ArrayList<>();
  private final Map<Column, ColumnFamilyHandle> families = new EnumMap<>(Column.class);
  private final WriteOptions syncWrites;
  private final RocksDB db;
  private volatile boolean closed;

  RocksKvStore(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new LedgerException(LedgerError.STORE_IO, "cannot create data directory " + dir + ": " + e.getMessage(), e);
    }
    dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
        .setMaxBackgroundJobs(2).setKeepLogFileNum(5);
    bloom = new BloomFilter(10);
    cfOptions = new ColumnFamilyOptions().setTableFormatConfig(new BlockBasedTableConfig().setFilterPolicy(bloom));
    syncWrites = new WriteOptions().setSync(true);
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions));
    for (Column c : Column.values()) {
      descriptors.add(new ColumnFamilyDescriptor(c.familyName.getBytes(java.nio.charset.StandardCharsets.UTF_8), cfOptions));
    }
    try {
      db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
    } catch (RocksDBException e) {
      closeOptions();
      throw translate("open " + dir, e);
    }
    for (Column c : Column.values()) {
      families.put(c, handles.get(c.ordinal() + 1));
    }
  }

  @Override
  public byte[] get(Column column, byte[] key) {
    ensureOpen();
    try {
      return db.get(families.get(column), key);
    } catch (RocksDBException e) {
      throw translate("read " + column.familyName, e);
    }
  }

  @Override
  public void scan(Column column, byte[] from, byte[] to, Visitor visitor) {
    ensureOpen();
    try (Slice upper = new Slice(to);
        ReadOptions ro = new ReadOptions().setIterateUpperBound(upper);
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
    }
  }

  @Override
  public byte[][] last(Column column, byte[] from, byte[] to) {
    ensureOpen();
    try (Slice lower = new Slice(from);
        Slice upper = new Slice(to);
        ReadOptions ro = new ReadOptions().setIterateLowerBound(lower).setIterateUpperBound(upper);
        RocksIterator it = db.newIterator(families.get(column), ro)) {
      it.seekToLast();
      if (it.isValid()) {
        return new byte[][] {it.key(), it.value()};
      }
      it.status();
      return null;
    } catch (RocksDBException e) {
      throw translate("read " + column.familyName, e);
    }
  }

  @Override
  public void write(KvBatch batch) {
    ensureOpen();
    // Puts go in key order per column family: the memtable skip list then finds each insert
    // point next to the previous one instead of searching from the top. Ledger appends put
    // random keys (record hashes, subjects), and sorting them cut the CPU time of db.write
    // from about 13 to 8 us per entry (docs/BENCHMARKS.md). The sort is stable, so a key put
    // twice still ends with its last value; the batch stays one atomic, synced write.
    List<KvBatch.Put> puts = new ArrayList<>(batch.puts());
    puts.sort(IN_KEY_ORDER);
    try (WriteBatch wb = new WriteBatch()) {
      for (KvBatch.Put p : puts) {
        wb.put(families.get(p.column()), p.key(), p.value());
      }
      db.write(syncWrites, wb);
    } catch (RocksDBException e) {
      throw translate("write to " + dir, e);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new LedgerException(LedgerError.CLOSED, "ledger store " + dir + " is closed");
    }
  }

  static LedgerException translate(String what, RocksDBException e) {
    Status s = e.getStatus();
    Status.Code code = s == null ? Status.Code.IOError : s.getCode();
    String detail = e.getMessage();
    if (code == Status.Code.Corruption) {
      return new LedgerException(LedgerError.STORE_CORRUPT, what + ": RocksDB reports corruption: " + detail, e);
    }
    if (code == Status.Code.IOError && detail != null && detail.contains("LOCK")) {
      return new LedgerException(LedgerError.STORE_IO,
          what + ": the data directory is locked; is another node running on it? (" + detail + ")", e);
    }
    return new LedgerException(LedgerError.STORE_IO, what + ": " + code + ": " + detail, e);
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      db.syncWal();
    } catch (RocksDBException e) {
      // Every acknowledged write was already synced; nothing is lost by failing here.
    }
    handles.forEach(ColumnFamilyHandle::close);
    db.close();
    closeOptions();
  }

  private void closeOptions() {
    syncWrites.close();
    cfOptions.close();
    bloom.close();
    dbOptions.close();
  }
}
