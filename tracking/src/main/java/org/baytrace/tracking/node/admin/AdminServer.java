package org.baytrace.tracking.node.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * The admin listener ({@code [admin] listen}, loopback only): {@code GET /metrics} (Prometheus
 * text format), {@code GET /healthz} (the process answers: 200) and {@code GET /readyz} (200 when
 * {@link NodeHealth} says ready, else 503, with JSON detail either way). Started first, so that
 * probes see "not ready" while the store opens. It is a listener of its own, not routes on the
 * public HTTP port: metrics name internals that the public should not see. Errors are RFC 7807
 * problem JSON. Thread-safe.
 */
public final class AdminServer extends HttpHandler implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  // Grizzly logs every listener start and stop at INFO; held so that java.util.logging keeps the level.
  private static final java.util.logging.Logger GRIZZLY_LISTENER = quiet("org.glassfish.grizzly.http.server.NetworkListener");
  private static final java.util.logging.Logger GRIZZLY_SERVER = quiet("org.glassfish.grizzly.http.server.HttpServer");

  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger l = java.util.logging.Logger.getLogger(name);
    if (l.getLevel() == null) {
      l.setLevel(java.util.logging.Level.WARNING);
    }
    return l;
  }

  private final HttpServer server;
  private final NodeMetrics metrics;
  private final NodeHealth health;
  private final int port;

  private AdminServer(NodeMetrics metrics, NodeHealth health, InetSocketAddress listen) {
    this.metrics = metrics;
    this.health = health;
    NetworkListener listener = new NetworkListener("baytrace-admin", listen.getHostString(), listen.getPort());
    listener.getTransport().getWorkerThreadPoolConfig().setPoolName("baytrace-admin").setCorePoolSize(1).setMaxPoolSize(2);
    server = new HttpServer();
    server.addListener(listener);
    server.getServerConfiguration().setName("baytrace-admin");
    server.getServerConfiguration().setJmxEnabled(false);
    server.getServerConfiguration().addHttpHandler(this);
    try {
      server.start();
    } catch (IOException e) {
      server.shutdownNow();
      throw new UncheckedIOException("admin listener: cannot listen on " + listen + ": " + e.getMessage(), e);
    }
    port = listener.getPort();
  }

  /**
   * Starts the admin listener on {@code listen} (port 0 picks one).
   *
   * @throws IllegalArgumentException if {@code listen} is not a loopback address
   * @throws UncheckedIOException if it cannot be bound
   */
  public static AdminServer start(InetSocketAddress listen, NodeMetrics metrics, NodeHealth health) {
    if (listen.getAddress() == null || !listen.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException("admin listen: got " + listen.getHostString()
          + ", want a loopback address (127.0.0.1 or ::1): the admin routes have no authentication of their own");
    }
    return new AdminServer(metrics, health, listen);
  }

  public int port() {
    return port;
  }

  @Override
  public void service(Request request, Response response) throws IOException {
    String path = request.getRequestURI();
    if (!Method.GET.equals(request.getMethod()) && !Method.HEAD.equals(request.getMethod())) {
      response.setHeader("Allow", "GET, HEAD");
      problem(response, 405, "Method Not Allowed", request.getMethod() + " " + path + ": the admin routes answer GET only");
      return;
    }
    response.setHeader("Cache-Control", "no-store");
    switch (path) {
      case "/metrics" -> {
        // Written whole with its length: Grizzly sends a chunked body without the Content-Type set here.
        ByteArrayOutputStream text = new ByteArrayOutputStream(64 * 1024);
        metrics.write(text);
        response.setStatus(200);
        response.setContentType(NodeMetrics.CONTENT_TYPE);
        response.setContentLength(text.size());
        text.writeTo(response.getOutputStream());
      }
      case "/healthz" -> {
        Map<String, Object> alive = new LinkedHashMap<>();
        alive.put("alive", true);
        json(response, 200, alive);
      }
      case "/readyz" -> {
        NodeHealth.Readiness r = health.readiness();
        json(response, r.ready() ? 200 : 503, r.detail());
      }
      default -> problem(response, 404, "Not Found", path + ": the admin listener serves /metrics, /healthz and /readyz");
    }
  }

  private static void json(Response response, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    response.setStatus(status);
    response.setContentType("application/json");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  private static void problem(Response response, int status, String title, String detail) throws IOException {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("type", "about:blank");
    p.put("title", title);
    p.put("status", status);
    p.put("detail", detail);
    byte[] bytes = JSON.writeValueAsBytes(p);
    response.setStatus(status);
    response.setContentType("application/problem+json");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  @Override
  public void close() {
    try {
      server.shutdown(2, TimeUnit.SECONDS).get(3, TimeUnit.SECONDS);
    } catch (Exception e) {
      server.shutdownNow();
    }
  }
}
