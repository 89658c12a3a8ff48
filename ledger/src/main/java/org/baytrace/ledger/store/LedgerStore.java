package org.baytrace.ledger.store;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongConsumer;
import org.baytrace.ledger.crypto.Hash32;

/**
 * The append-only log on storage: entries, the RFC 9162 tree as stored perfect-subtree hashes
 * (proofs in O(log n) reads), per-subject hash chains, de-duplication and signed checkpoints.
 *
 * <p>Thread-safety: appends from several threads are ordered internally and pipelined: one
 * batch is staged while the one before it is written and the one before that is synced, and one
 * sync may cover several batches (group commit). Each call still returns only once its own batch
 * is durable. Reads are safe from any thread and see only entries below the published size,
 * which moves forward only once what lies below it is durable. After a failed write or sync the
 * store refuses further appends until it is reopened. Errors are
 * {@link org.baytrace.ledger.error.LedgerException}s.
 */
public interface LedgerStore extends AutoCloseable {

  /**
   * Opens (creating if needed) a RocksDB store in {@code dir}. Always checks the stored tree head
   * against the stored subtree hashes and the newest signed checkpoint against the tree (O(log n)).
   * With {@code verifyAll}, every entry is then re-hashed and the whole tree recomputed;
   * otherwise only the entries appended since the last verified size ({@link #verifiedSize}),
   * so that opening does not take longer as the ledger grows.
   *
   * @throws org.baytrace.ledger.error.LedgerException STORE_CORRUPT naming the first bad index
   */
  static LedgerStore openRocksDb(Path dir, boolean verifyAll, LongConsumer progress) {
    RocksKvStore kv = new RocksKvStore(dir);
    try {
      return new KvLedgerStore(kv, dir.toString(), verifyAll, progress);
    } catch (RuntimeException e) {
      kv.close();
      throw e;
    }
  }

  /** What {@link #migrate} did: the format found, the format now, and the entries carried over. */
  record Migration(int fromVersion, int toVersion, long entries) {}

  /**
   * Converts a stopped RocksDB store of the previous format ({@code FORMAT_VERSION - 1}) to the
   * current one, in place, with {@code progress} hearing the entries done. A store already of the
   * current format is left as it is. An interrupted migration is run again from the start.
   *
   * @throws org.baytrace.ledger.error.LedgerException STORE_IO if another process has the store
   *     open, STORE_CORRUPT (nothing migrated) for a damaged store or one of an older format
   */
  static Migration migrate(Path dir, LongConsumer progress) {
    return migrate(dir, size -> {}, progress);
  }

  /** {@link #migrate(Path, LongConsumer)}, telling {@code sizeFound} the tree size before it starts. */
  static Migration migrate(Path dir, LongConsumer sizeFound, LongConsumer progress) {
    return StoreMigration.run(dir, sizeFound, progress);
  }

  /** Opens a RocksDB store with full verification and no progress reports. */
  static LedgerStore openRocksDb(Path dir) {
    return openRocksDb(dir, true, n -> {});
  }

  /** A store in memory, for tests and tools. */
  static LedgerStore inMemory() {
    return new KvLedgerStore(new MemoryKvStore(), "memory", true, n -> {});
  }

  /** Signs the tree head reached by an append; the note is stored in the same atomic write. */
  @FunctionalInterface
  interface CheckpointSigner {
    String sign(TreeHead head);
  }

  /** The store format this build writes and reads (see {@code KvLedgerStore}); older ones are migrated. */
  int FORMAT_VERSION = 4;

  /** The format version of the store as opened. */
  int formatVersion();

  TreeHead head();

  default long size() {
    return head().size();
  }

  /** The root of the tree at an earlier (or the current) size. */
  Hash32 rootAt(long size);

  /**
   * The stored hash of a perfect subtree that lies wholly within the current tree (its last leaf
   * below {@link #size()}): a leaf hash at level 0, else the Merkle Tree Hash of its
   * {@code 2^level} leaves.
   *
   * @throws org.baytrace.ledger.error.LedgerException TREE_SIZE_OUT_OF_RANGE if it reaches past
   *     the tree; STORE_CORRUPT if the hash is missing
   */
  Hash32 subtreeHash(org.baytrace.ledger.merkle.NodeId node);

  /**
   * Appends a batch in one atomic write, synced before returning. A record whose hash is already
   * stored (or appears earlier in the batch) is not stored again: its result carries the first
   * index and {@code duplicate=true}. If {@code signer} is not null and anything was appended, the
   * new head's signed checkpoint is written in the same batch.
   */
  default List<Appended> append(List<PendingRecord> batch, long recordTimeUnixMillis, CheckpointSigner signer) {
    return append(batch, recordTimeUnixMillis, signer, null);
  }

  /**
   * {@link #append(List, long, CheckpointSigner)}, also storing {@code position} (if not null) in
   * the same atomic write, even when nothing else is written: a replicated node records which
   * log entry it applied with the entry's effects, so a restart neither skips nor repeats one.
   *
   * <p>With a position the write is atomic but <em>not synced</em>: the replication log it came
   * from is already durable on a majority and replays whatever a power loss takes from the
   * store's tail (a process crash loses nothing). The log may be purged only up to a position
   * made durable by {@link #sync}.
   */
  List<Appended> append(List<PendingRecord> batch, long recordTimeUnixMillis, CheckpointSigner signer,
      LogPosition position);

  /** Makes every append so far durable, including those made with a position. */
  void sync();

  /**
   * Writes a consistent copy of the store into {@code dir} (which must not exist): a RocksDB
   * checkpoint, its files hard-linked where the file system allows. The copy opens with
   * {@link #openRocksDb} as a store of the same format. Appends that run meanwhile are in it or
   * not, whole; callers that need to know its size hold appends off (see the ledger's backup).
   *
   * @throws org.baytrace.ledger.error.LedgerException STORE_IO if the copy cannot be made (or
   *     the store is in memory)
   */
  void copyTo(Path dir);

  /**
   * The size up to which appends are known to be durable: every append without a position once
   * it returned, those with a position once {@link #sync} covered them. At most {@link #size}.
   */
  long durableSize();

  /** The position stored with the last {@link #append(List, long, CheckpointSigner, LogPosition)}. */
  Optional<LogPosition> appliedPosition();

  StoredEntry entry(long index);

  List<Hash32> inclusionProof(long index, long treeSize);

  List<Hash32> consistencyProof(long fromSize, long toSize);

  /** Entries naming {@code subject}, oldest first, starting at entry index {@code fromIndex}. */
  List<StoredEntry> subjectHistory(String subject, long fromIndex, int limit);

  /** Index of the record with this body hash, if stored. */
  OptionalLong indexOfRecord(Hash32 recordHash);

  /** Stores a signed checkpoint; refuses a different root for a size it already has one for. */
  void putCheckpoint(TreeHead head, String signedNote);

  Optional<String> checkpoint(long size);

  Optional<String> latestCheckpoint();

  /** The storage engine's figures for metrics (sizes, compaction debt, stalls). */
  StorageStats storageStats();

  /**
   * Re-hashes every entry, recomputes the whole tree and checks every subject row and chain
   * link; STORE_CORRUPT names the first bad index. On success, records the size verified
   * ({@link #verifiedSize}). {@code progress} hears the entries verified so far, every 10,000.
   */
  void verifyAll(LongConsumer progress);

  /**
   * The tree size up to which the store was verified entry by entry (by a start, a scrub or
   * fsck); opening without full verification verifies only the entries above it.
   */
  long verifiedSize();

  @Override
  void close();
}
