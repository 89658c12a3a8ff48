package org.baytrace.tracking.node.http;

import jakarta.ws.rs.core.Configuration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import org.baytrace.config.HttpLimits;
import org.baytrace.ledger.Ledger;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.websockets.WebSocketAddOn;
import org.glassfish.grizzly.websockets.WebSocketEngine;
import org.glassfish.jersey.CommonProperties;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpContainer;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/**
 * The node's HTTP read API for auditors (Jersey on Grizzly): see {@link LedgerResource} for the
 * resources under {@code /v1/ledger}. Every error, including unknown paths, wrong methods and
 * malformed requests that never reach Jersey, is RFC 7807 problem JSON.
 *
 * <p>More resources (EPCIS capture, the consumer resolver page) are added with
 * {@link #start(Ledger, InetSocketAddress, Object...)}: they share the port, the problem-JSON
 * error mapping, the response headers and Jackson (de)serialisation of their own types.
 *
 * <p>Thread-safety: the server serves requests on its own worker threads and only reads the
 * ledger; {@link #close()} is idempotent and may be called from any thread. Closing the server
 * does not close the ledger.
 */
public final class LedgerHttpServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(LedgerHttpServer.class.getName());
  /** The application property that holds the {@link Ledger} being served. */
  public static final String LEDGER_PROPERTY = "org.baytrace.tracking.http.ledger";

  private final GuardedHttpServer server;
  private final GrizzlyHttpContainer container;
  private final int port;
  private final URI baseUri;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final WebSockets webSockets; // null: no WebSocket routes

  private LedgerHttpServer(GuardedHttpServer server, int port, URI baseUri, GrizzlyHttpContainer container,
      WebSockets webSockets) {
    this.webSockets = webSockets;
    this.container = container;
    this.server = server;
    this.port = port;
    this.baseUri = baseUri;
  }

  /**
   * Starts serving {@code ledger} on {@code listen}; port 0 picks a free port.
   *
   * @throws UncheckedIOException if the address cannot be bound
   */
  public static LedgerHttpServer start(Ledger ledger, InetSocketAddress listen) {
    return start(ledger, listen, new Object[0]);
  }

  /**
   * Starts serving {@code ledger} and {@code extraComponents} on {@code listen}. Each extra is a
   * JAX-RS resource or provider: resources as classes for Jersey to create (one finds the ledger
   * with {@link #ledger(Configuration)} from an injected {@code @Context Configuration}),
   * providers as classes or instances. Extras must not register exception mappers for
   * {@code Throwable}, {@code WebApplicationException} or {@code LedgerException}: those belong
   * to this server.
   *
   * @throws UncheckedIOException if the address cannot be bound
   */
  public static LedgerHttpServer start(Ledger ledger, InetSocketAddress listen, Object... extraComponents) {
    return start(ledger, listen, null, Guards.defaults(), extraComponents);
  }

  /**
   * How an HTTPS listener is set up: the server's SSL context (its certificate and, for client
   * certificates, the trust in their CA), and whether a client certificate is asked for (want)
   * or required (need).
   */
  public record Https(SSLContext context, boolean wantClientCertificate, boolean needClientCertificate) {
    public Https {
      Objects.requireNonNull(context, "context");
    }
  }

  /**
   * What protects the server from slow, greedy and anonymous clients.
   *
   * @param limits body size and deadline, idle connections and TLS handshakes, threads, write rate
   * @param memory the node's allowance for request bodies and capture work (shared with capture)
   * @param authenticator who callers are: when present the server authenticates every request that
   *     acts for an organisation ({@link CallerFilter}), and a write with a body is authenticated
   *     before its body is read, so an anonymous upload gets its 401 at once; when empty a
   *     {@link CallerFilter} among the components, if any, authenticates after the body arrived
   */
  public record Guards(HttpLimits limits, MemoryBudget memory, Optional<Authenticator> authenticator) {
    public Guards {
      Objects.requireNonNull(limits, "limits");
      Objects.requireNonNull(memory, "memory");
      Objects.requireNonNull(authenticator, "authenticator");
    }

    /** The default limits, a memory budget of their own, no authenticator. */
    public static Guards defaults() {
      return new Guards(HttpLimits.DEFAULT, new MemoryBudget(HttpLimits.DEFAULT.maxRequestMemoryBytes()), Optional.empty());
    }
  }

  /**
   * As {@link #start(Ledger, InetSocketAddress, Object...)}, serving HTTPS when {@code https} is
   * not null, with the default {@link Guards}.
   */
  public static LedgerHttpServer start(Ledger ledger, InetSocketAddress listen, Https https, Object... extraComponents) {
    return start(ledger, listen, https, Guards.defaults(), extraComponents);
  }

  /**
   * As {@link #start(Ledger, InetSocketAddress, Object...)}, serving HTTPS when {@code https} is
   * not null, with these guards. The verified client certificate chain of each request is its
   * {@link ClientCertificates#PROPERTY} property.
   *
   * @throws UncheckedIOException if the address cannot be bound
   */
  public static LedgerHttpServer start(Ledger ledger, InetSocketAddress listen, Https https, Guards guards,
      Object... extraComponents) {
    Objects.requireNonNull(ledger, "ledger");
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(guards, "guards");
    HttpLimits limits = guards.limits();
    ResourceConfig app = application(ledger, extraComponents);
    guards.authenticator().ifPresent(a -> app.register(new CallerFilter(a)));
    app.register(new WriteRateLimit(limits.writesPerMinutePerOrg(), limits.writeBurstPerOrg(), System::nanoTime));
    GrizzlyHttpContainer container = ContainerFactory.createContainer(GrizzlyHttpContainer.class, app);
    PlainHttpHandler handler = new PlainHttpHandler(container, limits, guards.memory(), guards.authenticator());

    List<WebSocketRoute> routes = new ArrayList<>();
    for (Object extra : extraComponents) {
      if (extra instanceof WebSocketRoute r) {
        routes.add(r);
      }
    }
    WebSockets webSockets = routes.isEmpty() ? null : new WebSockets(routes);
    List<AddOn> addOns = new ArrayList<>(List.of(new DeclineUpgrades(webSockets, guards.authenticator())));
    if (webSockets != null) {
      addOns.add(new WebSocketAddOn());
      register(webSockets);
    }
    // Bodies are bounded by the handler (BodyGuard); connections and threads by the listener.
    GuardedHttpServer server;
    try {
      server = GuardedHttpServer.start("baytrace-http", listen, https, limits.workerThreads(),
          limits.idleTimeoutSeconds(), handler, addOns);
    } catch (RuntimeException e) {
      if (webSockets != null) {
        WebSocketEngine.getEngine().unregister(webSockets);
      }
      throw e;
    }
    InetAddress address = listen.getAddress();
    int port = server.port();
    URI base = URI.create((https != null ? "https://" : "http://") + uriHost(address, listen) + ":" + port + "/");
    LOG.fine(() -> "ledger HTTP API serving " + ledger.origin() + " at " + base);
    return new LedgerHttpServer(server, port, base, container, webSockets);
  }

  @SuppressWarnings("deprecation") // registered without a URL pattern: WebSockets picks its own server's requests
  private static void register(WebSockets webSockets) {
    WebSocketEngine.getEngine().register(webSockets);
  }

  static ResourceConfig application(Ledger ledger, Object... extraComponents) {
    ResourceConfig rc = new ResourceConfig();
    rc.setApplicationName("baytrace-http");
    // Only what is registered here, nothing picked up from the class path: Jackson's
    // auto-discovered feature, for one, would answer bad JSON bodies with text/plain errors.
    rc.property(CommonProperties.FEATURE_AUTO_DISCOVERY_DISABLE_SERVER, true);
    rc.property(ServerProperties.WADL_FEATURE_DISABLE, true);
    rc.property(ServerProperties.PROCESSING_RESPONSE_ERRORS_ENABLED, true);
    rc.register(JacksonFeature.withoutExceptionMappers());
    // The resource is registered as a class that finds the ledger in the application's
    // properties, not as an instance: Jersey warns at start-up about every resource instance
    // ("does not implement any provider interfaces"). Extra resources can do the same.
    rc.property(LEDGER_PROPERTY, ledger);
    rc.register(LedgerResource.class);
    rc.register(TlogTilesResource.class);
    rc.register(OpenApiResource.class);
    for (Object mapper : ProblemMappers.all()) {
      rc.register(mapper);
    }
    rc.register(new HeadersFilter());
    for (Object extra : extraComponents) {
      if (extra instanceof WebSocketRoute) {
        continue; // served by the listener's WebSocket add-on, not by Jersey
      }
      if (extra instanceof Class<?> c) {
        rc.register(c);
      } else {
        rc.register(Objects.requireNonNull(extra, "extra component"));
      }
    }
    return rc;
  }

  /** The ledger a server application serves, for resources created by Jersey. */
  public static Ledger ledger(Configuration config) {
    Object ledger = config.getProperty(LEDGER_PROPERTY);
    if (!(ledger instanceof Ledger l)) {
      throw new IllegalStateException(LEDGER_PROPERTY + ": got " + ledger + ", want the Ledger this server serves");
    }
    return l;
  }

  /** Every route this server serves ({@link Routes}). */
  public List<Routes.Route> routes() {
    return Routes.of(container.getApplicationHandler().getInjectionManager()
        .getInstance(org.glassfish.jersey.server.ExtendedResourceContext.class).getResourceModel());
  }

  /** The port the server listens on (the one picked, when started with port 0). */
  public int port() {
    return port;
  }

  /**
   * {@code http://host:port/}, where host is the listen address, or the loopback address when
   * listening on all addresses.
   */
  public URI baseUri() {
    return baseUri;
  }

  /** Stops accepting requests, lets running ones finish for a few seconds, then stops. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      if (webSockets != null) {
        WebSocketEngine.getEngine().unregister(webSockets);
      }
      server.close();
    }
  }

  @Override
  public String toString() {
    return "LedgerHttpServer[" + baseUri + (closed.get() ? ", closed" : "") + "]";
  }

  private static String uriHost(InetAddress address, InetSocketAddress listen) {
    if (address == null) {
      return listen.getHostString();
    }
    InetAddress a = address;
    if (a.isAnyLocalAddress()) {
      a = a instanceof Inet6Address ? InetAddress.getLoopbackAddress() : loopback4();
    }
    if (a instanceof Inet6Address) {
      String s = a.getHostAddress();
      int scope = s.indexOf('%');
      return "[" + (scope < 0 ? s : s.substring(0, scope) + "%25" + s.substring(scope + 1)) + "]";
    }
    return a.getHostAddress();
  }

  private static InetAddress loopback4() {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen: the address is four bytes
    }
  }
}
