package org.baytrace.tracking.domain.epcis.query;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
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
import org.rocksdb.Snapshot;
import org.rocksdb.Status;
import org.rocksdb.WriteBatchWithIndex;
import org.rocksdb.WriteOptions;

/**
 * The projection's own RocksDB: one column family per {@link Family}. Readers see one snapshot
 * ({@link #reader()}); the one writer reads its own uncommitted writes ({@link #writer()}) and
 * commits them in one atomic write. Writes are not synced: the projection is derived data, and a
 * write lost to a power failure is lost together with the "applied up to" mark stored in the same
 * batch, so it is applied again from the ledger.
 *
 * <p>Thread-safety: readers and the writer may run concurrently from any threads; there must be at
 * most one writer at a time. Native handles are owned here and released once by {@link #close()},
 * which must not run while readers or the writer are in use (the owner ensures that).
 */
public final class ProjectionDb implements AutoCloseable {
  static {
    RocksDB.loadLibrary();
  }

  /** Column families. Index keys are {@code value || 8-byte ledger index} (see {@link Keys}). */
  enum Family {
    /** Applied size, format version, ledger origin, leaf hash of the last applied entry. */
    META("meta"),
    /** ledger index → stored event (JSON: record time, leaf hash, author, subjects, event). */
    EVENTS("events"),
    EVENT_TIME("by_event_time"),
    RECORD_TIME("by_record_time"),
    TYPE("by_type"),
    BIZ_STEP("by_biz_step"),
    DISPOSITION("by_disposition"),
    READ_POINT("by_read_point"),
    BIZ_LOCATION("by_biz_location"),
    /** epcList and childEPCs. */
    EPC("by_epc"),
    PARENT("by_parent"),
    INPUT_EPC("by_input_epc"),
    OUTPUT_EPC("by_output_epc"),
    /** epcClass of quantityList and childQuantityList. */
    EPC_CLASS("by_epc_class"),
    INPUT_EPC_CLASS("by_input_epc_class"),
    OUTPUT_EPC_CLASS("by_output_epc_class"),
    EVENT_ID("by_event_id"),
    /** CBV 2.0 event hash ID of the content (whatever eventID the event carries). */
    HASH_ID("by_hash_id"),
    /** ledger index → the errorDeclaration in effect for that event (its own, or a later one's). */
    DECLARED("declared"),
    /** {@code field 0x00 uom 0x00 sortable double || index}: numeric sensor report fields. */
    SENSOR("by_sensor_value"),
    /** canonical vocabulary element id → its newest master data ({@link org.baytrace.tracking.domain.epcis.masterdata.MasterDataRecords#toStored}). */
    MASTER_DATA("master_data");

    final String familyName;

    Family(String familyName) {
      this.familyName = familyName;
    }
  }

  /** Visits one key and value of a scan; returns false to stop. */
  @FunctionalInterface
  interface Visitor {
    boolean visit(byte[] key, byte[] value);
  }

  private final Path dir;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions cfOptions;
  private final BloomFilter bloom;
  private final WriteOptions writeOptions;
  private final List<ColumnFamilyHandle> handles = new ArrayList<>();
  private final Map<Family, ColumnFamilyHandle> families = new EnumMap<>(Family.class);
  private final RocksDB db;
  private volatile boolean closed;

  private ProjectionDb(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new LedgerException(LedgerError.STORE_IO, "cannot create the EPCIS projection directory " + dir + ": "
          + e.getMessage(), e);
    }
    dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
        .setMaxBackgroundJobs(2).setKeepLogFileNum(3);
    bloom = new BloomFilter(10);
    cfOptions = new ColumnFamilyOptions().setTableFormatConfig(new BlockBasedTableConfig().setFilterPolicy(bloom));
    writeOptions = new WriteOptions().setSync(false);
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions));
    for (Family f : Family.values()) {
      descriptors.add(new ColumnFamilyDescriptor(f.familyName.getBytes(StandardCharsets.UTF_8), cfOptions));
    }
    RocksDB opened;
    try {
      opened = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
    } catch (RocksDBException e) {
      closeOptions();
      throw translate("open " + dir, e);
    }
    db = opened;
    for (Family f : Family.values()) {
      families.put(f, handles.get(f.ordinal() + 1));
    }
  }

  static ProjectionDb open(Path dir) {
    return new ProjectionDb(dir);
  }

  Path dir() {
    return dir;
  }

  /** A consistent view of the projection as of now; close it when done. */
  public Reader reader() {
    ensureOpen();
    return new Reader();
  }

  /** A batch of writes that reads its own writes; nothing is stored until {@link Writer#commit()}. */
  Writer writer() {
    ensureOpen();
    return new Writer();
  }

  /** A snapshot view. Not thread-safe: one thread at a time. */
  public final class Reader implements AutoCloseable {
    private final Snapshot snapshot;
    private final ReadOptions getOptions;

    private Reader() {
      snapshot = db.getSnapshot();
      getOptions = new ReadOptions().setSnapshot(snapshot);
    }

    byte[] get(Family f, byte[] key) {
      ensureOpen();
      try {
        return db.get(families.get(f), getOptions, key);
      } catch (RocksDBException e) {
        throw translate("read " + f.familyName, e);
      }
    }

    /**
     * Visits keys in {@code [from, to)} ({@code to} null: to the end), ascending, or descending
     * from just below {@code to} when {@code reverse}.
     */
    void scan(Family f, byte[] from, byte[] to, boolean reverse, Visitor visitor) {
      ensureOpen();
      try (Slice lower = new Slice(from);
          Slice upper = to == null ? null : new Slice(to);
          ReadOptions ro = bounded(new ReadOptions().setSnapshot(snapshot), lower, upper);
          RocksIterator it = db.newIterator(families.get(f), ro)) {
        if (reverse) {
          for (it.seekToLast(); it.isValid(); it.prev()) {
            if (!visitor.visit(it.key(), it.value())) {
              break;
            }
          }
        } else {
          for (it.seek(from); it.isValid(); it.next()) {
            if (!visitor.visit(it.key(), it.value())) {
              break;
            }
          }
        }
        it.status(); // an I/O error ends iteration just as the end of data does: tell them apart
      } catch (RocksDBException e) {
        throw translate("scan " + f.familyName, e);
      }
    }

    @Override
    public void close() {
      getOptions.close();
      if (!closed) {
        db.releaseSnapshot(snapshot);
      }
      snapshot.close();
    }
  }

  /** A batch with read-your-writes. Not thread-safe. */
  final class Writer implements AutoCloseable {
    private final WriteBatchWithIndex batch = new WriteBatchWithIndex(true);
    private final ReadOptions readOptions = new ReadOptions();

    void put(Family f, byte[] key, byte[] value) {
      try {
        batch.put(families.get(f), key, value);
      } catch (RocksDBException e) {
        throw translate("write " + f.familyName, e);
      }
    }

    byte[] get(Family f, byte[] key) {
      ensureOpen();
      try {
        return batch.getFromBatchAndDB(db, families.get(f), readOptions, key);
      } catch (RocksDBException e) {
        throw translate("read " + f.familyName, e);
      }
    }

    /** Visits keys starting with {@code prefix}, ascending, uncommitted writes included. */
    void scanPrefix(Family f, byte[] prefix, Visitor visitor) {
      ensureOpen();
      byte[] end = Keys.after(prefix);
      ColumnFamilyHandle cf = families.get(f);
      try (RocksIterator base = db.newIterator(cf, readOptions);
          RocksIterator it = batch.newIteratorWithBase(cf, base)) {
        for (it.seek(prefix); it.isValid(); it.next()) {
          byte[] key = it.key();
          if (end != null && Keys.compare(key, end) >= 0) {
            break;
          }
          if (!visitor.visit(key, it.value())) {
            break;
          }
        }
        it.status();
      } catch (RocksDBException e) {
        throw translate("scan " + f.familyName, e);
      }
    }

    int count() {
      return batch.count();
    }

    /** Stores every write of this batch atomically. */
    void commit() {
      ensureOpen();
      try {
        db.write(writeOptions, batch);
      } catch (RocksDBException e) {
        throw translate("write to " + dir, e);
      }
    }

    @Override
    public void close() {
      readOptions.close();
      batch.close();
    }
  }

  private static ReadOptions bounded(ReadOptions ro, Slice lower, Slice upper) {
    ro.setIterateLowerBound(lower);
    if (upper != null) {
      ro.setIterateUpperBound(upper);
    }
    return ro;
  }

  private void ensureOpen() {
    if (closed) {
      throw new LedgerException(LedgerError.CLOSED, "EPCIS projection " + dir + " is closed");
    }
  }

  static LedgerException translate(String what, RocksDBException e) {
    Status s = e.getStatus();
    Status.Code code = s == null ? Status.Code.IOError : s.getCode();
    if (code == Status.Code.Corruption) {
      return new LedgerException(LedgerError.STORE_CORRUPT, "EPCIS projection: " + what
          + ": RocksDB reports corruption (delete the projection directory to rebuild it): " + e.getMessage(), e);
    }
    if (code == Status.Code.IOError && e.getMessage() != null && e.getMessage().contains("LOCK")) {
      return new LedgerException(LedgerError.STORE_LOCKED, "EPCIS projection: " + what
          + ": the directory is locked; is another node using it? (" + e.getMessage() + ")", e);
    }
    return new LedgerException(LedgerError.STORE_IO, "EPCIS projection: " + what + ": " + code + ": "
        + e.getMessage(), e);
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    handles.forEach(ColumnFamilyHandle::close);
    db.close();
    closeOptions();
  }

  private void closeOptions() {
    writeOptions.close();
    cfOptions.close();
    bloom.close();
    dbOptions.close();
  }
}
