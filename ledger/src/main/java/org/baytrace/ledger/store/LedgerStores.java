package org.baytrace.ledger.store;

import java.nio.file.Path;
import java.util.function.LongConsumer;
import org.baytrace.ledger.LedgerStore;

/** Opens {@link LedgerStore}s: RocksDB on disk, or memory for tests and tools. */
public final class LedgerStores {
  private LedgerStores() {}

  /**
   * Opens (creating if needed) a RocksDB store in {@code dir}. With {@code verifyAll}, every
   * entry is re-hashed, the whole tree recomputed and every subject chain checked against the
   * stored tree head ({@link LedgerStore#verifyAll}); otherwise only the tree head is checked
   * against the stored subtree hashes.
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

  /** A store in memory, for tests and tools. */
  public static LedgerStore inMemory() {
    return new KvLedgerStore(new MemoryKvStore(), "memory", true, n -> {});
  }
}
