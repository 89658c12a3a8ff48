package org.baytrace.tracking.domain.common;

import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;

/**
 * Field checks shared by the domain profiles, and the one way they refuse a field: {@code
 * INVALID_FIELD} with a message {@code field: got X, want Y}. Stateless.
 */
public final class Fields {
  private Fields() {}

  /** The refusal of {@code field}: {@code field: got <got>, want <want>}. */
  public static LedgerException invalid(String field, String got, String want) {
    return invalid(field + ": got " + got + ", want " + want);
  }

  /** The refusal of a field whose message already reads {@code field: got X, want Y}. */
  public static LedgerException invalid(String message) {
    return new LedgerException(LedgerError.INVALID_FIELD, message);
  }

  /**
   * A text of {@code min} to {@code max} characters on one line (no control characters), or
   * {@code field: got "<value>", want <min> to <max> characters on one line}.
   */
  public static void text(String field, String value, int min, int max) {
    if (value.length() < min || value.length() > max || value.chars().anyMatch(Character::isISOControl)) {
      throw invalid(field, Quoted.of(value), min + " to " + max + " characters on one line");
    }
  }
}
