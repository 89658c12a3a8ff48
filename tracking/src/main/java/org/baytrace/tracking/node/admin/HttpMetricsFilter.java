package org.baytrace.tracking.node.admin;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import org.baytrace.tracking.node.http.Routes;

/**
 * Counts HTTP requests by route and status for {@code baytrace_http_requests_total}, the route
 * being the matched resource template ({@link Routes#matched}): a label per raw path would grow
 * the metrics without limit. Requests that match no resource count as route {@code unmatched}.
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
    metrics.httpRequest(Routes.matched(request.getUriInfo()), request.getMethod(), response.getStatus(), took);
  }
}
