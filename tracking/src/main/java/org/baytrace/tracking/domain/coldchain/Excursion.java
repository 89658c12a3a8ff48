package org.baytrace.tracking.domain.coldchain;

import java.util.List;

/**
 * One excursion of a verdict.
 *
 * @param kind how it was found
 * @param above too warm (true) or too cold (false)
 * @param durationMillis how long (for {@link Kind#ACCUMULATED}: all breach time added up)
 * @param worstCelsius the worst temperature in it
 * @param degreesBeyond how far the worst lies outside the range, positive
 * @param location where the worst reading was taken, or ""
 * @param ledgerIndexes the entries whose readings make it up, ascending
 */
public record Excursion(Kind kind, boolean above, long startMillis, long endMillis, long durationMillis,
    double worstCelsius, double degreesBeyond, String location, List<Long> ledgerIndexes) {

  public Excursion {
    ledgerIndexes = List.copyOf(ledgerIndexes);
  }

  /** How an excursion was found. */
  public enum Kind {
    /** Outside the tolerance band: an excursion however short. */
    LIMIT,
    /** One continuous breach longer than the allowance. */
    CONTINUOUS,
    /** All breaches together longer than the allowance; ends when the allowance ran out. */
    ACCUMULATED
  }

  /** Identity across recomputations: the same excursion found again is not news. */
  public String key() {
    return kind + "/" + above + "/" + startMillis;
  }
}
