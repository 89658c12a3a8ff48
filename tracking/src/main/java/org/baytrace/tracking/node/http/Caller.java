package org.baytrace.tracking.node.http;

import java.security.Principal;
import java.util.Objects;

/**
 * Who an HTTP request acts for: one organisation of the registry, and how it proved that.
 * Resources read it as the request's {@link jakarta.ws.rs.core.SecurityContext#getUserPrincipal()};
 * {@link #of(Principal)} turns that back into a caller. Immutable.
 *
 * @param org the registered org id
 * @param proof {@code "bearer token"}, {@code "client certificate"} or {@code "anonymous local"}
 */
public record Caller(String org, String proof) implements Principal {
  public static final String TOKEN = "bearer token";
  public static final String CERTIFICATE = "client certificate";
  public static final String ANONYMOUS_LOCAL = "anonymous local";

  public Caller {
    Objects.requireNonNull(org, "org");
    Objects.requireNonNull(proof, "proof");
  }

  @Override
  public String getName() {
    return org;
  }

  /** The caller a request's principal is, or null if the request carries none (no authentication ran). */
  public static Caller of(Principal p) {
    return p instanceof Caller c ? c : null;
  }
}
