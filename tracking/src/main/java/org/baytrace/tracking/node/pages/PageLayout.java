package org.baytrace.tracking.node.pages;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one skeleton of every page for people (landing, consumer, custody, voyage, clearance
 * report, parcel): {@code layout.html} beside this class with the header (brand, language
 * switcher), the main content a page supplies, and the footer; one stylesheet ({@code
 * pages.css}, served at {@link #STYLESHEET}). A page builds its main content with {@link #esc}
 * for every value and calls {@link #html}; {@link #ok} answers it with the headers every page
 * carries. Stateless; thread-safe.
 */
public final class PageLayout {
  /** Where the node serves the stylesheet, below its base path. */
  public static final String STYLESHEET = "v1/resolver/assets/resolver.css";
  /**
   * The policy of a page without script: its own stylesheet and images, nothing else; links and
   * GET forms only to this node.
   */
  public static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self'; "
      + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
  public static final String HTML_UTF8 = "text/html; charset=utf-8";
  /** A page's language follows {@code Accept-Language}, its type {@code Accept}. */
  public static final String VARY = "Accept, Accept-Language";

  private static final String TEMPLATE = new String(resource("layout.html"), StandardCharsets.UTF_8);
  private static final byte[] CSS = resource("pages.css");
  private static final Pattern SLOT = Pattern.compile("\\$\\{([a-zA-Z]+)\\}");

  private PageLayout() {}

  /**
   * Where a page sits: the node's base path (ending in {@code /}), the request's path and raw
   * query (the language switcher links to the same page with another {@code lang}), and what the
   * page adds to {@code <head>} (its script tags, already HTML), or "".
   */
  public record Frame(String basePath, String path, String rawQuery, String head) {
    public Frame {
      basePath = basePath == null || basePath.isEmpty() ? "/" : basePath;
      rawQuery = rawQuery == null ? "" : rawQuery;
      head = head == null ? "" : head;
    }

    /** The frame of the current request, with nothing added to the head. */
    public static Frame of(UriInfo uri) {
      return new Frame(uri.getBaseUri().getRawPath(), uri.getRequestUri().getRawPath(), uri.getRequestUri().getRawQuery(),
          "");
    }

    /** The same frame with {@code head} (script tags) added to {@code <head>}. */
    public Frame withHead(String html) {
      return new Frame(basePath, path, rawQuery, html);
    }

    /** A path below the node's base, for links in a page ({@code v1/...} → {@code /v1/...}). */
    public String link(String below) {
      return basePath + below;
    }
  }

  /**
   * The page.
   *
   * @param title the window title, plain text
   * @param bodyClass the page's CSS class ({@code trace}, {@code custody}...)
   * @param main the main content, HTML (every value in it escaped)
   * @param footer the footer, HTML
   */
  public static String html(Lang lang, String title, String bodyClass, String main, String footer, Frame frame) {
    Map<String, String> slots = Map.ofEntries(
        Map.entry("lang", lang.tag),
        Map.entry("yourTime", esc(lang.msg("yourTime"))),
        Map.entry("title", esc(lang.msg("title.page", title))),
        Map.entry("css", esc(frame.link(STYLESHEET))),
        Map.entry("scripts", frame.head()),
        Map.entry("bodyClass", esc(bodyClass)),
        Map.entry("skip", esc(lang.msg("layout.skip"))),
        Map.entry("home", esc(frame.basePath() + "?lang=" + lang.code)),
        Map.entry("brand", esc(lang.msg("brand"))),
        Map.entry("langLabel", esc(lang.msg("lang.label"))),
        Map.entry("langSwitch", langSwitch(lang, frame)),
        Map.entry("main", main),
        Map.entry("footer", footer));
    Matcher mt = SLOT.matcher(TEMPLATE);
    StringBuilder out = new StringBuilder(TEMPLATE.length() + main.length() + 1024);
    while (mt.find()) {
      String value = slots.get(mt.group(1));
      if (value == null) {
        throw new IllegalStateException("layout.html: unknown slot ${" + mt.group(1) + "}");
      }
      mt.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    mt.appendTail(out);
    return out.toString();
  }

  /** A 200 answer with a page: its language, no caching without revalidation, and its policy. */
  public static Response ok(Lang lang, String html, String csp) {
    return Response.ok(html).type(HTML_UTF8).header(HttpHeaders.CACHE_CONTROL, "no-cache")
        .header(HttpHeaders.VARY, VARY).header(HttpHeaders.CONTENT_LANGUAGE, lang.tag)
        .header("Content-Security-Policy", csp).build();
  }

  /**
   * The switcher: each language by its own name, linking to this page in it (the same path and
   * query, {@code lang} replaced); the current one marked {@code aria-current}.
   */
  static String langSwitch(Lang current, Frame frame) {
    StringBuilder b = new StringBuilder(512);
    for (Lang l : Lang.values()) {
      b.append("<a class=\"lang-").append(l.code).append("\" href=\"").append(esc(switchHref(frame, l)))
          .append("\" hreflang=\"").append(l.tag).append("\" lang=\"").append(l.tag).append('"');
      if (l == current) {
        b.append(" aria-current=\"true\"");
      }
      b.append('>').append(esc(l.msg("lang.name"))).append("</a>");
    }
    return b.toString();
  }

  /** This page's path and query with {@code lang} set to {@code l}. */
  static String switchHref(Frame frame, Lang l) {
    StringJoiner q = new StringJoiner("&");
    for (String pair : frame.rawQuery().split("&")) {
      if (!pair.isEmpty() && !pair.equals("lang") && !pair.startsWith("lang=")) {
        q.add(pair);
      }
    }
    q.add("lang=" + l.code);
    return (frame.path() == null ? "" : frame.path()) + "?" + q;
  }

  /**
   * A value as recorded (a name, an identifier, a place), shown as it is in every language: in a
   * page it is marked {@code translate="no"} so readers' translation tools, and the tests that
   * check a page is in its language, leave it alone.
   */
  public record Data(String text) {}

  /** {@code text} as data: escaped, in a {@code <span translate="no">}. */
  public static String data(String text) {
    return "<span translate=\"no\">" + esc(text) + "</span>";
  }

  /**
   * A message as HTML: the text escaped, each {@link Data} argument marked as {@linkplain
   * #data(String) data}, other arguments escaped.
   */
  public static String msgHtml(Lang lang, String key, Object... args) {
    Object[] marks = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      marks[i] = "\u0001" + i + "\u0002";
    }
    String m = esc(lang.msg(key, marks));
    for (int i = 0; i < args.length; i++) {
      String html = args[i] instanceof Data d ? data(d.text()) : esc(String.valueOf(args[i]));
      m = m.replace("\u0001" + i + "\u0002", html);
    }
    return m;
  }

  /** The stylesheet's bytes (UTF-8 CSS). */
  public static byte[] stylesheet() {
    return CSS.clone();
  }

  /** Escapes text for HTML element content and double- or single-quoted attributes. */
  public static String esc(String s) {
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

  private static byte[] resource(String name) {
    try (InputStream in = PageLayout.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("resource " + name + " missing beside " + PageLayout.class.getName());
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }
}
