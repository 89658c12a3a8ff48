package org.baytrace.ledger;

import java.util.List;

/**
 * What the storage engine reports about itself, for metrics: sizes per column family, bytes
 * compaction still has to rewrite, and whether writes are being slowed or stopped. A store in
 * memory reports nothing ({@link #NONE}). Values are RocksDB's estimates at the time of the call.
 *
 * @param families one entry per column family of the ledger
 * @param delayedWriteRate bytes per second writes are throttled to (0: not throttled)
 * @param writesStopped whether RocksDB stops writes until compaction catches up
 * @param stallsSlowdown write slowdowns since the store opened (all families)
 * @param stallsStop write stops since the store opened (all families)
 * @param runningCompactions compactions in progress
 */
public record StorageStats(List<Family> families, long delayedWriteRate, boolean writesStopped, long stallsSlowdown,
    long stallsStop, long runningCompactions) {

  public static final StorageStats NONE = new StorageStats(List.of(), 0, false, 0, 0, 0);

  public StorageStats {
    families = List.copyOf(families);
  }

  /**
   * One column family.
   *
   * @param name the family's name (entries, tree, subjects, dedup, checkpoints, meta)
   * @param sstBytes {@code rocksdb.total-sst-files-size}: every SST file, including obsolete ones not yet deleted
   * @param liveSstBytes {@code rocksdb.live-sst-files-size}: the files of the current version
   * @param liveDataBytes {@code rocksdb.estimate-live-data-size}: the data once fully compacted
   * @param memtableBytes {@code rocksdb.cur-size-all-mem-tables}
   * @param estimatedKeys {@code rocksdb.estimate-num-keys}
   * @param pendingCompactionBytes {@code rocksdb.estimate-pending-compaction-bytes}
   */
  public record Family(String name, long sstBytes, long liveSstBytes, long liveDataBytes, long memtableBytes,
      long estimatedKeys, long pendingCompactionBytes) {}
}
