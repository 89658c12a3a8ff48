package org.baytrace.tracking.node.resolver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.baytrace.tracking.domain.gs1.DigitalLinkAttributes;
import org.baytrace.tracking.domain.gs1.DigitalLinkCompression;
import org.baytrace.tracking.domain.gs1.InvalidTraceCodeException;
import org.baytrace.tracking.domain.gs1.TraceCode;
import org.baytrace.tracking.node.pages.Lang;
import org.baytrace.tracking.node.pages.PageLayout;

/**
 * The consumer page at the GS1 Digital Link paths of every primary key ({@code /01/...}, {@code
 * /00/...}, {@code /414/...}, {@code /8003/...}, ...) and their DL 1.1 short names; see {@link
 * Resolver} for what it answers. Any other path of one segment of at least 4 base64url characters,
 * not all digits, is routed here too, as a compressed Digital Link: it resolves as its uncompressed
 * form, the data attributes and the {@code linkType} it carries checked and used as if they were in
 * the query string, or is refused naming what does not decode (400 when it is plainly meant as
 * one, 404 for a word such as {@code /nothing} that does not decode).
 *
 * <p>Jersey prefers this template to the resources at {@code @Path("")} (tlog tiles, the EPCIS
 * top-level resources, the landing page's lookups), so the first segments of their routes are
 * excluded here by name; ResolverRoutesTest fails if a new one is not. Thread-safe (a singleton Jersey creates).
 */
@Path("{key: 00|01|253|255|401|402|414|417|8003|8004|8006|8010|8017|8018"
    + "|gtin|sscc|gln|party|gdti|gcn|ginc|gsin|grai|giai|itip|cpid|gsrnp|gsrn"
    + "|(?!(?:checkpoint|tile|lookup|eventTypes|epcs|bizSteps|bizLocations|readPoints|dispositions|[0-9]+)(?:/|$))"
    + "[A-Za-z0-9_-]{4,}(?=/?$)}")
@Singleton
public final class ResolverResource {
  private final Resolver resolver;

  @Inject
  public ResolverResource(Resolver resolver) {
    this.resolver = resolver;
  }

  /** {@code /01} or {@code /00} alone: no key value, a malformed code. */
  @GET
  public Response bare(@Context UriInfo uri, @Context HttpHeaders headers) {
    return page(uri, headers);
  }

  @GET
  @Path("{rest: .*}")
  public Response page(@Context UriInfo uri, @Context HttpHeaders headers) {
    MultivaluedMap<String, String> q = new MultivaluedHashMap<>(uri.getQueryParameters());
    Lang lang = Lang.choose(q.getFirst("lang"), headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE));
    String format = q.getFirst("format");
    String accept = headers.getHeaderString(HttpHeaders.ACCEPT);
    boolean jsonError = Responses.wantsJsonError(accept, format);
    String path = "/" + uri.getPath(false);
    String sent = "/" + uri.getPath(true);
    boolean compressed = DigitalLinkCompression.isCompressedPath(path);
    if (compressed && !DigitalLinkCompression.plainlyCompressed(path)) {
      // a word such as /nothing that names no key and does not decode is no link at all
      try {
        DigitalLinkCompression.decompress(path);
      } catch (InvalidTraceCodeException e) {
        return Responses.error(jsonError, lang, 404, sent, "path: got " + sent + ", which names no GS1 key"
            + " and is not a compressed Digital Link (" + e.getMessage() + ")", lang.msg("error.404.text"), uri);
      }
    }
    TraceCode code;
    try {
      code = Resolver.keyOf(path);
      if (compressed) {
        // the attributes and pairs a compressed link carries count as if in the query string
        String expanded = DigitalLinkCompression.decompress(path);
        int query = expanded.indexOf('?');
        if (query >= 0) {
          addQuery(q, expanded.substring(query + 1));
        }
      }
      for (Map.Entry<String, List<String>> attribute : q.entrySet()) {
        if (DigitalLinkAttributes.isAi(attribute.getKey())) {
          for (String value : attribute.getValue()) {
            DigitalLinkAttributes.check(attribute.getKey(), value);
          }
        }
      }
    } catch (InvalidTraceCodeException e) {
      return Responses.error(jsonError, lang, 400, sent, e.getMessage(), lang.msg("error.400.text"), uri);
    }
    Optional<Resolver.Resolved> resolved;
    try {
      resolved = resolver.resolve(code, lang);
    } catch (RuntimeException e) {
      return Responses.failure(jsonError, lang, e, uri);
    }
    if (resolved.isEmpty()) {
      return Responses.error(jsonError, lang, 404, code.toDigitalLink(), null, lang.msg("error.404.text"), uri);
    }
    TraceView view = resolved.get().view();
    String linkType = q.getFirst("linkType");
    Responses.Want want = Responses.want(accept, format);
    if (linkType != null && !linkType.equals("all") && !linkType.equals("linkset")) {
      Optional<URI> target = linkOfType(view, Links.of(uri.getBaseUri(), view.traceCode(), true), linkType);
      if (target.isPresent()) {
        return Response.temporaryRedirect(target.get()).header(HttpHeaders.VARY, Responses.VARY).build();
      }
    }
    Links absolute = Links.of(uri.getBaseUri(), view.traceCode(), true);
    String linkHeader = "<" + absolute.linkset() + ">; rel=\"linkset\"; type=\"" + JsonViews.LINKSET_TYPE + "\"";
    if ("all".equals(linkType) || "linkset".equals(linkType) || want == Responses.Want.LINKSET) {
      // application/linkset+json when the client names it; plain JSON otherwise (browsers show it)
      boolean asLinkset = Responses.Range.parse(accept).stream()
          .anyMatch(r -> r.type().equals("application") && r.subtype().equals("linkset+json") && r.q() > 0);
      return Response.ok(JsonViews.linkset(view, absolute).toString())
          .type(asLinkset ? JsonViews.LINKSET_TYPE : Responses.JSON_UTF8)
          .header(HttpHeaders.CACHE_CONTROL, "no-cache").header(HttpHeaders.VARY, Responses.VARY)
          .header(HttpHeaders.CONTENT_LANGUAGE, lang.tag).build();
    }
    if (want == Responses.Want.JSON) {
      ObjectNode json = JsonViews.page(view, absolute);
      return Response.ok(json.toString()).type(Responses.JSON_UTF8).header(HttpHeaders.CACHE_CONTROL, "no-cache")
          .header(HttpHeaders.VARY, Responses.VARY).header(HttpHeaders.CONTENT_LANGUAGE, lang.tag)
          .header("Link", linkHeader).build();
    }
    String html = HtmlPages.page(view, Links.of(uri.getBaseUri(), view.traceCode(), false),
        PageLayout.Frame.of(uri));
    return Response.ok(html).type(Responses.HTML_UTF8).header(HttpHeaders.CACHE_CONTROL, "no-cache")
        .header(HttpHeaders.VARY, Responses.VARY).header(HttpHeaders.CONTENT_LANGUAGE, lang.tag)
        .header("Content-Security-Policy", Responses.PAGE_CSP).header("Link", linkHeader).build();
  }

  private static void addQuery(MultivaluedMap<String, String> q, String query) {
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        q.add(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
  }

  /**
   * The first link of a GS1 link type ({@code gs1:traceability} or its full IRI) or one of ours,
   * for {@code ?linkType=} requests; empty if the link set has none (the page is served then, as
   * GS1 resolvers do).
   */
  private static Optional<URI> linkOfType(TraceView view, Links links, String linkType) {
    String rel = linkType.startsWith("gs1:") ? "https://gs1.org/voc/" + linkType.substring(4) : linkType;
    JsonNode set = JsonViews.linkset(view, links).path("linkset").path(0);
    for (Map.Entry<String, JsonNode> e : set.properties()) {
      if (e.getKey().equals(rel) && e.getValue().isArray() && e.getValue().size() > 0) {
        String href = e.getValue().get(0).path("href").asText("");
        if (!href.isEmpty() && !rel.equals(JsonViews.REL_DEFAULT) && !rel.equals(JsonViews.REL_TRACEABILITY)) {
          return Optional.of(URI.create(href));
        }
      }
    }
    return Optional.empty();
  }
}
