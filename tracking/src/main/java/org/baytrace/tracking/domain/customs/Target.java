package org.baytrace.tracking.domain.customs;

import java.util.Optional;
import org.baytrace.api.customs.v1.DeclarationType;

/**
 * The port-environment work plan's targets, in hours: import border compliance 40 h,
 * documentary compliance 8–12 h; export border compliance 16–18 h, documentary 6–8 h. A group
 * meets a target when its median is at or below the upper bound.
 */
public record Target(double minHours, double maxHours) {
  public static Optional<Target> of(DeclarationType type, Measure measure) {
    boolean imp = type == DeclarationType.IMPORT;
    return switch (measure) {
      case BORDER_COMPLIANCE -> Optional.of(imp ? new Target(40, 40) : new Target(16, 18));
      case DOCUMENTARY_COMPLIANCE -> Optional.of(imp ? new Target(8, 12) : new Target(6, 8));
      default -> Optional.empty();
    };
  }

  /** "40 h", "8–12 h". */
  public String label() {
    return (minHours == maxHours ? fmt(maxHours) : fmt(minHours) + "–" + fmt(maxHours)) + " h";
  }

  private static String fmt(double h) {
    return h == Math.rint(h) ? Long.toString((long) h) : Double.toString(h);
  }
}
