package org.baytrace.tracking.node.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.backup.Backup;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.tracking.node.http.DeclineUpgrades;
import org.baytrace.tracking.node.http.LedgerHttpServer;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.ssl.SSLEngineConfigurator;

/**
 * The admin listener ({@code [admin] listen}: loopback only, or HTTPS requiring client
 * certificates from {@code [admin.tls] client_ca_file}): {@code GET /metrics} (Prometheus
 * text format), {@code GET /healthz} (the process answers: 200) and {@code GET /readyz} (200 when
 * {@link NodeHealth} says ready, else 503, with JSON detail either way), and
 * {@code POST /admin/backup?out=/abs/dir} (a consistent copy of the store and the
 * signed checkpoint it matches, written by the node into that new directory), which takes only
 * the bearer {@link AdminToken}. Started first, so that probes see "not ready" while the store
 * opens. It is a listener of its own, not routes on the public HTTP port: metrics name internals
 * that the public should not see. Errors are RFC 7807 problem JSON. Thread-safe.
 */
public final class AdminServer extends HttpHandler implements AutoCloseable {
  /** The route of {@code baytrace backup}. */
  public static final String BACKUP_ROUTE = org.baytrace.config.OpsSettings.BACKUP_ROUTE;
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
  private volatile Ledger ledger; // null until the store is open: backups answer 503
  private volatile AdminToken token;

  private AdminServer(NodeMetrics metrics, NodeHealth health, InetSocketAddress listen, LedgerHttpServer.Https https) {
    this.metrics = metrics;
    this.health = health;
    NetworkListener listener = new NetworkListener("baytrace-admin", listen.getHostString(), listen.getPort());
    listener.getTransport().getWorkerThreadPoolConfig().setPoolName("baytrace-admin").setCorePoolSize(1).setMaxPoolSize(2);
    // Without it, a request asking to upgrade to HTTP/2 (h2c, as Java's HTTP client does) loses
    // the Content-Type of a long answer such as /metrics.
    listener.registerAddOn(DeclineUpgrades.INSTANCE);
    if (https != null) {
      listener.setSecure(true);
      SSLEngineConfigurator engine = new SSLEngineConfigurator(https.context(), false, https.needClientCertificate(),
          https.wantClientCertificate());
      engine.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
      listener.setSSLEngineConfig(engine);
    }
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
   * Starts the admin listener on {@code listen} (port 0 picks one), serving HTTPS when
   * {@code https} is not null.
   *
   * @throws IllegalArgumentException if {@code listen} is not a loopback address and clients are
   *     not required to present a certificate
   * @throws UncheckedIOException if it cannot be bound
   */
  public static AdminServer start(InetSocketAddress listen, LedgerHttpServer.Https https, NodeMetrics metrics,
      NodeHealth health) {
    boolean loopback = listen.getAddress() != null && listen.getAddress().isLoopbackAddress();
    if (!loopback && (https == null || !https.needClientCertificate())) {
      throw new IllegalArgumentException("admin listen: got " + listen.getHostString() + ", want a loopback address"
          + " (127.0.0.1 or ::1), or [admin.tls] requiring client certificates: beyond loopback every admin client proves"
          + " who it is");
    }
    return new AdminServer(metrics, health, listen, https);
  }

  public int port() {
    return port;
  }

  /** Enables {@code POST /admin/backup} of {@code l} for callers presenting {@code t}. */
  public void bindBackup(Ledger l, AdminToken t) {
    token = t;
    ledger = l;
  }

  @Override
  public void service(Request request, Response response) throws IOException {
    String path = request.getRequestURI();
    response.setHeader("Cache-Control", "no-store");
    if (path.equals(BACKUP_ROUTE)) {
      if (!Method.POST.equals(request.getMethod())) {
        response.setHeader("Allow", "POST");
        problem(response, 405, "Method Not Allowed", request.getMethod() + " " + path + ": a backup is made with POST");
        return;
      }
      backup(request, response);
      return;
    }
    if (!Method.GET.equals(request.getMethod()) && !Method.HEAD.equals(request.getMethod())) {
      response.setHeader("Allow", "GET, HEAD");
      problem(response, 405, "Method Not Allowed", request.getMethod() + " " + path + ": this admin route answers GET only");
      return;
    }
    switch (path) {
      case "/metrics" -> {
        ByteArrayOutputStream text = new ByteArrayOutputStream(64 * 1024);
        metrics.write(text);
        send(response, 200, NodeMetrics.CONTENT_TYPE, text.toByteArray());
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
      default -> problem(response, 404, "Not Found", path
          + ": the admin listener serves GET /metrics, /healthz, /readyz and POST " + BACKUP_ROUTE);
    }
  }

  private void backup(Request request, Response response) throws IOException {
    AdminToken t = token;
    Ledger l = ledger;
    if (t == null || l == null) {
      problem(response, 503, "Service Unavailable", "the node is still opening its store; retry once /readyz answers 200");
      return;
    }
    if (!t.accepts(request.getHeader("Authorization"))) {
      response.setHeader("WWW-Authenticate", "Bearer realm=\"baytrace-admin\"");
      problem(response, 401, "Unauthorized", "a backup takes the bearer token the node wrote to " + AdminToken.FILE_NAME
          + " in its data directory (baytrace backup --token-file)");
      return;
    }
    // A query parameter: the whole request is one line an operator can type with curl -X POST.
    String out = request.getParameter("out");
    if (out == null || !Path.of(out).isAbsolute()) {
      problem(response, 400, "Bad Request", "out: got " + (out == null ? "none" : "\"" + out + "\"")
          + ", want an absolute path of a new or empty directory: POST " + BACKUP_ROUTE + "?out=/path/to/new/dir");
      return;
    }
    try {
      Backup.Point p = Backup.create(l, Path.of(out));
      Map<String, Object> made = new LinkedHashMap<>();
      made.put("out", Path.of(out).toAbsolutePath().normalize().toString());
      made.put("origin", p.checkpoint().origin());
      made.put("treeSize", p.checkpoint().size());
      made.put("rootHash", p.checkpoint().root().hex());
      made.put("checkpoint", p.note());
      json(response, 200, made);
    } catch (LedgerException e) {
      problem(response, e.error().httpStatus(), e.error().name(), e.getMessage());
    }
  }

  /** Sends the whole body with its length. */
  private static void send(Response response, int status, String contentType, byte[] bytes) throws IOException {
    response.setStatus(status);
    response.setContentType(contentType);
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  private static void json(Response response, int status, Object body) throws IOException {
    send(response, status, "application/json", JSON.writeValueAsBytes(body));
  }

  private static void problem(Response response, int status, String title, String detail) throws IOException {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("type", "about:blank");
    p.put("title", title);
    p.put("status", status);
    p.put("detail", detail);
    send(response, status, "application/problem+json", JSON.writeValueAsBytes(p));
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
