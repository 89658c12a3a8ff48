package org.baytrace.ledger;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.merkle.NodeId;

/**
 * What a {@link Ledger} keeps its log in: entries, the RFC 9162 tree as stored perfect-subtree
 * hashes (proofs in O(log n) reads), per-subject hash chains, de-duplication and signed
 * checkpoints. Implementations live in {@code org.baytrace.ledger.store} (RocksDB or memory,
 * opened by {@code LedgerStores}); everything else reaches the log through the ledger.
 *
 * <p>An append takes two steps, so that the ledger can sign the tree head a batch reaches and the
 * store write the note in the same atomic write as the batch: {@link #prepare} computes where
 * each record lands and the head the batch reaches, writing nothing; {@link #commit} writes it.
 *
 * <p>Thread-safety: one writer at a time (the ledger's write lock) prepares and commits; a
 * prepared batch is valid until the next {@code prepare} or {@code commit}. Reads are safe from
 * any thread and see only entries below the published head, which moves only once what lies
 * below it is written (and synced, unless written with a replication position). After a failed
 * write the store refuses further appends until it is reopened. Errors are
 * {@link org.baytrace.ledger.error.LedgerException}s.
 */
public interface LedgerStore extends AutoCloseable {

  /** A batch prepared by {@link #prepare}: what each record will answer and the head it reaches. */
  interface PreparedAppend {
    /** Per record, in input order: where it lands, or its first index if it is a duplicate. */
    List<Appended> results();

    /** The tree head once the batch is written (the current head if it adds no entry). */
    TreeHead head();

    /** Whether the batch adds entries (then its head needs a checkpoint). */
    boolean grows();
  }

  /** The store format this build writes and reads (see the store's format row); the previous one is migrated. */
  int FORMAT_VERSION = 5;

  /** What a migration did: the format found, the format now, and the entries carried over. */
  record Migration(int fromVersion, int toVersion, long entries) {
    /**
     * Whether the migration rewrote rows (from format 3: the subject rows), so that the whole
     * store is worth verifying after it; from format 4 it only added the snapshots family.
     */
    public boolean rewroteRows() {
      return fromVersion < 4 && toVersion > fromVersion;
    }
  }

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
  Hash32 subtreeHash(NodeId node);

  /**
   * Computes the entries of a batch over the current tree, writing nothing. A record whose hash
   * is already stored (or appears earlier in the batch) is not stored again: its result carries
   * the first index and {@code duplicate=true}. Records without a record time of their own get
   * {@code recordTimeUnixMillis}.
   */
  PreparedAppend prepare(List<PendingRecord> batch, long recordTimeUnixMillis);

  /**
   * Writes the batch {@link #prepare} returned last in one atomic write, with the signed
   * checkpoint {@code checkpointNote} of its head (null: none) and the replication
   * {@code position} (null: none), even when the batch adds nothing else: a replicated node
   * records which log entry it applied with the entry's effects, so a restart neither skips nor
   * repeats one.
   *
   * <p>Without a position the write is synced before this returns. With one it is atomic but
   * <em>not synced</em>: the replication log it came from is already durable on a majority and
   * replays whatever a power loss takes from the store's tail (a process crash loses nothing).
   * The log may be purged only up to a position made durable by {@link #sync}.
   *
   * @return the prepared results
   * @throws IllegalStateException if another batch was prepared or committed since
   * @throws org.baytrace.ledger.error.LedgerException CHECKPOINT_CONFLICT if a different root is
   *     already signed for the head's size; STORE_IO if the write fails
   */
  List<Appended> commit(PreparedAppend prepared, String checkpointNote, LogPosition position);

  /** Makes every write so far durable, including those made with a position. */
  void sync();

  /**
   * Writes a consistent copy of the store into {@code dir} (which must not exist): a RocksDB
   * checkpoint, its files hard-linked where the file system allows. The copy opens as a store of
   * the same format. Commits that run meanwhile are in it or not, whole; callers that need to
   * know its size hold appends off (see {@link Ledger#backupTo}).
   *
   * @throws org.baytrace.ledger.error.LedgerException STORE_IO if the copy cannot be made (or
   *     the store is in memory)
   */
  void copyTo(java.nio.file.Path dir);

  /**
   * The size up to which writes are known to be durable: every commit without a position once it
   * returned, those with a position once {@link #sync} covered them. At most {@link #size}.
   */
  long durableSize();

  /** The position stored with the last {@link #commit} that had one. */
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

  /** The stored snapshot of the apply rule named {@code rule} (bytes of {@link RuleSnapshot#encode}), if any. */
  Optional<byte[]> ruleSnapshot(String rule);

  /** Every stored rule snapshot, by rule name, in name order. */
  java.util.SortedMap<String, byte[]> ruleSnapshots();

  /**
   * Replaces the stored snapshots of these rules (name → bytes of {@link RuleSnapshot#encode}) in
   * one synced write, after making every batch applied so far durable: a snapshot never names a
   * size the store would have to re-reach after a power loss.
   */
  void putRuleSnapshots(java.util.Map<String, byte[]> snapshots);

  /** The storage engine's figures for metrics (sizes, compaction debt, stalls). */
  StorageStats storageStats();

  /**
   * Rewrites every file of the store (a full compaction): frees the space of deleted rows and
   * gives files written by an earlier build the current compression. Changes no row. Blocks
   * until done; {@code progress} hears the name of each part as it starts.
   */
  void compact(Consumer<String> progress);

  /**
   * Re-hashes every entry, recomputes the whole tree and checks every subject chain. On success,
   * records the size verified ({@link #verifiedSize}). {@code progress} hears the entries
   * verified so far, every 10,000.
   *
   * @throws org.baytrace.ledger.error.LedgerException STORE_CORRUPT naming the first bad index
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
