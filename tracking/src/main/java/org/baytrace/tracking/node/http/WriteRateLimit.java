package org.baytrace.tracking.node.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.UriInfo;
import java.util.Set;
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

  /** Organisations are few; callers without authentication share one bucket. */
  private static final int MAX_ORGS = 10_000;

  private final TokenBuckets buckets;

  WriteRateLimit(int perMinute, int burst, LongSupplier nanoClock) {
    this.buckets = new TokenBuckets(perMinute, burst, MAX_ORGS, nanoClock);
  }

  @Override
  public void filter(ContainerRequestContext request) {
    if (!WRITES.contains(request.getMethod())) {
      return;
    }
    Caller caller = Caller.of(request.getSecurityContext().getUserPrincipal());
    String org = caller == null ? "" : caller.org();
    long seconds = buckets.take(org);
    if (seconds > 0) {
      UriInfo uri = request.getUriInfo();
      Problem p = Problem.of(LedgerError.TOO_MANY_REQUESTS, "organisation \"" + org + "\": got more than "
          + buckets.perMinute() + " writes a minute (bursts of " + buckets.burst() + "), the limit"
          + " (limits.writes_per_minute_per_org); retry after " + seconds + " s", "/" + uri.getPath());
      request.abortWith(p.toResponse().header("Retry-After", Long.toString(seconds)).build());
    }
  }
}
