package org.baytrace.tracking.domain.biomaterial;

import org.baytrace.api.biomaterial.v1.TemperatureClass;
import org.baytrace.tracking.domain.coldchain.CommodityProfile;

/**
 * The range of each temperature class, as a strict profile (no tolerance, no allowance: every
 * sample outside is a breach). "At or below" classes have absolute zero as their lower limit.
 * Stateless.
 */
final class TemperatureClasses {
  private TemperatureClasses() {}

  static final double ABSOLUTE_ZERO = -273.15;

  static CommodityProfile profile(TemperatureClass c) {
    return switch (c) {
      case AMBIENT -> CommodityProfile.strict("ambient", "Ambient", 15, 25);
      case REFRIGERATED -> CommodityProfile.strict("refrigerated", "Refrigerated", 2, 8);
      case FROZEN -> CommodityProfile.strict("frozen", "Frozen", ABSOLUTE_ZERO, -20);
      case DRY_ICE -> CommodityProfile.strict("dry-ice", "Dry ice", ABSOLUTE_ZERO, -70);
      case CRYOGENIC -> CommodityProfile.strict("cryogenic", "Cryogenic", ABSOLUTE_ZERO, -150);
      default -> throw new IllegalArgumentException("temperature class " + c + " has no range");
    };
  }

  /** For people: {@code "2 to 8 °C"}, {@code "at or below -70 °C"}. */
  static String range(TemperatureClass c) {
    CommodityProfile p = profile(c);
    return p.minCelsius() == ABSOLUTE_ZERO ? "at or below " + fmt(p.maxCelsius()) + " °C"
        : fmt(p.minCelsius()) + " to " + fmt(p.maxCelsius()) + " °C";
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
