package org.baytrace.tracking.node.resolver;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.baytrace.tracking.domain.gs1.TraceCode;

/**
 * The hook for cold-chain rules: given the temperature readings shown for a trace code, says
 * whether the cold chain held. Without a profile ({@link #NONE}) the page only reports that
 * temperature records exist, with their minimum and maximum; commodity profiles (two-sided
 * ranges, excursions by duration) plug in here. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface ColdChainProfile {
  /** No rules: the page shows the readings' range without a verdict. */
  ColdChainProfile NONE = (code, readings) -> Optional.empty();

  /**
   * The verdict for these readings, or empty if no rule applies to this product.
   *
   * @param readings every temperature reading of the events shown, in °C, oldest first; empty
   *     when the events shown carry none (a profile may know readings from other records)
   */
  Optional<Assessment> assess(TraceCode code, List<Reading> readings);

  /**
   * One temperature reading.
   *
   * @param time when it was measured (the sensor report's time, else the sensor metadata's, else
   *     the event's)
   * @param celsius the value in °C (minimum, maximum and single values of a report are each a
   *     reading)
   * @param ledgerIndex the entry whose event carried it
   */
  record Reading(Instant time, double celsius, long ledgerIndex) {
    public Reading {
      Objects.requireNonNull(time, "time");
    }
  }

  /**
   * A verdict.
   *
   * @param held true if the readings stayed within the rules
   * @param profile the rule's name for people, e.g. {@code "Durian 12–15 °C"}
   * @param minCelsius the lowest allowed temperature
   * @param maxCelsius the highest allowed temperature
   * @param excursions what broke the rules, in order of start (empty if held)
   * @param chartPath a temperature chart of the journey on this node (path and query, e.g.
   *     {@code /v1/coldchain/chart.svg?subject=...}), or null
   * @param records the ledger indexes of the records the verdict judged (the page checks them
   *     like every record it uses)
   */
  record Assessment(boolean held, String profile, double minCelsius, double maxCelsius, List<Finding> excursions,
      String chartPath, List<Long> records) {
    public Assessment {
      Objects.requireNonNull(profile, "profile");
      excursions = List.copyOf(excursions);
      records = List.copyOf(records);
    }

    /** A verdict naming no records of its own (it judged the readings of the events shown). */
    public Assessment(boolean held, String profile, double minCelsius, double maxCelsius, List<Finding> excursions,
        String chartPath) {
      this(held, profile, minCelsius, maxCelsius, excursions, chartPath, List.of());
    }

    /** A verdict without details or chart. */
    public Assessment(boolean held, String profile, double minCelsius, double maxCelsius) {
      this(held, profile, minCelsius, maxCelsius, List.of(), null, List.of());
    }
  }

  /**
   * One excursion: when, where, how long, how far.
   *
   * @param kind {@code LIMIT} (beyond the tolerance), {@code CONTINUOUS} (one breach longer than
   *     allowed) or {@code ACCUMULATED} (breaches added up beyond the allowance)
   * @param above too warm (true) or too cold
   * @param duration how long (for {@code ACCUMULATED}: the breach time added up)
   * @param degreesBeyond how far the worst temperature lay outside the range, positive
   * @param location where, or "" if unknown
   */
  record Finding(String kind, boolean above, Instant start, Instant end, Duration duration, double worstCelsius,
      double degreesBeyond, String location) {
    public Finding {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(start, "start");
      Objects.requireNonNull(end, "end");
      Objects.requireNonNull(duration, "duration");
      location = location == null ? "" : location;
    }
  }
}
