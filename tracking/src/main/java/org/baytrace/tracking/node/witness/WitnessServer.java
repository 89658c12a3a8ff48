package org.baytrace.tracking.node.witness;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.baytrace.ledger.witness.AddCheckpoint;
import org.baytrace.ledger.witness.Witness;

/**
 * Serves a {@link Witness} over HTTP: {@code POST /add-checkpoint} (C2SP tlog-witness), and
 * {@code GET /} with the witness's cosignature verifier key. Requests need no credential beyond
 * the log signature on the checkpoint (as the spec has it); bodies over
 * {@link AddCheckpoint#MAX_BYTES} are refused 413. Listens on the address it is given (loopback by
 * default in {@code baytrace witness}). Thread-safe.
 */
public final class WitnessServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService pool = Executors.newFixedThreadPool(4);

  private WitnessServer(HttpServer server) {
    this.server = server;
  }

  public static WitnessServer start(Witness witness, InetSocketAddress listen, PrintStream log) throws IOException {
    HttpServer server = HttpServer.create(listen, 0);
    WitnessServer ws = new WitnessServer(server);
    server.setExecutor(ws.pool);
    server.createContext("/add-checkpoint", exchange -> {
      try (exchange) {
        if (!"POST".equals(exchange.getRequestMethod())) {
          exchange.getResponseHeaders().set("Allow", "POST");
          send(exchange, 405, "text/plain; charset=utf-8", "add-checkpoint: want POST\n");
          return;
        }
        byte[] body = readAtMost(exchange.getRequestBody(), AddCheckpoint.MAX_BYTES);
        if (body == null) {
          send(exchange, 413, "text/plain; charset=utf-8", "add-checkpoint: body over " + AddCheckpoint.MAX_BYTES + " bytes\n");
          return;
        }
        Witness.Answer a = witness.addCheckpoint(new String(body, StandardCharsets.UTF_8));
        send(exchange, a.status(), a.contentType(), a.body());
      } catch (IOException | RuntimeException e) {
        log.printf("baytrace witness: add-checkpoint failed: %s%n", e.getMessage());
      }
    });
    server.createContext("/", exchange -> {
      try (exchange) {
        if (!exchange.getRequestURI().getPath().equals("/")) {
          send(exchange, 404, "text/plain; charset=utf-8", "not found; this witness serves POST /add-checkpoint\n");
          return;
        }
        send(exchange, 200, "text/plain; charset=utf-8", witness.signer().verifier().encode() + "\n");
      }
    });
    server.start();
    return ws;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static byte[] readAtMost(InputStream in, int max) throws IOException {
    byte[] b = in.readNBytes(max + 1);
    return b.length > max ? null : b;
  }

  private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
