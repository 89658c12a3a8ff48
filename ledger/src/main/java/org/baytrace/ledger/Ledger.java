package org.baytrace.ledger;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import org.baytrace.ledger.checkpoint.Checkpoint;
import org.baytrace.ledger.checkpoint.CheckpointVerifier;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.checkpoint.NoteVerifier;
import org.baytrace.ledger.checkpoint.SignedNote;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.leaf.Leaf;
import org.baytrace.ledger.leaf.LeafCodec;
import org.baytrace.ledger.merkle.NodeId;
import org.baytrace.ledger.merkle.Rfc9162;
import org.baytrace.ledger.receipt.Receipt;
import org.baytrace.ledger.record.ParsedRecord;
import org.baytrace.ledger.record.RecordLimits;
import org.baytrace.ledger.record.Records;
import org.baytrace.ledger.record.SignedHere;
import org.baytrace.ledger.verify.VerificationException;

/**
 * One ledger: checks records (shape, origin, signatures, author policy), appends them in batches
 * to its {@link LedgerStore}, signs a checkpoint for every new tree head, and serves entries,
 * proofs and receipts. The only way to the log: nothing else writes to or reads from the store.
 *
 * <p>Besides the author policy, which judges each record on its own, {@linkplain #install
 * installed} {@link ApplyRule}s judge records against everything applied before them, in log
 * order, when a batch is applied.
 *
 * <p>Thread-safety: {@link #check} is thread-safe and CPU-bound (run it on many threads);
 * appends and rule installation are serialised by one lock; reads are safe from any thread.
 */
public final class Ledger implements AutoCloseable {
  private final LedgerConfig config;
  private final LedgerStore store;
  private final List<LongConsumer> appendListeners = new CopyOnWriteArrayList<>();
  private final List<ApplyRule> rules = new CopyOnWriteArrayList<>();
  private final ReentrantLock writeLock = new ReentrantLock();
  private volatile long cosignedSize = -1; // newest size whose checkpoint a quorum of members signed
  private final SignedCheckpointFile signedFile; // null: this ledger keeps no high-water mark
  private final Object signedFileLock = new Object();
  private volatile long signedSize = -1; // the size of the checkpoint in signedFile
  // A member catching up: the tree its store must reach, with the same root, before it serves a
  // checkpoint (re-seeded: the checkpoint it signed before; restored: the tree of a member it
  // checked its backup against).
  private volatile Checkpoint awaited;
  private final RuleSnapshots snapshots = new RuleSnapshots(); // guarded by writeLock
  private volatile long snapshotEvery = DEFAULT_SNAPSHOT_EVERY;
  private volatile boolean snapshotOnClose = true;

  /**
   * Entries between two writes of the apply rules' snapshots: a start after a crash replays at
   * most about this many (plus what the snapshots list); writing them costs one synced write of
   * the rules' state.
   */
  public static final long DEFAULT_SNAPSHOT_EVERY = 100_000;

  private Ledger(LedgerConfig config, LedgerStore store, SignedCheckpointFile signedFile) {
    this.config = config;
    this.store = store;
    this.signedFile = signedFile;
  }

  /**
   * Opens a ledger over a store that keeps no signed-checkpoint file (tools, tests, verifiers);
   * signs the current tree head if it has no checkpoint yet. A node uses
   * {@link #open(LedgerConfig, LedgerStore, SignedCheckpointFile, boolean)}.
   */
  public static Ledger open(LedgerConfig config, LedgerStore store) {
    Ledger ledger = new Ledger(config, store, null);
    ledger.signHeadIfUnsigned();
    return ledger;
  }

  /**
   * Opens a node's ledger: the store must extend the checkpoint in {@code signedFile}, the
   * newest this node signed (same root at its size, the note verified with this node's key), or
   * the node must not start on it. From then on the file is raised before a checkpoint of a
   * larger size leaves this ledger ({@link #checkpointAt}) and before an append without a
   * replication position returns. Without a file (a new data directory) the store's head is
   * taken and written as the first.
   *
   * @param member whether the ledger is a cluster member's: an empty store below the signed
   *     checkpoint is then a member being re-seeded, which copies the history from the others;
   *     it serves no checkpoint (CATCHING_UP) until its copy reaches the signed size, and only
   *     if the copy has the signed root there
   * @throws LedgerException SIGNED_CHECKPOINT_NOT_EXTENDED, saying what was signed, what the
   *     store holds and how to repair
   */
  public static Ledger open(LedgerConfig config, LedgerStore store, SignedCheckpointFile signedFile, boolean member) {
    Ledger ledger = new Ledger(config, store, Objects.requireNonNull(signedFile, "signedFile"));
    TreeHead head = store.head();
    Optional<String> note = signedFile.read();
    if (note.isPresent()) {
      Checkpoint signed = ledger.ownCheckpoint(note.get());
      if (member && head.size() == 0 && signed.size() > 0) {
        ledger.awaited = signed;
      } else {
        ledger.checkExtends(signed, head);
        ledger.signedSize = signed.size();
      }
    }
    ledger.signHeadIfUnsigned();
    if (ledger.awaited == null) {
      ledger.raiseSignedMark(head.size());
    }
    return ledger;
  }

  private void signHeadIfUnsigned() {
    TreeHead head = store.head();
    if (store.checkpoint(head.size()).isEmpty()) {
      store.putCheckpoint(head, sign(head));
    }
  }

  /** The note of the signed-checkpoint file, verified as a checkpoint of this ledger signed by this node. */
  private Checkpoint ownCheckpoint(String note) {
    try {
      return CheckpointVerifier.verify(note, config.origin(), List.of(verifierKey()), 1).checkpoint();
    } catch (VerificationException e) {
      throw new LedgerException(LedgerError.SIGNED_CHECKPOINT_NOT_EXTENDED, signedFile
          + " does not hold a checkpoint of ledger " + config.origin() + " signed by this node's key "
          + verifierKey().encode() + " (" + e.getMessage() + "), so the node cannot tell what it signed and does not"
          + " start. " + repairAdvice(-1));
    }
  }

  /** Throws unless {@code head}'s store holds {@code signed}'s root at {@code signed}'s size. */
  private void checkExtends(Checkpoint signed, TreeHead head) {
    if (signed.size() > head.size()) {
      throw storeDoesNotExtend(signedFile, signed, "holds only " + head.size() + " entries (root "
          + head.root().hex() + ")");
    }
    Hash32 root;
    try {
      root = store.rootAt(signed.size());
    } catch (LedgerException e) {
      throw storeDoesNotExtend(signedFile, signed, "cannot be read at that size (" + e.getMessage() + ")");
    }
    if (!root.equals(signed.root())) {
      throw storeDoesNotExtend(signedFile, signed, "holds the root " + root.hex() + " at that size (of "
          + head.size() + " entries): a different history");
    }
  }

  /**
   * The refusal to start on a store that does not extend the signed checkpoint {@code note}:
   * which size and root were signed, what the store holds ({@code storeState}, completing "the
   * ledger store ..."), and how to repair.
   */
  public static LedgerException storeDoesNotExtend(SignedCheckpointFile file, String note, String storeState) {
    Checkpoint signed;
    try {
      signed = Checkpoint.parse(SignedNote.parse(note).text());
    } catch (VerificationException e) {
      return new LedgerException(LedgerError.SIGNED_CHECKPOINT_NOT_EXTENDED, "the ledger store " + storeState
          + ", and " + file + " does not hold a readable checkpoint (" + e.getMessage() + "). " + repairAdvice(-1));
    }
    return storeDoesNotExtend(file, signed, storeState);
  }

  private static LedgerException storeDoesNotExtend(SignedCheckpointFile file, Checkpoint signed, String storeState) {
    return new LedgerException(LedgerError.SIGNED_CHECKPOINT_NOT_EXTENDED, "this node signed a checkpoint of size "
        + signed.size() + " with root " + signed.root().hex() + " (kept in " + file + "), but the ledger store "
        + storeState + ". Serving this store would contradict that checkpoint, so the node does not start. "
        + repairAdvice(signed.size()));
  }

  private static String repairAdvice(long signedSize) {
    return "To repair: a cluster member is re-seeded from the other members (stop it, run `baytrace reseed --config"
        + " FILE`, which sets its ledger, projection and Raft log aside and keeps its key, " + SignedCheckpointFile.NAME
        + " and Raft term and vote, then start it: it copies the ledger from the others and checks the copy against"
        + " the signed checkpoint before it serves one); a single node is restored from a backup of its data"
        + " directory's ledger directory" + (signedSize >= 0 ? " that holds at least " + signedSize + " entries" : "")
        + ", keeping the "
        + SignedCheckpointFile.NAME + " file. See ledger/README.md, \"Repair\".";
  }

  public String origin() {
    return config.origin();
  }

  public LedgerConfig config() {
    return config;
  }

  /** The format version of the store this ledger runs on (for {@code /readyz} and metrics). */
  public int storeFormatVersion() {
    return store.formatVersion();
  }

  /** The storage engine's figures (sizes, compaction debt, stalls), for metrics. */
  public StorageStats storageStats() {
    return store.storageStats();
  }

  /** This node's checkpoint verifier key, in the standard {@code name+hash+key} form. */
  public NoteVerifier verifierKey() {
    return config.signer().verifier();
  }

  /**
   * Checks one record as received: shape and size, origin, every signature, and the author
   * policy. Stores nothing.
   *
   * @throws LedgerException with the error that names the failed check
   */
  public ParsedRecord check(byte[] signedRecord) {
    ParsedRecord record = Records.parse(signedRecord, config.limits());
    checkEntryAndOrigin(record);
    try {
      Records.verifySignatures(record);
    } catch (VerificationException e) {
      LedgerError error = switch (e.failure()) {
        case UNSIGNED -> LedgerError.UNSIGNED;
        default -> LedgerError.SIGNATURE_INVALID;
      };
      throw new LedgerException(error, e.detail());
    }
    config.policy().check(record);
    return record;
  }

  /**
   * Checks a record signed in this process: as {@link #check(byte[])}, but its shape was checked
   * when it was signed and its signatures are not verified again ({@link SignedHere} says why).
   *
   * @throws LedgerException with the error that names the failed check
   */
  public ParsedRecord check(SignedHere signed) {
    ParsedRecord record = signed.record();
    checkEntryAndOrigin(record);
    config.policy().check(record);
    return record;
  }

  private void checkEntryAndOrigin(ParsedRecord record) {
    Records.checkLogEntrySize(record);
    if (!record.origin().equals(config.origin())) {
      throw new LedgerException(LedgerError.WRONG_ORIGIN,
          "body.origin: got \"" + record.origin() + "\", want \"" + config.origin() + "\"");
    }
  }

  /**
   * Appends checked records as one batch, synced to disk before returning, and signs the new
   * tree head. Duplicates (same body) return the first index. Results are in input order. Each
   * record is its own group for the apply rules; if a rule refuses one, the others are still
   * stored and this throws the first refusal (use {@link #appendGroups} to get every outcome).
   */
  public List<Appended> append(List<ParsedRecord> records) {
    List<List<ParsedRecord>> groups = records.stream().map(List::of).toList();
    List<GroupOutcome> outcomes = appendGroups(groups, config.clock().millis());
    List<Appended> results = new ArrayList<>(records.size());
    for (GroupOutcome o : outcomes) {
      if (o.refusal() != null) {
        throw o.refusal();
      }
      results.add(o.appended().get(0));
    }
    return results;
  }

  /**
   * What became of one group of {@link #appendGroups}: where its records landed, or why the
   * group was refused (then none of it was stored).
   */
  public record GroupOutcome(List<Appended> appended, LedgerException refusal) {
    static GroupOutcome stored(List<Appended> appended) {
      return new GroupOutcome(List.copyOf(appended), null);
    }

    static GroupOutcome refused(LedgerException e) {
      return new GroupOutcome(List.of(), e);
    }
  }

  /**
   * Applies checked records as one synced batch whose entries carry {@code recordTimeUnixMillis}:
   * each group is judged by the apply rules in order and stored all together or refused all
   * together. Deterministic given the stored log, the groups and the time, so every node that
   * applies the same batch reaches the same outcomes. Outcomes are in group order.
   *
   * @throws LedgerException if the store cannot write the batch (then nothing is stored)
   */
  public List<GroupOutcome> appendGroups(List<List<ParsedRecord>> groups, long recordTimeUnixMillis) {
    return appendGroups(groups, recordTimeUnixMillis, null);
  }

  /**
   * {@link #appendGroups(List, long)} for a batch taken from a replication log: {@code position}
   * is stored in the same atomic write as the batch's entries (see {@link LedgerStore#appliedPosition}).
   * That write is not synced: the replication log is the durable copy until {@link #sync()}.
   */
  public List<GroupOutcome> appendGroups(List<List<ParsedRecord>> groups, long recordTimeUnixMillis,
      LogPosition position) {
    List<GroupOutcome> outcomes;
    writeLock.lock();
    try {
      outcomes = applyLocked(groups, recordTimeUnixMillis, position);
    } finally {
      writeLock.unlock();
    }
    if (position == null) {
      // Acknowledged once this returns: the signed mark covers it first. (Outside the lock, so
      // the next batch is written meanwhile and one file write may cover several batches.)
      raiseSignedMark(store.size());
    }
    return outcomes;
  }

  private List<GroupOutcome> applyLocked(List<List<ParsedRecord>> groups, long recordTime, LogPosition position) {
    List<ApplyRule.Batch> batches = rules.stream().map(r -> r.begin(recordTime)).toList();
    Set<Hash32> seen = new HashSet<>();
    List<ParsedRecord> admitted = new ArrayList<>();
    List<int[]> positions = new ArrayList<>(groups.size()); // null for a refused group
    List<LedgerException> refusals = new ArrayList<>(groups.size());
    for (List<ParsedRecord> group : groups) {
      // Records already stored, or earlier in this batch, are duplicates: not judged again.
      List<ParsedRecord> fresh = batches.isEmpty() ? group : group.stream()
          .filter(r -> !seen.contains(r.bodyHash()) && store.indexOfRecord(r.bodyHash()).isEmpty()).toList();
      LedgerException refusal = null;
      if (!fresh.isEmpty()) {
        try {
          batches.forEach(b -> b.check(fresh));
          batches.forEach(b -> b.stage(fresh));
        } catch (LedgerException e) {
          refusal = e;
        }
      }
      refusals.add(refusal);
      if (refusal != null) {
        positions.add(null);
        continue;
      }
      int[] at = new int[group.size()];
      for (int i = 0; i < group.size(); i++) {
        at[i] = admitted.size();
        admitted.add(group.get(i));
        seen.add(group.get(i).bodyHash());
      }
      positions.add(at);
    }
    List<Appended> results = storeBatch(admitted, recordTime, position);
    if (!batches.isEmpty()) {
      List<AppliedRecord> applied = new ArrayList<>();
      for (int i = 0; i < admitted.size(); i++) {
        Appended a = results.get(i);
        if (!a.duplicate()) {
          applied.add(new AppliedRecord(admitted.get(i), a.index(), a.leafHash(), recordTime));
        }
      }
      batches.forEach(b -> b.commit(applied));
      if (!snapshots.isEmpty()) {
        applied.forEach(snapshots::offer);
        long every = snapshotEvery;
        if (every > 0 && store.size() - Math.max(0, snapshots.writtenAt()) >= every) {
          snapshots.writeAfterCommit(store, store.head());
        }
      }
    }
    List<GroupOutcome> outcomes = new ArrayList<>(groups.size());
    for (int g = 0; g < groups.size(); g++) {
      int[] at = positions.get(g);
      if (at == null) {
        outcomes.add(GroupOutcome.refused(refusals.get(g)));
        continue;
      }
      List<Appended> mine = new ArrayList<>(at.length);
      for (int p : at) {
        mine.add(results.get(p));
      }
      outcomes.add(GroupOutcome.stored(mine));
    }
    return outcomes;
  }

  private List<Appended> storeBatch(List<ParsedRecord> records, long recordTime, LogPosition position) {
    if (records.isEmpty() && position == null) {
      return List.of();
    }
    List<PendingRecord> pending = new ArrayList<>(records.size());
    for (ParsedRecord r : records) {
      pending.add(new PendingRecord(r.signedRecordBytes(), r.bodyHash(), r.subjects()));
    }
    long before = store.size();
    List<Appended> results = write(pending, recordTime, position);
    long after = store.size();
    if (after > before) {
      appendListeners.forEach(l -> l.accept(after));
    }
    return results;
  }

  // The store computes the head a batch reaches; its checkpoint is signed here and written in the
  // same atomic write as the batch.
  private List<Appended> write(List<PendingRecord> pending, long recordTime, LogPosition position) {
    LedgerStore.PreparedAppend prepared = store.prepare(pending, recordTime);
    String note = prepared.grows() ? sign(prepared.head()) : null;
    return store.commit(prepared, note, position);
  }

  /**
   * Makes every batch applied so far durable; a replicated node calls it before letting its
   * replication log be purged behind the applied position.
   */
  public void sync() {
    store.sync();
  }

  /** A consistent view of what this ledger holds: its size and the replication position it was applied to. */
  public record AppliedState(TreeHead head, Optional<LogPosition> position) {}

  /** The head and the applied replication position, read together (no batch in between). */
  public AppliedState appliedState() {
    writeLock.lock();
    try {
      return new AppliedState(store.head(), store.appliedPosition());
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Appends entries copied from another member's ledger (state transfer), in one synced write
   * with {@code position}. Each entry must continue this ledger (next index) and its record must
   * pass {@link #check} here; the entries are rebuilt from the records and their record times, so
   * this ledger computes the same leaves only if it held the same prefix, and the new root must
   * equal {@code expectedRoot}. Apply rules replay the entries as stored.
   *
   * @throws LedgerException naming the first entry that does not fit; nothing is stored then,
   *     except if the recomputed root differs after the write (STORE_CORRUPT: a divergence)
   */
  public void appendTransferred(List<byte[]> leaves, LogPosition position, Hash32 expectedRoot) {
    writeLock.lock();
    try {
      long size = store.size();
      List<PendingRecord> pending = new ArrayList<>(leaves.size());
      List<ParsedRecord> records = new ArrayList<>(leaves.size());
      List<Long> times = new ArrayList<>(leaves.size());
      for (int i = 0; i < leaves.size(); i++) {
        Leaf e;
        try {
          e = LeafCodec.decode(leaves.get(i));
        } catch (VerificationException ex) {
          throw new LedgerException(LedgerError.MALFORMED_RECORD, "transferred entry " + (size + i) + ": " + ex.detail());
        }
        if (e.index() != size + i) {
          throw new LedgerException(LedgerError.INVALID_ARGUMENT, "transferred entry: got index " + e.index()
              + ", want " + (size + i));
        }
        ParsedRecord r = check(e.signedRecord());
        records.add(r);
        times.add(e.recordTimeUnixMillis());
        pending.add(new PendingRecord(r.signedRecordBytes(), r.bodyHash(), r.subjects(), e.recordTimeUnixMillis()));
      }
      List<Appended> results = write(pending, 0, position);
      // Synced: the Raft log holds no entries behind this position for a replay after a power loss.
      store.sync();
      if (!store.head().root().equals(expectedRoot)) {
        throw new LedgerException(LedgerError.STORE_CORRUPT, "after copying entries " + size + ".." + store.size()
            + " this ledger's root is " + store.head().root().hex() + ", the leader's " + expectedRoot.hex()
            + ": the ledgers diverged");
      }
      for (int i = 0; i < results.size(); i++) {
        Appended a = results.get(i);
        if (a.duplicate() || a.index() != size + i || !a.leafHash().equals(Rfc9162.leafHash(leaves.get(i)))) {
          throw new LedgerException(LedgerError.STORE_CORRUPT, "copied entry " + (size + i) + " was stored as " + a);
        }
        AppliedRecord applied = new AppliedRecord(records.get(i), a.index(), a.leafHash(), times.get(i));
        rules.forEach(rule -> rule.replay(applied));
        snapshots.offer(applied);
      }
      long after = store.size();
      if (after > size) {
        appendListeners.forEach(l -> l.accept(after));
      }
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Installs an apply rule: it first replays every stored entry, oldest first (or, with a usable
   * snapshot, only the entries after it), then judges every batch applied after. Install rules
   * before appends start (before the node's sequencer).
   */
  public InstallReport install(ApplyRule rule) {
    return installAll(List.of(rule));
  }

  /**
   * What installing rules did: per rule that keeps snapshots, which one it started from or why
   * none, and the entries read.
   *
   * @param lines one line per rule that keeps snapshots, for the node's log
   * @param entriesReplayed stored entries read and replayed (the tail after the oldest snapshot
   *     used, plus the records the snapshots listed)
   */
  public record InstallReport(List<String> lines, long entriesReplayed) {
    public InstallReport {
      lines = List.copyOf(lines);
    }
  }

  /**
   * Installs several apply rules with one pass over the stored entries they need: each entry is
   * read and parsed once and replayed to every rule that needs it, in the order given. A rule
   * with {@link ApplyRule#snapshots} starts from its stored snapshot if that is sound and of
   * this store's history ({@link RuleSnapshot}), else from the first entry, which the report
   * says; if any rule replayed entries past its snapshot, new snapshots are written at once.
   */
  public InstallReport installAll(List<ApplyRule> newRules) {
    writeLock.lock();
    try {
      List<ApplyRule> replaying = newRules.stream().filter(ApplyRule::replays).toList();
      long size = replaying.isEmpty() ? 0 : store.size();
      List<String> lines = new ArrayList<>();
      long[] startAt = new long[replaying.size()];
      RuleSnapshots.Kept[] kept = new RuleSnapshots.Kept[replaying.size()];
      long read = 0;
      for (int r = 0; r < replaying.size(); r++) {
        ApplyRule rule = replaying.get(r);
        Optional<ApplyRule.Snapshots> spec = rule.snapshots();
        if (spec.isEmpty()) {
          continue;
        }
        kept[r] = new RuleSnapshots.Kept(rule, spec.get());
        if (size == 0) {
          continue;
        }
        Optional<RuleSnapshot> from = RuleSnapshots.usable(store, spec.get(), lines);
        if (from.isEmpty()) {
          continue;
        }
        RuleSnapshot snap = from.get();
        if (snap.state().length > 0) {
          try {
            spec.get().decodeState(snap.state());
          } catch (IllegalArgumentException e) {
            lines.add("rule " + spec.get().name() + ": snapshot state not readable (" + e.getMessage()
                + "): replaying every entry");
            continue;
          }
        }
        for (long index : snap.taken()) {
          AppliedRecord applied = applied(store.entry(index));
          rule.replay(applied);
          kept[r].offer(applied);
        }
        read += snap.taken().length;
        spec.get().loadedAt(snap.treeSize());
        startAt[r] = snap.treeSize();
        snapshots.loadedAt(snap.treeSize());
        lines.add(String.format("rule %s: snapshot of tree size %,d loaded (%,d records it lists replayed), %,d entries"
            + " after it", spec.get().name(), snap.treeSize(), snap.taken().length, size - snap.treeSize()));
      }
      long first = size;
      for (long s : startAt) {
        first = Math.min(first, s);
      }
      for (long i = first; i < size; i++) {
        AppliedRecord applied = applied(store.entry(i));
        for (int r = 0; r < replaying.size(); r++) {
          if (i >= startAt[r]) {
            replaying.get(r).replay(applied);
            if (kept[r] != null) {
              kept[r].offer(applied);
            }
          }
        }
      }
      read += size - first;
      boolean behind = false;
      for (int r = 0; r < replaying.size(); r++) {
        if (kept[r] != null) {
          snapshots.keep(kept[r]);
          behind |= startAt[r] < size;
        }
      }
      rules.addAll(newRules);
      if (behind) {
        snapshots.writeAfterCommit(store, store.head());
      }
      return new InstallReport(lines, read);
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * How often the apply rules' snapshots are written: whenever the log has grown by {@code
   * entries} since the last ones (0: only when the ledger closes), and, if {@code onClose}, when
   * it closes.
   */
  public void snapshotEvery(long entries, boolean onClose) {
    if (entries < 0) {
      throw new IllegalArgumentException("entries: got " + entries + ", want 0 or more");
    }
    this.snapshotEvery = entries;
    this.snapshotOnClose = onClose;
  }

  /** Writes the apply rules' snapshots as of the current tree head now (tools and tests). */
  public void writeRuleSnapshots() {
    writeLock.lock();
    try {
      snapshots.write(store, store.head());
    } finally {
      writeLock.unlock();
    }
  }

  /** What a start would make of one stored rule snapshot: usable, with its figures, or why not. */
  public record SnapshotCheck(String rule, boolean usable, String detail) {
    @Override
    public String toString() {
      return "rule snapshot " + rule + ": " + (usable ? "OK: " : "NOT USABLE: ") + detail;
    }
  }

  /** Each stored rule snapshot checked against {@code store} (its hash, and the root at its size), for fsck. */
  public static List<SnapshotCheck> checkRuleSnapshots(LedgerStore store) {
    List<SnapshotCheck> out = new ArrayList<>();
    store.ruleSnapshots().forEach((name, bytes) -> {
      Optional<String> problem = RuleSnapshots.problem(store, bytes, name, -1);
      if (problem.isPresent()) {
        out.add(new SnapshotCheck(name, false, problem.get()));
        return;
      }
      try {
        RuleSnapshot s = RuleSnapshot.decode(bytes);
        out.add(new SnapshotCheck(name, true, String.format("version %d, tree size %,d (root matches), %,d state bytes,"
            + " %,d records listed", s.stateVersion(), s.treeSize(), s.state().length, s.taken().length)));
      } catch (VerificationException e) {
        out.add(new SnapshotCheck(name, false, e.detail()));
      }
    });
    return out;
  }


  /** A stored entry as an {@link AppliedRecord}; the record's signatures were verified when it was appended. */
  public static AppliedRecord applied(StoredEntry entry) {
    Leaf leaf;
    try {
      leaf = LeafCodec.decode(entry.leaf());
    } catch (VerificationException e) {
      throw new LedgerException(LedgerError.STORE_CORRUPT, "entry " + entry.index() + ": " + e.detail());
    }
    ParsedRecord record = Records.parse(leaf.signedRecord(), STORED_LIMITS);
    return new AppliedRecord(record, entry.index(), entry.leafHash(), leaf.recordTimeUnixMillis());
  }

  // Stored records were within the limits of their day; later, tighter limits must not hide them.
  private static final RecordLimits STORED_LIMITS = new RecordLimits(Integer.MAX_VALUE, Integer.MAX_VALUE,
      Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);

  /** Checks and appends one record; a convenience for tools and tests. */
  public Appended append(byte[] signedRecord) {
    return append(List.of(check(signedRecord))).get(0);
  }

  /** Calls {@code listener} with the new tree size after every append that grew the log. */
  public void onAppend(LongConsumer listener) {
    appendListeners.add(listener);
  }

  public void removeAppendListener(LongConsumer listener) {
    appendListeners.remove(listener);
  }

  public TreeHead head() {
    return store.head();
  }

  public StoredEntry entry(long index) {
    return store.entry(index);
  }

  /** The root of this ledger's tree at {@code size}, at or below the current size. */
  public Hash32 rootAt(long size) {
    return store.rootAt(size);
  }

  /**
   * The stored hash of a perfect subtree wholly within the current tree (what tlog-tiles serve).
   *
   * @throws LedgerException TREE_SIZE_OUT_OF_RANGE if it reaches past the tree
   */
  public Hash32 subtreeHash(NodeId node) {
    return store.subtreeHash(node);
  }

  /** The replication position of the last batch applied from a replication log, if any. */
  public Optional<LogPosition> appliedPosition() {
    return store.appliedPosition();
  }

  /**
   * Stores a checkpoint note for {@code size} that carries other members' or outside witnesses'
   * signatures besides this node's (see {@code replication.Cosigner}), in place of the one stored
   * before. The
   * note's checkpoint must be this ledger's at that size (origin, size and root).
   *
   * @throws LedgerException CHECKPOINT_CONFLICT if it is not
   */
  public void storeCosigned(long size, String signedNote) {
    TreeHead head = new TreeHead(size, store.rootAt(size));
    String own = new Checkpoint(config.origin(), head.size(), head.root()).text();
    if (!signedNote.startsWith(own + "\n")) {
      throw new LedgerException(LedgerError.CHECKPOINT_CONFLICT, "cosigned checkpoint for size " + size
          + ": its text is not this ledger's checkpoint at that size (root " + head.root().hex() + ")");
    }
    writeLock.lock();
    try {
      store.putCheckpoint(head, signedNote);
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * The checkpoint clients should see: in a cluster, the newest one a quorum of members cosigned
   * (see {@link #markCosigned}); for a single node, the current tree head's.
   */
  public String latestCheckpoint() {
    return checkpointAt(servedSize());
  }

  /**
   * Records that the stored checkpoint for {@code size} now carries a quorum of members'
   * signatures, so it is what {@link #latestCheckpoint} and receipts serve from now on.
   */
  public void markCosigned(long size) {
    if (size > cosignedSize) {
      cosignedSize = size;
    }
  }

  /** The newest size a quorum of members cosigned ({@link #markCosigned}); -1 if none (or a single node). */
  public long cosignedSize() {
    return cosignedSize;
  }

  private long servedSize() {
    long cosigned = cosignedSize;
    return cosigned >= 0 ? cosigned : store.head().size();
  }

  /**
   * The signed checkpoint for a tree size at or below the current one. Sizes this node signed at
   * append time come from the store; any other size is signed now over this node's own root for
   * it and not stored (Ed25519 is deterministic, so asking again gives the same note). A size
   * above the newest in the signed-checkpoint file raises the file first (a reader can make the
   * node write it at most once per size the log grew by); smaller sizes need no write.
   *
   * @throws LedgerException CATCHING_UP on a re-seeded member that has not yet copied what it
   *     signed before; SIGNED_CHECKPOINT_NOT_EXTENDED if its copy turned out different
   */
  public String checkpointAt(long size) {
    checkCaughtUp();
    String note = noteAt(size);
    raiseSignedMark(size);
    return note;
  }

  /**
   * Makes a backup: a consistent copy of the store in {@code dir} (see {@link LedgerStore#copyTo},
   * which must not exist) and the signed checkpoint of exactly the tree the copy holds, returned.
   * Appends wait while the copy is made (a RocksDB checkpoint of hard links: a short pause, not a
   * copy of the data); the checkpoint is raised into the signed-checkpoint file like any other
   * this node lets out.
   */
  public String backupTo(java.nio.file.Path dir) {
    writeLock.lock();
    try {
      long size = store.head().size();
      store.copyTo(dir);
      return checkpointAt(size);
    } finally {
      writeLock.unlock();
    }
  }

  private String noteAt(long size) {
    Optional<String> stored = store.checkpoint(size);
    if (stored.isPresent()) {
      return stored.get();
    }
    return sign(new TreeHead(size, store.rootAt(size)));
  }

  /**
   * Writes the checkpoint of {@code size} to the signed-checkpoint file if it is larger than the
   * one there. A member's applied batches are not synced one by one (the Raft log is their
   * durable copy), so the store is synced up to the size first: the file never names a size
   * that the store would have to re-reach by replaying the Raft log.
   */
  private void raiseSignedMark(long size) {
    if (signedFile == null || size <= signedSize || awaited != null) {
      return;
    }
    synchronized (signedFileLock) {
      if (size <= signedSize) {
        return;
      }
      if (store.durableSize() < size) {
        store.sync();
      }
      signedFile.write(noteAt(size));
      signedSize = size;
    }
  }

  /** The size of the checkpoint in the signed-checkpoint file; -1 without a file (or while catching up). */
  public long signedSize() {
    return signedSize;
  }

  /**
   * A cluster member restored from its own backup, whose store was found to be a prefix of
   * another member's ledger of {@code clusterTree} (same root at the store's size): it serves no
   * checkpoint (CATCHING_UP) until its store reaches that tree, and then only with the same root
   * there, so a checkpoint it lets out never contradicts what the cluster signed. Call before
   * the member applies anything from the others.
   */
  public void awaitTree(Checkpoint clusterTree) {
    if (!clusterTree.origin().equals(config.origin())) {
      throw new IllegalArgumentException("clusterTree: got origin " + clusterTree.origin() + ", want " + config.origin());
    }
    synchronized (signedFileLock) {
      Checkpoint before = awaited;
      if (before == null || clusterTree.size() > before.size()) {
        awaited = clusterTree;
      }
    }
  }

  private void checkCaughtUp() {
    if (awaited == null) {
      return;
    }
    synchronized (signedFileLock) {
      Checkpoint target = awaited;
      if (target == null) {
        return;
      }
      TreeHead head = store.head();
      if (head.size() < target.size()) {
        throw new LedgerException(LedgerError.CATCHING_UP, "this member is catching up (re-seeded or restored): it holds "
            + head.size() + " of the " + target.size() + " entries it must reach with the same root before it serves a"
            + " checkpoint");
      }
      checkExtends(target, head);
      if (signedSize < 0) { // re-seeded: the file holds the awaited checkpoint, not read at open
        signedSize = target.size();
      }
      awaited = null;
    }
  }

  /**
   * A receipt for entry {@code index} against the tree of {@code treeSize}; with 0, against the
   * served checkpoint ({@link #latestCheckpoint}) if it covers the entry, else the current head.
   */
  public Receipt receipt(long index, long treeSize) {
    long served = servedSize();
    long size = treeSize != 0 ? treeSize : index < served ? served : store.size();
    if (index < 0 || index >= size) {
      throw new LedgerException(LedgerError.INDEX_OUT_OF_RANGE,
          "index: got " + index + ", want below the tree size " + size);
    }
    String note = checkpointAt(size);
    StoredEntry entry = store.entry(index);
    List<byte[]> proof = store.inclusionProof(index, size).stream().map(Hash32::toByteArray).toList();
    return new Receipt(entry.leaf(), index, note, proof);
  }

  public List<Hash32> consistencyProof(long fromSize, long toSize) {
    return store.consistencyProof(fromSize, toSize);
  }

  public List<StoredEntry> subjectHistory(String subject, long fromIndex, int limit) {
    return store.subjectHistory(subject, fromIndex, limit);
  }

  private String sign(TreeHead head) {
    NoteSigner signer = config.signer();
    return signer.sign(new Checkpoint(config.origin(), head.size(), head.root())).format();
  }

  /** Writes the apply rules' snapshots (unless told not to, {@link #snapshotEvery}), then closes the store. */
  @Override
  public void close() {
    writeLock.lock();
    try {
      if (snapshotOnClose && !snapshots.isEmpty() && snapshots.writtenAt() != store.size()) {
        snapshots.write(store, store.head());
      }
    } catch (LedgerException e) {
      // A store that failed a write or is closed: the next start replays from the last snapshot.
    } finally {
      writeLock.unlock();
    }
    store.close();
  }
}
