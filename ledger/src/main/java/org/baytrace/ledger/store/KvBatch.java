package org.baytrace.ledger.store;

import java.util.ArrayList;
import java.util.List;

/** Puts that a {@link KvStore} writes atomically. Not thread-safe. */
final class KvBatch {
  record Put(Column column, byte[] key, byte[] value) {}

  private final List<Put> puts = new ArrayList<>();

  void put(Column column, byte[] key, byte[] value) {
    puts.add(new Put(column, key, value));
  }

  List<Put> puts() {
    return puts;
  }

  boolean isEmpty() {
    return puts.isEmpty();
  }
}
