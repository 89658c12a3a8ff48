package org.baytrace.tracking.node.http;

import java.io.IOException;
import java.util.Optional;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.FilterChainEvent;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpEvents;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;

/**
 * Declines protocol upgrades, so that a request carrying {@code Upgrade: h2c} (which
 * {@code java.net.http.HttpClient} sends by default) is served as the plain HTTP/1.1 request it
 * also is, as RFC 9110 §7.8 allows a server to do. Left alone, Grizzly treats such a request as
 * the start of another protocol: it drops the response's {@code Content-Type}, closes the
 * connection afterwards, and never hands a request body to the application. The filter sits
 * right after Grizzly's HTTP codec and clears the upgrade when the codec announces it, before the
 * codec decides how to read the request.
 *
 * <p>The one exception is a WebSocket upgrade ({@code GET}, {@code Upgrade: websocket}) on a path
 * a {@link WebSocketRoute} takes, from a caller the {@link Authenticator} proves: it is marked for
 * the server's {@link WebSockets} application and goes ahead. Without a caller it is declined
 * too, and the plain request gets the route's 401. Immutable; thread-safe.
 */
public final class DeclineUpgrades extends BaseFilter implements AddOn {
  public static final DeclineUpgrades INSTANCE = new DeclineUpgrades(null, Optional.empty());

  private final WebSockets webSockets; // null: every upgrade is declined
  private final Optional<Authenticator> authenticator;

  DeclineUpgrades(WebSockets webSockets, Optional<Authenticator> authenticator) {
    this.webSockets = webSockets;
    this.authenticator = authenticator;
  }

  @Override
  public void setup(NetworkListener listener, FilterChainBuilder builder) {
    int codec = builder.indexOfType(org.glassfish.grizzly.http.HttpServerFilter.class);
    if (codec < 0) {
      throw new IllegalStateException("no HTTP codec in the filter chain of listener " + listener.getName());
    }
    builder.add(codec + 1, this);
  }

  @Override
  public NextAction handleEvent(FilterChainContext ctx, FilterChainEvent event) throws IOException {
    if (event.type() == HttpEvents.IncomingHttpUpgradeEvent.TYPE) {
      HttpHeader request = ((HttpEvents.IncomingHttpUpgradeEvent) event).getHttpHeader();
      if (acceptsWebSocket(ctx, request)) {
        return ctx.getInvokeAction();
      }
      request.getUpgradeDC().recycle();
      request.setIgnoreContentModifiers(false);
      return ctx.getStopAction();
    }
    return ctx.getInvokeAction();
  }

  /** True (and the request marked for the WebSocket application) for an authenticated WebSocket upgrade a route takes. */
  private boolean acceptsWebSocket(FilterChainContext ctx, HttpHeader header) {
    if (webSockets == null || authenticator.isEmpty() || !(header instanceof HttpRequestPacket request)
        || !"websocket".equalsIgnoreCase(request.getUpgrade()) || request.getMethod() != Method.GET
        || webSockets.route(request.getRequestURI()) == null) {
      return false;
    }
    Authenticator.Outcome outcome = authenticator.get().authenticate(request.getHeader("Authorization"),
        ClientCertificates.of(ctx.getConnection()));
    if (!(outcome instanceof Authenticator.Authenticated a)) {
      return false;
    }
    request.setAttribute(WebSockets.CALLER, a.caller());
    request.setAttribute(WebSockets.APPLICATION, webSockets);
    return true;
  }
}
