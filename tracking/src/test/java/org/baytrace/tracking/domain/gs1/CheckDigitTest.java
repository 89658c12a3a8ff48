package org.baytrace.tracking.domain.gs1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CheckDigitTest {
  // Known answers; reproduce any with:
  // python3 -c "s='0950600013435';print((10-sum(int(c)*(3 if i%2==0 else 1) for i,c in enumerate(reversed(s)))%10)%10)"
  @ParameterizedTest
  @CsvSource({
    "0950600013435, 2", // GS1's example GTIN 09506000134352
    "950600013435, 2", // GS1's example GLN 9506000134352
    "09506000134399999, 8", // GS1's example SSCC is printed as ...999999; the right one ends in 8
    "1061414107346, 4", // GTIN 10614141073464 (EPCIS examples)
    "061414107346, 7", // GLN 0614141073467
    "9638507, 4", // GTIN-8 96385074
    "03600029145, 2", // UPC-A 036000291452
    "400638133393, 1", // GTIN-13 4006381333931
    "0, 0"
  })
  void compute_knownAnswers(String digits, int want) {
    assertEquals(want, CheckDigit.compute(digits));
  }

  @Test
  void isValid_gs1Examples() {
    assertTrue(CheckDigit.isValid("09506000134352"));
    assertTrue(CheckDigit.isValid("9506000134352"));
    assertTrue(CheckDigit.isValid("095060001343999998"));
    assertFalse(CheckDigit.isValid("095060001343999999"));
    assertFalse(CheckDigit.isValid("0950600013435x"));
    assertFalse(CheckDigit.isValid("5"));
  }

  @Test
  void verify_wrongCheckDigit_namesKeyGotAndWant() {
    InvalidTraceCodeException e =
        assertThrows(
            InvalidTraceCodeException.class,
            () -> CheckDigit.verify("GTIN", "09506000134353", 14));
    assertEquals("GTIN 09506000134353: check digit 3, want 2", e.getMessage());
  }

  @Test
  void verify_gs1ExampleSscc_isRejectedForItsCheckDigit() {
    InvalidTraceCodeException e =
        assertThrows(
            InvalidTraceCodeException.class,
            () -> CheckDigit.verify("SSCC", "095060001343999999", 18));
    assertEquals("SSCC 095060001343999999: check digit 9, want 8", e.getMessage());
  }

  @Test
  void verify_wrongLength_isRejected() {
    InvalidTraceCodeException e =
        assertThrows(
            InvalidTraceCodeException.class, () -> CheckDigit.verify("GLN", "950600013435", 13));
    assertEquals("GLN 950600013435: length 12, want 13 digits", e.getMessage());
  }

  @Test
  void verify_nonDigit_isRejected() {
    InvalidTraceCodeException e =
        assertThrows(
            InvalidTraceCodeException.class, () -> CheckDigit.verify("GLN", "95060001343A2", 13));
    assertEquals(
        "GLN 95060001343A2: character 'A' at position 12 is not a digit", e.getMessage());
  }

  @Test
  void compute_emptyOrNonDigit_isRejected() {
    assertThrows(InvalidTraceCodeException.class, () -> CheckDigit.compute(""));
    assertThrows(InvalidTraceCodeException.class, () -> CheckDigit.compute("12a"));
  }

  /** Naive reference: the GS1 table form (positions counted from the left of an 18-digit field). */
  @Test
  void compute_matchesPositionTableForm_forManyKeys() {
    java.util.Random random = new java.util.Random(42);
    for (int n = 0; n < 2000; n++) {
      int len = 1 + random.nextInt(17);
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < len; i++) {
        sb.append((char) ('0' + random.nextInt(10)));
      }
      String padded = "0".repeat(17 - len) + sb;
      int sum = 0;
      for (int i = 0; i < 17; i++) {
        sum += (padded.charAt(i) - '0') * (i % 2 == 0 ? 3 : 1);
      }
      int want = (10 - sum % 10) % 10;
      assertEquals(want, CheckDigit.compute(sb), sb.toString());
    }
  }
}
