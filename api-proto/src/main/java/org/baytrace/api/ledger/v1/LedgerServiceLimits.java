package org.baytrace.api.ledger.v1;

/**
 * Limits of {@code baytrace.ledger.v1.LedgerService} that are part of its contract, so that
 * clients and the node read them from the same place (the node refuses what exceeds them).
 * Written by hand beside the generated types.
 */
public final class LedgerServiceLimits {
  private LedgerServiceLimits() {}

  /**
   * Records in one {@link AppendBatchRequest} at most (a sequencer batch's worth); a larger one is
   * refused with {@code RESOURCE_EXHAUSTED} (ledger error
   * {@code BATCH_TOO_LARGE}) and the stream ends.
   */
  public static final int MAX_APPEND_BATCH_RECORDS = 1000;
}
