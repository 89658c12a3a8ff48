package org.baytrace.tracking.domain.multimodal;

import java.util.List;
import org.baytrace.api.multimodal.v1.TransportMode;

/**
 * The modes of transport a hand-over names, as UN/ECE Recommendation 19 codes them (the proto's
 * enum numbers are the Rec 19 codes), and the word pages use for each. Stateless.
 */
public final class TransportModes {
  /** The modes a consignment is handed over from or to. */
  public static final List<TransportMode> HANDED_OVER = List.of(TransportMode.MARITIME, TransportMode.RAIL,
      TransportMode.ROAD, TransportMode.AIR, TransportMode.MAIL, TransportMode.INLAND_WATERWAY);

  private TransportModes() {}

  /** The Rec 19 code, e.g. 1 for maritime transport. */
  public static int rec19(TransportMode m) {
    return m.getNumber();
  }

  /**
   * The word pages and JSON use for a mode, the same the other profiles' journey legs use: {@code
   * sea}, {@code rail}, {@code road}, {@code air}, {@code mail}, {@code water} (inland waterway,
   * the water bus's word).
   */
  public static String word(TransportMode m) {
    return switch (m) {
      case MARITIME -> "sea";
      case RAIL -> "rail";
      case ROAD -> "road";
      case AIR -> "air";
      case MAIL -> "mail";
      case INLAND_WATERWAY -> "water";
      default -> throw new IllegalArgumentException("mode: got " + m + ", want one of " + HANDED_OVER);
    };
  }
}
