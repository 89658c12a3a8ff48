package org.baytrace.tracking.domain.coldchain;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The temperature rules of one commodity. Readings inside [{@code minCelsius}, {@code
 * maxCelsius}] (limits included) are in range. Outside the range but inside the tolerance band a
 * reading is a <em>breach</em>, which becomes an excursion only when one continuous breach lasts
 * longer than {@code maxContinuousBreach} or all breaches together last longer than {@code
 * maxAccumulatedBreach} (a null allowance is not checked). Outside the tolerance band a reading
 * is an excursion at once. If {@code toleranceInTransportOnly}, the band applies only to readings
 * taken in transport; elsewhere the band is the range itself.
 *
 * @param id the commodity id records name ({@code coldchain.Shipment.commodity})
 * @param gtins GTINs (14 digits) whose goods are of this commodity when no Shipment record says
 */
public record CommodityProfile(String id, String name, double minCelsius, double maxCelsius,
    double toleranceMinCelsius, double toleranceMaxCelsius, boolean toleranceInTransportOnly,
    Duration maxContinuousBreach, Duration maxAccumulatedBreach, List<String> gtins) {

  static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  static final Pattern GTIN = Pattern.compile("[0-9]{14}");

  /** @throws IllegalArgumentException naming the key ({@code max_celsius: got ..., want ...}) */
  public CommodityProfile {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("id: got \"" + id + "\", want [a-z0-9][a-z0-9-]{0,62}");
    }
    if (name.isBlank() || name.length() > 100) {
      throw new IllegalArgumentException("name: got \"" + name + "\", want 1 to 100 characters");
    }
    checkFinite("min_celsius", minCelsius);
    checkFinite("max_celsius", maxCelsius);
    checkFinite("tolerance_min_celsius", toleranceMinCelsius);
    checkFinite("tolerance_max_celsius", toleranceMaxCelsius);
    if (!(minCelsius < maxCelsius)) {
      throw new IllegalArgumentException("max_celsius: got " + maxCelsius + ", want above min_celsius " + minCelsius);
    }
    if (toleranceMinCelsius > minCelsius) {
      throw new IllegalArgumentException("tolerance_min_celsius: got " + toleranceMinCelsius
          + ", want at most min_celsius " + minCelsius);
    }
    if (toleranceMaxCelsius < maxCelsius) {
      throw new IllegalArgumentException("tolerance_max_celsius: got " + toleranceMaxCelsius
          + ", want at least max_celsius " + maxCelsius);
    }
    checkAllowance("max_continuous_breach_seconds", maxContinuousBreach);
    checkAllowance("max_accumulated_breach_seconds", maxAccumulatedBreach);
    gtins = List.copyOf(gtins);
    for (int i = 0; i < gtins.size(); i++) {
      if (!GTIN.matcher(gtins.get(i)).matches()) {
        throw new IllegalArgumentException("gtins[" + i + "]: got \"" + gtins.get(i) + "\", want 14 digits");
      }
    }
  }

  /** A profile without a tolerance band or allowances: every reading outside the range is an excursion. */
  public static CommodityProfile strict(String id, String name, double min, double max) {
    return new CommodityProfile(id, name, min, max, min, max, false, null, null, List.of());
  }

  private static void checkFinite(String key, double v) {
    if (!Double.isFinite(v) || v < -273.15 || v > 200) {
      throw new IllegalArgumentException(key + ": got " + v + ", want a temperature from -273.15 to 200 °C");
    }
  }

  private static void checkAllowance(String key, Duration d) {
    if (d != null && (d.isNegative() || d.compareTo(Duration.ofDays(365)) > 0)) {
      throw new IllegalArgumentException(key + ": got " + d.toSeconds() + ", want 0 to 31536000 seconds");
    }
  }

  /** The lowest temperature tolerated for a reading taken in transport or not. */
  double toleranceMin(boolean transport) {
    return toleranceInTransportOnly && !transport ? minCelsius : toleranceMinCelsius;
  }

  double toleranceMax(boolean transport) {
    return toleranceInTransportOnly && !transport ? maxCelsius : toleranceMaxCelsius;
  }

  /** For people: {@code "Mango 10.0–13.0 °C"}. */
  public String label() {
    return String.format(Locale.ROOT, "%s %.1f–%.1f °C", name, minCelsius, maxCelsius);
  }
}
