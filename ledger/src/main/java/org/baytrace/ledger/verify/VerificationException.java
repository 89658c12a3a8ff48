package org.baytrace.ledger.verify;

import java.util.Objects;

/**
 * A proof, signature, note or receipt did not verify. {@link #failure()} names the check that
 * failed; the message gives the expected and the computed values where there are any.
 * Verification code never returns a boolean: it returns normally or throws this.
 */
public final class VerificationException extends Exception {
  private static final long serialVersionUID = 1L;

  private final Failure failure;

  public VerificationException(Failure failure, String message) {
    super(failure + ": " + message);
    this.failure = Objects.requireNonNull(failure);
  }

  public Failure failure() {
    return failure;
  }
}
