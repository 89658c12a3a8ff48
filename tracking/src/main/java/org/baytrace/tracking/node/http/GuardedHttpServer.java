package org.baytrace.tracking.node.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpHandlerRegistration;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.ServerConfiguration;
import org.glassfish.grizzly.ssl.SSLEngineConfigurator;

/**
 * A public Grizzly HTTP(S) listener with one handler for every path, guarded against clients that
 * hold connections: a fixed number of worker threads serve requests, and a connection that
 * completes no request for {@code idleTimeoutSeconds} is closed, which bounds idle keep-alive
 * connections, headers sent slowly and TLS handshakes that stall (all happen before a request is
 * complete). Request bodies are the handler's to bound, with a {@link BodyGuard}. Requests that
 * fail before they reach the handler (malformed ones) get problem JSON; upgrades (h2c) are
 * declined unless the add-ons given let one through. The node's HTTP API ({@link LedgerHttpServer}) and the witness
 * ({@code node.witness.WitnessServer}) listen this way.
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 */
public final class GuardedHttpServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(GuardedHttpServer.class.getName());
  private static final long SHUTDOWN_GRACE_SECONDS = 5;
  // Grizzly logs every listener start and stop at INFO, and every graceful shutdown at WARNING
  // (close() reports one that does not finish in time itself). Quieted unless the operator gave
  // these loggers a level of their own; held here so that java.util.logging keeps the levels.
  private static final List<Logger> QUIETED = List.of(
      quiet("org.glassfish.grizzly.http.server.NetworkListener", Level.WARNING),
      quiet("org.glassfish.grizzly.http.server.HttpServer", Level.WARNING),
      quiet("org.glassfish.grizzly.nio.GracefulShutdownRunner", Level.SEVERE));

  private final String name;
  private final HttpServer server;
  private final int port;
  private final AtomicBoolean closed = new AtomicBoolean();

  private GuardedHttpServer(String name, HttpServer server, int port) {
    this.name = name;
    this.server = server;
    this.port = port;
  }

  /**
   * Starts serving {@code handler} on {@code listen} (port 0 picks a free port), HTTPS when
   * {@code https} is not null.
   *
   * @param name names the listener, its threads and its log lines, e.g. {@code baytrace-http}
   * @throws UncheckedIOException if the address cannot be bound
   */
  public static GuardedHttpServer start(String name, InetSocketAddress listen, LedgerHttpServer.Https https,
      int workerThreads, int idleTimeoutSeconds, HttpHandler handler) {
    return start(name, listen, https, workerThreads, idleTimeoutSeconds, handler, List.of(DeclineUpgrades.INSTANCE));
  }

  /**
   * As {@link #start(String, InetSocketAddress, LedgerHttpServer.Https, int, int, HttpHandler)},
   * with {@code addOns} on the listener in place of the default one that declines every upgrade
   * (the node's HTTP API passes one that lets its WebSocket routes through, and their add-on).
   */
  public static GuardedHttpServer start(String name, InetSocketAddress listen, LedgerHttpServer.Https https,
      int workerThreads, int idleTimeoutSeconds, HttpHandler handler, List<AddOn> addOns) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(handler, "handler");
    InetAddress address = listen.getAddress();
    String host = address != null ? address.getHostAddress() : listen.getHostString();
    NetworkListener listener = new NetworkListener(name, host, listen.getPort());
    listener.getTransport().getWorkerThreadPoolConfig().setPoolName(name)
        .setCorePoolSize(workerThreads).setMaxPoolSize(workerThreads);
    listener.getKeepAlive().setIdleTimeoutInSeconds(idleTimeoutSeconds);
    listener.setDefaultErrorPageGenerator(ProblemPages.INSTANCE);
    addOns.forEach(listener::registerAddOn);
    if (https != null) {
      listener.setSecure(true);
      SSLEngineConfigurator engine = new SSLEngineConfigurator(https.context(), false,
          https.needClientCertificate(), https.wantClientCertificate());
      engine.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
      listener.setSSLEngineConfig(engine);
    }

    HttpServer server = new HttpServer();
    server.addListener(listener);
    ServerConfiguration config = server.getServerConfiguration();
    config.setName(name);
    config.setJmxEnabled(false);
    config.setPassTraceRequest(true); // TRACE goes to the handler, which refuses it its own way
    config.setDefaultQueryEncoding(StandardCharsets.UTF_8);
    config.setDefaultErrorPageGenerator(ProblemPages.INSTANCE);
    config.addHttpHandler(handler, HttpHandlerRegistration.ROOT);
    try {
      server.start();
    } catch (IOException e) {
      server.shutdownNow();
      throw new UncheckedIOException(name + ": cannot listen on " + listen + ": " + e.getMessage(), e);
    }
    return new GuardedHttpServer(name, server, listener.getPort());
  }

  /** The port the server listens on (the one picked, when started with port 0). */
  public int port() {
    return port;
  }

  /** Stops accepting requests, lets running ones finish for a few seconds, then stops. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      server.shutdown(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS).get(SHUTDOWN_GRACE_SECONDS + 1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.shutdownNow();
    } catch (ExecutionException | TimeoutException e) {
      LOG.log(Level.WARNING, name + " on port " + port + " did not stop gracefully; stopping now", e);
      server.shutdownNow();
    }
  }

  @Override
  public String toString() {
    return "GuardedHttpServer[" + name + ", port " + port + (closed.get() ? ", closed" : "") + "]";
  }

  private static Logger quiet(String name, Level level) {
    Logger logger = Logger.getLogger(name);
    if (logger.getLevel() == null) {
      logger.setLevel(level);
    }
    return logger;
  }
}
