package org.baytrace.tracking.domain.gs1;

/**
 * The GS1 mod-10 check digit (GS1 General Specifications §7.9.1) shared by GTIN, SSCC, GLN and
 * the other numeric GS1 keys: from the right, digits are weighted 3, 1, 3, 1, ...; the check
 * digit brings the weighted sum up to a multiple of ten. Stateless.
 */
public final class CheckDigit {
  private CheckDigit() {}

  /**
   * Computes the check digit for a string of decimal digits that does not yet carry one.
   *
   * @throws InvalidTraceCodeException if {@code digits} is empty or holds a non-digit
   */
  public static int compute(CharSequence digits) {
    if (digits.length() == 0) {
      throw new InvalidTraceCodeException("check digit: no digits given");
    }
    int sum = 0;
    int weight = 3;
    for (int i = digits.length() - 1; i >= 0; i--) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        throw new InvalidTraceCodeException(
            "check digit: character '" + c + "' at position " + (i + 1) + " is not a digit");
      }
      sum += (c - '0') * weight;
      weight = 4 - weight;
    }
    return (10 - sum % 10) % 10;
  }

  /** Returns {@code digits} followed by their check digit. */
  public static String append(String digits) {
    return digits + compute(digits);
  }

  /** True if {@code key} is all digits and its last digit is the right check digit. */
  public static boolean isValid(String key) {
    if (key.length() < 2 || !isDigits(key)) {
      return false;
    }
    return compute(key.subSequence(0, key.length() - 1)) == key.charAt(key.length() - 1) - '0';
  }

  /**
   * Checks a complete numeric key (check digit last).
   *
   * @param kind what the key is, for the message ({@code "GTIN"}, {@code "SSCC"}, ...)
   * @param key the digits, check digit last
   * @param length the required number of digits
   * @throws InvalidTraceCodeException naming the key, e.g. {@code GTIN 09506000134353: check digit
   *     3, want 2}
   */
  public static void verify(String kind, String key, int length) {
    if (!isDigits(key)) {
      throw new InvalidTraceCodeException(kind + " " + key + ": " + describeNonDigit(key));
    }
    if (key.length() != length) {
      throw new InvalidTraceCodeException(
          kind + " " + key + ": length " + key.length() + ", want " + length + " digits");
    }
    int want = compute(key.subSequence(0, length - 1));
    int got = key.charAt(length - 1) - '0';
    if (want != got) {
      throw new InvalidTraceCodeException(
          kind + " " + key + ": check digit " + got + ", want " + want);
    }
  }

  static boolean isDigits(CharSequence s) {
    if (s.length() == 0) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  static String describeNonDigit(String s) {
    if (s.isEmpty()) {
      return "empty, want digits";
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return "character '" + c + "' at position " + (i + 1) + " is not a digit";
      }
    }
    return "digits only";
  }
}
