package org.baytrace.ledger;

import org.baytrace.ledger.crypto.Hash32;

/** A log entry as stored: its index, the exact LogEntry bytes (the leaf) and its leaf hash. */
public record StoredEntry(long index, byte[] leaf, Hash32 leafHash) {
  public StoredEntry {
    leaf = leaf.clone();
  }

  @Override
  public byte[] leaf() {
    return leaf.clone();
  }
}
