package org.baytrace.ledger.store;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Puts that a {@link KvStore} writes atomically, kept per column family in the order they were
 * made (a later put of the same key wins). Not thread-safe.
 */
final class KvBatch {
  record Put(byte[] key, byte[] value) {}

  private final Map<Column, List<Put>> puts = new EnumMap<>(Column.class);
  private int count;

  void put(Column column, byte[] key, byte[] value) {
    puts.computeIfAbsent(column, c -> new ArrayList<>()).add(new Put(key, value));
    count++;
  }

  /** The puts of each column family that has any, in column order; each list in put order. */
  Map<Column, List<Put>> byColumn() {
    return puts;
  }

  int size() {
    return count;
  }

  boolean isEmpty() {
    return count == 0;
  }
}
