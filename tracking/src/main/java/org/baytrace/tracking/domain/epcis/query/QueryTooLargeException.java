package org.baytrace.tracking.domain.epcis.query;

import org.baytrace.ledger.error.LedgerError;

/**
 * A query that matches more events than its {@code maxEventCount} allows (EPCIS 2.0
 * QueryTooLargeException): HTTP 413, gRPC RESOURCE_EXHAUSTED.
 */
public final class QueryTooLargeException extends QueryException {
  private static final long serialVersionUID = 1L;

  public QueryTooLargeException(String parameter, String message) {
    super(parameter, message);
  }

  @Override
  public String epcisException() {
    return "QueryTooLargeException";
  }

  @Override
  public String reason() {
    return "QUERY_TOO_LARGE";
  }

  @Override
  public int httpStatus() {
    return 413;
  }

  @Override
  public int grpcCode() {
    return LedgerError.Code.RESOURCE_EXHAUSTED;
  }
}
