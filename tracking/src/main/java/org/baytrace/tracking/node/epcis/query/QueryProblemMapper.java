package org.baytrace.tracking.node.epcis.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.baytrace.tracking.domain.epcis.query.ProjectedEvent;
import org.baytrace.tracking.domain.epcis.query.QueryException;
import org.baytrace.tracking.domain.epcis.query.QueryParameterException;
import org.baytrace.tracking.domain.epcis.query.QueryTooLargeException;

/**
 * EPCIS query exceptions as RFC 7807 problem JSON, in the node's problem shape ({@code type},
 * {@code title}, {@code status}, {@code detail}, {@code instance}, {@code reason}, {@code
 * parameter}) with the {@code type} the EPCIS REST binding gives them: {@code
 * epcisException:QueryParameterException} (400), {@code epcisException:QueryTooLargeException}
 * (413). Stateless; thread-safe.
 */
public final class QueryProblemMapper implements ExceptionMapper<QueryException> {
  static final String PROBLEM_JSON = "application/problem+json";

  @Context private UriInfo uri;

  @Override
  public Response toResponse(QueryException e) {
    ObjectNode n = ProjectedEvent.JSON.createObjectNode();
    n.put("type", "epcisException:" + e.epcisException());
    n.put("title", title(e.epcisException()));
    n.put("status", e.httpStatus());
    n.put("detail", e.getMessage());
    String path = instance();
    if (path != null) {
      n.put("instance", path);
    }
    n.put("reason", e.reason());
    n.put("parameter", e.parameter());
    return Response.status(e.httpStatus()).type(PROBLEM_JSON).header(HttpHeaders.CACHE_CONTROL, "no-store")
        .entity(n.toString()).build();
  }

  /** {@code QueryParameterException} → {@code Query parameter exception}. */
  static String title(String exception) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < exception.length(); i++) {
      char c = exception.charAt(i);
      if (i > 0 && Character.isUpperCase(c)) {
        sb.append(' ').append(Character.toLowerCase(c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private String instance() {
    try {
      return uri == null ? null : "/" + uri.getPath(false);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
