package org.baytrace.tracking.node.http;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.baytrace.config.HttpLimits;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.tracking.domain.common.Quoted;
import org.glassfish.grizzly.ReadHandler;
import org.glassfish.grizzly.http.io.NIOInputStream;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.http.server.TimeoutHandler;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpContainer;

/**
 * The Grizzly handler in front of Jersey. It lets encoded slashes through, because subjects are
 * URIs sent as one path segment, and it answers a request whose URI Jersey cannot parse (a
 * malformed escape such as {@code %ZZ}) with 400 problem JSON: Jersey's container throws before
 * its exception mappers are in place, which Grizzly would report as a 500.
 *
 * <p>It also keeps slow and greedy uploaders from holding the server: a request body is received
 * without a thread (Grizzly's non-blocking reads), against a deadline from the end of the headers
 * ({@code 408} and the connection closed when it passes), within the largest body size
 * ({@code 413}) and within the node's {@link MemoryBudget} ({@code 503} with {@code Retry-After}
 * when the bodies being received would go above it). Only a complete body is handed to Jersey, so
 * worker threads serve requests that are ready and never wait for a client. This sits on the
 * HTTP layer, above TLS, so it holds for every connection the server accepts (TLS handshakes are
 * bounded by the listener's idle timeout, {@code http.idle_timeout_s}).
 *
 * <p>A write that comes with a body is authenticated before the body is read, when the server
 * has an {@link Authenticator}: a caller without a valid credential gets its {@code 401} (as
 * {@link CallerFilter} words it) at once and its connection closed, so anonymous uploads hold
 * neither memory nor a deadline's worth of connection. Whether the proven organisation may write
 * what it sent is decided after the body arrived, by the author policy ({@code 403}).
 *
 * <p>Thread-safe: it holds the container, the limits and the budget.
 */
final class PlainHttpHandler extends HttpHandler {
  private static final Logger LOG = Logger.getLogger(PlainHttpHandler.class.getName());

  private final GrizzlyHttpContainer jersey;
  private final HttpLimits limits;
  private final MemoryBudget memory;
  private final Optional<Authenticator> authenticator;

  PlainHttpHandler(GrizzlyHttpContainer jersey, HttpLimits limits, MemoryBudget memory, Optional<Authenticator> authenticator) {
    super("baytrace-http");
    this.jersey = jersey;
    this.limits = limits;
    this.memory = memory;
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
    long declared = request.getContentLengthLong();
    boolean chunked = request.getRequest().isChunked();
    if (declared <= 0 && !chunked) {
      serveJersey(request, response);
      return;
    }
    if (declared > limits.maxBodyBytes()) {
      sendProblem(response, new Problem(413, "REQUEST_TOO_LARGE", "request body: got Content-Length " + declared
          + ", want at most " + limits.maxBodyBytes() + " bytes (http.max_body_bytes)", request.getRequestURI(), null), null);
      closeAfter(request, response);
      return;
    }
    Optional<Authenticator.Outcome> refused = refusedCaller(request);
    if (refused.isPresent()) {
      response.setHeader("WWW-Authenticate", CallerFilter.challenge(refused.get()));
      sendProblem(response, CallerFilter.refusal(refused.get(), request.getRequestURI()), null);
      closeAfter(request, response);
      return;
    }
    // A chunked body's length is unknown until its end: it reserves the largest allowed.
    long reserve = declared > 0 ? declared : limits.maxBodyBytes();
    Optional<MemoryBudget.Reservation> reservation = memory.tryReserve(reserve);
    if (reservation.isEmpty()) {
      sendProblem(response, new Problem(503, "SERVER_BUSY", "request body: the node is receiving and processing as much"
          + " client data as it holds at once (limits.max_request_memory_bytes = " + memory.limitBytes()
          + "); retry later", request.getRequestURI(), null), "5");
      closeAfter(request, response);
      return;
    }
    NIOInputStream in = request.getNIOInputStream();
    if (in.isFinished()) { // the whole body came with the headers: serve it here
      try {
        if (in.readyData() > limits.maxBodyBytes()) {
          sendProblem(response, tooLarge(request), null);
        } else {
          serveJersey(request, response);
        }
      } finally {
        reservation.get().close();
      }
      return;
    }
    BodyReader reader = new BodyReader(request, response, reservation.get());
    response.suspend(limits.bodyTimeoutMillis(), TimeUnit.MILLISECONDS, null, reader);
    in.notifyAvailable(reader);
  }

  /** The outcome of authenticating a request that acts for an organisation, if it authenticated no one. */
  private Optional<Authenticator.Outcome> refusedCaller(Request request) {
    if (authenticator.isEmpty() || !CallerFilter.actsForAnOrg(request.getMethod().getMethodString(), request.getRequestURI())) {
      return Optional.empty();
    }
    Authenticator.Outcome outcome = authenticator.get().authenticate(request.getHeader("Authorization"),
        ClientCertificates.of(request.getAttribute(ClientCertificates.PROPERTY)));
    return outcome instanceof Authenticator.Authenticated ? Optional.empty() : Optional.of(outcome);
  }

  private Problem tooLarge(Request request) {
    return new Problem(413, "REQUEST_TOO_LARGE", "request body: got more than " + limits.maxBodyBytes()
        + " bytes, want at most that many (http.max_body_bytes)", request.getRequestURI(), null);
  }

  /**
   * Receives one request body without blocking, then serves the request on the thread that
   * delivered its last bytes; or answers 408 at the deadline, 413 past the size limit.
   */
  private final class BodyReader implements ReadHandler, TimeoutHandler {
    private final Request request;
    private final Response response;
    private final MemoryBudget.Reservation reservation;
    private final NIOInputStream in;
    private final AtomicBoolean decided = new AtomicBoolean();

    BodyReader(Request request, Response response, MemoryBudget.Reservation reservation) {
      this.request = request;
      this.response = response;
      this.reservation = reservation;
      this.in = request.getNIOInputStream();
    }

    @Override
    public void onDataAvailable() {
      int buffered = in.readyData();
      if (buffered > limits.maxBodyBytes()) {
        refuse(tooLarge(request), null);
        return;
      }
      // The bytes stay buffered for Jersey: ask to hear of more than are here, since asking for
      // any data at all would be answered at once, from this very call, without end.
      in.notifyAvailable(this, buffered + 1);
    }

    @Override
    public void onAllDataRead() {
      if (!decided.compareAndSet(false, true)) {
        return;
      }
      if (in.readyData() > limits.maxBodyBytes()) {
        decided.set(false);
        refuse(tooLarge(request), null);
        return;
      }
      // On a worker thread, never inside service(): Jersey resumes the suspended response when it
      // commits, as it does for its own asynchronous responses.
      try {
        request.getContext().getConnection().getTransport().getWorkerThreadPool().execute(this::serve);
      } catch (RejectedExecutionException e) {
        decided.set(false);
        refuse(new Problem(503, "SERVER_BUSY", "the node is shutting down or overloaded; retry later",
            request.getRequestURI(), null), "5");
      }
    }

    private void serve() {
      try {
        // A connection whose body came after its headers is not used again: a keep-alive request
        // that followed such an answer was seen to wait forever under load (NamedQueriesTest,
        // EventIdUniquenessTest in the full build); a client reconnects instead.
        response.setHeader("Connection", "close");
        serveJersey(request, response);
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.FINE, "HTTP request failed after its body arrived", e);
        finish();
      } finally {
        reservation.close();
      }
    }

    @Override
    public void onError(Throwable t) {
      // The client went away or the connection broke: nothing to answer.
      LOG.fine(() -> "HTTP request body not received: " + t);
      if (decided.compareAndSet(false, true)) {
        reservation.close();
        finish();
      }
    }

    @Override
    public boolean onTimeout(Response timedOut) {
      refuse(new Problem(408, "REQUEST_TIMEOUT", "request body: not received within " + limits.bodyTimeoutMillis()
          + " ms of the request's headers (http.body_timeout_ms); got " + in.readyData() + " of "
          + (request.getContentLengthLong() > 0 ? request.getContentLengthLong() + " bytes" : "a chunked body"),
          request.getRequestURI(), null), null);
      return false; // refuse() resumed the response itself
    }

    private void refuse(Problem problem, String retryAfter) {
      if (!decided.compareAndSet(false, true)) {
        return;
      }
      reservation.close();
      try {
        sendProblem(response, problem, retryAfter);
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.FINE, "HTTP refusal not sent", e);
      }
      finish();
      request.getContext().getConnection().closeSilently();
    }

    private void finish() {
      try {
        if (response.isSuspended()) {
          response.resume();
        }
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "HTTP response not finished", e);
      }
    }
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
    }
  }

  /**
   * Sends the response and closes the connection: the body it refused is never read, so the
   * connection cannot carry another request. Closing is graceful (pending writes go out first).
   */
  private static void closeAfter(Request request, Response response) throws IOException {
    response.setHeader("Connection", "close");
    response.finish();
    request.getContext().getConnection().closeSilently();
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
