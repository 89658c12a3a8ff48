package org.baytrace.tracking.node.epcis.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.WebApplicationException;
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

  /** 404 {@code epcisException:NoSuchResourceException} naming what was not found. */
  static WebApplicationException notFound(String parameter, String detail) {
    return problem(404, "NoSuchResourceException", "NOT_FOUND", parameter, detail);
  }

  /** 406 {@code epcisException:NotAcceptableException}: a representation this node cannot give. */
  static WebApplicationException notAcceptable(String header, String detail) {
    return problem(406, "NotAcceptableException", "NOT_ACCEPTABLE", header, detail);
  }

  /** 409 {@code epcisException:ResourceAlreadyExistsException}. */
  static WebApplicationException alreadyExists(String parameter, String detail) {
    return problem(409, "ResourceAlreadyExistsException", "ALREADY_EXISTS", parameter, detail);
  }

  /** 400 {@code epcisException:ValidationException} of a request body or header. */
  static WebApplicationException invalid(String parameter, String detail) {
    return problem(400, "ValidationException", "INVALID_ARGUMENT", parameter, detail);
  }

  public static WebApplicationException problem(int status, String exception, String reason, String parameter,
      String detail) {
    ObjectNode n = ProjectedEvent.JSON.createObjectNode();
    n.put("type", "epcisException:" + exception);
    n.put("title", title(exception));
    n.put("status", status);
    n.put("detail", detail);
    n.put("reason", reason);
    if (parameter != null) {
      n.put("parameter", parameter);
    }
    return new WebApplicationException(detail, null, Response.status(status).type(PROBLEM_JSON)
        .header(HttpHeaders.CACHE_CONTROL, "no-store").entity(n.toString()).build());
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
