package org.baytrace.tracking.node.witness;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import org.baytrace.ledger.witness.AddCheckpoint;
import org.baytrace.ledger.witness.Witness;
import org.baytrace.tracking.node.http.BodyGuard;
import org.baytrace.tracking.node.http.GuardedHttpServer;
import org.baytrace.tracking.node.http.MemoryBudget;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * Serves a {@link Witness} over HTTP: {@code POST /add-checkpoint} (C2SP tlog-witness), and
 * {@code GET /} with the witness's cosignature verifier key. Requests need no credential beyond
 * the log signature on the checkpoint (as the spec has it). Listens on the address it is given
 * (loopback by default in {@code baytrace witness}).
 *
 * <p>It listens as the node's HTTP API does ({@link GuardedHttpServer}, {@link BodyGuard}), so
 * slow and greedy clients cannot stall it: a body is received without a thread, within
 * {@link Guards#bodyTimeoutMillis()} of its headers ({@code 408}, connection closed) and within
 * {@link AddCheckpoint#MAX_BYTES} ({@code 413}); bodies being received hold at most
 * {@link #BODY_MEMORY_BYTES} together ({@code 503} with {@code Retry-After} beyond); a connection
 * that completes no request within {@link Guards#idleTimeoutSeconds()} is closed; requests are
 * served by {@link #WORKER_THREADS} threads, which never wait for a client. Refusals are
 * {@code text/plain}, as the witness's other errors.
 *
 * <p>Thread-safe.
 */
public final class WitnessServer implements AutoCloseable {
  /** Threads that serve requests whose body has arrived: each verifies, signs and syncs the state. */
  public static final int WORKER_THREADS = 4;
  /** Memory that request bodies being received may hold together: 256 of the largest. */
  public static final int BODY_MEMORY_BYTES = 256 * AddCheckpoint.MAX_BYTES;
  private static final String TEXT = "text/plain; charset=utf-8";

  /**
   * How long clients may take.
   *
   * @param bodyTimeoutMillis {@code --body-timeout-ms}: time from a request's headers to the end
   *     of its body (100..3600000); a slower upload gets 408 and its connection is closed
   * @param idleTimeoutSeconds {@code --idle-timeout-s}: time a connection may go without a
   *     complete request, headers included (1..3600), before it is closed
   */
  public record Guards(int bodyTimeoutMillis, int idleTimeoutSeconds) {
    /** 10 s for a body (a checkpoint with 63 proof lines is a few kilobytes), 30 s idle. */
    public static final Guards DEFAULT = new Guards(10_000, 30);

    public Guards {
      if (bodyTimeoutMillis < 100 || bodyTimeoutMillis > 3_600_000) {
        throw new IllegalArgumentException("--body-timeout-ms: got " + bodyTimeoutMillis + ", want 100..3600000");
      }
      if (idleTimeoutSeconds < 1 || idleTimeoutSeconds > 3600) {
        throw new IllegalArgumentException("--idle-timeout-s: got " + idleTimeoutSeconds + ", want 1..3600");
      }
    }
  }

  private final GuardedHttpServer server;

  private WitnessServer(GuardedHttpServer server) {
    this.server = server;
  }

  /** As {@link #start(Witness, InetSocketAddress, Guards, PrintStream)} with {@link Guards#DEFAULT}. */
  public static WitnessServer start(Witness witness, InetSocketAddress listen, PrintStream log) throws IOException {
    return start(witness, listen, Guards.DEFAULT, log);
  }

  /**
   * Starts serving {@code witness} on {@code listen} (port 0 picks a free port); requests that
   * fail inside the witness are reported on {@code log}.
   *
   * @throws IOException if the address cannot be bound
   */
  public static WitnessServer start(Witness witness, InetSocketAddress listen, Guards guards, PrintStream log)
      throws IOException {
    Objects.requireNonNull(guards, "guards");
    BodyGuard bodies = new BodyGuard(new BodyGuard.Limits(AddCheckpoint.MAX_BYTES, "the add-checkpoint body limit",
        guards.bodyTimeoutMillis(), "--body-timeout-ms", new MemoryBudget(BODY_MEMORY_BYTES),
        "the witness's memory for bodies in progress"), WitnessServer::refuse);
    try {
      return new WitnessServer(GuardedHttpServer.start("baytrace-witness", listen, null, WORKER_THREADS,
          guards.idleTimeoutSeconds(), new Handler(Objects.requireNonNull(witness, "witness"), bodies, log)));
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  public int port() {
    return server.port();
  }

  /** The witness's routes; bodies are received by the {@link BodyGuard} before a thread serves them. */
  private static final class Handler extends HttpHandler {
    private final Witness witness;
    private final BodyGuard bodies;
    private final PrintStream log;

    Handler(Witness witness, BodyGuard bodies, PrintStream log) {
      super("baytrace-witness");
      this.witness = witness;
      this.bodies = bodies;
      this.log = log;
    }

    @Override
    public void service(Request request, Response response) throws IOException {
      String path = request.getRequestURI();
      Method method = request.getMethod();
      if (path.equals("/add-checkpoint")) {
        if (!Method.POST.equals(method)) {
          response.setHeader("Allow", "POST");
          send(response, 405, TEXT, "add-checkpoint: want POST\n");
          return;
        }
        bodies.receive(request, response, BodyGuard.Gate.OPEN, this::addCheckpoint);
      } else if (!path.equals("/")) {
        send(response, 404, TEXT, "not found; this witness serves POST /add-checkpoint\n");
      } else if (!Method.GET.equals(method) && !Method.HEAD.equals(method)) {
        response.setHeader("Allow", "GET, HEAD");
        send(response, 405, TEXT, "/: want GET; this witness serves POST /add-checkpoint\n");
      } else {
        send(response, 200, TEXT, witness.signer().verifier().encode() + "\n");
      }
    }

    /** Answers one add-checkpoint request whose body has arrived whole. */
    private void addCheckpoint(Request request, Response response) throws IOException {
      String body = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      Witness.Answer a;
      try {
        a = witness.addCheckpoint(body);
      } catch (RuntimeException e) {
        log.printf("baytrace witness: add-checkpoint failed: %s%n", e.getMessage());
        send(response, 500, TEXT, "add-checkpoint: the witness could not answer; retry later\n");
        return;
      }
      send(response, a.status(), a.contentType(), a.body());
    }
  }

  private static void refuse(Request request, Response response, BodyGuard.Refusal refusal) throws IOException {
    Optional<String> retryAfter = refusal.retryAfter();
    retryAfter.ifPresent(seconds -> response.setHeader("Retry-After", seconds));
    write(response, refusal.status(), TEXT, "add-checkpoint: " + refusal.detail() + "\n"); // the guard ends it
  }

  /** Writes an answer and ends the request (resuming the response if its body came after its headers). */
  private static void send(Response response, int status, String contentType, String body) throws IOException {
    write(response, status, contentType, body);
    BodyGuard.complete(response);
  }

  private static void write(Response response, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType(contentType);
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  @Override
  public void close() {
    server.close();
  }
}
