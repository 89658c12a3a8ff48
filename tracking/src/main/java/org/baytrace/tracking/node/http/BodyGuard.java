package org.baytrace.tracking.node.http;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.ReadHandler;
import org.glassfish.grizzly.http.io.NIOInputStream;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.http.server.TimeoutHandler;

/**
 * Receives request bodies so that slow and greedy uploaders cannot hold a Grizzly server: a body is
 * received without a thread (Grizzly's non-blocking reads), against a deadline from the end of
 * the headers ({@code 408} and the connection closed when it passes), within the largest body
 * size ({@code 413}, before a byte of it is read when the declared length is too large) and
 * within a {@link MemoryBudget} ({@code 503} with {@code Retry-After} when the bodies being
 * received would go above it). Only a request whose body is complete is handed on, so worker
 * threads serve requests that are ready and never wait for a client.
 *
 * <p>Used by every public Grizzly listener: the node's HTTP API ({@link PlainHttpHandler}) and
 * the witness ({@code node.witness.WitnessServer}). Each words the refusals its own way
 * ({@link Refusals}) and names its own settings in them ({@link Limits}).
 *
 * <p>Thread-safe: it holds only its limits, budget and refusal writer.
 */
public final class BodyGuard {
  private static final Logger LOG = Logger.getLogger(BodyGuard.class.getName());
  private static final String RETRY_AFTER_SECONDS = "5";

  /**
   * How large and how slow a body may be, and the names of the settings that say so (they are
   * quoted in refusals, so that a client's operator knows what to ask for).
   *
   * @param maxBodyBytes the largest body; larger ones get 413
   * @param maxBodyName the setting of {@code maxBodyBytes}, e.g. {@code http.max_body_bytes}
   * @param bodyTimeoutMillis time from the end of a request's headers to the end of its body
   * @param bodyTimeoutName the setting of {@code bodyTimeoutMillis}
   * @param memory the allowance for bodies being received (a chunked body reserves the largest)
   * @param memoryName the setting of the allowance
   */
  public record Limits(int maxBodyBytes, String maxBodyName, int bodyTimeoutMillis, String bodyTimeoutName,
      MemoryBudget memory, String memoryName) {
    public Limits {
      if (maxBodyBytes <= 0 || bodyTimeoutMillis <= 0) {
        throw new IllegalArgumentException("body limits: got " + maxBodyBytes + " bytes and " + bodyTimeoutMillis
            + " ms, want both positive");
      }
      Objects.requireNonNull(maxBodyName, "maxBodyName");
      Objects.requireNonNull(bodyTimeoutName, "bodyTimeoutName");
      Objects.requireNonNull(memory, "memory");
      Objects.requireNonNull(memoryName, "memoryName");
    }
  }

  /**
   * One refusal: its status ({@code 408}, {@code 413} or {@code 503}), a reason code
   * ({@code REQUEST_TIMEOUT}, {@code REQUEST_TOO_LARGE}, {@code SERVER_BUSY}), a detail in the
   * project's {@code field: got X, want Y} style, and the {@code Retry-After} seconds if any.
   */
  public record Refusal(int status, String reason, String detail, Optional<String> retryAfter) {}

  /** Writes a refusal's status, headers and body; the guard then ends the response and the connection. */
  @FunctionalInterface
  public interface Refusals {
    void send(Request request, Response response, Refusal refusal) throws IOException;
  }

  /** Looks at a request with a body before any of it is read; answers it and returns true to refuse it. */
  @FunctionalInterface
  public interface Gate {
    Gate OPEN = (request, response) -> false;

    boolean refused(Request request, Response response) throws IOException;
  }

  /**
   * Serves a request whose body, if any, is complete and buffered ({@code request.getInputStream()}
   * reads it without blocking). When the body came after the headers the response is suspended
   * and this runs on a worker thread: it must resume the response when it has written it
   * ({@link #complete(Response)}), as Jersey's container does when it commits. After that the
   * request and response are Grizzly's again (they are recycled for other requests), so nobody
   * may touch them.
   */
  @FunctionalInterface
  public interface Served {
    void serve(Request request, Response response) throws IOException;
  }

  private final Limits limits;
  private final Refusals refusals;

  public BodyGuard(Limits limits, Refusals refusals) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.refusals = Objects.requireNonNull(refusals, "refusals");
  }

  public Limits limits() {
    return limits;
  }

  /**
   * Serves {@code request} with {@code served} once its body is complete: at once when it has no
   * body or the whole body came with its headers, else from a worker thread when the last byte
   * arrives. A body larger than allowed, one beyond the memory allowance, one refused by
   * {@code gate} and one slower than the deadline are answered without serving the request, and
   * their connection is closed.
   */
  public void receive(Request request, Response response, Gate gate, Served served) throws IOException {
    long declared = request.getContentLengthLong();
    boolean chunked = request.getRequest().isChunked();
    if (declared <= 0 && !chunked) {
      served.serve(request, response);
      return;
    }
    if (declared > limits.maxBodyBytes()) {
      refuseAndClose(request, response, new Refusal(413, "REQUEST_TOO_LARGE", "request body: got Content-Length "
          + declared + ", want at most " + limits.maxBodyBytes() + " bytes (" + limits.maxBodyName() + ")", Optional.empty()));
      return;
    }
    if (gate.refused(request, response)) {
      closeAfter(request, response);
      return;
    }
    // A chunked body's length is unknown until its end: it reserves the largest allowed.
    long reserve = declared > 0 ? declared : limits.maxBodyBytes();
    Optional<MemoryBudget.Reservation> reservation = limits.memory().tryReserve(reserve);
    if (reservation.isEmpty()) {
      refuseAndClose(request, response, new Refusal(503, "SERVER_BUSY", "request body: the server is receiving and"
          + " processing as much client data as it holds at once (" + limits.memoryName() + " = "
          + limits.memory().limitBytes() + "); retry later", Optional.of(RETRY_AFTER_SECONDS)));
      return;
    }
    NIOInputStream in = request.getNIOInputStream();
    if (in.isFinished()) { // the whole body came with the headers: serve it here
      try {
        if (in.readyData() > limits.maxBodyBytes()) {
          refusals.send(request, response, tooLarge());
        } else {
          served.serve(request, response);
        }
      } finally {
        reservation.get().close();
      }
      return;
    }
    BodyReader reader = new BodyReader(request, response, reservation.get(), served);
    response.suspend(limits.bodyTimeoutMillis(), TimeUnit.MILLISECONDS, null, reader);
    reader.listen();
  }

  /** Resumes {@code response} if it is suspended: the end of a request served after its body arrived. */
  public static void complete(Response response) {
    if (response.isSuspended()) {
      response.resume();
    }
  }

  private Refusal tooLarge() {
    return new Refusal(413, "REQUEST_TOO_LARGE", "request body: got more than " + limits.maxBodyBytes()
        + " bytes, want at most that many (" + limits.maxBodyName() + ")", Optional.empty());
  }

  private void refuseAndClose(Request request, Response response, Refusal refusal) throws IOException {
    refusals.send(request, response, refusal);
    closeAfter(request, response);
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

  /**
   * Receives one request body without blocking, then serves the request on a worker thread; or
   * answers 408 at the deadline, 413 past the size limit.
   */
  private final class BodyReader implements ReadHandler, TimeoutHandler {
    private final Request request;
    private final Response response;
    private final MemoryBudget.Reservation reservation;
    private final Served served;
    private final NIOInputStream in;
    // Held apart from the request, which Grizzly recycles once the response is resumed.
    private final Connection<?> connection;
    private final AtomicBoolean decided = new AtomicBoolean();

    BodyReader(Request request, Response response, MemoryBudget.Reservation reservation, Served served) {
      this.request = request;
      this.response = response;
      this.reservation = reservation;
      this.served = served;
      this.in = request.getNIOInputStream();
      this.connection = request.getContext().getConnection();
    }

    /**
     * Asks to hear of more bytes than a body may have, so that Grizzly calls back only when the
     * body is too large ({@link #onDataAvailable()}) or complete ({@link #onAllDataRead()}), and
     * buffers the bytes for the handler in between. The request is never asked again after its
     * last bytes: each ask lets the connection read on (Grizzly forks the request's context), and
     * one made while the body is complete but the request not yet served let the client's next
     * keep-alive request in while this one was in progress, where Grizzly took it for more of
     * this body and never answered it ({@code BodyGuardKeepAliveTest}).
     */
    void listen() {
      in.notifyAvailable(this, limits.maxBodyBytes() + 1);
    }

    @Override
    public void onDataAvailable() {
      if (in.readyData() > limits.maxBodyBytes()) {
        refuse(tooLarge());
      } else if (!in.isFinished()) {
        listen();
      }
    }

    @Override
    public void onAllDataRead() {
      if (!decided.compareAndSet(false, true)) {
        return;
      }
      if (in.readyData() > limits.maxBodyBytes()) {
        decided.set(false);
        refuse(tooLarge());
        return;
      }
      // On a worker thread, never inside the read, which runs on the thread that delivered the
      // last bytes; the handler resumes the suspended response.
      try {
        connection.getTransport().getWorkerThreadPool().execute(this::serve);
      } catch (RejectedExecutionException e) {
        decided.set(false);
        refuse(new Refusal(503, "SERVER_BUSY", "the server is shutting down or overloaded; retry later",
            Optional.of(RETRY_AFTER_SECONDS)));
      }
    }

    private void serve() {
      try {
        served.serve(request, response);
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
      long declared = request.getContentLengthLong();
      refuse(new Refusal(408, "REQUEST_TIMEOUT", "request body: not received within " + limits.bodyTimeoutMillis()
          + " ms of the request's headers (" + limits.bodyTimeoutName() + "); got " + in.readyData() + " of "
          + (declared > 0 ? declared + " bytes" : "a chunked body"), Optional.empty()));
      return false; // refuse() resumed the response itself
    }

    private void refuse(Refusal refusal) {
      if (!decided.compareAndSet(false, true)) {
        return;
      }
      reservation.close();
      try {
        refusals.send(request, response, refusal);
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.FINE, "HTTP refusal not sent", e);
      }
      finish();
      connection.closeSilently();
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
}
