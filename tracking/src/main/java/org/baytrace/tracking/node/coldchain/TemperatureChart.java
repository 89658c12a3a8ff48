package org.baytrace.tracking.node.coldchain;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.baytrace.tracking.domain.coldchain.CommodityProfile;
import org.baytrace.tracking.domain.coldchain.Excursion;
import org.baytrace.tracking.domain.coldchain.Sample;
import org.baytrace.tracking.domain.coldchain.Verdict;

/**
 * The SVG temperature chart of a shipment's journey: the allowed range as a green band, the
 * tolerance band's limits dashed, each sample (a step for a logger reading, a bar from minimum to
 * maximum for an EPCIS window, a dot for a single value; red where outside the range), and each
 * excursion's time shaded red. Self-contained SVG with presentation attributes only (no script,
 * no style element), so it can be served with a CSP that allows nothing. Pure; thread-safe.
 */
public final class TemperatureChart {
  private TemperatureChart() {}

  static final int W = 640;
  static final int H = 260;
  static final int LEFT = 48;
  static final int RIGHT = 12;
  static final int TOP = 14;
  static final int BOTTOM = 34;
  /** How far from the readings (°C) a range limit is still drawn to scale. */
  static final double NEAR = 8;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  public static String svg(String subject, Verdict verdict, List<Sample> samples) {
    long t0 = Long.MAX_VALUE;
    long t1 = Long.MIN_VALUE;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Sample s : samples) {
      t0 = Math.min(t0, s.startMillis());
      t1 = Math.max(t1, s.endMillis());
      lo = Math.min(lo, s.minCelsius());
      hi = Math.max(hi, s.maxCelsius());
    }
    CommodityProfile p = verdict.profile();
    if (p != null && Double.isFinite(lo)) {
      // show the limits near the data; a far one (frozen meat's -60 °C) would squash the curve
      lo = Math.min(lo, Math.max(p.minCelsius(), lo - NEAR));
      hi = Math.max(hi, Math.min(p.maxCelsius(), hi + NEAR));
      lo = Math.min(lo, Math.max(p.toleranceMinCelsius(), lo - NEAR));
      hi = Math.max(hi, Math.min(p.toleranceMaxCelsius(), hi + NEAR));
    } else if (p != null) {
      lo = p.minCelsius();
      hi = p.maxCelsius();
    }
    if (samples.isEmpty()) {
      t0 = 0;
      t1 = 1;
    }
    if (t1 <= t0) {
      t1 = t0 + 60_000;
    }
    if (!Double.isFinite(lo)) {
      lo = 0;
      hi = 10;
    }
    double pad = Math.max(1, (hi - lo) * 0.1);
    lo = Math.floor(lo - pad);
    hi = Math.ceil(hi + pad);
    Scale x = new Scale(t0, t1, LEFT, W - RIGHT);
    Scale y = new Scale(lo, hi, H - BOTTOM, TOP);
    StringBuilder b = new StringBuilder(4096);
    b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(W).append(' ').append(H)
        .append("\" width=\"").append(W).append("\" height=\"").append(H).append("\" role=\"img\" data-status=\"")
        .append(verdict.status()).append("\" data-excursions=\"").append(verdict.excursions().size())
        .append("\" font-family=\"sans-serif\" font-size=\"11\">\n<title>")
        .append(esc("Temperature of " + subject + (p == null ? "" : " against " + p.label()) + ": " + verdict.status()))
        .append("</title>\n<rect x=\"0\" y=\"0\" width=\"").append(W).append("\" height=\"").append(H)
        .append("\" fill=\"#ffffff\"/>\n");
    for (Excursion e : verdict.excursions()) {
      double xa = x.at(e.startMillis());
      double xb = Math.max(x.at(e.endMillis()), xa + 2);
      b.append("<rect class=\"excursion\" x=\"").append(f(xa)).append("\" y=\"").append(TOP).append("\" width=\"")
          .append(f(xb - xa)).append("\" height=\"").append(H - TOP - BOTTOM).append("\" fill=\"#fde2e1\"><title>")
          .append(esc(e.kind() + " excursion")).append("</title></rect>\n");
    }
    if (p != null) {
      double top = y.clamp(p.maxCelsius());
      b.append("<rect class=\"range\" x=\"").append(LEFT).append("\" y=\"").append(f(top))
          .append("\" width=\"").append(W - LEFT - RIGHT).append("\" height=\"")
          .append(f(y.clamp(p.minCelsius()) - top)).append("\" fill=\"#dff3e4\"/>\n");
      if (p.toleranceMaxCelsius() <= hi) {
        dashed(b, y, p.toleranceMaxCelsius(), p.maxCelsius(), "tolerance");
      }
      if (p.toleranceMinCelsius() >= lo) {
        dashed(b, y, p.toleranceMinCelsius(), p.minCelsius(), "tolerance");
      }
    }
    axes(b, x, y, t0, t1, lo, hi);
    for (Sample s : samples) {
      boolean out = p != null && (s.maxCelsius() > p.maxCelsius() || s.minCelsius() < p.minCelsius());
      String colour = out ? "#c62828" : "#1565c0";
      double xa = x.at(s.startMillis());
      double xb = x.at(s.endMillis());
      if (s.startMillis() == s.endMillis()) {
        b.append("<circle class=\"sample\" cx=\"").append(f(xa)).append("\" cy=\"").append(f(y.at(s.maxCelsius())))
            .append("\" r=\"2.5\" fill=\"").append(colour).append("\"/>\n");
      } else if (s.minCelsius() == s.maxCelsius()) {
        b.append("<line class=\"sample\" x1=\"").append(f(xa)).append("\" x2=\"").append(f(Math.max(xb, xa + 1)))
            .append("\" y1=\"").append(f(y.at(s.maxCelsius()))).append("\" y2=\"").append(f(y.at(s.maxCelsius())))
            .append("\" stroke=\"").append(colour).append("\" stroke-width=\"2\"/>\n");
      } else {
        b.append("<rect class=\"sample\" x=\"").append(f(xa)).append("\" y=\"").append(f(y.at(s.maxCelsius())))
            .append("\" width=\"").append(f(Math.max(xb - xa, 1))).append("\" height=\"")
            .append(f(Math.max(y.at(s.minCelsius()) - y.at(s.maxCelsius()), 1))).append("\" fill=\"").append(colour)
            .append("\" fill-opacity=\"0.6\"/>\n");
      }
    }
    return b.append("</svg>\n").toString();
  }

  private static void dashed(StringBuilder b, Scale y, double at, double range, String cls) {
    if (at == range) {
      return;
    }
    b.append("<line class=\"").append(cls).append("\" x1=\"").append(LEFT).append("\" x2=\"").append(W - RIGHT)
        .append("\" y1=\"").append(f(y.at(at))).append("\" y2=\"").append(f(y.at(at)))
        .append("\" stroke=\"#ef6c00\" stroke-dasharray=\"4 3\"/>\n");
  }

  private static void axes(StringBuilder b, Scale x, Scale y, long t0, long t1, double lo, double hi) {
    b.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(LEFT).append("\" y1=\"").append(TOP)
        .append("\" y2=\"").append(H - BOTTOM).append("\" stroke=\"#555\"/>\n<line x1=\"").append(LEFT)
        .append("\" x2=\"").append(W - RIGHT).append("\" y1=\"").append(H - BOTTOM).append("\" y2=\"")
        .append(H - BOTTOM).append("\" stroke=\"#555\"/>\n");
    double step = niceStep((hi - lo) / 6);
    for (double v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) {
      b.append("<text x=\"").append(LEFT - 4).append("\" y=\"").append(f(y.at(v) + 4))
          .append("\" text-anchor=\"end\" fill=\"#333\">").append(String.format(Locale.ROOT, "%.0f", v))
          .append("</text>\n");
    }
    b.append("<text x=\"").append(4).append("\" y=\"").append(TOP + 4).append("\" fill=\"#333\">°C</text>\n");
    b.append("<text x=\"").append(LEFT).append("\" y=\"").append(H - BOTTOM + 16).append("\" fill=\"#333\">")
        .append(TIME.format(Instant.ofEpochMilli(t0))).append(" UTC</text>\n");
    b.append("<text x=\"").append(W - RIGHT).append("\" y=\"").append(H - BOTTOM + 16)
        .append("\" text-anchor=\"end\" fill=\"#333\">").append(TIME.format(Instant.ofEpochMilli(t1)))
        .append(" UTC</text>\n");
  }

  static double niceStep(double raw) {
    double mag = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-6))));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (raw <= m * mag) {
        return m * mag;
      }
    }
    return 10 * mag;
  }

  private record Scale(double from, double to, double pxFrom, double pxTo) {
    double at(double v) {
      return pxFrom + (v - from) / (to - from) * (pxTo - pxFrom);
    }

    /** Like {@link #at} but kept inside the plot. */
    double clamp(double v) {
      return Math.max(Math.min(pxFrom, pxTo), Math.min(Math.max(pxFrom, pxTo), at(v)));
    }
  }

  private static String f(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
