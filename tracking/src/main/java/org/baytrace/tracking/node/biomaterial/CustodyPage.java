package org.baytrace.tracking.node.biomaterial;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The chain-of-custody report as a page for people: the shipment, a table of holders, and the
 * flags in words. Every value is escaped. Stateless.
 */
final class CustodyPage {
  private CustodyPage() {}

  static final String CSP = "default-src 'none'; style-src 'unsafe-inline'";

  static String html(JsonNode r) {
    StringBuilder b = new StringBuilder(4096);
    JsonNode s = r.path("shipment");
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>Chain of custody: ").append(esc(r.path("subject").asText())).append("</title>\n<style>")
        .append("body{font-family:sans-serif;margin:1em;max-width:60em}table{border-collapse:collapse;width:100%}")
        .append("td,th{border:1px solid #ccc;padding:.3em .5em;text-align:left}.flag{color:#b71c1c}")
        .append(".ok{color:#1b5e20}"
            + "table{display:block;max-width:100%;overflow-x:auto}svg{max-width:100%;height:auto}td{white-space:nowrap}code,dd,h1{overflow-wrap:anywhere}</style></head><body>\n<h1>Chain of custody</h1>\n<p><code>")
        .append(esc(r.path("subject").asText())).append("</code></p>\n<dl>")
        .append(dt("Category", s.path("category").asText()))
        .append(dt("Temperature class", s.path("temperatureClass").asText() + " (" + s.path("temperatureRange").asText() + ")"))
        .append(dt("Permit", s.path("permitReference").asText().isEmpty() ? "none" : s.path("permitReference").asText()))
        .append(dt("Declared by", s.path("declaredBy").asText() + " at " + s.path("declaredAt").asText()))
        .append(dt("Current holder", r.path("currentHolder").asText())).append("</dl>\n");
    b.append("<h2>Holders</h2>\n<table id=\"holders\"><tr><th>Holder</th><th>From</th><th>Until</th><th>How</th>")
        .append("<th>Signed by</th><th>Entry</th></tr>\n");
    for (JsonNode h : r.path("holders")) {
      b.append("<tr class=\"holder\"><td>").append(esc(h.path("name").asText())).append(" (")
          .append(esc(h.path("org").asText())).append(")</td><td>").append(esc(h.path("from").asText()))
          .append("</td><td>").append(h.path("until").isNull() ? "now" : esc(h.path("until").asText()))
          .append("</td><td>").append(esc(h.path("via").asText()))
          .append(h.has("location") && !h.path("location").asText().isEmpty() ? " at " + esc(h.path("location").asText()) : "")
          .append("</td><td>");
      StringBuilder signed = new StringBuilder();
      h.path("signedBy").forEach(x -> signed.append(signed.length() > 0 ? ", " : "").append(x.asText()));
      b.append(esc(signed.toString())).append("</td><td>").append(h.path("ledgerIndex").asLong()).append("</td></tr>\n");
    }
    b.append("</table>\n<h2>Flags</h2>\n");
    if (!r.path("flagged").asBoolean()) {
      b.append("<p class=\"ok\" id=\"no-flags\">No gaps, no unsigned hand-overs, no temperature breaches.</p>\n");
    }
    b.append("<ul id=\"flags\">\n");
    for (JsonNode g : r.path("gaps")) {
      b.append("<li class=\"flag gap\">Gap: no record from ").append(esc(g.path("from").asText())).append(" to ")
          .append(esc(g.path("until").asText())).append(String.format(java.util.Locale.ROOT, " (%.1f h)", g.path("hours").asDouble()))
          .append(", held by ").append(esc(g.path("holder").asText())).append("</li>\n");
    }
    for (JsonNode u : r.path("unsignedHandOvers")) {
      b.append("<li class=\"flag unsigned\">Unsigned hand-over at ").append(esc(u.path("time").asText())).append(": ")
          .append(esc(u.path("text").asText())).append(" (entry ").append(u.path("ledgerIndex").asLong()).append(")</li>\n");
    }
    for (JsonNode t : r.path("temperatureBreaches")) {
      b.append("<li class=\"flag breach\">Temperature breach from ").append(esc(t.path("start").asText()))
          .append(" to ").append(esc(t.path("end").asText())).append(": ")
          .append(t.path("worstCelsius").asDouble()).append(" °C, ").append(t.path("degreesBeyond").asDouble())
          .append(" °C ").append(esc(t.path("direction").asText())).append(" the class, held by ")
          .append(esc(t.path("holder").asText())).append("</li>\n");
    }
    return b.append("</ul>\n</body></html>\n").toString();
  }

  private static String dt(String term, String value) {
    return "<dt>" + esc(term) + "</dt><dd>" + esc(value) + "</dd>";
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
