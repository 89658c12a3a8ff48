package org.baytrace.tracking.domain.epcis.query;

import org.baytrace.ledger.error.LedgerError;

/**
 * A query parameter that is unknown, unsupported, malformed, out of range, or in conflict with
 * another (EPCIS 2.0 QueryParameterException): HTTP 400, gRPC INVALID_ARGUMENT.
 */
public final class QueryParameterException extends QueryException {
  private static final long serialVersionUID = 1L;

  public QueryParameterException(String parameter, String message) {
    super(parameter, message);
  }

  @Override
  public String epcisException() {
    return "QueryParameterException";
  }

  @Override
  public String reason() {
    return LedgerError.INVALID_ARGUMENT.name();
  }

  @Override
  public int httpStatus() {
    return LedgerError.INVALID_ARGUMENT.httpStatus();
  }

  @Override
  public int grpcCode() {
    return LedgerError.INVALID_ARGUMENT.grpcCode();
  }
}
