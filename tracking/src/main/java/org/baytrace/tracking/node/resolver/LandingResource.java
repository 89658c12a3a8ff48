package org.baytrace.tracking.node.resolver;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.baytrace.ledger.Ledger;
import org.baytrace.tracking.domain.gs1.DigitalLink;
import org.baytrace.tracking.domain.gs1.InvalidTraceCodeException;
import org.baytrace.tracking.domain.gs1.TraceCode;
import org.baytrace.tracking.node.http.Routes;
import org.baytrace.tracking.node.pages.Lang;
import org.baytrace.tracking.node.pages.PageLayout;
import org.glassfish.jersey.server.ExtendedResourceContext;

/**
 * The landing page at {@code /} for browsers ({@code Accept: text/html}; JSON clients get the
 * EPCIS discovery document of the same path), and the lookups its forms send: {@code GET
 * /lookup?code=} (with optional {@code lot} or {@code serial}) answers a redirect to the consumer
 * page of the trace code, {@code GET /lookup/voyage?operator=&number=} one to the voyage page.
 * Plain GET forms, so the page works without script; input that is not a trace code gets a 400
 * page saying why. The voyage form is shown only when the node serves voyage pages. Thread-safe.
 */
@Path("")
@Singleton
public final class LandingResource {
  /** The voyage page route of the water-bus profile, as {@link Routes} lists it. */
  static final String VOYAGE_ROUTE = "/waterbus/voyages/{operator}/{number}";
  /** The landing page posts its forms to this node: the page CSP with {@code form-action 'self'}. */
  static final String LANDING_CSP = Responses.PAGE_CSP.replace("form-action 'none'", "form-action 'self'");
  private static final Pattern DIGITS = Pattern.compile("[0-9]+");
  private static final Pattern ELEMENT = Pattern.compile("\\(([0-9]{2,4})\\)([^(]*)");
  private static final Pattern VOYAGE_PART = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final Resolver resolver;
  private volatile Boolean voyages;

  @Inject
  public LandingResource(Resolver resolver) {
    this.resolver = resolver;
  }

  @GET
  @Produces("text/html")
  public Response landing(@QueryParam("lang") String langParam, @Context HttpHeaders headers, @Context UriInfo uri,
      @Context ExtendedResourceContext resources) {
    Lang lang = Lang.choose(langParam, headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE));
    Ledger ledger = resolver.ledger();
    long size = ledger.head().size();
    Long lastMillis = size == 0 ? null : Ledger.applied(ledger.entry(size - 1)).recordTimeUnixMillis();
    boolean withVoyages = servesVoyages(resources);
    String html = HtmlPages.landing(lang, ledger.origin(), size, lastMillis, System.currentTimeMillis(), withVoyages,
        PageLayout.Frame.of(uri));
    return Response.ok(html).type(Responses.HTML_UTF8).header(HttpHeaders.CACHE_CONTROL, "no-cache")
        .header(HttpHeaders.VARY, Responses.VARY).header(HttpHeaders.CONTENT_LANGUAGE, lang.tag)
        .header("Content-Security-Policy", LANDING_CSP).build();
  }

  @GET
  @Path("lookup")
  public Response lookup(@QueryParam("code") String code, @QueryParam("lot") String lot,
      @QueryParam("serial") String serial, @QueryParam("lang") String langParam, @Context HttpHeaders headers,
      @Context UriInfo uri) {
    Lang lang = Lang.choose(langParam, headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE));
    boolean json = Responses.wantsJsonError(headers.getHeaderString(HttpHeaders.ACCEPT), null);
    TraceCode parsed;
    try {
      parsed = traceCode(code, lot, serial);
    } catch (InvalidTraceCodeException e) {
      return Responses.error(json, lang, 400, code, e.getMessage(), lang.msg("landing.notCode"), uri);
    }
    String path = parsed.toDigitalLink().substring(DigitalLink.CANONICAL_ORIGIN.length() + 1);
    return seeOther(uri, path, langParam);
  }

  @GET
  @Path("lookup/voyage")
  public Response voyage(@QueryParam("operator") String operator, @QueryParam("number") String number,
      @QueryParam("lang") String langParam, @Context HttpHeaders headers, @Context UriInfo uri) {
    Lang lang = Lang.choose(langParam, headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE));
    boolean json = Responses.wantsJsonError(headers.getHeaderString(HttpHeaders.ACCEPT), null);
    String op = operator == null ? "" : operator.trim();
    String no = number == null ? "" : number.trim();
    if (!VOYAGE_PART.matcher(op).matches() || !VOYAGE_PART.matcher(no).matches()) {
      return Responses.error(json, lang, 400, op + "/" + no, "operator and number: want letters, digits, '.', '_' "
          + "or '-', 1 to 64 each", lang.msg("landing.notVoyage"), uri);
    }
    return seeOther(uri, "waterbus/voyages/" + op + "/" + no, langParam);
  }

  private static Response seeOther(UriInfo uri, String path, String langParam) {
    Lang explicit = Lang.ofParam(langParam);
    String query = explicit == null ? "" : "?lang=" + URLEncoder.encode(langParam.trim(), StandardCharsets.UTF_8);
    return Response.seeOther(URI.create(uri.getBaseUri().getRawPath() + path + query))
        .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
  }

  /**
   * What a person typed as a trace code: a Digital Link or EPC URI, a GS1 element string ({@code
   * (01)09506000134352(21)X}), an SSCC (18 digits) or a GTIN (8, 12, 13 or 14 digits) with the lot
   * or serial from their own fields.
   *
   * @throws InvalidTraceCodeException if it is none of these, saying why
   */
  static TraceCode traceCode(String code, String lot, String serial) {
    String c = code == null ? "" : code.trim().replace(" ", "");
    String l = lot == null ? "" : lot.trim();
    String s = serial == null ? "" : serial.trim();
    if (c.isEmpty()) {
      throw new InvalidTraceCodeException("code: empty, want a GS1 Digital Link, a GTIN with lot or serial, or an SSCC");
    }
    String path;
    if (DIGITS.matcher(c).matches()) {
      switch (c.length()) {
        case 18 -> path = "/00/" + c;
        case 8, 12, 13, 14 -> path = "/01/" + "0".repeat(14 - c.length()) + c;
        default -> throw new InvalidTraceCodeException("code: " + c.length()
            + " digits, want a GTIN (8, 12, 13 or 14 digits) or an SSCC (18 digits)");
      }
    } else if (c.startsWith("(")) {
      StringBuilder p = new StringBuilder();
      Matcher m = ELEMENT.matcher(c);
      int end = 0;
      while (m.find() && m.start() == end) {
        p.append('/').append(m.group(1)).append('/').append(URLEncoder.encode(m.group(2), StandardCharsets.UTF_8));
        end = m.end();
      }
      if (end != c.length() || p.isEmpty()) {
        throw new InvalidTraceCodeException("code: not a GS1 element string like (01)09506000134352(21)ABC");
      }
      path = p.toString();
    } else {
      path = c;
    }
    if (path.startsWith("/01/") && path.indexOf('/', 4) < 0) {
      if (!s.isEmpty()) {
        path += "/21/" + URLEncoder.encode(s, StandardCharsets.UTF_8);
      } else if (!l.isEmpty()) {
        path += "/10/" + URLEncoder.encode(l, StandardCharsets.UTF_8);
      }
    }
    TraceCode parsed = TraceCode.parse(path);
    if (parsed instanceof TraceCode.Unknown u && !u.uri().startsWith(DigitalLink.CANONICAL_ORIGIN + "/")) {
      throw new InvalidTraceCodeException("code: " + c + " names no GS1 key this node pages");
    }
    return parsed;
  }

  private boolean servesVoyages(ExtendedResourceContext resources) {
    Boolean known = voyages;
    if (known == null) {
      known = Routes.of(resources.getResourceModel()).stream().anyMatch(r -> r.path().equals(VOYAGE_ROUTE));
      voyages = known;
    }
    return known;
  }
}
