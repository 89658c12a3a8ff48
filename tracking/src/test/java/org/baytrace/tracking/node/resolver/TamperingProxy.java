package org.baytrace.tracking.node.resolver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * A test-only HTTP proxy on loopback between the browser and a node: it forwards GET requests to
 * the node it points at (which can be switched, so two ledgers can be seen from one browser
 * origin, as a node that rewrote its history would be) and lets a test rewrite the answers of
 * chosen paths (a node that lies). It also serves test files from a directory under {@code
 * /test/}. Nothing like it exists in the product.
 */
final class TamperingProxy implements AutoCloseable {
  /** Rewrites the body of an answer; gets the request path and query and the node's body. */
  interface Rewrite {
    byte[] apply(String pathAndQuery, byte[] body) throws IOException;
  }

  private static final List<String> FORWARDED_HEADERS = List.of("Content-Type", "Content-Security-Policy",
      "Cache-Control", "Content-Language", "Link", "Vary");

  private final HttpServer server;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Map<String, Rewrite> rewrites = new ConcurrentHashMap<>();
  private volatile URI node;
  private volatile Path testFiles;

  TamperingProxy(URI node) throws IOException {
    this.node = node;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/", this::handle);
    server.start();
  }

  URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery);
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** From now on, forwards to another node. */
  void pointAt(URI otherNode) {
    node = otherNode;
  }

  /** Rewrites answers whose path starts with {@code pathPrefix}. */
  void rewrite(String pathPrefix, Rewrite rewrite) {
    rewrites.put(pathPrefix, rewrite);
  }

  void clearRewrites() {
    rewrites.clear();
  }

  /** Serves the files of {@code dir} under {@code /test/}. */
  void serveTestFiles(Path dir) {
    testFiles = dir;
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String pathAndQuery = ex.getRequestURI().getRawPath()
          + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
      if (testFiles != null && pathAndQuery.startsWith("/test/")) {
        Path file = testFiles.resolve(ex.getRequestURI().getPath().substring("/test/".length())).normalize();
        if (!file.startsWith(testFiles) || !Files.isRegularFile(file)) {
          answer(ex, 404, "text/plain", new byte[0]);
          return;
        }
        String name = file.getFileName().toString();
        answer(ex, 200, name.endsWith(".js") ? "text/javascript" : name.endsWith(".html") ? "text/html; charset=utf-8"
            : "application/json", Files.readAllBytes(file));
        return;
      }
      HttpRequest.Builder forward = HttpRequest.newBuilder(node.resolve(pathAndQuery.substring(1)))
          .timeout(Duration.ofSeconds(20)).GET();
      for (String h : List.of("Accept", "Accept-Language")) {
        String v = ex.getRequestHeaders().getFirst(h);
        if (v != null) {
          forward.header(h, v);
        }
      }
      HttpResponse<byte[]> r = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
      byte[] body = r.body();
      for (Map.Entry<String, Rewrite> e : rewrites.entrySet()) {
        if (ex.getRequestURI().getRawPath().startsWith(e.getKey())) {
          body = e.getValue().apply(pathAndQuery, body);
        }
      }
      for (String h : FORWARDED_HEADERS) {
        r.headers().firstValue(h).ifPresent(v -> ex.getResponseHeaders().set(h, v));
      }
      ex.getResponseHeaders().set("Cache-Control", "no-store"); // every visit sees the node as it is now
      ex.sendResponseHeaders(r.statusCode(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(body);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void answer(HttpExchange ex, int status, String type, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
