package org.baytrace.tracking.node.http;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.tracking.domain.common.Quoted;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpContainer;

/**
 * The Grizzly handler in front of Jersey. It lets encoded slashes through, because subjects are
 * URIs sent as one path segment, and it answers a request whose URI Jersey cannot parse (a
 * malformed escape such as {@code %ZZ}) with 400 problem JSON: Jersey's container throws before
 * its exception mappers are in place, which Grizzly would report as a 500. Thread-safe: it holds
 * only the container.
 */
final class PlainHttpHandler extends HttpHandler {
  private final GrizzlyHttpContainer jersey;

  PlainHttpHandler(GrizzlyHttpContainer jersey) {
    super("baytrace-http");
    this.jersey = jersey;
    setAllowEncodedSlash(true);
    setRequestURIEncoding(StandardCharsets.UTF_8);
  }

  @Override
  public void start() {
    jersey.start();
  }

  @Override
  public void service(Request request, Response response) throws IOException {
    ClientCertificates.attach(request);
    try {
      jersey.service(request, response);
    } catch (IllegalArgumentException e) {
      if (!(e.getCause() instanceof URISyntaxException bad) || response.isCommitted()) {
        throw e;
      }
      String query = request.getQueryString();
      String target = request.getRequestURI() + (query == null ? "" : "?" + query);
      Problem problem = Problem.of(LedgerError.INVALID_ARGUMENT,
          "request URI: got " + Quoted.of(target) + ", want a valid URI (" + bad.getReason() + ")", null);
      response.reset();
      response.setStatus(problem.status());
      response.setContentType(Problem.MEDIA_TYPE);
      response.setCharacterEncoding("UTF-8");
      response.setHeader("Cache-Control", "no-store");
      response.setHeader("X-Content-Type-Options", "nosniff");
      response.setHeader("Access-Control-Allow-Origin", "*");
      response.getWriter().write(problem.toJson());
    }
  }

  @Override
  public void destroy() {
    jersey.destroy();
  }
}
