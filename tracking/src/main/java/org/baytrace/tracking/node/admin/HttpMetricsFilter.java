package org.baytrace.tracking.node.admin;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.uri.UriTemplate;

/**
 * Counts HTTP requests by route and status for {@code baytrace_http_requests_total}. The route is
 * the matched resource template ({@code /v1/ledger/entries/{index}}), never the raw path: raw
 * paths carry trace codes and indexes without bound, and a label per value would grow the
 * metrics without limit. Requests that match no resource count as route {@code unmatched}.
 */
@PreMatching
public final class HttpMetricsFilter implements ContainerRequestFilter, ContainerResponseFilter {
  private static final String STARTED = HttpMetricsFilter.class.getName() + ".started";
  private final NodeMetrics metrics;

  public HttpMetricsFilter(NodeMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    request.setProperty(STARTED, System.nanoTime());
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    Object started = request.getProperty(STARTED);
    long took = started instanceof Long s ? System.nanoTime() - s : 0;
    metrics.httpRequest(route(request.getUriInfo()), request.getMethod(), response.getStatus(), took);
  }

  static String route(UriInfo info) {
    if (!(info instanceof ExtendedUriInfo extended)) {
      return "unmatched";
    }
    List<UriTemplate> templates = extended.getMatchedTemplates(); // innermost first
    if (templates.isEmpty()) {
      return "unmatched";
    }
    StringBuilder route = new StringBuilder();
    for (int i = templates.size() - 1; i >= 0; i--) {
      String t = templates.get(i).getTemplate();
      if (t.isEmpty() || t.equals("/")) {
        continue;
      }
      if (!t.startsWith("/")) {
        route.append('/');
      }
      route.append(t.endsWith("/") ? t.substring(0, t.length() - 1) : t);
    }
    return route.length() == 0 ? "/" : route.toString();
  }
}
