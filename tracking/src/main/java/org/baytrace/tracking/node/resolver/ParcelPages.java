package org.baytrace.tracking.node.resolver;

import static org.baytrace.tracking.node.pages.PageLayout.data;
import static org.baytrace.tracking.node.pages.PageLayout.esc;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.OptionalLong;
import org.baytrace.tracking.domain.parcel.Parcel;
import org.baytrace.tracking.node.pages.Lang;
import org.baytrace.tracking.node.pages.PageLayout;
import org.baytrace.tracking.node.pages.PageLayout.Frame;

/**
 * The parcel page (what a shopper sees after entering waybill and label code) and its lookup
 * form on the landing page, on the pages' shared layout and languages. Every value is escaped,
 * and what is recorded (waybill, names, places, times) is marked as data; times are China Standard Time (UTC+08:00, which Hong Kong and Macao share).
 * Stateless; thread-safe.
 */
public final class ParcelPages {
  private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZONE);

  /** A page in the language the request chose: its HTML and its {@code Content-Language}. */
  public record Page(String html, String languageTag) {}

  /** What the page needs besides the parcel: names of orgs and ports, and ledger indexes. */
  public interface Names {
    String org(String id);

    String port(String unLocode);

    OptionalLong ledgerIndex(Parcel.Stage stage);
  }

  private ParcelPages() {}

  /** The Content-Security-Policy of parcel pages: the consumer page's. */
  public static String csp() {
    return PageLayout.CSP;
  }

  /**
   * The page of a found parcel.
   *
   * @param waybill the waybill as the subject uses it; {@code code} the label code, normalised
   */
  public static Page found(String langParam, String acceptLanguage, Frame frame, String waybill, String code, Parcel p,
      Names names) {
    Lang lang = Lang.choose(langParam, acceptLanguage);
    Parcel.Stage now = p.last();
    StringBuilder m = new StringBuilder(4096);
    String tone = now.stage().equals("Returned") || now.stage().equals("Held") ? "bad" : "ok";
    m.append("<section id=\"parcel\" class=\"card badge ").append(tone).append("\" data-status=\"")
        .append(esc(now.status())).append("\">\n<p class=\"sub\">").append(esc(lang.msg("parcel.heading")))
        .append("</p>\n<h1>").append(PageLayout.msgHtml(lang, "parcel.title", new PageLayout.Data(waybill)))
        .append("</h1>\n<span class=\"mark\" id=\"status\">").append(esc(lang.msg("parcel.stage." + now.stage())))
        .append("</span>\n<p>").append(PageLayout.msgHtml(lang, "parcel.since", new PageLayout.Data(local(now.time())),
            new PageLayout.Data(names.org(now.author())))).append("</p>\n</section>\n");
    m.append("<section id=\"clearance\" class=\"card\">\n<dl class=\"facts\">\n");
    fact(m, lang.msg("parcel.waybill"), data(waybill), "waybill");
    fact(m, lang.msg("parcel.mode"), esc(lang.msg("parcel.mode." + p.mode().name())), "mode");
    fact(m, lang.msg("parcel.office"), data(names.org(p.customsOffice())), "office");
    fact(m, lang.msg("parcel.port"), data(names.port(p.port())), "port");
    fact(m, lang.msg("parcel.items"), esc(Integer.toString(p.itemCount())), "items");
    m.append("</dl>\n</section>\n");
    m.append("<section id=\"journey\" class=\"card\">\n<h2>").append(esc(lang.msg("parcel.history")))
        .append("</h2>\n<ol class=\"timeline\">\n");
    for (Parcel.Stage s : p.stages()) {
      m.append("<li class=\"event\" data-stage=\"").append(esc(s.status())).append("\"");
      OptionalLong index = names.ledgerIndex(s);
      if (index.isPresent()) {
        m.append(" data-ledger-index=\"").append(index.getAsLong()).append("\"");
      }
      m.append(">\n<span class=\"step\">").append(esc(lang.msg("parcel.stage." + s.stage()))).append("</span>\n")
          .append("<time datetime=\"").append(Instant.ofEpochMilli(s.time())).append("\">").append(data(local(s.time())))
          .append("</time>\n<span class=\"author\">").append(esc(lang.labelled(lang.msg("parcel.recordedBy"), "")))
          .append(data(names.org(s.author()))).append("</span>\n");
      detail(s).ifPresent(d -> m.append("<div class=\"tags\"><span class=\"tag\">").append(esc(d(lang, d)))
          .append("</span></div>\n"));
      m.append("</li>\n");
    }
    m.append("</ol>\n</section>\n");
    m.append("<section id=\"privacy\" class=\"card\">\n<p class=\"meta\">").append(esc(lang.msg("parcel.privacy")))
        .append("</p>\n<p class=\"meta\"><a href=\"").append(esc(frame.link("v1/parcels/"))).append(esc(waybill))
        .append("?code=").append(esc(code)).append("\" id=\"json-link\">").append(esc(lang.msg("downloads.json")))
        .append("</a></p>\n</section>\n");
    String html = PageLayout.html(lang, lang.msg("parcel.title", waybill), "parcel", m.toString(),
        esc(lang.msg("brand")), frame);
    return new Page(html, lang.tag);
  }

  /** The one page for every miss: no such waybill, or a wrong code. */
  public static Page notFound(String langParam, String acceptLanguage, Frame frame) {
    Lang lang = Lang.choose(langParam, acceptLanguage);
    return message(lang, frame, "parcel.notFound.title", lang.msg("parcel.notFound"), 404);
  }

  /** The page for a waybill or code that cannot be one (400), naming what is wrong. */
  public static Page badInput(String langParam, String acceptLanguage, Frame frame) {
    Lang lang = Lang.choose(langParam, acceptLanguage);
    return message(lang, frame, "parcel.badInput.title", lang.msg("parcel.badInput"), 400);
  }

  /** The page for too many lookups (429). */
  public static Page tooMany(String langParam, String acceptLanguage, Frame frame, long retryAfterSeconds) {
    Lang lang = Lang.choose(langParam, acceptLanguage);
    return message(lang, frame, "parcel.tooMany.title", lang.msg("parcel.tooMany", retryAfterSeconds), 429);
  }

  private static Page message(Lang lang, Frame frame, String titleKey, String text, int status) {
    String title = lang.msg(titleKey);
    StringBuilder m = new StringBuilder(1024);
    m.append("<section id=\"error\" class=\"card error\" data-status=\"").append(status).append("\">\n<h1>")
        .append(esc(title)).append("</h1>\n<p>").append(esc(text)).append("</p>\n<p><a href=\"")
        .append(esc(frame.link("?lang=" + lang.code))).append("\">")
        .append(esc(lang.msg("parcel.again"))).append("</a></p>\n</section>\n");
    return new Page(PageLayout.html(lang, title, "error-page", m.toString(), esc(lang.msg("brand")), frame), lang.tag);
  }

  /** The landing page's parcel form: a GET to {@code lookup/parcel}. */
  static void lookupForm(StringBuilder m, Lang lang, String root) {
    m.append("<section id=\"lookup-parcel\" class=\"card lookup\">\n<h2>").append(esc(lang.msg("landing.parcel.heading")))
        .append("</h2>\n<form method=\"get\" action=\"").append(esc(root)).append("lookup/parcel\">\n");
    HtmlPages.hiddenLang(m, lang);
    HtmlPages.field(m, "waybill", lang.msg("parcel.waybill"), null, true);
    // name "code" as the route reads it; id "parcel-code" beside the trace-code form's "code"
    m.append("<label for=\"parcel-code\">").append(esc(lang.msg("landing.parcel.code"))).append("</label>\n")
        .append("<p class=\"hint\" id=\"parcel-code-hint\">").append(esc(lang.msg("landing.parcel.hint"))).append("</p>\n")
        .append("<input id=\"parcel-code\" name=\"code\" type=\"text\" autocomplete=\"off\" autocapitalize=\"characters\"")
        .append(" spellcheck=\"false\" aria-describedby=\"parcel-code-hint\" required>\n");
    m.append("<button type=\"submit\">").append(esc(lang.msg("landing.parcel.submit"))).append("</button>\n</form>\n</section>\n");
  }

  private static void fact(StringBuilder m, String label, String valueHtml, String id) {
    m.append("<dt>").append(esc(label)).append("</dt><dd id=\"").append(id).append("\">").append(valueHtml).append("</dd>\n");
  }

  /** The detail as message keys: "X_RAY COMPLIANT" → parcel.detail.X_RAY, parcel.detail.COMPLIANT. */
  private static Optional<String> detail(Parcel.Stage s) {
    if (s.stage().equals("Declared") || s.detail().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(s.detail());
  }

  private static String d(Lang lang, String detail) {
    StringBuilder b = new StringBuilder();
    for (String word : detail.split(" ")) {
      String text = lang.msgOrNull("parcel.detail." + word);
      b.append(b.isEmpty() ? "" : " · ").append(text == null ? word : text);
    }
    return b.toString();
  }

  private static String local(long millis) {
    return LOCAL.format(Instant.ofEpochMilli(millis)) + " (UTC+8)";
  }
}
