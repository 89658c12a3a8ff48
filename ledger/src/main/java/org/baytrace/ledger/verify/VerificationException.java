package org.baytrace.ledger.verify;

import java.util.Objects;

/**
 * A proof, signature, note or receipt did not verify. {@link #failure()} names the check that
 * failed and {@link #detail()} gives the expected and the computed values where there are any;
 * the message is both, {@code "FAILURE: detail"}. Verification code never returns a boolean: it
 * returns normally or throws this.
 */
public final class VerificationException extends Exception {
  private static final long serialVersionUID = 1L;

  private final Failure failure;
  private final String detail;

  public VerificationException(Failure failure, String detail) {
    super(failure + ": " + detail);
    this.failure = Objects.requireNonNull(failure);
    this.detail = Objects.requireNonNull(detail);
  }

  public Failure failure() {
    return failure;
  }

  /** What failed, without the failure's name: {@code field: got X, want Y}. */
  public String detail() {
    return detail;
  }
}
