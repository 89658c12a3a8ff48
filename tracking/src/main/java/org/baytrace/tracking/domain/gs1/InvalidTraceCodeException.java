package org.baytrace.tracking.domain.gs1;

/**
 * A GS1 identifier, EPC URI or GS1 Digital Link URI that is malformed, or that cannot be
 * converted as asked. The message names the input and the reason, for example {@code GTIN
 * 09506000134353: check digit 3, want 2}.
 */
public final class InvalidTraceCodeException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidTraceCodeException(String message) {
    super(message);
  }
}
