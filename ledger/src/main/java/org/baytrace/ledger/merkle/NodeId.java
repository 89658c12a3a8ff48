package org.baytrace.ledger.merkle;

/**
 * A perfect subtree: {@code 2^level} leaves starting at leaf {@code index << level}. Level 0 is a
 * leaf. These are the hashes a store keeps so that proofs need O(log n) reads.
 */
public record NodeId(int level, long index) {
  public NodeId {
    if (level < 0 || level > 63 || index < 0) {
      throw new IllegalArgumentException("node: got level=" + level + " index=" + index);
    }
  }

  public long firstLeaf() {
    return index << level;
  }

  public long leafCount() {
    return 1L << level;
  }
}
