package org.baytrace.tracking.domain.customs;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.tracking.domain.waterbus.WaterBusState;

/**
 * One shipment's stage times and intervals (see {@link Measure}).
 *
 * <p>Arrival, in this order: the customs {@code Arrival} record; for an import, else the earliest
 * water-bus discharge ({@code DISC}) of a declared container at the declaration's port; else the
 * declared voyage's actual arrival ({@code ARRI ACT}) at that port. An export's arrival (goods
 * presented at the port) comes from the customs record only. Immutable.
 *
 * @param arrivalSource where the arrival came from ("customs.Arrival", "waterbus DISC
 *     BTRU0000019", "waterbus ARRI ACT"), or null
 * @param arrivalRecord body hash of the record the arrival came from, or null
 */
public record ClearanceTimes(Clearance clearance, Long arrival, String arrivalSource, Hash32 arrivalRecord, Long release,
    Long exit, Map<Measure, Long> intervals) {

  /** The times of a clearance, with arrivals the water bus recorded. */
  public static ClearanceTimes of(Clearance c, WaterBusState waterBus) {
    Long arrival = null;
    String source = null;
    Hash32 record = null;
    Optional<Clearance.Stage> customsArrival = c.first("Arrival");
    if (customsArrival.isPresent()) {
      arrival = customsArrival.get().time();
      source = "customs.Arrival";
      record = customsArrival.get().record();
    } else if (c.isImport() && waterBus != null) {
      for (String container : c.containers()) {
        OptionalLong disc = waterBus.discharged(container, c.port());
        if (disc.isPresent() && (arrival == null || disc.getAsLong() < arrival)) {
          arrival = disc.getAsLong();
          source = "waterbus DISC " + container;
        }
      }
      if (arrival == null && !c.voyage().isEmpty()) {
        OptionalLong arri = waterBus.actualArrival(c.voyage(), c.port());
        if (arri.isPresent()) {
          arrival = arri.getAsLong();
          source = "waterbus ARRI ACT";
        }
      }
    }
    Long release = c.first("Release").map(Clearance.Stage::time).orElse(null);
    Long exit = c.first("Exit").map(Clearance.Stage::time).orElse(null);
    Map<Measure, Long> intervals = new EnumMap<>(Measure.class);
    long lodged = c.lodged();
    if (arrival != null) {
      intervals.put(Measure.ARRIVAL_TO_LODGEMENT, lodged - arrival);
    }
    if (release != null) {
      intervals.put(Measure.LODGEMENT_TO_RELEASE, release - lodged);
      if (arrival != null) {
        intervals.put(Measure.ARRIVAL_TO_RELEASE, release - arrival);
      }
      intervals.put(Measure.DOCUMENTARY_COMPLIANCE, documentaryEnd(c, release) - documentaryStart(c));
    }
    if (release != null && exit != null) {
      intervals.put(Measure.RELEASE_TO_EXIT, exit - release);
    }
    if (arrival != null && exit != null) {
      intervals.put(Measure.BORDER_COMPLIANCE, exit - arrival);
    }
    return new ClearanceTimes(c, arrival, source, record, release, exit, Map.copyOf(intervals));
  }

  private static long documentaryStart(Clearance c) {
    long start = c.lodged();
    for (Clearance.Stage s : c.stages()) {
      if (s.stage().equals("DocumentLodgement")) {
        start = Math.min(start, s.time());
      }
    }
    return start;
  }

  private static long documentaryEnd(Clearance c, long release) {
    long end = c.lodged();
    for (Clearance.Stage s : c.stages()) {
      if ((s.stage().equals("DocumentLodgement") || s.stage().equals("DutiesPaid")) && s.time() <= release) {
        end = Math.max(end, s.time());
      }
    }
    return end;
  }

  /** When the clearance started, the earlier of arrival (if known) and lodgement: its report period. */
  public long start() {
    return arrival != null ? Math.min(arrival, clearance.lodged()) : clearance.lodged();
  }
}
