package org.baytrace.tracking.node.customs;

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
import org.baytrace.tracking.node.pages.Formats;
import org.baytrace.tracking.node.pages.Lang;
import org.baytrace.tracking.node.pages.PageLayout;
import org.baytrace.tracking.node.pages.PageLayout.Data;
import org.baytrace.tracking.node.pages.PageLayout.Frame;

/**
 * The clearance-time report as a page for people, on the shared layout: per port, direction and
 * period how many declarations were released, a bar chart (inline SVG: median and 90th
 * percentile of each measure, the target as a dashed line) and a table that says in words how
 * each measure compares with its target; the declarants with their AEO status; each shipment with
 * its status. A measure is judged against its target only when there is a time to judge: a
 * clearance not yet released has no release time, and a documentary time of zero (every document
 * came with the declaration) is reported as such, never as "within target". No script.
 * Stateless.
 */
public final class ReportPage {
  static final int CHART_WIDTH = 640;
  static final int ROW = 34;
  public static final int LABEL = 230;
  private static final String[] MEASURE_HEADS = {"customs.col.measure", "customs.col.count", "customs.col.median",
      "customs.col.p90", "customs.col.target", "customs.col.verdict"};
  private static final String[] DECLARANT_HEADS = {"customs.col.declarant", "customs.col.aeo",
      "customs.col.declarations", "customs.col.declarantMedian"};
  private static final String[] SHIPMENT_HEADS = {"customs.col.declaration", "customs.col.type", "customs.col.port",
      "customs.col.status", "customs.col.arrival", "customs.col.lodged", "customs.col.release", "customs.col.exit"};

  private ReportPage() {}

  static String html(ClearanceReport.Report r, String query, Lang lang, Frame frame) {
    StringBuilder h = new StringBuilder(8192);
    h.append("<section id=\"about\" class=\"card\">\n<h1>").append(esc(lang.msg("customs.heading"))).append("</h1>\n<p>")
        .append(esc(lang.msg("customs.intro", lang.msg("customs.period." + r.query().period().name()))))
        .append("</p>\n<p class=\"meta\"><a href=\"").append(esc(frame.link("v1/customs/clearance-report") + query))
        .append("\">JSON</a> · <a href=\"").append(esc(frame.link("v1/customs/clearance-report.csv") + query))
        .append("\">CSV</a></p>\n<details class=\"proof\"><summary>").append(esc(lang.msg("customs.measures")))
        .append("</summary>\n<dl>");
    for (Measure m : Measure.values()) {
      h.append("<dt>").append(esc(lang.msg("measure." + m.id()))).append("</dt><dd>")
          .append(esc(lang.msg("measure." + m.id() + ".desc"))).append("</dd>");
    }
    h.append("</dl></details>\n<p class=\"legend\"><span><i class=\"sw median\"></i>").append(esc(lang.msg("customs.median")))
        .append("</span><span><i class=\"sw p90\"></i>").append(esc(lang.msg("customs.p90")))
        .append("</span><span><i class=\"sw target\"></i>").append(esc(lang.msg("customs.target"))).append("</span></p>\n")
        .append("</section>\n");
    if (r.groups().isEmpty()) {
      h.append("<section class=\"card\"><p id=\"empty\">").append(esc(lang.msg("customs.empty"))).append("</p></section>\n");
    }
    for (ClearanceReport.Group g : r.groups()) {
      group(h, r, g, lang);
    }
    declarants(h, r, lang);
    shipments(h, r, lang, frame);
    return PageLayout.html(lang, lang.msg("customs.heading"), "clearance-report", h.toString(),
        esc(lang.msg("brand")), frame);
  }

  private static void group(StringBuilder h, ClearanceReport.Report r, ClearanceReport.Group g, Lang lang) {
    String type = ReportJson.type(g.type());
    String title = lang.msg("customs.group", port(g.port(), lang), lang.msg("customs.type." + type), g.period());
    int total = 0;
    int released = 0;
    for (ClearanceTimes t : r.shipments()) {
      Clearance c = t.clearance();
      if (c.port().equals(g.port()) && c.type() == g.type() && r.query().period().of(t.start()).equals(g.period())) {
        total++;
        released += t.release() != null ? 1 : 0;
      }
    }
    h.append("<section class=\"card group\" data-port=\"").append(esc(g.port())).append("\" data-type=\"").append(type)
        .append("\" data-period=\"").append(esc(g.period())).append("\">\n<h2>").append(esc(title)).append("</h2>\n")
        .append("<p class=\"released\">").append(esc(released == total ? lang.msg("customs.released.all", total)
            : lang.msg("customs.released.some", total, released, total - released))).append("</p>\n");
    chart(h, g, title, lang);
    h.append("<div class=\"table-wrap\"><table class=\"data stack\"><thead><tr>");
    for (String k : MEASURE_HEADS) {
      h.append("<th scope=\"col\">").append(esc(lang.msg(k))).append("</th>");
    }
    h.append("</tr></thead><tbody>\n");
    for (Map.Entry<Measure, Stats> e : g.stats().entrySet()) {
      Stats s = e.getValue();
      Optional<Target> t = Target.of(g.type(), e.getKey());
      h.append("<tr data-measure=\"").append(e.getKey().id()).append("\">");
      cell(h, lang, MEASURE_HEADS[0], lang.msg("measure." + e.getKey().id()), null);
      cell(h, lang, MEASURE_HEADS[1], Integer.toString(s.count()), "num");
      cell(h, lang, MEASURE_HEADS[2], hours(s.medianHours(), lang), "num");
      cell(h, lang, MEASURE_HEADS[3], hours(s.p90Hours(), lang), "num");
      cell(h, lang, MEASURE_HEADS[4], t.map(x -> targetLabel(x, lang)).orElse(""), null);
      h.append("<td class=\"verdict\" data-label=\"").append(esc(lang.msg(MEASURE_HEADS[5]))).append("\">")
          .append(verdict(e.getKey(), s, t, lang)).append("</td></tr>\n");
    }
    h.append("</tbody></table></div>\n</section>\n");
  }

  /**
   * How a measure's median compares with its target, in words (HTML). No verdict without a time
   * to judge: a zero median means the ledger saw the two ends at the same moment.
   */
  static String verdict(Measure m, Stats s, Optional<Target> t, Lang lang) {
    if (s.medianHours() == 0) {
      String key = m == Measure.DOCUMENTARY_COMPLIANCE ? "customs.verdict.oneDocument" : "customs.verdict.noTime";
      return "<span class=\"none\">" + esc(lang.msg(key)) + "</span>";
    }
    if (m == Measure.ARRIVAL_TO_LODGEMENT && s.medianHours() < 0) {
      return "<span class=\"ok-text\">" + esc(lang.msg("customs.verdict.preArrival", Formats.hours(lang, -s.medianHours())))
          + "</span>";
    }
    if (t.isEmpty()) {
      return "";
    }
    boolean within = s.medianHours() <= t.get().maxHours();
    return "<span class=\"" + (within ? "ok-text" : "bad-text") + "\">" + (within ? "✓ " : "✗ ")
        + esc(lang.msg(within ? "customs.verdict.within" : "customs.verdict.over", targetLabel(t.get(), lang),
            Formats.hours(lang, Math.abs(s.medianHours() - t.get().maxHours()))))
        + "</span>";
  }

  private static void declarants(StringBuilder h, ClearanceReport.Report r, Lang lang) {
    h.append("<section class=\"card\">\n<h2>").append(esc(lang.msg("customs.declarants"))).append("</h2>\n")
        .append("<div class=\"table-wrap\"><table id=\"declarants\" class=\"data stack\"><thead><tr>");
    for (String k : DECLARANT_HEADS) {
      h.append("<th scope=\"col\">").append(esc(lang.msg(k))).append("</th>");
    }
    h.append("</tr></thead><tbody>\n");
    for (ClearanceReport.DeclarantRow d : r.declarants()) {
      h.append("<tr>");
      h.append("<td data-label=\"").append(esc(lang.msg(DECLARANT_HEADS[0]))).append("\">")
          .append(PageLayout.data(d.name().equals(d.org()) ? d.org() : lang.msg("org.named", d.name(), d.org())))
          .append("</td>");
      h.append("<td class=\"aeo\" data-label=\"").append(esc(lang.msg(DECLARANT_HEADS[1]))).append("\" data-aeo=\"")
          .append(esc(d.aeoStatus() == null ? "" : d.aeoStatus())).append("\">")
          .append(esc(d.aeoStatus() == null ? lang.msg("customs.aeo.none") : lang.msgOr("aeo." + d.aeoStatus(), d.aeoStatus())))
          .append("</td>");
      cell(h, lang, DECLARANT_HEADS[2], Integer.toString(d.declarations()), "num");
      cell(h, lang, DECLARANT_HEADS[3], d.arrivalToRelease() == null ? lang.msg("customs.noneReleased")
          : hours(d.arrivalToRelease().medianHours(), lang), "num");
      h.append("</tr>\n");
    }
    h.append("</tbody></table></div>\n</section>\n");
  }

  private static void shipments(StringBuilder h, ClearanceReport.Report r, Lang lang, Frame frame) {
    h.append("<section class=\"card\">\n<h2>").append(esc(lang.msg("customs.shipments"))).append("</h2>\n")
        .append("<div class=\"table-wrap\"><table id=\"shipments\" class=\"data stack\"><thead><tr>");
    for (String k : SHIPMENT_HEADS) {
      h.append("<th scope=\"col\">").append(esc(lang.msg(k))).append("</th>");
    }
    h.append("</tr></thead><tbody>\n");
    for (ClearanceTimes t : r.shipments()) {
      Clearance c = t.clearance();
      h.append("<tr data-status=\"").append(status(t)).append("\"><td data-label=\"").append(esc(lang.msg(SHIPMENT_HEADS[0])))
          .append("\"><a href=\"").append(esc(frame.link("v1/customs/declarations/" + c.subject().customsOrg() + "/"
              + c.subject().number()))).append("\">").append(esc(c.subject().number())).append("</a></td>");
      cell(h, lang, SHIPMENT_HEADS[1], lang.msg("customs.type." + ReportJson.type(c.type())), null);
      cell(h, lang, SHIPMENT_HEADS[2], port(c.port(), lang), null);
      cell(h, lang, SHIPMENT_HEADS[3], lang.msg("customs.status." + status(t)), null);
      h.append("<td data-label=\"").append(esc(lang.msg(SHIPMENT_HEADS[4]))).append("\">")
          .append(t.arrival() == null ? esc(lang.msg("customs.arrival.unknown"))
              : esc(Formats.dateTime(lang, t.arrival())) + arrivalSource(t.arrivalSource(), lang))
          .append("</td>");
      cell(h, lang, SHIPMENT_HEADS[5], Formats.dateTime(lang, c.lodged()), null);
      cell(h, lang, SHIPMENT_HEADS[6], t.release() == null ? lang.msg("customs.release.notYet")
          : Formats.dateTime(lang, t.release()), null);
      cell(h, lang, SHIPMENT_HEADS[7], t.exit() == null ? lang.msg("customs.exit.notYet") : Formats.dateTime(lang, t.exit()),
          null);
      h.append("</tr>\n");
    }
    h.append("</tbody></table></div>\n</section>\n");
  }

  /** Where the arrival time came from, in words (HTML, with a leading space), or "". */
  static String arrivalSource(String source, Lang lang) {
    if (source == null) {
      return "";
    }
    String words;
    if (source.startsWith("waterbus DISC ")) {
      words = PageLayout.msgHtml(lang, "customs.source.discharge", new Data(source.substring("waterbus DISC ".length())));
    } else if (source.equals("waterbus ARRI ACT")) {
      words = esc(lang.msg("customs.source.bargeArrival"));
    } else if (source.equals("customs.Arrival")) {
      words = esc(lang.msg("customs.source.customsArrival"));
    } else {
      words = PageLayout.data(source);
    }
    return " <span class=\"source\" data-source=\"" + esc(source) + "\">" + esc(lang.msg("paren.open")) + words
        + esc(lang.msg("paren.close")) + "</span>";
  }

  /** Where a clearance stands: {@code exited}, {@code released}, {@code inspection} or {@code declared}. */
  static String status(ClearanceTimes t) {
    Clearance c = t.clearance();
    if (t.exit() != null) {
      return "exited";
    }
    if (t.release() != null) {
      return "released";
    }
    return c.has("InspectionOrdered") ? "inspection" : "declared";
  }

  /** Horizontal bars: per measure the median over the 90th percentile, target as a dashed line. */
  private static void chart(StringBuilder h, ClearanceReport.Group g, String title, Lang lang) {
    List<Measure> measures = new ArrayList<>(g.stats().keySet());
    double max = 1;
    for (Measure m : measures) {
      max = Math.max(max, Math.max(0, g.stats().get(m).p90Hours()));
      double target = Target.of(g.type(), m).map(Target::maxHours).orElse(0.0);
      max = Math.max(max, target);
    }
    final double scale = (CHART_WIDTH - LABEL - 130) / max; // room for the value labels
    int height = measures.size() * ROW + 24;
    h.append("<figure class=\"chart\"><svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(CHART_WIDTH)
        .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(CHART_WIDTH).append(' ').append(height)
        .append("\" role=\"img\" aria-label=\"").append(esc(lang.msg("customs.chart", title))).append("\">\n");
    int y = 8;
    for (Measure m : measures) {
      Stats s = g.stats().get(m);
      double p90 = Math.max(0, s.p90Hours()) * scale;
      double median = Math.max(0, s.medianHours()) * scale;
      h.append("<g data-measure=\"").append(m.id()).append("\"><text x=\"0\" y=\"").append(y + 15).append("\">")
          .append(esc(lang.msg("measure." + m.id() + ".short"))).append("</text>");
      h.append("<rect class=\"p90\" x=\"").append(LABEL).append("\" y=\"").append(y).append("\" width=\"").append(fmt(p90))
          .append("\" height=\"22\" fill=\"#9cc3e0\"><title>").append(esc(lang.msg("customs.p90"))).append(' ')
          .append(esc(hours(s.p90Hours(), lang))).append("</title></rect>");
      h.append("<rect class=\"median\" x=\"").append(LABEL).append("\" y=\"").append(y + 5).append("\" width=\"")
          .append(fmt(median)).append("\" height=\"12\" fill=\"#2f6f9f\"><title>").append(esc(lang.msg("customs.median")))
          .append(' ').append(esc(hours(s.medianHours(), lang))).append("</title></rect>");
      h.append("<text x=\"").append(fmt(LABEL + Math.max(p90, median) + 6)).append("\" y=\"").append(y + 15).append("\">")
          .append(esc(hours(s.medianHours(), lang))).append(" / ").append(esc(hours(s.p90Hours(), lang))).append("</text>");
      final int top = y;
      Target.of(g.type(), m).ifPresent(t -> {
        double x = LABEL + t.maxHours() * scale;
        h.append("<line class=\"target\" x1=\"").append(fmt(x)).append("\" x2=\"").append(fmt(x)).append("\" y1=\"")
            .append(fmt(top - 3.0)).append("\" y2=\"").append(fmt(top + 25.0))
            .append("\" stroke=\"#b3261e\" stroke-width=\"2\" stroke-dasharray=\"4 3\"><title>")
            .append(esc(lang.msg("customs.target"))).append(' ').append(esc(targetLabel(t, lang))).append("</title></line>");
      });
      h.append("</g>\n");
      y += ROW;
    }
    h.append("</svg></figure>\n");
  }

  /** A target for people: {@code 40 h}, {@code 8–12 h}. */
  static String targetLabel(Target t, Lang lang) {
    return t.minHours() == t.maxHours() ? lang.msg("unit.hours", whole(t.maxHours()))
        : lang.msg("unit.hours", whole(t.minHours()) + "–" + whole(t.maxHours()));
  }

  private static String whole(double h) {
    return h == Math.rint(h) ? Long.toString((long) h) : Double.toString(h);
  }

  /** Hours for a table: one decimal, or "under a minute" rather than 0.0. */
  private static String hours(double hours, Lang lang) {
    double rounded = ReportJson.hours(hours);
    if (rounded == 0) {
      return lang.msg("customs.hours.zero");
    }
    return Formats.hoursNumber(lang, rounded);
  }

  private static String port(String code, Lang lang) {
    return lang.msg("org.named", Formats.port(lang, code, UnLocode.name(code)), code);
  }

  private static void cell(StringBuilder b, Lang lang, String headKey, String value, String cls) {
    b.append("<td").append(cls == null ? "" : " class=\"" + cls + "\"").append(" data-label=\"")
        .append(esc(lang.msg(headKey))).append("\">").append(esc(value)).append("</td>");
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String esc(String s) {
    return PageLayout.esc(s);
  }
}
