package org.baytrace.tracking.node.epcis;

import java.util.Locale;

/**
 * Version negotiation of the EPCIS 2.0 REST binding, for capture and query alike: this node
 * speaks EPCIS 2.0.0 with CBV 2.0.0. A request may name the version it uses ({@code
 * GS1-EPCIS-Version}, {@code GS1-CBV-Version}) or the range it accepts ({@code GS1-EPCIS-Min},
 * {@code GS1-EPCIS-Max}, {@code GS1-CBV-Min}, {@code GS1-CBV-Max}); a well-formed version this
 * node cannot serve (EPCIS 1.2, say) is 406 Not Acceptable, a malformed one 400. Pure; thread-safe.
 */
public final class EpcisVersions {
  public static final String EPCIS_VERSION = "GS1-EPCIS-Version";
  public static final String CBV_VERSION = "GS1-CBV-Version";
  public static final String EPCIS_MIN = "GS1-EPCIS-Min";
  public static final String EPCIS_MAX = "GS1-EPCIS-Max";
  public static final String CBV_MIN = "GS1-CBV-Min";
  public static final String CBV_MAX = "GS1-CBV-Max";
  public static final String SERVED = "2.0.0";

  /** A refused version header: the HTTP status (400 or 406), the header and why. */
  public record Refusal(int status, String header, String detail) {}

  /** How a header bounds the version. */
  private enum Kind { EXACT, MIN, MAX }

  private EpcisVersions() {}

  /** The first refused header of a request, or null if every one given is acceptable. */
  public static Refusal check(java.util.function.UnaryOperator<String> headers) {
    String[][] all = {{EPCIS_VERSION, "EXACT"}, {EPCIS_MIN, "MIN"}, {EPCIS_MAX, "MAX"}, {CBV_VERSION, "EXACT"},
        {CBV_MIN, "MIN"}, {CBV_MAX, "MAX"}};
    for (String[] h : all) {
      Refusal r = check(h[0], Kind.valueOf(h[1]), headers.apply(h[0]));
      if (r != null) {
        return r;
      }
    }
    return null;
  }

  private static Refusal check(String header, Kind kind, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.strip().toLowerCase(Locale.ROOT);
    if (!v.matches("\\d{1,4}(\\.\\d{1,4}){0,2}")) {
      return new Refusal(400, header, header + ": got \"" + shorten(value.strip())
          + "\", want a version such as \"2.0.0\"");
    }
    int cmp = compare(v, SERVED);
    boolean ok = switch (kind) {
      case EXACT -> v.equals("2") || v.startsWith("2.");
      case MIN -> cmp <= 0;
      case MAX -> cmp >= 0 || v.equals("2") || v.equals("2.0");
    };
    if (ok) {
      return null;
    }
    return new Refusal(406, header, header + ": got \"" + v + "\", want " + switch (kind) {
      case EXACT -> "2.x";
      case MIN -> "at most " + SERVED;
      case MAX -> "at least " + SERVED;
    } + " (this node speaks EPCIS " + SERVED + " with CBV " + SERVED + " only)");
  }

  /** Compares dotted versions numerically, missing parts as 0. */
  static int compare(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < 3; i++) {
      int p = i < x.length ? Integer.parseInt(x[i]) : 0;
      int q = i < y.length ? Integer.parseInt(y[i]) : 0;
      if (p != q) {
        return Integer.compare(p, q);
      }
    }
    return 0;
  }

  private static String shorten(String s) {
    return s.length() > 40 ? s.substring(0, 37) + "..." : s;
  }
}
