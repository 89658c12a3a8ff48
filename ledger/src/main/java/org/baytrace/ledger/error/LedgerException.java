package org.baytrace.ledger.error;

import java.util.Objects;

/**
 * A request the ledger refuses or cannot serve, with the {@link LedgerError} that says how to
 * report it. Messages follow "field: got X, want Y" where there is a value to show.
 */
public final class LedgerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final LedgerError error;

  public LedgerException(LedgerError error, String message) {
    super(message);
    this.error = Objects.requireNonNull(error);
  }

  public LedgerException(LedgerError error, String message, Throwable cause) {
    super(message, cause);
    this.error = Objects.requireNonNull(error);
  }

  public LedgerError error() {
    return error;
  }

  @Override
  public String toString() {
    return error + ": " + getMessage();
  }
}
