package org.baytrace.tracking.node.resolver;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.tracking.node.http.Problem;
import org.baytrace.tracking.node.pages.Lang;
import org.baytrace.tracking.node.pages.PageLayout;

/**
 * Content negotiation and error answers shared by the resolver's resources: browsers get friendly
 * HTML pages with the right status, JSON clients RFC 7807 problem JSON. Stateless; thread-safe.
 */
final class Responses {
  static final Logger LOG = Logger.getLogger(Responses.class.getPackageName());
  static final String HTML_UTF8 = "text/html; charset=utf-8";
  static final String JSON_UTF8 = "application/json; charset=utf-8";
  /**
   * The page loads only its own stylesheet, scripts and QR image, and its verifying script fetches
   * only from the node (the trust root's keys and the proofs).
   */
  static final String PAGE_CSP = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; "
      + "connect-src 'self'; "
      + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
  static final String VARY = "Accept, Accept-Language";

  /** What a request for a page wants. */
  enum Want { HTML, JSON, LINKSET }

  private Responses() {}

  /**
   * HTML, JSON or the link set: {@code ?format=json|html} if given, else the Accept header (HTML
   * when there is none, when it has no preference, or names none of the three). Ties go to HTML,
   * then JSON. A malformed Accept header is no preference.
   */
  static Want want(String accept, String format) {
    if (format != null) {
      String f = format.trim().toLowerCase(Locale.ROOT);
      if (f.equals("json")) {
        return Want.JSON;
      }
      if (f.equals("html")) {
        return Want.HTML;
      }
    }
    List<Range> ranges = Range.parse(accept);
    double html = Range.html(ranges);
    double json = Range.quality(ranges, "application", "json");
    double linkset = Range.quality(ranges, "application", "linkset+json");
    if (html <= 0 && json <= 0 && linkset <= 0) {
      return Want.HTML;
    }
    if (html >= json && html >= linkset) {
      return Want.HTML;
    }
    return json >= linkset ? Want.JSON : Want.LINKSET;
  }

  /** True if an error for this request should be problem JSON (the client prefers a JSON type over HTML). */
  static boolean wantsJsonError(String accept, String format) {
    if (format != null) {
      String f = format.trim().toLowerCase(Locale.ROOT);
      if (f.equals("json") || f.equals("html")) {
        return f.equals("json");
      }
    }
    List<Range> ranges = Range.parse(accept);
    double html = Range.html(ranges);
    double json = Math.max(Range.quality(ranges, "application", "json"),
        Math.max(Range.quality(ranges, "application", "problem+json"),
            Range.quality(ranges, "application", "linkset+json")));
    return json > 0 && json > html;
  }

  /** One media range of an Accept header with its weight. */
  record Range(String type, String subtype, double q) {
    private static final int MAX_RANGES = 64;

    /** The ranges of an Accept header; malformed ones are skipped. */
    static List<Range> parse(String accept) {
      List<Range> out = new ArrayList<>();
      if (accept == null) {
        return out;
      }
      for (String part : accept.split(",", MAX_RANGES + 1)) {
        if (out.size() == MAX_RANGES) {
          break;
        }
        String[] params = part.split(";");
        String[] mt = params[0].trim().toLowerCase(Locale.ROOT).split("/", -1);
        if (mt.length != 2 || mt[0].isEmpty() || mt[1].isEmpty()) {
          continue;
        }
        double q = 1;
        for (int i = 1; i < params.length; i++) {
          String p = params[i].trim();
          if (p.regionMatches(true, 0, "q=", 0, 2)) {
            try {
              q = Double.parseDouble(p.substring(2).trim());
            } catch (NumberFormatException e) {
              q = -1;
            }
          }
        }
        if (q >= 0 && q <= 1) {
          out.add(new Range(mt[0], mt[1], q));
        }
      }
      return out;
    }

    /**
     * The weight for HTML: {@code text/html} (or a wildcard), or {@code application/xhtml+xml}
     * named exactly ({@code application/*} asks for data, not pages).
     */
    static double html(List<Range> ranges) {
      double q = quality(ranges, "text", "html");
      for (Range r : ranges) {
        if (r.type.equals("application") && r.subtype.equals("xhtml+xml")) {
          q = Math.max(q, r.q);
        }
      }
      return q;
    }

    /** The weight the most specific matching range gives a media type; -1 if none matches. */
    static double quality(List<Range> ranges, String type, String subtype) {
      double q = -1;
      int specificity = -1;
      for (Range r : ranges) {
        int s;
        if (r.type.equals(type) && r.subtype.equals(subtype)) {
          s = 2;
        } else if (r.type.equals(type) && r.subtype.equals("*")) {
          s = 1;
        } else if (r.type.equals("*") && r.subtype.equals("*")) {
          s = 0;
        } else {
          continue;
        }
        if (s > specificity || (s == specificity && r.q > q)) {
          specificity = s;
          q = r.q;
        }
      }
      return q;
    }
  }

  /**
   * An error answer: a friendly page in {@code lang} for browsers, problem JSON for JSON clients.
   *
   * @param code the code as the client sent it, or null
   * @param reason the technical reason (shown on the page too), or null
   */
  static Response error(boolean json, Lang lang, int status, String code, String reason, String text, UriInfo uri) {
    String instance = "/" + uri.getPath(false);
    String errorName = switch (status) {
      case 400 -> LedgerError.INVALID_ARGUMENT.name();
      case 404 -> LedgerError.NOT_FOUND.name();
      default -> "INTERNAL";
    };
    if (json) {
      String detail = reason != null ? reason : text;
      return Response.status(status).type(Problem.MEDIA_TYPE).header(HttpHeaders.CACHE_CONTROL, "no-store")
          .header(HttpHeaders.VARY, VARY)
          .entity(new Problem(status, errorName, detail, instance, null).toJson()).build();
    }
    return Response.status(status).type(HTML_UTF8).header(HttpHeaders.CACHE_CONTROL, "no-store")
        .header(HttpHeaders.VARY, VARY).header(HttpHeaders.CONTENT_LANGUAGE, lang.tag)
        .header("Content-Security-Policy", PAGE_CSP)
        .entity(HtmlPages.error(lang, status, code, reason, text, PageLayout.Frame.of(uri))).build();
  }

  /**
   * The answer to an unexpected failure: logged in full under a reference, reported with the
   * reference only (no stack traces or node paths reach a client).
   */
  static Response failure(boolean json, Lang lang, RuntimeException e, UriInfo uri) {
    String ref = UUID.randomUUID().toString();
    int status = 500;
    if (e instanceof LedgerException le && le.error().httpStatus() >= 500) {
      status = le.error().httpStatus();
    }
    LOG.log(status == 503 ? Level.WARNING : Level.SEVERE,
        "resolver: error serving /" + uri.getPath(false) + " (reference " + ref + ")", e);
    Response r = error(json, lang, 500, null, null, lang.msg("error.500.text", ref), uri);
    return status == 500 ? r : Response.fromResponse(r).status(status).build();
  }
}
