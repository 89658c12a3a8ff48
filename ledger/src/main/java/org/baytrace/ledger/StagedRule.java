package org.baytrace.ledger;

import java.util.List;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.record.ParsedRecord;

/**
 * The staging every {@link ApplyRule} needs, written once, so that a rule writes only its domain
 * logic: how one record changes a draft ({@link #apply}) and how a stored draft becomes the
 * rule's committed state ({@link #commit}).
 *
 * <p>A batch gets one draft over the committed state. Each group is judged in a child draft of
 * it: {@link #apply} refuses a record by throwing, or records its effect in the child, where the
 * group's later records see it. If every rule accepts the group, the child is merged into the
 * batch's draft, so the batch's later groups are judged with it; if any rule refuses it, the
 * child is dropped. Once the batch is stored, {@link #commit} gets the batch's draft and the
 * stored records. A group costs a child draft over the batch's, never a copy of the state.
 *
 * <p>Replay ({@link #replay}, on install and after a restart) applies each stored record to a
 * draft of its own and commits it; a record the rule refuses (one stored before the rule
 * existed) is left out of the state, on every node alike. A rule whose state takes every stored
 * record as it is overrides {@code replay}.
 *
 * <p>Thread-safety: as {@link ApplyRule}: driven by the ledger's writer, one call at a time.
 *
 * @param <D> the rule's draft: changes on top of the committed state (see {@link Overlay})
 */
public abstract class StagedRule<D extends StagedRule.Layer<D>> implements ApplyRule {

  /** A draft: changes on top of the committed state, or on top of another draft. */
  public interface Layer<D> {
    /** A draft on top of this one: it reads this one's changes, and keeps its own until merged. */
    D child();

    /** Hands this draft's changes to the draft it was made from. */
    void mergeIntoParent();
  }

  /** A fresh draft over the committed state. */
  protected abstract D draft();

  /** Whether the rule judges this record; the others pass untouched. Every record, unless overridden. */
  protected boolean judges(ParsedRecord record) {
    return true;
  }

  /**
   * Judges one record against the draft and, if it passes, records its effect there.
   *
   * @throws LedgerException naming the rule the record breaks
   */
  protected abstract void apply(ParsedRecord record, D draft);

  /** Makes a stored draft the committed state; {@code stored} lists the batch's records with their place, in log order. */
  protected abstract void commit(D draft, List<AppliedRecord> stored);

  @Override
  public void replay(AppliedRecord applied) {
    if (!judges(applied.record())) {
      return;
    }
    D d = draft();
    try {
      apply(applied.record(), d);
    } catch (LedgerException refused) {
      return; // stored before the rule existed: not part of its state
    }
    commit(d, List.of(applied));
  }

  @Override
  public final Batch begin(long recordTimeUnixMillis) {
    D batch = draft();
    return new Batch() {
      private List<ParsedRecord> checkedGroup;
      private D checked;

      @Override
      public void check(List<ParsedRecord> group) {
        checkedGroup = null;
        D d = batch.child();
        for (ParsedRecord r : group) {
          if (judges(r)) {
            apply(r, d);
          }
        }
        checkedGroup = group;
        checked = d;
      }

      @Override
      public void stage(List<ParsedRecord> group) {
        if (group != checkedGroup) {
          check(group);
        }
        checked.mergeIntoParent();
        checkedGroup = null;
        checked = null;
      }

      @Override
      public void commit(List<AppliedRecord> stored) {
        StagedRule.this.commit(batch, stored);
      }
    };
  }
}
