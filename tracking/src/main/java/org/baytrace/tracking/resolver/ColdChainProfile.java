package org.baytrace.tracking.resolver;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.baytrace.tracking.gs1.TraceCode;

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
   * @param readings every temperature reading of the events shown, in °C, oldest first; never
   *     empty
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
   */
  record Assessment(boolean held, String profile, double minCelsius, double maxCelsius) {
    public Assessment {
      Objects.requireNonNull(profile, "profile");
    }
  }
}
