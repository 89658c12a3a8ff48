package org.baytrace.tracking.node.epcis.subscription;

import jakarta.ws.rs.WebApplicationException;
import org.baytrace.tracking.node.epcis.query.QueryProblemMapper;

/** The problem JSON answers of subscription requests, in the EPCIS exception types the query interface uses. */
final class SubscriptionException {
  private SubscriptionException() {}

  /** 400 {@code epcisException:ValidationException} naming the member at fault. */
  static WebApplicationException invalid(String parameter, String detail) {
    return QueryProblemMapper.problem(400, "ValidationException", "INVALID_ARGUMENT", parameter, detail);
  }

  /** 403 {@code epcisException:SecurityException}: the organisation may not do this (a destination it may not use). */
  static WebApplicationException forbidden(String parameter, String detail) {
    return QueryProblemMapper.problem(403, "SecurityException", "PERMISSION_DENIED", parameter, detail);
  }

  /** 404 {@code epcisException:NoSuchResourceException}. */
  static WebApplicationException notFound(String parameter, String detail) {
    return QueryProblemMapper.problem(404, "NoSuchResourceException", "NOT_FOUND", parameter, detail);
  }

  /** 503 {@code epcisException:ImplementationException}. */
  static WebApplicationException unavailable(String detail) {
    return QueryProblemMapper.problem(503, "ImplementationException", "UNAVAILABLE", null, detail);
  }
}
