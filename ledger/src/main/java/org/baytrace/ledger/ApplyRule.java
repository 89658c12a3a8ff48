package org.baytrace.ledger;

import java.util.List;
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
 * installed ({@link Ledger#install}); then, for each batch, {@link #begin}; per group in log
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
