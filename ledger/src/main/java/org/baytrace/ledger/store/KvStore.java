package org.baytrace.ledger.store;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.baytrace.ledger.StorageStats;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;

/**
 * The ordered key-value storage under the ledger: RocksDB on disk, or memory for tests and
 * tools. Keys compare as unsigned bytes. Implementations are thread-safe; {@link #write} is
 * atomic and durable (synced) before it returns.
 */
interface KvStore extends AutoCloseable {
  /** The value, or null. */
  byte[] get(Column column, byte[] key);

  /**
   * The values of {@code keys} in one column family, in the same order (null where absent).
   * Equivalent to one {@link #get} per key, but one call for all of them.
   */
  List<byte[]> multiGet(Column column, List<byte[]> keys);

  /** Visits entries with {@code from <= key < to} in key order until the visitor returns false. */
  void scan(Column column, byte[] from, byte[] to, Visitor visitor);

  /** The last entry with {@code from <= key < to}, or null. */
  byte[][] last(Column column, byte[] from, byte[] to);

  /**
   * For each key, the last entry (key and value) that sorts before it and shares its first
   * {@link Column#prefixLength} bytes, or null: one call for many look-ups. {@code column} must
   * have a prefix length, and each key be at least that long (RocksDB filters by prefix).
   */
  List<byte[][]> lastBefore(Column column, List<byte[]> keys);

  /** The engine's own figures (sizes, compaction debt, stalls); nothing for a store in memory. */
  default StorageStats stats() {
    return StorageStats.NONE;
  }

  /** A full compaction of every column (see {@code LedgerStore#compact}); nothing for a store in memory. */
  default void compact(Consumer<String> progress) {}

  /** Writes the batch atomically and syncs it to stable storage before returning. */
  void write(KvBatch batch);

  /**
   * Writes the batch atomically without waiting for stable storage: it survives this process
   * crashing (the operating system holds it) but not the machine losing power, until the next
   * {@link #sync}. For writes another durable log can replay.
   */
  void writeUnsynced(KvBatch batch);

  /** Makes every write so far durable. */
  void sync();

  /**
   * Writes a consistent copy of everything written so far into {@code dir}, which must not
   * exist; the copy opens as a store of its own. Writes that run meanwhile are in it or not, whole.
   */
  default void copyTo(Path dir) {
    throw new LedgerException(LedgerError.STORE_IO, "copy to " + dir + ": a store in memory has no copy on disk");
  }

  @Override
  void close();

  @FunctionalInterface
  interface Visitor {
    boolean visit(byte[] key, byte[] value);
  }
}
