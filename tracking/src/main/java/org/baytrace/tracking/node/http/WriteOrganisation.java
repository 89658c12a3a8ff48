package org.baytrace.tracking.node.http;

import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * Which organisation an HTTP write acts for, as far as per-organisation limits (the write rate)
 * are concerned. Until HTTP writes authenticate, every write acts for the node's capture
 * organisation ({@link #fixed}); an authenticating filter that runs before the limits can instead
 * name the caller's organisation in the request property {@link #REQUEST_PROPERTY}, which
 * {@link #fromRequestOr} reads. Implementations are thread-safe.
 */
@FunctionalInterface
public interface WriteOrganisation {
  /** The request property an authentication filter sets to the caller's organisation id. */
  String REQUEST_PROPERTY = "org.baytrace.tracking.node.http.organisation";

  /** The organisation {@code request} writes for; never null. */
  String of(ContainerRequestContext request);

  /** Every write acts for {@code org}. */
  static WriteOrganisation fixed(String org) {
    return request -> org;
  }

  /** The organisation an earlier filter put in {@link #REQUEST_PROPERTY}, else {@code fallback}'s. */
  static WriteOrganisation fromRequestOr(WriteOrganisation fallback) {
    return request -> request.getProperty(REQUEST_PROPERTY) instanceof String org ? org : fallback.of(request);
  }
}
