package org.baytrace.tracking.node.resolver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.baytrace.tracking.node.resolver.TraceEvent.Relation;
import org.baytrace.tracking.node.resolver.TraceView.Attribute;
import org.baytrace.tracking.node.resolver.TraceView.Product;
import org.baytrace.tracking.node.resolver.TraceView.Step;
import org.baytrace.tracking.node.resolver.TraceView.Verification;

/**
 * The HTML pages: the consumer page of a trace code and the friendly error pages, on the
 * {@code page.html} template beside this class. Every value from events or requests is escaped;
 * the page loads only the node's own stylesheet and script and the QR image (the responses carry
 * a Content-Security-Policy that allows nothing else). Stateless; thread-safe.
 */
final class HtmlPages {
  private static final String TEMPLATE = resource("page.html");
  private static final Pattern SLOT = Pattern.compile("\\$\\{([a-zA-Z]+)\\}");

  private HtmlPages() {}

  static String page(TraceView v, Links links) {
    Lang lang = v.lang();
    StringBuilder m = new StringBuilder(8192);
    phoneCheck(m, links, lang);
    verification(m, v, lang);
    product(m, v, lang);
    if (v.coldChain() != null) {
      m.append("<section id=\"cold-chain\" class=\"card cold ").append(esc(v.coldChain().status()))
          .append("\" data-status=\"").append(esc(v.coldChain().status())).append("\">\n<h2>")
          .append(esc(lang.msg("section.cold"))).append("</h2>\n<p>").append(esc(v.coldChain().text()))
          .append("</p>\n");
      if (!v.coldChain().excursions().isEmpty()) {
        m.append("<ul class=\"excursions\">\n");
        for (String e : v.coldChain().excursions()) {
          m.append("<li class=\"excursion\">").append(esc(e)).append("</li>\n");
        }
        m.append("</ul>\n");
      }
      if (v.coldChain().chart() != null) {
        m.append("<figure class=\"cold-chart\"><img id=\"cold-chart\" src=\"").append(esc(v.coldChain().chart()))
            .append("\" alt=\"").append(esc(lang.msg("cold.chart"))).append("\" width=\"640\" height=\"260\">")
            .append("<figcaption>").append(esc(lang.msg("cold.chart"))).append("</figcaption></figure>\n");
      }
      m.append("</section>\n");
    }
    journey(m, v, links, lang);
    downloads(m, v, links, lang);
    String title = title(v.product(), lang);
    return fill(lang, lang.msg("title.page", title), links, "trace", m.toString(),
        esc(lang.msg("footer")) + " <code>" + esc(v.traceCode()) + "</code>");
  }

  /**
   * Where the page's script says whether this phone verified the page itself (against the trust
   * root in the link, not the node's word): pending until the script ran, and stays so without
   * script.
   */
  private static void phoneCheck(StringBuilder m, Links links, Lang lang) {
    m.append("<section id=\"phone-check\" class=\"card badge pending\" data-state=\"pending\" data-trust-root-url=\"")
        .append(esc(links.trustRoot())).append("\" data-proofs-url=\"").append(esc(links.proofs()))
        .append("\" aria-live=\"polite\">\n<span class=\"mark\">").append(esc(lang.msg("phone.pending")))
        .append("</span>\n<p class=\"detail\"></p>\n<ul class=\"failures\"></ul>\n</section>\n");
  }

  private static void verification(StringBuilder m, TraceView v, Lang lang) {
    Verification ver = v.verification();
    boolean ok = ver.verified();
    m.append("<section id=\"verification\" class=\"card badge ").append(ok ? "ok" : "bad")
        .append("\" data-verified=\"").append(ok).append("\">\n<span class=\"mark\">")
        .append(ok ? "✓ " : "✗ ").append(esc(lang.msg(ok ? "verified.yes" : "verified.no"))).append("</span>\n<p>");
    if (ver.events() == 0) {
      m.append(esc(lang.msg("verified.none")));
    } else if (ok) {
      m.append(esc(lang.msg("verified.yes.detail", ver.events(), ver.treeSize())));
    } else {
      m.append(esc(lang.msg("verified.no.detail", Math.max(ver.failed(), 1), ver.events())));
    }
    m.append("</p>\n");
    if (!ver.failures().isEmpty()) {
      m.append("<ul class=\"failures\">\n");
      for (String f : ver.failures()) {
        m.append("<li>").append(esc(f)).append("</li>\n");
      }
      m.append("</ul>\n");
    }
    m.append("</section>\n");
  }

  static String title(Product p, Lang lang) {
    if (p.name() != null) {
      return p.name();
    }
    if (p.gtin() != null) {
      return lang.msg("product.unnamed", p.gtin());
    }
    if (p.sscc() != null) {
      return lang.msg("unit.unnamed", p.sscc());
    }
    return lang.msg("kind.other");
  }

  private static void product(StringBuilder m, TraceView v, Lang lang) {
    Product p = v.product();
    m.append("<section id=\"product\" class=\"card\" data-kind=\"").append(esc(v.kind())).append("\" aria-label=\"")
        .append(esc(lang.msg("section.product"))).append("\">\n")
        .append("<p class=\"sub\">").append(esc(lang.msg("kind." + v.kind()))).append("</p>\n")
        .append("<h1>").append(esc(title(p, lang))).append("</h1>\n<dl class=\"facts\">\n");
    fact(m, lang.msg("field.gtin"), p.gtin(), "gtin");
    fact(m, lang.msg("field.lot"), p.lot(), "lot");
    fact(m, lang.msg("field.serial"), p.serial(), "serial");
    fact(m, lang.msg("field.sscc"), p.sscc(), "sscc");
    if (p.origin() != null) {
      String country = p.origin().country() != null ? p.origin().country() : p.origin().countryCode();
      fact(m, lang.msg("field.origin"), country, "origin-country");
      if (p.origin().place() != null) {
        fact(m, lang.msg("field.originPlace"), p.origin().place().display(), "origin-place");
      }
    }
    for (Attribute a : p.attributes()) {
      fact(m, a.label(), a.value(), "attr-" + a.key());
    }
    m.append("</dl>\n</section>\n");
  }

  private static void fact(StringBuilder m, String label, String value, String id) {
    if (value != null) {
      m.append("<dt>").append(esc(label)).append("</dt><dd id=\"").append(esc(id)).append("\">").append(esc(value))
          .append("</dd>\n");
    }
  }

  private static void journey(StringBuilder m, TraceView v, Links links, Lang lang) {
    m.append("<section id=\"journey\" class=\"card\">\n<h2>").append(esc(lang.msg("section.journey")))
        .append("</h2>\n");
    if (v.journey().isEmpty()) {
      m.append("<p class=\"meta\">").append(esc(lang.msg("journey.empty"))).append("</p>\n");
    } else {
      m.append("<ol class=\"timeline\">\n");
      for (Step s : v.journey()) {
        step(m, s, v, links, lang);
      }
      m.append("</ol>\n");
    }
    if (v.withdrawn() > 0) {
      m.append("<p class=\"meta\" id=\"withdrawn\">").append(esc(lang.msg("journey.withdrawn", v.withdrawn())))
          .append("</p>\n");
    }
    if (v.truncated()) {
      m.append("<p class=\"meta\">").append(esc(lang.msg("journey.truncated", v.journey().size()))).append("</p>\n");
    }
    m.append("</section>\n");
  }

  private static void step(StringBuilder m, Step s, TraceView v, Links links, Lang lang) {
    int offsetMinutes = java.time.ZoneOffset.of(s.offset()).getTotalSeconds() / 60;
    m.append("<li class=\"event").append(s.verified() ? "" : " unverified").append("\" data-ledger-index=\"")
        .append(s.ledgerIndex()).append("\"");
    if (s.bizStep() != null) {
      m.append(" data-biz-step=\"").append(esc(s.bizStep())).append("\"");
    }
    if (s.disposition() != null) {
      m.append(" data-disposition=\"").append(esc(s.disposition())).append("\"");
    }
    m.append(">\n<span class=\"step\">").append(esc(s.label())).append("</span>\n")
        .append("<time datetime=\"").append(esc(s.eventTime())).append("\" data-offset-minutes=\"")
        .append(offsetMinutes).append("\">").append(esc(s.localTime())).append("</time>\n");
    if (s.place() != null) {
      m.append("<span class=\"place\" title=\"").append(esc(s.place().id())).append("\">")
          .append(esc(lang.msg("field.place"))).append(lang == Lang.ZH ? "：" : ": ")
          .append(esc(s.place().display())).append("</span>\n");
    }
    if (s.author() != null) {
      m.append("<span class=\"author\">").append(esc(lang.msg("field.author"))).append(lang == Lang.ZH ? "：" : ": ")
          .append(esc(s.author())).append("</span>\n");
    }
    m.append("<div class=\"tags\">");
    if (s.dispositionLabel() != null) {
      m.append("<span class=\"tag disp\">").append(esc(s.dispositionLabel())).append("</span>");
    }
    if (s.temperatures() != null) {
      String range = s.temperatures().minCelsius() == s.temperatures().maxCelsius()
          ? TraceViews.celsius(s.temperatures().minCelsius())
          : TraceViews.celsius(s.temperatures().minCelsius()) + "–" + TraceViews.celsius(s.temperatures().maxCelsius());
      m.append("<span class=\"tag temp\">").append(esc(range)).append(" °C</span>");
    }
    if (s.relation() != Relation.DIRECT) {
      m.append("<span class=\"tag rel\">").append(esc(relationLabel(s, lang))).append("</span>");
    }
    if (!s.verified()) {
      m.append("<span class=\"tag fail\" title=\"").append(esc(s.failure())).append("\">")
          .append(esc(lang.msg("step.unverified"))).append("</span>");
    }
    if (s.hashIdMismatch() != null) {
      m.append("<span class=\"tag fail hash-id\" title=\"").append(esc(s.hashIdMismatch())).append("\">")
          .append(esc(lang.msg("step.hashIdMismatch"))).append("</span>");
    }
    if (s.revokedKey() != null) {
      m.append("<span class=\"tag fail revoked-key\" title=\"").append(esc(s.revokedKey())).append("\">")
          .append(esc(lang.msg("step.revokedKey"))).append("</span>");
    }
    m.append("<a class=\"tag receipt\" href=\"").append(esc(links.receipt(s.ledgerIndex(), v.verification().treeSize())))
        .append("\">").append(esc(lang.msg("step.receipt"))).append(" #").append(s.ledgerIndex()).append("</a>");
    m.append("</div>\n</li>\n");
  }

  private static String relationLabel(Step s, Lang lang) {
    if (s.relation() == Relation.CONTAINER) {
      return lang.msg("relation.container");
    }
    String via = s.via() == null ? "" : s.via();
    return lang.msg(via.contains("/10/") ? "relation.lot" : "relation.product");
  }

  private static void downloads(StringBuilder m, TraceView v, Links links, Lang lang) {
    m.append("<section id=\"downloads\" class=\"card downloads\">\n<h2>").append(esc(lang.msg("section.downloads")))
        .append("</h2>\n<div class=\"qr\">\n<img src=\"").append(esc(links.qrSvg())).append("\" alt=\"")
        .append(esc(lang.msg("downloads.qr"))).append("\" width=\"128\" height=\"128\">\n<ul>\n");
    link(m, links.receipts(), lang.msg("downloads.receipts"), "receipts-link", true);
    link(m, links.page() + "?format=json&lang=" + lang.code, lang.msg("downloads.json"), "json-link", false);
    link(m, links.linkset(), lang.msg("downloads.linkset"), "linkset-link", false);
    m.append("<li>").append(esc(lang.msg("downloads.qr"))).append(": <a href=\"").append(esc(links.qrPng()))
        .append("\">PNG</a> · <a href=\"").append(esc(links.qrSvg())).append("\">SVG</a></li>\n");
    m.append("</ul>\n</div>\n<p class=\"meta\">").append(esc(lang.msg("downloads.receiptsHelp")))
        .append("</p>\n<p><code id=\"verifier-key\">").append(esc(v.verification().verifierKey()))
        .append("</code></p>\n</section>\n");
  }

  private static void link(StringBuilder m, String href, String text, String id, boolean download) {
    m.append("<li><a id=\"").append(id).append("\" href=\"").append(esc(href)).append("\"")
        .append(download ? " download" : "").append(">").append(esc(text)).append("</a></li>\n");
  }

  /**
   * A friendly error page.
   *
   * @param status 400, 404 or 500
   * @param code the code as the client sent it (shown, escaped)
   * @param reason the technical reason, or null
   */
  static String error(Lang lang, int status, String code, String reason, String text, Links assets) {
    StringBuilder m = new StringBuilder(2048);
    String title = lang.msg("error." + status + ".title");
    m.append("<section id=\"error\" class=\"card error\" data-status=\"").append(status).append("\">\n<h1>")
        .append(esc(title)).append("</h1>\n<p>").append(esc(text)).append("</p>\n");
    if (code != null) {
      m.append("<p>").append(esc(lang.msg("error.code"))).append(lang == Lang.ZH ? "：" : ": ")
          .append("<code id=\"code\">").append(esc(code)).append("</code></p>\n");
    }
    if (reason != null) {
      m.append("<p class=\"reason\"><strong>").append(esc(lang.msg("error.reason"))).append(lang == Lang.ZH ? "：" : ": ")
          .append("</strong><span id=\"reason\">").append(esc(reason)).append("</span></p>\n");
    }
    m.append("</section>\n");
    return fill(lang, lang.msg("title.page", title), assets, "error-page", m.toString(), esc(lang.msg("brand")));
  }

  /**
   * The landing page: what this node is, the lookups (GET forms to {@code lookup} and {@code
   * lookup/voyage}, the latter only if {@code voyages}), and how big and how fresh the ledger is.
   *
   * @param lastAppendMillis when the ledger last grew (the newest entry's record time), or null if empty
   */
  static String landing(Lang lang, String origin, long treeSize, Long lastAppendMillis, long nowMillis,
      boolean voyages, Links assets) {
    String root = assets.base().getRawPath();
    StringBuilder m = new StringBuilder(4096);
    m.append("<section id=\"node\" class=\"card\">\n<h1>").append(esc(lang.msg("landing.heading"))).append("</h1>\n")
        .append("<p class=\"sub\">").append(esc(lang.msg("landing.intro"))).append("</p>\n<dl class=\"facts\">\n");
    fact(m, lang.msg("landing.origin"), origin, "origin");
    m.append("</dl>\n<p id=\"ledger-state\" data-tree-size=\"").append(treeSize).append("\">");
    if (lastAppendMillis == null) {
      m.append(esc(lang.msg("landing.empty")));
    } else {
      m.append(esc(lang.msg("landing.state", String.format(lang.locale, "%,d", treeSize),
          age(lang, Math.max(0, nowMillis - lastAppendMillis) / 1000))));
    }
    m.append("</p>\n</section>\n");
    m.append("<section id=\"lookup-code\" class=\"card lookup\">\n<h2>").append(esc(lang.msg("landing.code.heading")))
        .append("</h2>\n<form method=\"get\" action=\"").append(esc(root)).append("lookup\">\n");
    hiddenLang(m, lang);
    field(m, "code", lang.msg("landing.code.label"), lang.msg("landing.code.hint"), true);
    field(m, "lot", lang.msg("field.lot"), null, false);
    field(m, "serial", lang.msg("field.serial"), null, false);
    m.append("<button type=\"submit\">").append(esc(lang.msg("landing.code.submit"))).append("</button>\n</form>\n</section>\n");
    if (voyages) {
      m.append("<section id=\"lookup-voyage\" class=\"card lookup\">\n<h2>")
          .append(esc(lang.msg("landing.voyage.heading"))).append("</h2>\n<form method=\"get\" action=\"")
          .append(esc(root)).append("lookup/voyage\">\n");
      hiddenLang(m, lang);
      field(m, "operator", lang.msg("landing.voyage.operator"), null, true);
      field(m, "number", lang.msg("landing.voyage.number"), null, true);
      m.append("<button type=\"submit\">").append(esc(lang.msg("landing.voyage.submit")))
          .append("</button>\n</form>\n</section>\n");
    }
    return fill(lang, lang.msg("title.page", lang.msg("landing.heading")), assets, "landing", m.toString(),
        esc(lang.msg("brand")) + " · <code>" + esc(origin) + "</code>");
  }

  private static void hiddenLang(StringBuilder m, Lang lang) {
    m.append("<input type=\"hidden\" name=\"lang\" value=\"").append(esc(lang.code)).append("\">\n");
  }

  private static void field(StringBuilder m, String name, String label, String hint, boolean required) {
    m.append("<label for=\"").append(name).append("\">").append(esc(label)).append("</label>\n");
    if (hint != null) {
      m.append("<p class=\"hint\" id=\"").append(name).append("-hint\">").append(esc(hint)).append("</p>\n");
    }
    m.append("<input id=\"").append(name).append("\" name=\"").append(name).append("\" type=\"text\" autocomplete=\"off\"")
        .append(" autocapitalize=\"off\" spellcheck=\"false\"").append(hint != null ? " aria-describedby=\"" + name + "-hint\"" : "")
        .append(required ? " required" : "").append(">\n");
  }

  /** An age in plain words: seconds, minutes, hours or days, whichever reads naturally. */
  static String age(Lang lang, long seconds) {
    if (seconds < 60) {
      return lang.msg("age.now");
    }
    String unit = seconds < 3600 ? "minutes" : seconds < 48 * 3600 ? "hours" : "days";
    long n = seconds / (unit.equals("minutes") ? 60 : unit.equals("hours") ? 3600 : 86400);
    return lang.msg("age." + unit + (n == 1 ? ".one" : ""), n);
  }

  private static String fill(Lang lang, String title, Links links, String bodyClass, String main, String footer) {
    Map<String, String> slots = Map.ofEntries(
        Map.entry("lang", lang.tag),
        Map.entry("yourTime", esc(lang.msg("yourTime"))),
        Map.entry("title", esc(title)),
        Map.entry("css", esc(links.asset("resolver.css"))),
        Map.entry("js", esc(links.asset("resolver.js"))),
        Map.entry("verifyJs", esc(links.asset("verify-page.js"))),
        Map.entry("bodyClass", bodyClass),
        Map.entry("brand", esc(lang.msg("brand"))),
        Map.entry("langLabel", esc(lang.msg("lang.label"))),
        Map.entry("langSwitch", langSwitch(lang)),
        Map.entry("main", main),
        Map.entry("footer", footer));
    Matcher mt = SLOT.matcher(TEMPLATE);
    StringBuilder out = new StringBuilder(TEMPLATE.length() + main.length() + 512);
    while (mt.find()) {
      String value = slots.get(mt.group(1));
      if (value == null) {
        throw new IllegalStateException("page.html: unknown slot ${" + mt.group(1) + "}");
      }
      mt.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    mt.appendTail(out);
    return out.toString();
  }

  /** A link to this page in the other language: the same path with {@code ?lang=}. */
  private static String langSwitch(Lang lang) {
    Lang other = lang.other();
    return "<a id=\"lang-switch\" href=\"?lang=" + other.code + "\" hreflang=\"" + other.tag + "\" lang=\"" + other.tag
        + "\">" + esc(other.msg("lang.name")) + "</a>";
  }

  /** Escapes text for HTML element content and double- or single-quoted attributes. */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  private static String resource(String name) {
    try (InputStream in = HtmlPages.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("resource " + name + " missing beside " + HtmlPages.class.getName());
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }
}
