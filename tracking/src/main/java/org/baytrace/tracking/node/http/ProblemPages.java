package org.baytrace.tracking.node.http;

import java.util.logging.Level;
import org.glassfish.grizzly.http.server.ErrorPageGenerator;
import org.glassfish.grizzly.http.server.Request;

/**
 * Grizzly's error "page" for requests that fail before they reach Jersey (a malformed request
 * URI, for example): problem JSON instead of Grizzly's HTML page. Stateless; thread-safe.
 */
final class ProblemPages implements ErrorPageGenerator {
  static final ProblemPages INSTANCE = new ProblemPages();

  private ProblemPages() {}

  @Override
  public String generate(Request request, int status, String reasonPhrase, String description, Throwable exception) {
    if (status >= 500) {
      ProblemMappers.LOG.log(Level.SEVERE, "HTTP " + status + " before the request reached Jersey: " + description, exception);
    }
    String reason = switch (status) {
      case 404 -> org.baytrace.ledger.error.LedgerError.NOT_FOUND.name();
      case 405 -> Problem.METHOD_NOT_ALLOWED;
      default -> status >= 500 ? Problem.INTERNAL : org.baytrace.ledger.error.LedgerError.INVALID_ARGUMENT.name();
    };
    String detail = status >= 500 ? "HTTP " + status + " " + reasonPhrase
        : "request: " + (description == null || description.isBlank() ? reasonPhrase : description);
    if (request != null) {
      request.getResponse().setContentType(Problem.MEDIA_TYPE);
      request.getResponse().setCharacterEncoding("UTF-8");
      request.getResponse().setHeader("Cache-Control", "no-store");
    }
    return new Problem(status, reason, detail, null, null).toJson();
  }
}
