package org.baytrace.tracking.node.epcis.capture;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * Answers a {@link CaptureProblem} with its problem JSON, the request path as {@code instance}.
 * Everything else (unknown paths, wrong methods, unexpected errors) is left to the HTTP server's
 * own mappers. Stateless; thread-safe.
 */
public final class CaptureProblemMapper implements ExceptionMapper<CaptureProblem> {
  @Context private UriInfo uri;

  @Override
  public Response toResponse(CaptureProblem problem) {
    String instance;
    try {
      instance = "/" + uri.getPath(false);
    } catch (RuntimeException e) {
      instance = null; // no request in scope
    }
    return problem.toResponse(instance);
  }
}
