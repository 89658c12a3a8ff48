package org.baytrace.tracking.node.http;

import org.baytrace.ledger.error.LedgerError;

/**
 * A request parameter that is missing, malformed or out of range. The message follows
 * {@code name: got X, want Y}; {@link #parameter()} is the name as the client spelled it (a
 * path or query parameter). Reported with the HTTP status of its {@link LedgerError}.
 */
final class ParameterException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final LedgerError error;
  private final String parameter;

  ParameterException(LedgerError error, String parameter, String message) {
    super(message, null, false, false); // a client error: no stack trace to fill
    this.error = error;
    this.parameter = parameter;
  }

  LedgerError error() {
    return error;
  }

  String parameter() {
    return parameter;
  }
}
