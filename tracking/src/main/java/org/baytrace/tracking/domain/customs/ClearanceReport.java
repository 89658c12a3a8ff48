package org.baytrace.tracking.domain.customs;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.baytrace.api.customs.v1.DeclarationType;
import org.baytrace.ledger.registry.OrgRegistry;
import org.baytrace.tracking.domain.waterbus.WaterBusState;

/**
 * Clearance times aggregated per port, direction and period: count, median and 90th percentile
 * of each {@link Measure}, against the {@link Target}s; and per declarant with its AEO status.
 * A shipment belongs to the period (in China Standard Time, UTC+08:00, fixed) in which its
 * clearance started. Pure: the same clearances give the same report.
 */
public final class ClearanceReport {
  /** Reports use UTC+08:00 (China Standard Time; Hong Kong and Macao too) for periods and pages. */
  public static final ZoneOffset ZONE = ZoneOffset.ofHours(8);

  /** How shipments are grouped in time. */
  public enum Period {
    MONTH("yyyy-MM"), DAY("yyyy-MM-dd");

    private final DateTimeFormatter format;

    Period(String pattern) {
      this.format = DateTimeFormatter.ofPattern(pattern).withZone(ZONE);
    }

    public String of(long millis) {
      return format.format(Instant.ofEpochMilli(millis));
    }
  }

  /** What to report on; null port or type means all. */
  public record Query(String port, DeclarationType type, Period period) {}

  /** One port, direction and period. */
  public record Group(String port, DeclarationType type, String period, Map<Measure, Stats> stats) {}

  /** One declarant over the report's shipments, with its AEO status from the org registry (or null). */
  public record DeclarantRow(String org, String name, String aeoStatus, int declarations, Stats arrivalToRelease) {}

  /** The report. */
  public record Report(Query query, List<Group> groups, List<DeclarantRow> declarants, List<ClearanceTimes> shipments) {}

  private ClearanceReport() {}

  public static Report build(Collection<Clearance> clearances, WaterBusState waterBus, OrgRegistry registry, Query q) {
    List<ClearanceTimes> shipments = new ArrayList<>();
    for (Clearance c : clearances) {
      if ((q.port() == null || q.port().equals(c.port())) && (q.type() == null || q.type() == c.type())) {
        shipments.add(ClearanceTimes.of(c, waterBus));
      }
    }
    shipments.sort(Comparator.comparingLong(ClearanceTimes::start).thenComparing(t -> t.clearance().subject().urn()));
    Map<String, List<ClearanceTimes>> byGroup = new TreeMap<>();
    for (ClearanceTimes t : shipments) {
      Clearance c = t.clearance();
      byGroup.computeIfAbsent(c.port() + "\n" + c.type() + "\n" + q.period().of(t.start()), k -> new ArrayList<>()).add(t);
    }
    List<Group> groups = new ArrayList<>();
    byGroup.forEach((key, list) -> {
      String[] k = key.split("\n");
      groups.add(new Group(k[0], DeclarationType.valueOf(k[1]), k[2], stats(list)));
    });
    Map<String, List<ClearanceTimes>> byDeclarant = new TreeMap<>();
    shipments.forEach(t -> byDeclarant.computeIfAbsent(t.clearance().declarant(), k -> new ArrayList<>()).add(t));
    List<DeclarantRow> declarants = new ArrayList<>();
    byDeclarant.forEach((org, list) -> {
      var registered = registry.org(org);
      declarants.add(new DeclarantRow(org, registered.map(OrgRegistry.Org::name).orElse(org),
          registered.map(OrgRegistry.Org::aeoStatus).orElse(null), list.size(),
          Stats.of(values(list, Measure.ARRIVAL_TO_RELEASE))));
    });
    return new Report(q, groups, declarants, shipments);
  }

  static Map<Measure, Stats> stats(List<ClearanceTimes> list) {
    Map<Measure, Stats> out = new EnumMap<>(Measure.class);
    for (Measure m : Measure.values()) {
      Stats s = Stats.of(values(list, m));
      if (s != null) {
        out.put(m, s);
      }
    }
    return out;
  }

  private static List<Long> values(List<ClearanceTimes> list, Measure m) {
    return list.stream().map(t -> t.intervals().get(m)).filter(v -> v != null).toList();
  }
}
