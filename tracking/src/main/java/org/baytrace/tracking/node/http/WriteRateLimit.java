package org.baytrace.tracking.node.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.baytrace.ledger.error.LedgerError;

/**
 * The per-organisation write rate: a token bucket per organisation (the {@link Caller} that
 * {@link CallerFilter} authenticated; a server without authentication counts all writes as one
 * caller) that refills at {@code perMinute} tokens a minute up to {@code burst}; each write
 * request (POST, PUT, PATCH, DELETE) takes one. Without a token the request is answered 429
 * problem JSON with {@code Retry-After} (whole seconds until the next token) before its body is
 * read. It runs after authentication and authorisation filters, so that it counts the
 * organisation the caller proved to be. Thread-safe.
 */
@Priority(Priorities.AUTHORIZATION + 100)
final class WriteRateLimit implements ContainerRequestFilter {
  private static final Set<String> WRITES = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

  private final double tokensPerNano;
  private final int burst;
  private final LongSupplier nanoClock;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  WriteRateLimit(int perMinute, int burst, LongSupplier nanoClock) {
    this.tokensPerNano = perMinute / 60e9;
    this.burst = burst;
    this.nanoClock = nanoClock;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    if (!WRITES.contains(request.getMethod())) {
      return;
    }
    Caller caller = Caller.of(request.getSecurityContext().getUserPrincipal());
    String org = caller == null ? "" : caller.org();
    long waitNanos = buckets.computeIfAbsent(org, o -> new Bucket(burst, nanoClock.getAsLong())).take(nanoClock.getAsLong());
    if (waitNanos > 0) {
      long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
      UriInfo uri = request.getUriInfo();
      Problem p = Problem.of(LedgerError.TOO_MANY_REQUESTS, "organisation \"" + org + "\": got more than "
          + Math.round(tokensPerNano * 60e9) + " writes a minute (bursts of " + burst + "), the limit"
          + " (limits.writes_per_minute_per_org); retry after " + seconds + " s", "/" + uri.getPath());
      request.abortWith(p.toResponse().header("Retry-After", Long.toString(seconds)).build());
    }
  }

  /** One organisation's tokens. */
  private final class Bucket {
    private double tokens;
    private long last;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.last = now;
    }

    /** Takes a token and returns 0, or returns the nanoseconds until one is there. */
    synchronized long take(long now) {
      tokens = Math.min(burst, tokens + (now - last) * tokensPerNano);
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return (long) Math.ceil((1 - tokens) / tokensPerNano);
    }
  }
}
