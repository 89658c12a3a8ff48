package org.baytrace.tracking.node.http;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.Locale;

/**
 * Headers on every response: CORS for reads (any origin may GET, so that auditors' browser tools
 * can fetch proofs; writes added later stay same-origin), {@code nosniff}, and {@code no-store}
 * on any response that did not choose its own caching. Documents a browser renders (HTML and
 * SVG) also get a Content-Security-Policy: the page's own one if it set one (with
 * {@code frame-ancestors 'none'} added when it did not say who may frame it), else
 * {@link #DEFAULT_CSP}; and {@code X-Frame-Options: DENY} for browsers without CSP level 2.
 * Stateless; thread-safe.
 */
final class HeadersFilter implements ContainerResponseFilter {
  private static final String READ_METHODS = "GET, HEAD, OPTIONS";
  static final String CSP = "Content-Security-Policy";
  /** No scripts, nothing loaded from elsewhere, inline styles only, never framed. */
  static final String DEFAULT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
      + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    MultivaluedMap<String, Object> h = response.getHeaders();
    String method = request.getMethod();
    if (method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD) || method.equals(HttpMethod.OPTIONS)) {
      h.putSingle("Access-Control-Allow-Origin", "*");
      h.putSingle("Access-Control-Expose-Headers", "ETag, Link");
      if (method.equals(HttpMethod.OPTIONS) && request.getHeaderString("Access-Control-Request-Method") != null) {
        h.putSingle("Access-Control-Allow-Methods", READ_METHODS);
        String wanted = request.getHeaderString("Access-Control-Request-Headers");
        if (wanted != null) {
          h.putSingle("Access-Control-Allow-Headers", wanted);
        }
        h.putSingle("Access-Control-Max-Age", "86400");
      }
    }
    h.putSingle("X-Content-Type-Options", "nosniff");
    if (rendersInBrowser(response.getMediaType())) {
      Object own = response.getHeaderString(CSP);
      if (own == null || own.toString().isBlank()) {
        h.putSingle(CSP, DEFAULT_CSP);
      } else if (!own.toString().contains("frame-ancestors")) {
        h.putSingle(CSP, own + "; frame-ancestors 'none'");
      }
      h.putSingle("X-Frame-Options", "DENY");
    }
    if (!h.containsKey(HttpHeaders.CACHE_CONTROL)) {
      h.putSingle(HttpHeaders.CACHE_CONTROL, "no-store");
    }
  }

  static boolean rendersInBrowser(MediaType type) {
    if (type == null) {
      return false;
    }
    String essence = (type.getType() + "/" + type.getSubtype()).toLowerCase(Locale.ROOT);
    return essence.equals("text/html") || essence.equals("application/xhtml+xml") || essence.equals("image/svg+xml");
  }
}
