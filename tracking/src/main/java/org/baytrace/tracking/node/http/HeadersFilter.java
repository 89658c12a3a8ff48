package org.baytrace.tracking.node.http;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;

/**
 * Headers on every response: CORS for reads (any origin may GET, so that auditors' browser tools
 * can fetch proofs; writes added later stay same-origin), {@code nosniff}, and {@code no-store}
 * on any response that did not choose its own caching. Stateless; thread-safe.
 */
final class HeadersFilter implements ContainerResponseFilter {
  private static final String READ_METHODS = "GET, HEAD, OPTIONS";

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
    if (!h.containsKey(HttpHeaders.CACHE_CONTROL)) {
      h.putSingle(HttpHeaders.CACHE_CONTROL, "no-store");
    }
  }
}
