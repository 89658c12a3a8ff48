package org.baytrace.tracking.node.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.grizzly.CompletionHandler;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.websockets.DataFrame;
import org.glassfish.grizzly.websockets.ProtocolHandler;
import org.glassfish.grizzly.websockets.SimpleWebSocket;
import org.glassfish.grizzly.websockets.WebSocket;
import org.glassfish.grizzly.websockets.WebSocketApplication;
import org.glassfish.grizzly.websockets.WebSocketListener;

/**
 * The server's WebSocket application: hands each upgrade that {@link DeclineUpgrades} let
 * through (authenticated, on a path a {@link WebSocketRoute} takes) to its route. Grizzly keeps
 * applications in one process-wide engine; this one takes only the requests its own server
 * marked ({@link #APPLICATION}), so several servers in one process do not take each other's.
 * Thread-safe.
 */
final class WebSockets extends WebSocketApplication {
  private static final Logger LOG = Logger.getLogger(WebSockets.class.getName());
  /** Request attribute: the application that takes this upgrade. */
  static final String APPLICATION = "org.baytrace.tracking.http.websocket-application";
  /** Request attribute: the {@link Caller} the upgrade request proved. */
  static final String CALLER = "org.baytrace.tracking.http.websocket-caller";

  private final List<WebSocketRoute> routes;

  WebSockets(List<WebSocketRoute> routes) {
    this.routes = List.copyOf(routes);
  }

  /** The route that takes upgrades of this path, or null. */
  WebSocketRoute route(String path) {
    for (WebSocketRoute r : routes) {
      if (r.takes(path)) {
        return r;
      }
    }
    return null;
  }

  @Override
  @Deprecated // Grizzly's own deprecation: routing by URL pattern would mix up several servers' applications
  public boolean isApplicationRequest(HttpRequestPacket request) {
    return request.getAttribute(APPLICATION) == this;
  }

  @Override
  public WebSocket createSocket(ProtocolHandler handler, HttpRequestPacket request, WebSocketListener... listeners) {
    return new RouteSocket(handler, request, listeners);
  }

  @Override
  public void onConnect(WebSocket socket) {
    super.onConnect(socket);
    RouteSocket s = (RouteSocket) socket;
    WebSocketRoute route = route(s.path);
    if (route == null || s.caller == null) {
      socket.close(1008, "not a WebSocket route");
      return;
    }
    try {
      s.onClose = route.open(s.caller, s.path, s.query, s);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "WebSocket route " + s.path + " failed to open", e);
      socket.close(1011, "the node could not open this subscription");
    }
  }

  @Override
  public void onClose(WebSocket socket, DataFrame frame) {
    super.onClose(socket, frame);
    ((RouteSocket) socket).closed();
  }

  /** One accepted socket, with what its upgrade request said. */
  private static final class RouteSocket extends SimpleWebSocket implements WebSocketRoute.Socket {
    final String path;
    final Map<String, String> query = new LinkedHashMap<>();
    final Caller caller;
    volatile Runnable onClose;
    private boolean closedOnce;

    RouteSocket(ProtocolHandler handler, HttpRequestPacket request, WebSocketListener... listeners) {
      super(handler, listeners);
      this.path = request.getRequestURI();
      this.caller = request.getAttribute(CALLER) instanceof Caller c ? c : null;
      String q = request.getQueryString();
      if (q != null) {
        for (String part : q.split("&")) {
          if (part.isEmpty()) {
            continue;
          }
          int eq = part.indexOf('=');
          String name = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
          query.putIfAbsent(name, eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }

    @Override
    public CompletableFuture<Void> sendText(String text) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      try {
        super.send(text).addCompletionHandler(new CompletionHandler<DataFrame>() {
          @Override
          public void cancelled() {
            done.completeExceptionally(new IllegalStateException("WebSocket send cancelled"));
          }

          @Override
          public void failed(Throwable throwable) {
            done.completeExceptionally(throwable);
          }

          @Override
          public void completed(DataFrame result) {
            done.complete(null);
          }

          @Override
          public void updated(DataFrame result) {}
        });
      } catch (RuntimeException e) {
        done.completeExceptionally(e);
      }
      return done;
    }

    synchronized void closed() {
      if (closedOnce) {
        return;
      }
      closedOnce = true;
      Runnable r = onClose;
      if (r != null) {
        r.run();
      }
    }
  }
}
