package org.baytrace.tracking.node.admin;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Request ids for HTTP requests: the client's {@code X-Request-Id} if it is a short token,
 * else a new random one; echoed in the response and attached to every log line written while
 * the request is handled (the JSON log's {@code requestId}). Thread-safe.
 */
@PreMatching
public final class RequestIds implements ContainerRequestFilter, ContainerResponseFilter {
  public static final String HEADER = "X-Request-Id";
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

  /** The id of the request the current thread is handling, if any. */
  public static Optional<String> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  static String fresh() {
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  @Override
  public void filter(ContainerRequestContext request) {
    String given = request.getHeaderString(HEADER);
    String id = given != null && TOKEN.matcher(given).matches() ? given : fresh();
    request.setProperty(HEADER, id);
    CURRENT.set(id);
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    Object id = request.getProperty(HEADER);
    if (id != null) {
      response.getHeaders().putSingle(HEADER, id);
    }
    CURRENT.remove();
  }
}
