package org.baytrace.tracking.node.epcis.capture;

import jakarta.ws.rs.core.SecurityContext;
import org.baytrace.tracking.node.http.Caller;

/** The organisation a capture request acts for. Stateless. */
final class CallerOrg {
  private CallerOrg() {}

  /**
   * The caller's org, as the node's {@code CallerFilter} authenticated it.
   *
   * @throws CaptureProblem 401 if no authentication ran (a server without the filter takes no capture)
   */
  static String of(SecurityContext security) {
    Caller caller = security == null ? null : Caller.of(security.getUserPrincipal());
    if (caller == null) {
      throw CaptureProblem.unauthenticated("this server authenticates no caller, so it takes no capture");
    }
    return caller.org();
  }
}
