package org.baytrace.tracking.node.http;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A route that takes WebSocket upgrades ({@code GET} with {@code Upgrade: websocket}), passed to
 * {@link LedgerHttpServer#start} among the extra components. The server authenticates the
 * upgrade request as {@link CallerFilter} would; an upgrade without a caller, or on a path no
 * route takes, is declined and served as the plain HTTP request it also is (so it gets that
 * route's 401 or 404). Implementations are thread-safe.
 */
public interface WebSocketRoute {
  /** True if this route serves WebSocket upgrades of {@code path} (the raw request path, e.g. {@code /queries/q/events}). */
  boolean takes(String path);

  /**
   * Starts serving an accepted socket of {@code caller}; returns what to call when it closes.
   * To refuse (the request names nothing the caller may use, or too many are open), close the
   * socket with a status code and reason and return a no-op.
   *
   * @param query the upgrade request's query parameters, decoded; one value each
   */
  Runnable open(Caller caller, String path, Map<String, String> query, Socket socket);

  /** The server side of one WebSocket. */
  interface Socket {
    /** Sends one text message; completes when written, exceptionally if the socket is gone. */
    CompletableFuture<Void> sendText(String text);

    /** Closes with a status code (RFC 6455 §7.4) and a reason of at most 123 bytes. */
    void close(int code, String reason);
  }
}
