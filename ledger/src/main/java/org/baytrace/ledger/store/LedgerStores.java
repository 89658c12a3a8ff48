package org.baytrace.ledger.store;

import java.nio.file.Path;
import java.util.function.LongConsumer;
import org.baytrace.ledger.LedgerStore;

/** Opens {@link LedgerStore}s: RocksDB on disk, or memory for tests and tools. */
public final class LedgerStores {
  private LedgerStores() {}

  /**
   * Opens (creating if needed) a RocksDB store in {@code dir}. Always checks the stored tree head
   * against the stored subtree hashes and the newest signed checkpoint against the tree
   * (O(log n)). With {@code verifyAll}, every entry is then re-hashed, the whole tree recomputed
   * and every subject chain checked ({@link LedgerStore#verifyAll}); otherwise only the entries
   * appended since the last verified size ({@link LedgerStore#verifiedSize}), so that opening
   * does not take longer as the ledger grows.
   *
   * @throws org.baytrace.ledger.error.LedgerException STORE_CORRUPT naming the first bad index
   */
  public static LedgerStore openRocksDb(Path dir, boolean verifyAll, LongConsumer progress) {
    RocksKvStore kv = new RocksKvStore(dir);
    try {
      return new KvLedgerStore(kv, dir.toString(), verifyAll, progress);
    } catch (RuntimeException e) {
      kv.close();
      throw e;
    }
  }

  /** Opens a RocksDB store with full verification and no progress reports. */
  public static LedgerStore openRocksDb(Path dir) {
    return openRocksDb(dir, true, n -> {});
  }

  /**
   * Converts a stopped RocksDB store of the previous format ({@code FORMAT_VERSION - 1}) to the
   * current one, in place, with {@code sizeFound} told the tree size before it starts and
   * {@code progress} the entries done. A store already of the current format is left as it is.
   * An interrupted migration is run again from the start.
   *
   * @throws org.baytrace.ledger.error.LedgerException STORE_LOCKED if another process has the
   *     store open, STORE_CORRUPT (nothing migrated) for a damaged store or one of an older format
   */
  public static LedgerStore.Migration migrate(Path dir, LongConsumer sizeFound, LongConsumer progress) {
    return StoreMigration.run(dir, sizeFound, progress);
  }

  /** {@link #migrate(Path, LongConsumer, LongConsumer)} without the size found. */
  public static LedgerStore.Migration migrate(Path dir, LongConsumer progress) {
    return migrate(dir, size -> {}, progress);
  }

  /** A store in memory, for tests and tools. */
  public static LedgerStore inMemory() {
    return new KvLedgerStore(new MemoryKvStore(), "memory", true, n -> {});
  }
}
