package org.baytrace.tracking.node.http;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.baytrace.config.HttpLimits;
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
 * its exception mappers are in place, which Grizzly would report as a 500.
 *
 * <p>It also keeps slow and greedy uploaders from holding the server: request bodies are received
 * by a {@link BodyGuard} (without a thread, against {@code http.body_timeout_ms} (408),
 * {@code http.max_body_bytes} (413) and the node's {@link MemoryBudget} (503 with
 * {@code Retry-After})), refused as problem JSON; only a complete body is handed to Jersey. This
 * sits on the HTTP layer, above TLS, so it holds for every connection the server accepts (TLS
 * handshakes are bounded by the listener's idle timeout, {@code http.idle_timeout_s}).
 *
 * <p>A write that comes with a body is authenticated before the body is read, when the server
 * has an {@link Authenticator}: a caller without a valid credential gets its {@code 401} (as
 * {@link CallerFilter} words it) at once and its connection closed, so anonymous uploads hold
 * neither memory nor a deadline's worth of connection. Whether the proven organisation may write
 * what it sent is decided after the body arrived, by the author policy ({@code 403}).
 *
 * <p>Thread-safe: it holds the container, the body guard and the authenticator.
 */
final class PlainHttpHandler extends HttpHandler {
  private final GrizzlyHttpContainer jersey;
  private final BodyGuard bodies;
  private final Optional<Authenticator> authenticator;

  PlainHttpHandler(GrizzlyHttpContainer jersey, HttpLimits limits, MemoryBudget memory, Optional<Authenticator> authenticator) {
    super("baytrace-http");
    this.jersey = jersey;
    this.bodies = new BodyGuard(new BodyGuard.Limits(limits.maxBodyBytes(), "http.max_body_bytes",
        limits.bodyTimeoutMillis(), "http.body_timeout_ms", memory, "limits.max_request_memory_bytes"),
        (request, response, refusal) -> sendProblem(response,
            new Problem(refusal.status(), refusal.reason(), refusal.detail(), request.getRequestURI(), null),
            refusal.retryAfter().orElse(null)));
    this.authenticator = authenticator;
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
    bodies.receive(request, response, this::refusedCaller, this::serveJersey);
  }

  /** Answers 401 to a write with a body from a caller that authenticated as no organisation. */
  private boolean refusedCaller(Request request, Response response) throws IOException {
    if (authenticator.isEmpty() || !CallerFilter.actsForAnOrg(request.getMethod().getMethodString(), request.getRequestURI())) {
      return false;
    }
    Authenticator.Outcome outcome = authenticator.get().authenticate(request.getHeader("Authorization"),
        ClientCertificates.of(request.getAttribute(ClientCertificates.PROPERTY)));
    if (outcome instanceof Authenticator.Authenticated) {
      return false;
    }
    response.setHeader("WWW-Authenticate", CallerFilter.challenge(outcome));
    sendProblem(response, CallerFilter.refusal(outcome, request.getRequestURI()), null);
    return true;
  }

  private void serveJersey(Request request, Response response) throws IOException {
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
      sendProblem(response, problem, null);
      BodyGuard.complete(response);
    }
  }

  /** Writes problem JSON outside Jersey, with the headers Jersey's responses carry. */
  private static void sendProblem(Response response, Problem problem, String retryAfter) throws IOException {
    response.setStatus(problem.status());
    response.setContentType(Problem.MEDIA_TYPE);
    response.setCharacterEncoding("UTF-8");
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Access-Control-Allow-Origin", "*");
    if (retryAfter != null) {
      response.setHeader("Retry-After", retryAfter);
    }
    response.getWriter().write(problem.toJson());
  }

  @Override
  public void destroy() {
    jersey.destroy();
  }
}
