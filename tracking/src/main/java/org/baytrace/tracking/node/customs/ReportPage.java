package org.baytrace.tracking.node.customs;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.baytrace.tracking.domain.common.UnLocode;
import org.baytrace.tracking.domain.customs.Clearance;
import org.baytrace.tracking.domain.customs.ClearanceReport;
import org.baytrace.tracking.domain.customs.ClearanceTimes;
import org.baytrace.tracking.domain.customs.Measure;
import org.baytrace.tracking.domain.customs.Stats;
import org.baytrace.tracking.domain.customs.Target;

/**
 * The clearance-time report as one HTML page: per port, direction and period a bar chart (inline
 * SVG: median and 90th percentile of each measure, the target as a dashed line) and a table;
 * the declarants with their AEO status; the shipments. No script, no external resources.
 * Stateless.
 */
public final class ReportPage {
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ClearanceReport.ZONE);
  static final int CHART_WIDTH = 640;
  static final int ROW = 34;
  public static final int LABEL = 230;

  private ReportPage() {}

  static String html(ClearanceReport.Report r, String query) {
    StringBuilder h = new StringBuilder(8192);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>Customs clearance time report</title><style>"
        + "body{font-family:system-ui,'WenQuanYi Micro Hei',sans-serif;margin:1.5rem;color:#1b2a38;max-width:60rem}"
        + "table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{border-bottom:1px solid #d5dde5;padding:.3rem .6rem;"
        + "text-align:left}td.num{text-align:right}.ok{color:#1b7a3a}.over{color:#b3261e;font-weight:bold}"
        + "svg text{font-size:12px;fill:#1b2a38}.legend span{display:inline-block;margin-right:1rem}"
        + ".sw{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:middle}"
        + "@media (max-width:40rem){body{margin:.75rem}}table{display:block;max-width:100%;overflow-x:auto}svg{max-width:100%;height:auto}td{white-space:nowrap}code,dd,h1{overflow-wrap:anywhere}</style></head><body>\n");
    h.append("<h1>Customs clearance time report</h1>\n<p>Clearance time per stage in the manner of the WCO Time Release "
        + "Study, per port, direction and period (").append(r.query().period().name().toLowerCase(Locale.ROOT))
        .append(", China Standard Time UTC+08:00). Median and 90th percentile in hours; targets of the port-environment "
        + "work plan. <a href=\"/v1/customs/clearance-report").append(esc(query)).append("\">JSON</a> · <a href=\""
        + "/v1/customs/clearance-report.csv").append(esc(query)).append("\">CSV</a></p>\n");
    h.append("<dl>");
    for (Measure m : Measure.values()) {
      h.append("<dt>").append(m.id()).append("</dt><dd>").append(esc(m.description())).append("</dd>");
    }
    h.append("</dl>\n<p class=\"legend\"><span><i class=\"sw\" style=\"background:#2f6f9f\"></i>median</span>"
        + "<span><i class=\"sw\" style=\"background:#9cc3e0\"></i>90th percentile</span>"
        + "<span><i class=\"sw\" style=\"border-top:2px dashed #b3261e;height:0\"></i>target</span></p>\n");
    if (r.groups().isEmpty()) {
      h.append("<p id=\"empty\">No declarations match.</p>\n");
    }
    for (ClearanceReport.Group g : r.groups()) {
      String title = g.port() + " " + UnLocode.name(g.port()) + " · " + ReportJson.type(g.type()) + " · " + g.period();
      h.append("<section class=\"group\" data-port=\"").append(g.port()).append("\" data-type=\"")
          .append(ReportJson.type(g.type())).append("\" data-period=\"").append(g.period()).append("\">\n<h2>")
          .append(esc(title)).append("</h2>\n");
      chart(h, g, title);
      h.append("<table><thead><tr><th>measure</th><th>count</th><th>median h</th><th>p90 h</th><th>target</th>"
          + "<th>median vs target</th></tr></thead><tbody>\n");
      for (Map.Entry<Measure, Stats> e : g.stats().entrySet()) {
        Stats s = e.getValue();
        Optional<Target> t = Target.of(g.type(), e.getKey());
        h.append("<tr data-measure=\"").append(e.getKey().id()).append("\"><td>").append(e.getKey().id())
            .append("</td><td class=\"num\">").append(s.count()).append("</td><td class=\"num\">")
            .append(num(s.medianHours())).append("</td><td class=\"num\">").append(num(s.p90Hours())).append("</td><td>")
            .append(t.map(Target::label).orElse("")).append("</td><td>");
        t.ifPresent(x -> h.append(s.medianHours() <= x.maxHours() ? "<span class=\"ok\">✓ within target</span>"
            : "<span class=\"over\">✗ over target</span>"));
        h.append("</td></tr>\n");
      }
      h.append("</tbody></table>\n</section>\n");
    }
    h.append("<h2>Declarants</h2>\n<table id=\"declarants\"><thead><tr><th>declarant</th><th>name</th><th>AEO status</th>"
        + "<th>declarations</th><th>median arrival → release h</th></tr></thead><tbody>\n");
    for (ClearanceReport.DeclarantRow d : r.declarants()) {
      h.append("<tr><td>").append(esc(d.org())).append("</td><td>").append(esc(d.name())).append("</td><td class=\"aeo\">")
          .append(d.aeoStatus() == null ? "—" : esc(d.aeoStatus())).append("</td><td class=\"num\">")
          .append(d.declarations()).append("</td><td class=\"num\">")
          .append(d.arrivalToRelease() == null ? "—" : num(d.arrivalToRelease().medianHours())).append("</td></tr>\n");
    }
    h.append("</tbody></table>\n<h2>Shipments</h2>\n<table id=\"shipments\"><thead><tr><th>declaration</th><th>type</th>"
        + "<th>port</th><th>arrival (source)</th><th>lodged</th><th>release</th><th>exit</th></tr></thead><tbody>\n");
    for (ClearanceTimes t : r.shipments()) {
      Clearance c = t.clearance();
      h.append("<tr><td><a href=\"/v1/customs/declarations/").append(esc(c.subject().customsOrg())).append('/')
          .append(esc(c.subject().number())).append("\">").append(esc(c.subject().number())).append("</a></td><td>")
          .append(ReportJson.type(c.type())).append("</td><td>").append(c.port()).append("</td><td>").append(local(t.arrival()))
          .append(t.arrivalSource() == null ? "" : " (" + esc(t.arrivalSource()) + ")").append("</td><td>")
          .append(local(c.lodged())).append("</td><td>").append(local(t.release())).append("</td><td>")
          .append(local(t.exit())).append("</td></tr>\n");
    }
    h.append("</tbody></table>\n</body></html>\n");
    return h.toString();
  }

  /** Horizontal bars: per measure the median over the 90th percentile, target as a dashed line. */
  private static void chart(StringBuilder h, ClearanceReport.Group g, String title) {
    List<Measure> measures = new ArrayList<>(g.stats().keySet());
    double max = 1;
    for (Measure m : measures) {
      max = Math.max(max, Math.max(0, g.stats().get(m).p90Hours()));
      double target = Target.of(g.type(), m).map(Target::maxHours).orElse(0.0);
      max = Math.max(max, target);
    }
    final double scale = (CHART_WIDTH - LABEL - 130) / max; // room for the value labels
    int height = measures.size() * ROW + 24;
    h.append("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(CHART_WIDTH).append("\" height=\"")
        .append(height).append("\" viewBox=\"0 0 ").append(CHART_WIDTH).append(' ').append(height)
        .append("\" role=\"img\" aria-label=\"").append(esc("Clearance hours, " + title)).append("\">\n");
    int y = 8;
    for (Measure m : measures) {
      Stats s = g.stats().get(m);
      double p90 = Math.max(0, s.p90Hours()) * scale;
      double median = Math.max(0, s.medianHours()) * scale;
      h.append("<g data-measure=\"").append(m.id()).append("\"><text x=\"0\" y=\"").append(y + 15).append("\">")
          .append(m.id()).append("</text>");
      h.append("<rect class=\"p90\" x=\"").append(LABEL).append("\" y=\"").append(y).append("\" width=\"").append(fmt(p90))
          .append("\" height=\"22\" fill=\"#9cc3e0\"><title>p90 ").append(num(s.p90Hours())).append(" h</title></rect>");
      h.append("<rect class=\"median\" x=\"").append(LABEL).append("\" y=\"").append(y + 5).append("\" width=\"")
          .append(fmt(median)).append("\" height=\"12\" fill=\"#2f6f9f\"><title>median ").append(num(s.medianHours()))
          .append(" h</title></rect>");
      h.append("<text x=\"").append(fmt(LABEL + Math.max(p90, median) + 6)).append("\" y=\"").append(y + 15).append("\">")
          .append(num(s.medianHours())).append(" / ").append(num(s.p90Hours())).append(" h</text>");
      final int top = y;
      Target.of(g.type(), m).ifPresent(t -> {
        double x = LABEL + t.maxHours() * scale;
        h.append("<line class=\"target\" x1=\"").append(fmt(x)).append("\" x2=\"").append(fmt(x)).append("\" y1=\"")
            .append(fmt(top - 3.0)).append("\" y2=\"").append(fmt(top + 25.0))
            .append("\" stroke=\"#b3261e\" stroke-width=\"2\" stroke-dasharray=\"4 3\"><title>target ").append(t.label())
            .append("</title></line>");
      });
      h.append("</g>\n");
      y += ROW;
    }
    h.append("</svg>\n");
  }

  private static String local(Long millis) {
    return millis == null ? "—" : LOCAL.format(Instant.ofEpochMilli(millis));
  }

  private static String num(double hours) {
    return String.format(Locale.ROOT, "%.2f", ReportJson.hours(hours));
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String esc(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
