package org.baytrace.tracking.domain.epcis.query;

import java.util.Objects;

/**
 * An EPCIS query the node refuses, as the EPCIS 2.0 query exceptions: {@link
 * QueryParameterException} and {@link QueryTooLargeException}. Reported over HTTP as RFC 7807
 * problem JSON whose {@code type} is the EPCIS binding's ({@code
 * epcisException:QueryParameterException}, ...), and over gRPC with a canonical status code; both
 * carry the {@link #reason()} as in the ledger's error table. Messages follow {@code parameter:
 * got X, want Y}.
 */
public abstract sealed class QueryException extends RuntimeException
    permits QueryParameterException, QueryTooLargeException {
  private static final long serialVersionUID = 1L;

  private final String parameter;

  QueryException(String parameter, String message) {
    super(message, null, false, false); // a client error: no stack trace to fill
    this.parameter = Objects.requireNonNull(parameter, "parameter");
  }

  /** The query parameter at fault, as the EPCIS REST binding names it (e.g. {@code EQ_bizStep}). */
  public String parameter() {
    return parameter;
  }

  /** The EPCIS exception name, e.g. {@code QueryParameterException}. */
  public abstract String epcisException();

  /** The reason clients see (problem JSON {@code reason}, gRPC ErrorInfo reason). */
  public abstract String reason();

  public abstract int httpStatus();

  /** The canonical gRPC status code (google.rpc.Code number). */
  public abstract int grpcCode();
}
