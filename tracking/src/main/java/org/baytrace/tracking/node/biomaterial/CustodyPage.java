package org.baytrace.tracking.node.biomaterial;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.baytrace.tracking.node.pages.Formats;
import org.baytrace.tracking.node.pages.Lang;
import org.baytrace.tracking.node.pages.PageLayout;
import org.baytrace.tracking.node.pages.PageLayout.Data;
import org.baytrace.tracking.node.pages.PageLayout.Frame;

/**
 * The chain-of-custody report as a page for people, on the shared layout: the shipment (category,
 * temperature class, permit, who declared it), the holders in order with how each took over and
 * who signed, and the flags (gaps, unsigned hand-overs, temperature breaches) in words. Every
 * value is escaped; holders are named as the registry names them. Stateless.
 */
final class CustodyPage {
  private CustodyPage() {}

  static String html(JsonNode r, Lang lang, Frame frame) {
    StringBuilder b = new StringBuilder(4096);
    JsonNode s = r.path("shipment");
    Map<String, String> names = new HashMap<>();
    r.path("holders").forEach(h -> names.put(h.path("org").asText(), h.path("name").asText()));
    String subject = r.path("subject").asText();
    b.append("<section id=\"shipment\" class=\"card\">\n<p class=\"sub\">")
        .append(esc(lang.msg("custody.kind"))).append("</p>\n<h1>").append(esc(lang.msg("custody.heading")))
        .append("</h1>\n<p><code>").append(esc(subject)).append("</code></p>\n<dl class=\"facts\">\n");
    fact(b, lang.msg("custody.category"), lang.msgOr("bio.category." + s.path("category").asText(),
        s.path("category").asText()));
    fact(b, lang.msg("custody.temperatureClass"), lang.msg("custody.temperatureClass.value",
        lang.msgOr("bio.class." + s.path("temperatureClass").asText(), s.path("temperatureClass").asText()),
        lang.msgOr("bio.range." + s.path("temperatureClass").asText(), s.path("temperatureRange").asText())));
    String permit = s.path("permitReference").asText();
    fact(b, lang.msg("custody.permit"), permit.isEmpty() ? lang.msg("custody.permit.none") : permit);
    factHtml(b, lang.msg("custody.declaredBy"), PageLayout.msgHtml(lang, "custody.byAt",
        new Data(org(names, s.path("declaredBy").asText())), Formats.dateTime(lang, s.path("declaredAt").asText())));
    factHtml(b, lang.msg("custody.currentHolder"), PageLayout.data(org(names, r.path("currentHolder").asText())));
    b.append("</dl>\n</section>\n");

    b.append("<section class=\"card\">\n<h2>").append(esc(lang.msg("custody.holders"))).append("</h2>\n")
        .append("<div class=\"table-wrap\"><table id=\"holders\" class=\"data stack\"><thead><tr>");
    String[] heads = {"custody.col.holder", "custody.col.from", "custody.col.until", "custody.col.how",
        "custody.col.signed", "custody.col.entry"};
    for (String h : heads) {
      b.append("<th scope=\"col\">").append(esc(lang.msg(h))).append("</th>");
    }
    b.append("</tr></thead><tbody>\n");
    for (JsonNode h : r.path("holders")) {
      String via = "declaration".equals(h.path("via").asText()) ? lang.msg("custody.via.declaration")
          : lang.msg("custody.via.handOver");
      String at = h.path("location").asText("");
      String how = at.isEmpty() ? esc(via) : PageLayout.msgHtml(lang, "custody.via.at", via, new Data(at));
      StringBuilder signed = new StringBuilder();
      h.path("signedBy").forEach(x -> signed.append(signed.length() > 0 ? lang.msg("list.sep") : "")
          .append(org(names, x.asText())));
      b.append("<tr class=\"holder\">");
      cellHtml(b, lang, heads[0], PageLayout.data(lang.msg("org.named", h.path("name").asText(), h.path("org").asText())));
      cell(b, lang, heads[1], Formats.dateTime(lang, h.path("from").asText()));
      cell(b, lang, heads[2], h.path("until").isNull() ? lang.msg("custody.until.now")
          : Formats.dateTime(lang, h.path("until").asText()));
      cellHtml(b, lang, heads[3], how);
      cellHtml(b, lang, heads[4], PageLayout.data(signed.toString()));
      cell(b, lang, heads[5], h.path("ledgerIndex").asText());
      b.append("</tr>\n");
    }
    b.append("</tbody></table></div>\n</section>\n");

    b.append("<section class=\"card\">\n<h2>").append(esc(lang.msg("custody.flags"))).append("</h2>\n");
    if (!r.path("flagged").asBoolean()) {
      b.append("<p class=\"ok-text\" id=\"no-flags\">").append(esc(lang.msg("custody.noFlags"))).append("</p>\n");
    }
    b.append("<ul id=\"flags\" class=\"flags\">\n");
    for (JsonNode g : r.path("gaps")) {
      b.append("<li class=\"flag gap\">").append(PageLayout.msgHtml(lang, "custody.gap",
          Formats.dateTime(lang, g.path("from").asText()), Formats.dateTime(lang, g.path("until").asText()),
          Formats.hours(lang, g.path("hours").asDouble()), new Data(org(names, g.path("holder").asText()))))
          .append("</li>\n");
    }
    for (JsonNode u : r.path("unsignedHandOvers")) {
      b.append("<li class=\"flag unsigned\">").append(PageLayout.msgHtml(lang, "custody.unsigned",
          Formats.dateTime(lang, u.path("time").asText()), new Data(u.path("kind").asText()),
          new Data(org(names, u.path("recordedBy").asText())), new Data(org(names, u.path("holder").asText())),
          u.path("ledgerIndex").asLong())).append("</li>\n");
    }
    for (JsonNode t : r.path("temperatureBreaches")) {
      String where = t.path("location").asText("");
      b.append("<li class=\"flag breach\">").append(PageLayout.msgHtml(lang, "custody.breach",
          Formats.dateTime(lang, t.path("start").asText()),
          Formats.duration(lang, Duration.ofMillis(Math.round(t.path("durationSeconds").asDouble() * 1000))),
          celsius(t.path("worstCelsius").asDouble()), celsius(t.path("degreesBeyond").asDouble()),
          lang.msg(t.path("direction").asText().equals("above") ? "cold.above" : "cold.below"),
          t.path("holder").isNull() ? lang.msg("custody.holder.unknown") : new Data(org(names, t.path("holder").asText()))))
          .append(where.isEmpty() ? "" : PageLayout.msgHtml(lang, "cold.excursion.at", new Data(where))).append("</li>\n");
    }
    b.append("</ul>\n</section>\n");
    return PageLayout.html(lang, lang.msg("custody.heading"), "custody", b.toString(),
        esc(lang.msg("custody.footer")) + " <code>" + esc(subject) + "</code>", frame);
  }

  private static String org(Map<String, String> names, String id) {
    String n = names.get(id);
    return n == null || n.isEmpty() || n.equals(id) ? id : n;
  }

  private static String celsius(double c) {
    return String.format(java.util.Locale.ROOT, "%.1f", c);
  }

  private static void fact(StringBuilder b, String term, String value) {
    b.append("<dt>").append(esc(term)).append("</dt><dd>").append(esc(value)).append("</dd>\n");
  }

  private static void factHtml(StringBuilder b, String term, String html) {
    b.append("<dt>").append(esc(term)).append("</dt><dd>").append(html).append("</dd>\n");
  }

  private static void cellHtml(StringBuilder b, Lang lang, String headKey, String html) {
    b.append("<td data-label=\"").append(esc(lang.msg(headKey))).append("\">").append(html).append("</td>");
  }

  private static void cell(StringBuilder b, Lang lang, String headKey, String value) {
    b.append("<td data-label=\"").append(esc(lang.msg(headKey))).append("\">").append(esc(value)).append("</td>");
  }

  static String esc(String s) {
    return PageLayout.esc(s);
  }
}
