package org.baytrace.tracking.node.waterbus;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.baytrace.tracking.domain.common.UnLocode;
import org.baytrace.tracking.domain.waterbus.BargeVoyage;
import org.baytrace.tracking.domain.waterbus.WaterBusRule;
import org.baytrace.tracking.node.pages.Formats;
import org.baytrace.tracking.node.pages.Lang;
import org.baytrace.tracking.node.pages.PageLayout;
import org.baytrace.tracking.node.pages.PageLayout.Data;
import org.baytrace.tracking.node.pages.PageLayout.Frame;

/**
 * A voyage as one page for people, on the shared layout: the barge and its capacity, the schedule
 * (each arrival and departure: planned, estimated, actual, and the delay in words) and the slots
 * used per leg (an inline SVG bar per leg, partners stacked, with a table of each partner's
 * allocation). Times in the Greater Bay Area (UTC+08:00). No script. Stateless.
 */
final class VoyagePage {
  private static final int COLOURS = 6;
  private static final String[] FILLS = {"#2f6f9f", "#d08c2b", "#4d9a5b", "#8a5fb0", "#b84a4a", "#5aa3a8"};

  private VoyagePage() {}

  static String html(BargeVoyage v, Lang lang, Frame frame) {
    StringBuilder h = new StringBuilder(4096);
    String title = lang.msg("voyage.heading", v.number(), v.bargeName());
    h.append("<section id=\"voyage\" class=\"card\">\n<p class=\"sub\">").append(esc(lang.msg("voyage.kind")))
        .append("</p>\n<h1>").append(PageLayout.msgHtml(lang, "voyage.heading", new Data(v.number()), new Data(v.bargeName())))
        .append("</h1>\n<dl class=\"facts\">\n");
    h.append("<dt>").append(esc(lang.msg("voyage.operator"))).append("</dt><dd>").append(PageLayout.data(v.operator()))
        .append("</dd>\n");
    fact(h, lang.msg("voyage.capacity"), lang.msg("voyage.capacity.value", v.teuCapacity(), v.reeferPlugs()));
    fact(h, lang.msg("voyage.route"), route(v, lang));
    h.append("</dl>\n<p class=\"meta\">").append(esc(lang.msg("voyage.times"))).append(" · <a href=\"")
        .append(esc(frame.link("v1/waterbus/voyages/" + v.operator() + "/" + v.number()))).append("\">")
        .append(esc(lang.msg("voyage.json"))).append("</a></p>\n</section>\n");

    h.append("<section class=\"card\">\n<h2>").append(esc(lang.msg("voyage.schedule"))).append("</h2>\n")
        .append("<div class=\"table-wrap\"><table id=\"schedule\" class=\"data stack\"><thead><tr>");
    for (String k : HEADS) {
      h.append("<th scope=\"col\">").append(esc(lang.msg(k))).append("</th>");
    }
    h.append("</tr></thead><tbody>\n");
    for (int i = 0; i < v.calls().size(); i++) {
      BargeVoyage.Call c = v.calls().get(i);
      if (i > 0) {
        row(h, v, i, "ARRI", c.plannedArrival(), lang);
      }
      if (i < v.calls().size() - 1) {
        row(h, v, i, "DEPA", c.plannedDeparture(), lang);
      }
    }
    h.append("</tbody></table></div>\n</section>\n");

    h.append("<section class=\"card\">\n<h2>").append(esc(lang.msg("voyage.slots"))).append("</h2>\n<figure class=\"chart\">");
    int width = 440; // drawn narrow so that its labels stay legible when a phone scales it down
    int label = 120;
    int rowH = 30;
    double scale = (width - label - 50) / (double) v.teuCapacity();
    h.append("<svg id=\"utilisation\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
        .append(v.legs() * rowH + 10).append("\" viewBox=\"0 0 ").append(width).append(' ').append(v.legs() * rowH + 10)
        .append("\" role=\"img\" aria-label=\"").append(esc(lang.msg("voyage.slots.chart"))).append("\">\n");
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
              .append(fmt(used * scale)).append("\" height=\"20\" fill=\"").append(FILLS[p % COLOURS])
              .append("\"><title>").append(esc(lang.msg("voyage.partnerUse", a.partner(), used, a.teu())))
              .append("</title></rect>");
          x += used * scale;
        }
        p++;
      }
      h.append("<text x=\"").append(fmt(label + v.teuCapacity() * scale + 6)).append("\" y=\"").append(y + 15).append("\">")
          .append(v.legTeu(leg)).append('/').append(v.teuCapacity()).append("</text></g>\n");
    }
    h.append("</svg><figcaption class=\"meta\">").append(esc(lang.msg("voyage.slots.caption"))).append("</figcaption></figure>\n")
        .append("<div class=\"table-wrap\"><table id=\"partners\" class=\"data stack\"><thead><tr>");
    for (String k : PARTNER_HEADS) {
      h.append("<th scope=\"col\">").append(esc(lang.msg(k))).append("</th>");
    }
    h.append("</tr></thead><tbody>\n");
    int p = 0;
    for (BargeVoyage.Allocation a : v.allocations().values()) {
      h.append("<tr><td data-label=\"").append(esc(lang.msg(PARTNER_HEADS[0]))).append("\"><i class=\"sw c")
          .append(p++ % COLOURS).append("\"></i>").append(PageLayout.data(a.partner())).append("</td>");
      cell(h, lang, PARTNER_HEADS[1], lang.msg("unit.teu", a.teu()));
      cell(h, lang, PARTNER_HEADS[2], Integer.toString(a.reeferPlugs()));
      h.append("</tr>\n");
    }
    h.append("</tbody></table></div>\n</section>\n");
    return PageLayout.html(lang, title, "voyage", h.toString(),
        esc(lang.msg("voyage.footer")) + " <code>" + esc(v.operator() + "/" + v.number()) + "</code>", frame);
  }

  private static final String[] HEADS = {"voyage.col.port", "voyage.col.event", "voyage.col.planned",
      "voyage.col.estimated", "voyage.col.actual", "voyage.col.delay"};
  private static final String[] PARTNER_HEADS = {"voyage.col.partner", "voyage.col.teu", "voyage.col.reefer"};

  private static String route(BargeVoyage v, Lang lang) {
    StringBuilder b = new StringBuilder();
    for (BargeVoyage.Call c : v.calls()) {
      b.append(b.length() > 0 ? " → " : "").append(Formats.port(lang, c.port(), UnLocode.name(c.port())));
    }
    return b.toString();
  }

  private static void row(StringBuilder h, BargeVoyage v, int call, String type, long planned, Lang lang) {
    Optional<BargeVoyage.TransportEvent> est = v.latest(call, type, "EST");
    Optional<BargeVoyage.TransportEvent> act = v.latest(call, type, "ACT");
    Optional<BargeVoyage.TransportEvent> best = act.isPresent() ? act : est;
    String port = v.calls().get(call).port();
    h.append("<tr data-port=\"").append(esc(port)).append("\" data-event=\"").append(type).append("\">");
    cell(h, lang, HEADS[0], lang.msg("org.named", Formats.port(lang, port, UnLocode.name(port)), port));
    cell(h, lang, HEADS[1], lang.msg("voyage.event." + type));
    cell(h, lang, HEADS[2], local(planned, lang));
    cell(h, lang, HEADS[3], est.map(e -> local(e.time(), lang)).orElse("—"));
    cell(h, lang, HEADS[4], act.map(e -> local(e.time(), lang)).orElse("—"));
    h.append("<td class=\"delay\" data-label=\"").append(esc(lang.msg(HEADS[5]))).append("\">");
    if (best.isPresent()) {
      long minutes = Math.floorDiv(best.get().time() - planned, 60_000L);
      String amount = Formats.duration(lang, Duration.ofMinutes(Math.abs(minutes)));
      // actual times say what happened, estimates what is expected
      String key = (minutes > 0 ? "voyage.late." : minutes < 0 ? "voyage.early." : "voyage.onTime.")
          + ("ACT".equals(best.get().classifier()) ? "ACT" : "EST");
      h.append("<span class=\"").append(minutes > 0 ? "late" : "early").append("\" data-minutes=\"").append(minutes)
          .append("\">").append(esc(lang.msg(key, amount))).append("</span>");
    } else {
      h.append(esc(lang.msg("voyage.noNews")));
    }
    h.append("</td></tr>\n");
  }

  private static String local(long millis, Lang lang) {
    return millis == 0 ? "—" : Formats.dateTime(lang, millis);
  }

  private static void fact(StringBuilder b, String term, String value) {
    b.append("<dt>").append(esc(term)).append("</dt><dd>").append(esc(value)).append("</dd>\n");
  }

  private static void cell(StringBuilder b, Lang lang, String headKey, String value) {
    b.append("<td data-label=\"").append(esc(lang.msg(headKey))).append("\">").append(esc(value)).append("</td>");
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String esc(String s) {
    return PageLayout.esc(s);
  }
}
