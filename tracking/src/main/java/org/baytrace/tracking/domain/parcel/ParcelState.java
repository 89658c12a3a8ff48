package org.baytrace.tracking.domain.parcel;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.baytrace.ledger.crypto.Hash32;

/**
 * Every parcel as the committed log says, by subject, and the ledger index of every parcel
 * record. Deliberately no listing: a parcel is found only by the subject its waybill and code
 * derive. Thread-safe: written by the ledger's writer ({@link #publish}), read from any thread.
 */
public final class ParcelState {
  private final Map<String, Parcel> parcels = new ConcurrentHashMap<>();
  private final Map<Hash32, Long> indexes = new ConcurrentHashMap<>();

  public Optional<Parcel> parcel(String subject) {
    return Optional.ofNullable(parcels.get(subject));
  }

  public OptionalLong indexOf(Hash32 record) {
    Long i = indexes.get(record);
    return i == null ? OptionalLong.empty() : OptionalLong.of(i);
  }

  void publish(Map<String, Parcel> changed, Map<Hash32, Long> newIndexes) {
    indexes.putAll(newIndexes);
    parcels.putAll(changed);
  }
}
