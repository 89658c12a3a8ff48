package org.baytrace.tracking.node.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.Objects;
import java.util.Set;

/**
 * Authenticates every request that acts for an organisation: every write (any method but GET,
 * HEAD and OPTIONS, on every route, so a new write route is covered without a line here) and
 * the reads of capture jobs ({@code GET /capture}, {@code GET /capture/{id}}) and of named
 * queries ({@code GET /queries…}), which show a caller its own only. The caller becomes the request's {@link SecurityContext} principal
 * (a {@link Caller}). Without a credential: 401 problem JSON with
 * {@code WWW-Authenticate: Bearer realm="baytrace"}; with one that proves nothing: 401 with
 * {@code error="invalid_token"} (RFC 6750). Whether the org may then write what it sent is the
 * author policy's call (403 naming the rule).
 *
 * <p>Runs after resource matching, so unknown routes and methods keep their 404 and 405. The
 * client certificate chain is the one the TLS handshake verified against the listener's
 * {@code client_ca_file}, which the server puts in {@link ClientCertificates#PROPERTY}. Thread-safe.
 */
@Priority(Priorities.AUTHENTICATION)
public final class CallerFilter implements ContainerRequestFilter {
  private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

  private final Authenticator authenticator;

  public CallerFilter(Authenticator authenticator) {
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
  }

  /** True for a request that must name its organisation. */
  static boolean actsForAnOrg(String method, String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    return !READS.contains(method) || (!method.equals("OPTIONS") && (p.equals("capture") || p.startsWith("capture/")
        || p.equals("queries") || p.startsWith("queries/")));
  }

  /** The 401 problem of an outcome that authenticated no one. */
  static Problem refusal(Authenticator.Outcome refused, String instance) {
    String detail = refused instanceof Authenticator.Missing m ? m.detail() : ((Authenticator.Invalid) refused).detail();
    return new Problem(401, Problem.UNAUTHENTICATED, detail, instance, null);
  }

  /** The {@code WWW-Authenticate} challenge of an outcome that authenticated no one (RFC 6750). */
  static String challenge(Authenticator.Outcome refused) {
    return "Bearer realm=\"" + Authenticator.REALM + "\""
        + (refused instanceof Authenticator.Invalid ? ", error=\"invalid_token\"" : "");
  }

  @Override
  public void filter(ContainerRequestContext request) {
    if (!actsForAnOrg(request.getMethod(), request.getUriInfo().getPath())) {
      return;
    }
    Authenticator.Outcome outcome = authenticator.authenticate(request.getHeaderString(HttpHeaders.AUTHORIZATION),
        ClientCertificates.of(request.getProperty(ClientCertificates.PROPERTY)));
    String instance = "/" + request.getUriInfo().getPath();
    if (!(outcome instanceof Authenticator.Authenticated)) {
      request.abortWith(refusal(outcome, instance).toResponse().header(HttpHeaders.WWW_AUTHENTICATE, challenge(outcome))
          .build());
    } else if (outcome instanceof Authenticator.Authenticated a) {
      boolean secure = request.getSecurityContext().isSecure();
      request.setSecurityContext(new SecurityContext() {
        @Override
        public Principal getUserPrincipal() {
          return a.caller();
        }

        @Override
        public boolean isUserInRole(String role) {
          return false;
        }

        @Override
        public boolean isSecure() {
          return secure;
        }

        @Override
        public String getAuthenticationScheme() {
          return a.caller().proof().equals(Caller.CERTIFICATE) ? SecurityContext.CLIENT_CERT_AUTH : "Bearer";
        }
      });
    }
  }
}
