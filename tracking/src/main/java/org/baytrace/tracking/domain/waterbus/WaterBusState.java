package org.baytrace.tracking.domain.waterbus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.baytrace.ledger.crypto.Hash32;

/**
 * The water bus as the committed log says: services, voyages (immutable snapshots, replaced as a
 * whole when a batch changes them), which voyages carried each container, and the ledger index
 * of every water-bus record, so that each view can name the signed records behind it.
 *
 * <p>Thread-safe: written by the ledger's writer only ({@link #publish}), read from any thread.
 * A reader sees each voyage as of some committed batch; two voyages may be from batches one
 * apart.
 */
public final class WaterBusState {
  private final Map<String, BargeService> services = new ConcurrentHashMap<>();
  private final Map<String, BargeVoyage> voyages = new ConcurrentHashMap<>();
  private final Map<String, List<String>> voyagesOfContainer = new ConcurrentHashMap<>();
  private final Map<Hash32, Long> indexes = new ConcurrentHashMap<>();

  public Optional<BargeService> service(String urn) {
    return Optional.ofNullable(services.get(urn));
  }

  public Optional<BargeVoyage> voyage(String urn) {
    return Optional.ofNullable(voyages.get(urn));
  }

  /** Every voyage, by voyage URN. */
  public List<BargeVoyage> voyages() {
    List<BargeVoyage> all = new ArrayList<>(voyages.values());
    all.sort(Comparator.comparing(BargeVoyage::urn));
    return all;
  }

  /** Voyages with a booking for the container (cancelled ones included), in the order first booked. */
  public List<BargeVoyage> voyagesOf(String container) {
    List<String> urns = voyagesOfContainer.getOrDefault(container, List.of());
    return urns.stream().map(voyages::get).filter(v -> v != null).toList();
  }

  /** Ledger index of a water-bus record, by body hash. */
  public OptionalLong indexOf(Hash32 record) {
    Long i = record == null ? null : indexes.get(record);
    return i == null ? OptionalLong.empty() : OptionalLong.of(i);
  }

  /** The earliest discharge (DISC) of the container at the port over all voyages. */
  public OptionalLong discharged(String container, String port) {
    return voyagesOf(container).stream()
        .flatMap(v -> v.equipmentEvents().stream()
            .filter(e -> e.container().equals(container) && e.type().equals("DISC") && v.calls().get(e.call()).port().equals(port)))
        .mapToLong(BargeVoyage.EquipmentEvent::time).min();
  }

  /** The voyage's latest actual arrival (ARRI ACT) at the port. */
  public OptionalLong actualArrival(String voyageUrn, String port) {
    BargeVoyage v = voyages.get(voyageUrn);
    if (v == null || v.callOf(port) < 0) {
      return OptionalLong.empty();
    }
    return v.latest(v.callOf(port), "ARRI", "ACT").map(e -> OptionalLong.of(e.time())).orElse(OptionalLong.empty());
  }

  /** Makes a committed draft visible, with the indexes its records got. Writer thread only. */
  void publish(Draft draft, Map<Hash32, Long> newIndexes) {
    indexes.putAll(newIndexes);
    services.putAll(draft.services);
    voyages.putAll(draft.voyages);
    draft.voyages.values().forEach(v -> v.bookings().forEach(b -> voyagesOfContainer.compute(b.container(), (c, list) -> {
      if (list != null && list.contains(v.urn())) {
        return list;
      }
      List<String> next = new ArrayList<>(list == null ? List.of() : list);
      next.add(v.urn());
      return List.copyOf(next);
    })));
  }
}
