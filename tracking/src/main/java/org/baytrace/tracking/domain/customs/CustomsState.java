package org.baytrace.tracking.domain.customs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.baytrace.ledger.crypto.Hash32;

/**
 * Every declaration as the committed log says, and the ledger index of every customs record.
 * Thread-safe: written by the ledger's writer ({@link #publish}), read from any thread.
 */
public final class CustomsState {
  private final Map<String, Clearance> clearances = new ConcurrentHashMap<>();
  private final Map<Hash32, Long> indexes = new ConcurrentHashMap<>();

  public Optional<Clearance> clearance(String urn) {
    return Optional.ofNullable(clearances.get(urn));
  }

  /** Every declaration, by subject URN. */
  public List<Clearance> clearances() {
    List<Clearance> all = new ArrayList<>(clearances.values());
    all.sort(Comparator.comparing(c -> c.subject().urn()));
    return all;
  }

  public OptionalLong indexOf(Hash32 record) {
    Long i = indexes.get(record);
    return i == null ? OptionalLong.empty() : OptionalLong.of(i);
  }

  void publish(Map<String, Clearance> changed, Map<Hash32, Long> newIndexes) {
    indexes.putAll(newIndexes);
    clearances.putAll(changed);
  }
}
