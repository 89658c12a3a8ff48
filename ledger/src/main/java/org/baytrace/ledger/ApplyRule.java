package org.baytrace.ledger;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.baytrace.ledger.record.ParsedRecord;

/**
 * A rule that depends on what the log already holds (a slot booking against the barge's
 * capacity, a custody hand-over by the current holder). {@link AuthorPolicy} judges a record on
 * its own; an apply rule judges it against every record applied before it, so it runs in log
 * order by the ledger's single writer, on every node that applies the batch.
 *
 * <p><b>Determinism</b>: a verdict may depend only on the records applied before (with the
 * record times the ledger stamped) and the record itself, never on the wall clock, the node or
 * arrival order outside the log. Every node then reaches the same verdict, and a refusal is a
 * result, never a crash.
 *
 * <p>Lifecycle: {@link #replay} is called for every stored entry, oldest first, when the rule is
 * installed ({@link Ledger#install}) — or, for a rule with {@link #snapshots}, only for the
 * entries after its stored snapshot (and the records that snapshot lists); then, for each batch, {@link #begin}; per group in log
 * order {@link Batch#check} and, if every rule accepted the group, {@link Batch#stage}; and
 * {@link Batch#commit} once the batch is durably stored. A batch that is not committed (the
 * write failed) is dropped with everything it staged.
 *
 * <p>Thread-safety: {@code replay}, {@code begin} and the batch are called from one thread at a
 * time (the ledger's writer); readers of the rule's state (reports, pages) must be given their
 * own thread-safe view by the implementation.
 */
public interface ApplyRule {

  /** Brings the rule's state up to date with one stored entry; called oldest first. */
  void replay(AppliedRecord applied);

  /**
   * False for a rule that keeps no state from the log (it judges each record against the batch's
   * record time only): {@link Ledger#install} then reads no stored entry for it.
   */
  default boolean replays() {
    return true;
  }

  /**
   * How the rule's state is kept with the log, so that a start does not replay every entry
   * ({@link RuleSnapshot}); empty (the default): every start replays the whole log.
   */
  default Optional<Snapshots> snapshots() {
    return Optional.empty();
  }

  /**
   * A rule's snapshot: the ledger saves it every so many entries and when it closes, and a start
   * loads the newest one that belongs to the store's history, then replays the entries after it.
   * A snapshot carries the rule's own encoding of its state ({@link #encodeState}), or, for a
   * rule without one, the indexes of the stored records its state {@linkplain #takes took}: a
   * start then replays only those. Either way the state reached equals the state a replay of
   * every entry reaches; each rule's tests show it.
   */
  interface Snapshots {
    /** Names the rule's snapshot in the store: stable across releases, unique among a node's rules. */
    String name();

    /** The version of the state encoding; a stored snapshot of another version is not used. */
    int version();

    /**
     * Whether the rule's state takes this stored record. Replaying only the records it takes, in
     * log order, must reach the state a replay of every entry reaches. A rule with its own state
     * encoding takes none.
     */
    boolean takes(ParsedRecord record);

    /** The rule's state, deterministically encoded; empty for a rule rebuilt from the records it took. */
    default Optional<byte[]> encodeState() {
      return Optional.empty();
    }

    /**
     * Loads an encoded state into a rule that has replayed nothing yet.
     *
     * @throws IllegalArgumentException if the bytes are not a state of this version (then the
     *     rule's state is unchanged, and the ledger replays the whole log instead)
     */
    default void decodeState(byte[] state) {
      throw new IllegalArgumentException("this rule has no state encoding of its own");
    }

    /** Called once the snapshot of {@code treeSize} is loaded, before the entries after it are replayed. */
    default void loadedAt(long treeSize) {}

    /** A rule rebuilt from the records {@code takes} accepts. */
    static Snapshots ofTakenRecords(String name, int version, Predicate<ParsedRecord> takes) {
      return new Snapshots() {
        @Override
        public String name() {
          return name;
        }

        @Override
        public int version() {
          return version;
        }

        @Override
        public boolean takes(ParsedRecord record) {
          return takes.test(record);
        }
      };
    }
  }

  /**
   * Starts one batch whose entries will carry {@code recordTimeUnixMillis}. Accepted groups are
   * staged in the batch: later groups of the same batch see them, the rule's state does not until
   * {@link Batch#commit}.
   */
  Batch begin(long recordTimeUnixMillis);

  /** One batch being applied. */
  interface Batch {
    /**
     * Judges a group against the committed state plus what this batch staged so far; stages
     * nothing. Duplicates of stored records are never passed here (they are not applied twice).
     *
     * @throws org.baytrace.ledger.error.LedgerException naming the rule the group breaks
     *     ({@code RULE_VIOLATED}, or {@code NOT_AUTHORISED} for a who-may-write rule)
     */
    void check(List<ParsedRecord> group);

    /** Stages a group every rule accepted, so later groups of the batch are judged with it. */
    void stage(List<ParsedRecord> group);

    /** The batch is stored: {@code stored} lists every admitted record with its place, in log order. */
    void commit(List<AppliedRecord> stored);
  }
}
