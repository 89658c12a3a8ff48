package org.baytrace.tracking.node.epcis.subscription;

import jakarta.ws.rs.WebApplicationException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.baytrace.tracking.node.http.Caller;
import org.baytrace.tracking.node.http.WebSocketRoute;

/**
 * WebSocket subscriptions: {@code GET /queries/{queryName}/events} with {@code Upgrade:
 * websocket}, by an authenticated caller, with {@code stream=true} or schedule fields as query
 * parameters. Each matching event newly stored is sent as a text message holding an
 * EPCISQueryDocument (with {@code subscriptionID}); the subscription ends when either side
 * closes. A request the subscription engine refuses (no such query of the caller's, bad
 * parameters, too many sockets) is closed at once with status 1008 and the reason. Thread-safe.
 */
final class EventSocketRoute implements WebSocketRoute {
  private static final Pattern PATH = Pattern.compile("/queries/([^/]+)/events");
  private static final int MAX_REASON_BYTES = 123;

  private final Subscriptions subscriptions;

  EventSocketRoute(Subscriptions subscriptions) {
    this.subscriptions = subscriptions;
  }

  @Override
  public boolean takes(String path) {
    return PATH.matcher(path).matches();
  }

  @Override
  public Runnable open(Caller caller, String path, Map<String, String> query, Socket socket) {
    Matcher m = PATH.matcher(path);
    if (!m.matches()) {
      socket.close(1008, "not a subscription path");
      return () -> {};
    }
    String queryName = URLDecoder.decode(m.group(1).replace("+", "%2B"), StandardCharsets.UTF_8);
    try {
      Subscription s = subscriptions.openSocket(caller.org(), queryName, query, new Subscription.Sink() {
        @Override
        public CompletableFuture<Void> send(String document) {
          return socket.sendText(document);
        }

        @Override
        public void close(int code, String reason) {
          socket.close(code, reason(reason));
        }
      });
      return () -> subscriptions.closeSocket(s);
    } catch (WebApplicationException e) {
      socket.close(1008, reason(e.getMessage()));
      return () -> {};
    }
  }

  /** A close reason that fits a close frame: at most 123 bytes of UTF-8, cut at a character. */
  static String reason(String text) {
    String r = text == null ? "" : text;
    while (r.getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
      r = r.substring(0, r.length() - 1);
    }
    return r;
  }
}
