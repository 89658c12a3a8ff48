package org.baytrace.tracking.node.http;

import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.tracking.domain.common.Quoted;

/**
 * Parses request parameters from their raw text, so that every refusal names the parameter as
 * the client spelled it and the value it sent ({@code name: got X, want Y}). Pure; thread-safe.
 */
final class Params {
  private static final int MAX_DIGITS = 19; // Long.MAX_VALUE has 19 digits

  private Params() {}

  /** A required non-negative integer (an index or a tree size). */
  static long nonNegative(String name, String raw) {
    if (raw == null) {
      throw invalid(name, name + ": missing, want a non-negative integer");
    }
    if (raw.isEmpty() || raw.length() > MAX_DIGITS + 1 || !raw.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw invalid(name, name + ": got " + Quoted.of(raw) + ", want a non-negative integer");
    }
    try {
      return Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw invalid(name, name + ": got " + Quoted.of(raw) + ", want a non-negative integer below 2^63");
    }
  }

  /** A required positive integer. */
  static long positive(String name, String raw) {
    long v = nonNegative(name, raw);
    if (v == 0) {
      throw invalid(name, name + ": got 0, want a positive integer");
    }
    return v;
  }

  /**
   * The one value of a query parameter, or null if it is absent. A parameter given more than once
   * is refused: which of the values was meant is not ours to guess.
   */
  static String single(MultivaluedMap<String, String> query, String name) {
    List<String> values = query.get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw invalid(name, name + ": given " + values.size() + " times (" + values.stream().map(Quoted::of).toList()
          + "), want it once");
    }
    return values.get(0);
  }

  /** A required query parameter holding a non-negative integer. */
  static long requiredNonNegative(MultivaluedMap<String, String> query, String name, String meaning) {
    String raw = single(query, name);
    if (raw == null) {
      throw invalid(name, name + ": missing, want " + meaning + " (a non-negative integer)");
    }
    return nonNegative(name, raw);
  }

  static ParameterException invalid(String name, String message) {
    return new ParameterException(LedgerError.INVALID_ARGUMENT, name, message);
  }

  static ParameterException outOfRange(LedgerError error, String name, String message) {
    return new ParameterException(error, name, message);
  }
}
