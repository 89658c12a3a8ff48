package org.baytrace.tracking.domain.gs1;

/**
 * A Global Trade Item Number, always held as 14 digits (GTIN-8, -12 and -13 are padded with
 * leading zeros, as GS1 Digital Link and EPC URIs do). The check digit is verified on
 * construction. Immutable.
 *
 * @param digits the 14 digits, check digit last
 */
public record Gtin(String digits) {
  /**
   * @throws InvalidTraceCodeException unless {@code digits} is 14 digits with a valid check digit
   */
  public Gtin {
    CheckDigit.verify("GTIN", digits, 14);
  }

  /**
   * Parses a GTIN-8, GTIN-12, GTIN-13 or GTIN-14 and pads it to 14 digits.
   *
   * @throws InvalidTraceCodeException naming the input and the problem, e.g. {@code GTIN
   *     09506000134353: check digit 3, want 2}
   */
  public static Gtin parse(String gtin) {
    if (!CheckDigit.isDigits(gtin)) {
      throw new InvalidTraceCodeException("GTIN " + gtin + ": " + CheckDigit.describeNonDigit(gtin));
    }
    int n = gtin.length();
    if (n != 8 && n != 12 && n != 13 && n != 14) {
      throw new InvalidTraceCodeException(
          "GTIN " + gtin + ": length " + n + ", want 8, 12, 13 or 14 digits");
    }
    CheckDigit.verify("GTIN", gtin, n);
    return new Gtin("0".repeat(14 - n) + gtin);
  }

  /**
   * Builds the GTIN-14 from the fields of an SGTIN or LGTIN EPC URI: indicator digit (or
   * padding zero), company prefix, item reference; the check digit is computed.
   */
  static Gtin fromEpcFields(String companyPrefix, String indicatorAndItemRef) {
    return new Gtin(
        CheckDigit.append(
            indicatorAndItemRef.charAt(0) + companyPrefix + indicatorAndItemRef.substring(1)));
  }

  /** The indicator digit (the first of the 14; {@code 0} for a padded GTIN-8/12/13). */
  public char indicator() {
    return digits.charAt(0);
  }

  /** The digits an EPC URI's company prefix starts at: the 13 after the indicator digit. */
  String withoutIndicator() {
    return digits.substring(1);
  }

  @Override
  public String toString() {
    return digits;
  }
}
