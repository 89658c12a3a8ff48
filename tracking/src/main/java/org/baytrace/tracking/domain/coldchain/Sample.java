package org.baytrace.tracking.domain.coldchain;

/**
 * Temperatures over a stretch of time: a raw logger reading held until the next one, an EPCIS
 * sensor report's window (its minimum and maximum), or a single EPCIS value (start equals end).
 *
 * @param transport true if taken in transport (a logger record's phase, or an EPCIS event whose
 *     business step moves goods)
 * @param location where, or "" if unknown
 * @param ledgerIndex the entry that carried it
 */
public record Sample(long startMillis, long endMillis, double minCelsius, double maxCelsius, boolean transport,
    String location, long ledgerIndex) {
  public Sample {
    if (endMillis < startMillis) {
      throw new IllegalArgumentException("sample ends before it starts: " + startMillis + " > " + endMillis);
    }
    if (minCelsius > maxCelsius) {
      throw new IllegalArgumentException("sample minimum " + minCelsius + " above maximum " + maxCelsius);
    }
    location = location == null ? "" : location;
  }

  long durationMillis() {
    return endMillis - startMillis;
  }
}
