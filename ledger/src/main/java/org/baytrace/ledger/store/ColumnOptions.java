package org.baytrace.ledger.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;

/**
 * The RocksDB options of each {@link Column}: compression per level, block size and filters, as
 * measured in docs/OPERATIONS.md ("Disk"). Owns the native option objects; {@link #close()} once
 * the database that uses them is closed.
 *
 * <p>Compression. Columns whose keys grow with the log ({@link Column#appendOrdered}) are written
 * once: their flushed files never overlap, so compaction moves them down the levels without
 * rewriting them, and the compression a file gets at flush is the one it keeps. They are
 * compressed with ZSTD from level 0. Columns keyed by hashes (subjects, de-duplication) are
 * rewritten by every compaction that reaches them: LZ4 (cheap) for the young levels 0 and 1,
 * ZSTD below, where data stays. Entries are most of the bytes and compress best in larger
 * blocks (their kinds, origins, subjects and field tags repeat from record to record): 16 KiB
 * blocks instead of 4 KiB. Hashes, signatures and keys do not compress; what compression saves
 * there is the keys' and blocks' own overhead.
 */
final class ColumnOptions implements AutoCloseable {
  /** RocksDB's default number of levels. */
  private static final int LEVELS = 7;
  private static final long ENTRY_BLOCK_BYTES = 16 * 1024;

  private final BloomFilter bloom = new BloomFilter(10);
  private final ColumnFamilyOptions unknown;
  private final Map<Column, ColumnFamilyOptions> byColumn = new EnumMap<>(Column.class);

  ColumnOptions() {
    unknown = compressed(new ColumnFamilyOptions(), false);
    for (Column c : Column.values()) {
      byColumn.put(c, build(c));
    }
  }

  /** Options of a column family this build knows. */
  ColumnFamilyOptions of(Column c) {
    return byColumn.get(c);
  }

  /**
   * Options for the default family and for families of an earlier store format, opened only so
   * that the ledger can refuse or migrate the store.
   */
  ColumnFamilyOptions forOtherFamilies() {
    return unknown;
  }

  private ColumnFamilyOptions build(Column c) {
    ColumnFamilyOptions o = compressed(new ColumnFamilyOptions(), c.appendOrdered);
    BlockBasedTableConfig table = new BlockBasedTableConfig();
    if (c == Column.ENTRIES) {
      table.setBlockSize(ENTRY_BLOCK_BYTES);
    }
    if (c == Column.DEDUP) {
      // Bloom filters over whole keys, in files and in the memtable: an append looks up every
      // record hash (de-duplication) and most of them are absent.
      table.setFilterPolicy(bloom);
      o.setMemtableWholeKeyFiltering(true).setMemtablePrefixBloomSizeRatio(0.1);
    } else if (c.prefixLength > 0) {
      // Bloom filters over fixed-length key prefixes: an append looks up the last row of each
      // subject it names, and most subjects are new.
      table.setFilterPolicy(bloom).setWholeKeyFiltering(false);
      o.useFixedLengthPrefixExtractor(c.prefixLength).setMemtablePrefixBloomSizeRatio(0.1);
    }
    // No bloom filters where every read hits or is a range scan (entries, tree, checkpoints).
    return o.setTableFormatConfig(table);
  }

  private static ColumnFamilyOptions compressed(ColumnFamilyOptions o, boolean appendOrdered) {
    List<CompressionType> perLevel = new ArrayList<>(Collections.nCopies(LEVELS, CompressionType.ZSTD_COMPRESSION));
    if (!appendOrdered) {
      perLevel.set(0, CompressionType.LZ4_COMPRESSION);
      perLevel.set(1, CompressionType.LZ4_COMPRESSION);
    }
    return o.setNumLevels(LEVELS).setCompressionPerLevel(perLevel)
        .setBottommostCompressionType(CompressionType.ZSTD_COMPRESSION);
  }

  @Override
  public void close() {
    byColumn.values().forEach(ColumnFamilyOptions::close);
    unknown.close();
    bloom.close();
  }
}
