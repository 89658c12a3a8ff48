package org.baytrace.tracking.node.waterbus;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import org.baytrace.tracking.domain.common.UnLocode;
import org.baytrace.tracking.domain.waterbus.BargeVoyage;
import org.baytrace.tracking.domain.waterbus.WaterBusRule;

/**
 * A voyage as one readable HTML page: schedule (planned, estimated, actual, delay per port call)
 * and slot utilisation per leg (inline SVG bars, one per leg, partners stacked). Times in
 * UTC+08:00. No script. Stateless.
 */
final class VoyagePage {
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.ofHours(8));
  private static final String[] COLOURS = {"#2f6f9f", "#d08c2b", "#4d9a5b", "#8a5fb0", "#b84a4a", "#5aa3a8"};

  private VoyagePage() {}

  static String html(BargeVoyage v) {
    StringBuilder h = new StringBuilder(4096);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Voyage ")
        .append(esc(v.number())).append("</title><style>body{font-family:system-ui,sans-serif;margin:1.5rem;color:#1b2a38}"
            + "table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{border-bottom:1px solid #d5dde5;padding:.3rem .6rem}"
            + ".late{color:#b3261e;font-weight:bold}.early{color:#1b7a3a}svg text{font-size:12px}"
            + "@media (max-width:40rem){body{margin:.75rem}}table{display:block;max-width:100%;overflow-x:auto}svg{max-width:100%;height:auto}td{white-space:nowrap}code,dd,h1{overflow-wrap:anywhere}</style></head><body>\n");
    h.append("<h1>Voyage ").append(esc(v.number())).append(" · ").append(esc(v.bargeName())).append("</h1>\n<p>Operator ")
        .append(esc(v.operator())).append(" · ").append(v.teuCapacity()).append(" TEU, ").append(v.reeferPlugs())
        .append(" reefer plugs · times UTC+08:00 · <a href=\"/v1/waterbus/voyages/").append(esc(v.operator())).append('/')
        .append(esc(v.number())).append("\">JSON</a></p>\n<h2>Schedule</h2>\n<table id=\"schedule\"><thead><tr><th>port</th>"
            + "<th></th><th>planned</th><th>estimated</th><th>actual</th><th>delay</th></tr></thead><tbody>\n");
    for (int i = 0; i < v.calls().size(); i++) {
      BargeVoyage.Call c = v.calls().get(i);
      if (i > 0) {
        row(h, v, i, "ARRI", c.plannedArrival());
      }
      if (i < v.calls().size() - 1) {
        row(h, v, i, "DEPA", c.plannedDeparture());
      }
    }
    h.append("</tbody></table>\n<h2>Slot utilisation per leg (TEU)</h2>\n");
    int width = 640;
    int label = 130;
    int rowH = 30;
    double scale = (width - label - 80) / (double) v.teuCapacity();
    h.append("<svg id=\"utilisation\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
        .append(v.legs() * rowH + 10).append("\" viewBox=\"0 0 ").append(width).append(' ').append(v.legs() * rowH + 10)
        .append("\" role=\"img\" aria-label=\"TEU booked per leg\">\n");
    for (int leg = 0; leg < v.legs(); leg++) {
      int y = 5 + leg * rowH;
      h.append("<g class=\"leg\"><text x=\"0\" y=\"").append(y + 15).append("\">").append(esc(WaterBusRule.leg(v, leg)))
          .append("</text><rect x=\"").append(label).append("\" y=\"").append(y).append("\" width=\"")
          .append(fmt(v.teuCapacity() * scale)).append("\" height=\"20\" fill=\"#eef2f5\" stroke=\"#9aa8b5\"/>");
      double x = label;
      int p = 0;
      for (BargeVoyage.Allocation a : v.allocations().values()) {
        int used = v.partnerUse(a.partner(), leg, false);
        if (used > 0) {
          h.append("<rect class=\"partner\" x=\"").append(fmt(x)).append("\" y=\"").append(y).append("\" width=\"")
              .append(fmt(used * scale)).append("\" height=\"20\" fill=\"").append(COLOURS[p % COLOURS.length])
              .append("\"><title>").append(esc(a.partner())).append(": ").append(used).append(" of ").append(a.teu())
              .append(" TEU</title></rect>");
          x += used * scale;
        }
        p++;
      }
      h.append("<text x=\"").append(fmt(label + v.teuCapacity() * scale + 6)).append("\" y=\"").append(y + 15).append("\">")
          .append(v.legTeu(leg)).append('/').append(v.teuCapacity()).append("</text></g>\n");
    }
    h.append("</svg>\n<table id=\"partners\"><thead><tr><th>partner</th><th>TEU allocated</th><th>reefer plugs allocated</th>"
        + "</tr></thead><tbody>\n");
    int p = 0;
    for (BargeVoyage.Allocation a : v.allocations().values()) {
      h.append("<tr><td><span style=\"color:").append(COLOURS[p++ % COLOURS.length]).append("\">■</span> ")
          .append(esc(a.partner())).append("</td><td>").append(a.teu()).append("</td><td>").append(a.reeferPlugs())
          .append("</td></tr>\n");
    }
    h.append("</tbody></table>\n</body></html>\n");
    return h.toString();
  }

  private static void row(StringBuilder h, BargeVoyage v, int call, String type, long planned) {
    Optional<BargeVoyage.TransportEvent> est = v.latest(call, type, "EST");
    Optional<BargeVoyage.TransportEvent> act = v.latest(call, type, "ACT");
    Optional<BargeVoyage.TransportEvent> best = act.isPresent() ? act : est;
    h.append("<tr data-port=\"").append(v.calls().get(call).port()).append("\" data-event=\"").append(type).append("\"><td>")
        .append(esc(UnLocode.name(v.calls().get(call).port()))).append(" (").append(v.calls().get(call).port())
        .append(")</td><td>").append(type).append("</td><td>").append(local(planned)).append("</td><td>")
        .append(est.map(e -> local(e.time())).orElse("—")).append("</td><td>")
        .append(act.map(e -> local(e.time())).orElse("—")).append("</td><td class=\"delay\">");
    if (best.isPresent()) {
      long minutes = Math.floorDiv(best.get().time() - planned, 60_000L);
      h.append("<span class=\"").append(minutes > 0 ? "late" : "early").append("\">")
          .append(minutes > 0 ? "+" : "").append(minutes).append(" min (").append(best.get().classifier()).append(")</span>");
    }
    h.append("</td></tr>\n");
  }

  private static String local(long millis) {
    return millis == 0 ? "—" : LOCAL.format(Instant.ofEpochMilli(millis));
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
