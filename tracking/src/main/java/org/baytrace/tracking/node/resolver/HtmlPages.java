package org.baytrace.tracking.node.resolver;

import java.util.ArrayList;
import java.util.List;
import org.baytrace.tracking.node.pages.Lang;
import org.baytrace.tracking.node.pages.PageLayout;
import org.baytrace.tracking.node.pages.PageLayout.Frame;
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

  private HtmlPages() {}

  static String page(TraceView v, Links links, Frame frame) {
    Lang lang = v.lang();
    StringBuilder m = new StringBuilder(8192);
    phoneCheck(m, links, lang);
    verification(m, v, links, lang);
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
    return PageLayout.html(lang, title, "trace", m.toString(),
        esc(lang.msg("footer")) + " <code>" + esc(v.traceCode()) + "</code>", frame.withHead(scripts(links)));
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

  /**
   * The verification line in plain words: what was checked (every record the page uses: journey
   * events, other profiles' legs, the records behind the cold-chain verdict), who signed them and
   * who checked; the proof details (tree size, checkpoint, key, each record's receipt) one click
   * away in a {@code <details>}.
   */
  private static void verification(StringBuilder m, TraceView v, Links links, Lang lang) {
    Verification ver = v.verification();
    boolean ok = ver.verified();
    int failed = Math.max(ver.failed(), ok ? 0 : 1);
    m.append("<section id=\"verification\" class=\"card badge ").append(ok ? "ok" : "bad")
        .append("\" data-verified=\"").append(ok).append("\" data-records=\"").append(ver.records()).append("\">\n")
        .append("<span class=\"mark\">").append(ok ? "✓ " : "✗ ").append(esc(lang.msg(ok ? "verified.yes" : "verified.no")))
        .append("</span>\n<p class=\"what\">");
    if (ver.records() == 0) {
      m.append(esc(lang.msg("verified.none")));
    } else {
      List<String> parts = new ArrayList<>();
      if (ver.events() > 0) {
        parts.add(lang.msg("verified.part.events", ver.events()));
      }
      if (ver.legRecords() > 0) {
        parts.add(lang.msg("verified.part.legs", ver.legRecords()));
      }
      if (!ver.coldChainRecords().isEmpty()) {
        parts.add(lang.msg("verified.part.cold", ver.coldChainRecords().size()));
      }
      String what = String.join(lang.msg("list.sep"), parts);
      if (ok) {
        m.append(esc(lang.msg("verified.yes.detail", ver.records(), what)));
      } else {
        m.append(esc(lang.msg("verified.no.detail", failed, ver.records(), what)));
      }
      if (!ver.recordedBy().isEmpty()) {
        m.append(lang.chinese() ? "" : " ").append(PageLayout.msgHtml(lang, "verified.signedBy",
            new PageLayout.Data(String.join(lang.msg("list.sep"), ver.recordedBy()))));
      }
      if (ver.checkedBy() != null) {
        m.append(lang.chinese() ? "" : " ")
            .append(PageLayout.msgHtml(lang, "verified.checkedBy", new PageLayout.Data(ver.checkedBy())));
      }
    }
    m.append("</p>\n");
    if (!ver.failures().isEmpty()) {
      m.append("<ul class=\"failures\" translate=\"no\">\n");
      for (String f : ver.failures()) {
        m.append("<li>").append(esc(f)).append("</li>\n");
      }
      m.append("</ul>\n");
    }
    m.append("<details class=\"proof\" id=\"proof\"><summary>").append(esc(lang.msg("proof.summary")))
        .append("</summary>\n<p>").append(esc(lang.msg("proof.how"))).append("</p>\n<dl class=\"facts\">\n")
        .append("<dt>").append(esc(lang.msg("proof.treeSize"))).append("</dt><dd id=\"tree-size\">").append(ver.treeSize())
        .append("</dd>\n<dt>").append(esc(lang.msg("proof.key"))).append("</dt><dd><code>").append(esc(ver.verifierKey()))
        .append("</code></dd>\n</dl>\n<ul class=\"records\">\n");
    for (Step s : v.journey()) {
      proofRecord(m, s.ledgerIndex(), s.label(), s.verified(), links, ver, lang);
    }
    for (TraceView.Leg l : v.legs()) {
      proofRecord(m, l.ledgerIndex(), lang.msgOr("legkind." + l.kind(), l.kind()), l.verified(), links, ver, lang);
    }
    for (long i : ver.coldChainRecords()) {
      proofRecord(m, i, lang.msg("proof.coldRecord"), ver.failures().stream().noneMatch(f -> f.startsWith("entry " + i + ":")),
          links, ver, lang);
    }
    m.append("</ul>\n</details>\n</section>\n");
  }

  private static void proofRecord(StringBuilder m, long index, String what, boolean ok, Links links, Verification ver,
      Lang lang) {
    m.append("<li data-record-index=\"").append(index).append("\">").append(ok ? "✓ " : "✗ ")
        .append(esc(lang.msg("proof.record", index, what))).append(" · <a class=\"receipt\" href=\"")
        .append(esc(links.receipt(index, ver.treeSize()))).append("\">").append(esc(lang.msg("step.receipt")))
        .append("</a></li>\n");
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
        .append("<h1>").append(p.name() != null ? PageLayout.data(p.name()) : esc(title(p, lang)))
        .append("</h1>\n<dl class=\"facts\">\n");
    dataFact(m, lang.msg("field.brand"), p.brand(), "brand");
    fact(m, lang.msg("field.gtin"), p.gtin(), "gtin");
    fact(m, lang.msg("field.lot"), p.lot(), "lot");
    fact(m, lang.msg("field.serial"), p.serial(), "serial");
    fact(m, lang.msg("field.sscc"), p.sscc(), "sscc");
    if (p.origin() != null) {
      String country = p.origin().country() != null ? p.origin().country() : p.origin().countryCode();
      fact(m, lang.msg("field.origin"), country, "origin-country");
      if (p.origin().place() != null) {
        dataFact(m, lang.msg("field.originPlace"), p.origin().place().shown(), "origin-place");
        dataFact(m, lang.msg("field.address"), p.origin().place().address(), "origin-address");
      }
    }
    for (Attribute a : p.attributes()) {
      dataFact(m, a.label(), a.value(), "attr-" + a.key());
    }
    m.append("</dl>\n</section>\n");
  }

  /** The code a step's place name stands for, one click away (only when a name replaced it). */
  private static void codes(StringBuilder m, Step s, Lang lang) {
    if (s.place() == null || s.place().name() == null) {
      return;
    }
    m.append("<details class=\"codes\"><summary>").append(esc(lang.msg("error.code"))).append("</summary>")
        .append("<code class=\"place-code\">").append(esc(s.place().display())).append("</code></details>\n");
  }

  static void fact(StringBuilder m, String label, String value, String id) {
    if (value != null) {
      m.append("<dt>").append(esc(label)).append("</dt><dd id=\"").append(esc(id)).append("\">").append(esc(value))
          .append("</dd>\n");
    }
  }

  /** A fact whose value is data as recorded (a name, a place, a code): marked {@code translate="no"}. */
  private static void dataFact(StringBuilder m, String label, String value, String id) {
    if (value != null) {
      m.append("<dt>").append(esc(label)).append("</dt><dd id=\"").append(esc(id)).append("\" translate=\"no\">")
          .append(esc(value)).append("</dd>\n");
    }
  }

  private static void journey(StringBuilder m, TraceView v, Links links, Lang lang) {
    m.append("<section id=\"journey\" class=\"card\">\n<h2>").append(esc(lang.msg("section.journey")))
        .append("</h2>\n");
    if (v.journey().isEmpty() && v.legs().isEmpty()) {
      m.append("<p class=\"meta\">").append(esc(lang.msg("journey.empty"))).append("</p>\n");
    } else {
      m.append("<ol class=\"timeline\">\n");
      // the events and the other profiles' legs, told together in time order
      int j = 0;
      int l = 0;
      while (j < v.journey().size() || l < v.legs().size()) {
        boolean legNext = l < v.legs().size() && (j == v.journey().size()
            || java.time.OffsetDateTime.parse(v.legs().get(l).eventTime()).toInstant()
                .isBefore(java.time.OffsetDateTime.parse(v.journey().get(j).eventTime()).toInstant()));
        if (legNext) {
          leg(m, v.legs().get(l++), lang);
        } else {
          step(m, v.journey().get(j++), v, links, lang);
        }
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
          .append(esc(lang.msg("field.place"))).append(lang.chinese() ? "：" : ": ")
          .append(PageLayout.data(s.place().shown())).append("</span>\n");
      if (s.place().address() != null) {
        m.append("<span class=\"address\">").append(PageLayout.data(s.place().address())).append("</span>\n");
      }
    }
    if (s.author() != null) {
      m.append("<span class=\"author\">").append(esc(lang.msg("field.author"))).append(lang.chinese() ? "：" : ": ")
          .append(PageLayout.data(s.author())).append("</span>\n");
    }
    codes(m, s, lang);
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
    m.append("</div>\n</li>\n");
  }

  /** A leg another profile recorded, in a sentence: what happened, where, on which voyage, who recorded it. */
  private static void leg(StringBuilder m, TraceView.Leg l, Lang lang) {
    m.append("<li class=\"leg").append(l.verified() ? "" : " unverified").append("\" data-kind=\"").append(esc(l.kind()))
        .append("\" data-record-index=\"").append(l.ledgerIndex()).append("\"");
    if (l.mode() != null) {
      m.append(" data-mode=\"").append(esc(l.mode())).append("\"");
    }
    TraceView.HandOver h = l.handOver();
    if (h != null) {
      m.append(" data-from-mode=\"").append(esc(h.fromMode())).append("\" data-to-mode=\"").append(esc(h.toMode()))
          .append("\"");
    }
    m.append(">\n<span class=\"step\">");
    if (l.mode() != null) {
      m.append("<span class=\"step-kind\">").append(esc(lang.msg("mode." + l.mode()))).append("</span>");
    }
    if (h != null) {
      m.append(PageLayout.msgHtml(lang, "leg." + l.kind(), lang.msg("handover.mode." + h.fromMode()),
          lang.msg("handover.mode." + h.toMode()), new PageLayout.Data(h.place().shown()),
          new PageLayout.Data(h.fromParty()), new PageLayout.Data(h.toParty())));
    } else {
      m.append(PageLayout.msgHtml(lang, "leg." + l.kind(), l.portName() == null ? "" : l.portName(),
          new PageLayout.Data(l.voyage() == null ? "" : l.voyage()), new PageLayout.Data(l.vessel() == null ? "" : l.vessel()),
          new PageLayout.Data(l.container() == null ? "" : l.container()),
          new PageLayout.Data(l.reference() == null ? "" : l.reference())));
    }
    m.append("</span>\n<time datetime=\"").append(esc(l.eventTime())).append("\">").append(esc(l.localTime()))
        .append("</time>\n");
    if (h != null) {
      handOverDetails(m, l, h, lang);
    }
    if (l.author() != null) {
      m.append("<span class=\"author\">").append(esc(lang.msg("field.author"))).append(lang.chinese() ? "：" : ": ")
          .append(PageLayout.data(l.author())).append("</span>\n");
    }
    if (!l.verified()) {
      m.append("<div class=\"tags\"><span class=\"tag fail\" title=\"").append(esc(l.failure())).append("\">")
          .append(esc(lang.msg("step.unverified"))).append("</span></div>\n");
    }
    m.append("</li>\n");
  }

  /** A hand-over's place code and address (when it has a name), and the conveyances and documents on each side. */
  private static void handOverDetails(StringBuilder m, TraceView.Leg l, TraceView.HandOver h, Lang lang) {
    String colon = lang.chinese() ? "：" : ": ";
    if (h.place().name() != null) { // the sentence names the place; its code stays one look away
      m.append("<span class=\"place\" title=\"").append(esc(h.place().id())).append("\">")
          .append(esc(lang.msg("field.place"))).append(colon).append(PageLayout.data(h.place().display()))
          .append("</span>\n");
    }
    if (h.place().address() != null) {
      m.append("<span class=\"address\">").append(PageLayout.data(h.place().address())).append("</span>\n");
    }
    means(m, "arrived", "handover.arrivedOn", h.fromMeans(), lang, colon);
    means(m, "leaves", "handover.leavesOn", h.toMeans(), lang, colon);
    if (l.container() != null) {
      m.append("<span class=\"means\">").append(esc(lang.msg("handover.container"))).append(colon)
          .append(PageLayout.data(l.container())).append("</span>\n");
    }
  }

  private static void means(StringBuilder m, String side, String label, JourneyLegs.Means means, Lang lang,
      String colon) {
    m.append("<span class=\"means\" data-side=\"").append(side).append("\">").append(esc(lang.msg(label)))
        .append(colon).append(PageLayout.data(means.reference()));
    if (means.name() != null) {
      m.append(" · ").append(PageLayout.data(means.name()));
    }
    if (means.documentType() != null) {
      m.append(" · ").append(esc(lang.msg("handover.doc." + means.documentType()))).append(" ")
          .append(PageLayout.data(means.documentNumber()));
    }
    m.append("</span>\n");
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
  static String error(Lang lang, int status, String code, String reason, String text, Frame frame) {
    StringBuilder m = new StringBuilder(2048);
    String title = lang.msg("error." + status + ".title");
    m.append("<section id=\"error\" class=\"card error\" data-status=\"").append(status).append("\">\n<h1>")
        .append(esc(title)).append("</h1>\n<p>").append(esc(text)).append("</p>\n");
    if (code != null) {
      m.append("<p>").append(esc(lang.msg("error.code"))).append(lang.chinese() ? "：" : ": ")
          .append("<code id=\"code\">").append(esc(code)).append("</code></p>\n");
    }
    if (reason != null) {
      m.append("<p class=\"reason\"><strong>").append(esc(lang.msg("error.reason"))).append(lang.chinese() ? "：" : ": ")
          .append("</strong><span id=\"reason\">").append(esc(reason)).append("</span></p>\n");
    }
    m.append("</section>\n");
    return PageLayout.html(lang, title, "error-page", m.toString(), esc(lang.msg("brand")), frame);
  }

  /**
   * The landing page: what this node is, the lookups (GET forms to {@code lookup} and {@code
   * lookup/voyage}, the latter only if {@code voyages}; {@code lookup/parcel} only if {@code parcels}), and how
   * big and how fresh the ledger is.
   *
   * @param lastAppendMillis when the ledger last grew (the newest entry's record time), or null if empty
   */
  static String landing(Lang lang, String origin, long treeSize, Long lastAppendMillis, long nowMillis,
      boolean voyages, boolean parcels, Frame frame) {
    String root = frame.basePath();
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
    if (parcels) {
      ParcelPages.lookupForm(m, lang, root);
    }
    return PageLayout.html(lang, lang.msg("landing.heading"), "landing", m.toString(),
        esc(lang.msg("brand")) + " · <code>" + esc(origin) + "</code>", frame);
  }

  static void hiddenLang(StringBuilder m, Lang lang) {
    m.append("<input type=\"hidden\" name=\"lang\" value=\"").append(esc(lang.code)).append("\">\n");
  }

  static void field(StringBuilder m, String name, String label, String hint, boolean required) {
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

  /** Escapes text for HTML element content and double- or single-quoted attributes. */
  static String esc(String s) {
    return PageLayout.esc(s);
  }

  /** What the consumer page adds to the layout's head: the local-time script and the phone's verifier. */
  static String scripts(Links links) {
    return "<script src=\"" + esc(links.asset("resolver.js")) + "\" defer></script>\n<script type=\"module\" src=\""
        + esc(links.asset("verify-page.js")) + "\"></script>\n";
  }
}
