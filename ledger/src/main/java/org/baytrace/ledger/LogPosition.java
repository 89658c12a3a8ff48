package org.baytrace.ledger;

/**
 * A place in a replication log (a Raft term and index) stored atomically with the batch applied
 * from it, so that a restarted node knows exactly which log entries it has already applied.
 */
public record LogPosition(long term, long index) {
  public LogPosition {
    if (term < 0 || index < -1) {
      throw new IllegalArgumentException("log position: got term " + term + ", index " + index);
    }
  }
}
