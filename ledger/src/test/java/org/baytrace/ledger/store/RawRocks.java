package org.baytrace.ledger.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompactRangeOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/**
 * Opens a closed ledger store's RocksDB directory directly, as an attacker or a failing disk
 * would see it, so that tamper tests can change bytes behind the ledger's back. Column family
 * names come from {@link Column}; keys are as it documents them.
 */
final class RawRocks implements AutoCloseable {
  static {
    RocksDB.loadLibrary();
  }

  private final DBOptions dbOptions = new DBOptions();
  private final ColumnFamilyOptions cfOptions = new ColumnFamilyOptions();
  private final WriteOptions sync = new WriteOptions().setSync(true);
  private final List<ColumnFamilyHandle> handles = new ArrayList<>();
  private final Map<Column, ColumnFamilyHandle> families = new EnumMap<>(Column.class);
  private final RocksDB db;

  RawRocks(Path dir) throws RocksDBException {
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions));
    for (Column c : Column.values()) {
      descriptors.add(new ColumnFamilyDescriptor(c.familyName.getBytes(StandardCharsets.UTF_8), cfOptions));
    }
    try (Options listOptions = new Options(dbOptions, cfOptions)) {
      for (byte[] name : RocksDB.listColumnFamilies(listOptions, dir.toString())) {
        if (descriptors.stream().noneMatch(d -> Arrays.equals(d.getName(), name))) {
          descriptors.add(new ColumnFamilyDescriptor(name, cfOptions)); // one the ledger no longer has
        }
      }
    }
    db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
    for (Column c : Column.values()) {
      families.put(c, handles.get(c.ordinal() + 1));
    }
  }

  static byte[] indexKey(long index) {
    return ByteBuffer.allocate(8).putLong(index).array();
  }

  byte[] get(Column column, byte[] key) throws RocksDBException {
    return db.get(families.get(column), key);
  }

  void put(Column column, byte[] key, byte[] value) throws RocksDBException {
    db.put(families.get(column), sync, key, value);
  }

  void delete(Column column, byte[] key) throws RocksDBException {
    db.delete(families.get(column), sync, key);
  }

  /** Adds a column family the ledger does not have (as a store of an earlier format did), with one row. */
  void addFamily(String name, byte[] key, byte[] value) throws RocksDBException {
    ColumnFamilyHandle family = db.createColumnFamily(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), cfOptions));
    handles.add(family);
    db.put(family, sync, key, value);
  }

  /** Every row of a column family, in key order. */
  List<byte[][]> rows(Column column) throws RocksDBException {
    List<byte[][]> out = new ArrayList<>();
    try (org.rocksdb.RocksIterator it = db.newIterator(families.get(column))) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        out.add(new byte[][] {it.key(), it.value()});
      }
      it.status();
    }
    return out;
  }

  /** Puts a row in a column family the ledger does not have, creating the family if needed. */
  void putInFamily(String name, byte[] key, byte[] value) throws RocksDBException {
    byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
    ColumnFamilyHandle family = null;
    for (ColumnFamilyHandle h : handles) {
      if (Arrays.equals(h.getName(), wanted)) {
        family = h;
      }
    }
    if (family == null) {
      family = db.createColumnFamily(new ColumnFamilyDescriptor(wanted, cfOptions));
      handles.add(family);
    }
    db.put(family, sync, key, value);
  }

  /** The names of the store's column families. */
  static List<String> familyNames(Path dir) throws RocksDBException {
    try (DBOptions o = new DBOptions(); ColumnFamilyOptions c = new ColumnFamilyOptions(); Options list = new Options(o, c)) {
      return RocksDB.listColumnFamilies(list, dir.toString()).stream().map(n -> new String(n, StandardCharsets.UTF_8)).toList();
    }
  }

  /** Compacts every column family into its last level, as RocksDB does in time by itself. */
  void compactAll() throws RocksDBException {
    for (ColumnFamilyHandle family : handles) {
      db.compactRange(family);
    }
  }

  /**
   * Rewrites every file of a closed store without compression, as the builds before per-level
   * compression wrote them.
   */
  static void rewriteUncompressed(Path dir) throws RocksDBException {
    try (ColumnFamilyOptions none = new ColumnFamilyOptions().setCompressionType(CompressionType.NO_COMPRESSION)
            .setBottommostCompressionType(CompressionType.NO_COMPRESSION);
        DBOptions o = new DBOptions(); Options list = new Options(o, none);
        CompactRangeOptions full = new CompactRangeOptions()
            .setBottommostLevelCompaction(CompactRangeOptions.BottommostLevelCompaction.kForce)) {
      List<ColumnFamilyDescriptor> descriptors = RocksDB.listColumnFamilies(list, dir.toString()).stream()
          .map(n -> new ColumnFamilyDescriptor(n, none)).toList();
      List<ColumnFamilyHandle> opened = new ArrayList<>();
      try (RocksDB raw = RocksDB.open(o, dir.toString(), descriptors, opened)) {
        for (ColumnFamilyHandle h : opened) {
          raw.compactRange(h, null, null, full);
        }
      } finally {
        opened.forEach(ColumnFamilyHandle::close);
      }
    }
  }

  /** Flips the bits of {@code mask} in byte {@code position} of a stored value. */
  void flip(Column column, byte[] key, int position, int mask) throws RocksDBException {
    byte[] v = get(column, key);
    if (v == null) {
      throw new AssertionError("no value to tamper with in " + column.familyName);
    }
    v[position] ^= (byte) mask;
    put(column, key, v);
  }

  @Override
  public void close() {
    handles.forEach(ColumnFamilyHandle::close);
    db.close();
    sync.close();
    cfOptions.close();
    dbOptions.close();
  }
}
