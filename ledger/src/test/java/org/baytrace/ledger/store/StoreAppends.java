package org.baytrace.ledger.store;

import java.util.List;
import org.baytrace.ledger.Appended;
import org.baytrace.ledger.LedgerStore;
import org.baytrace.ledger.LogPosition;
import org.baytrace.ledger.PendingRecord;
import org.baytrace.ledger.TreeHead;

/** Appends to a store as the ledger does: prepare, sign the head the batch reaches, commit. */
public final class StoreAppends {
  private StoreAppends() {}

  /** Signs the tree head a batch reaches. */
  @FunctionalInterface
  public interface Signer {
    String sign(TreeHead head);
  }

  /** One synced batch; with a signer (may be null), the new head's note goes in the same write. */
  public static List<Appended> append(LedgerStore store, List<PendingRecord> batch, long recordTime, Signer signer) {
    return append(store, batch, recordTime, signer, null);
  }

  /** One batch with a replication position (not synced if there is one). */
  public static List<Appended> append(LedgerStore store, List<PendingRecord> batch, long recordTime, Signer signer,
      LogPosition position) {
    LedgerStore.PreparedAppend prepared = store.prepare(batch, recordTime);
    String note = prepared.grows() && signer != null ? signer.sign(prepared.head()) : null;
    return store.commit(prepared, note, position);
  }
}
