package org.baytrace.tracking.domain.gs1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GtinTest {
  @ParameterizedTest
  @CsvSource({
    "09506000134352, 09506000134352",
    "9506000134352, 09506000134352",
    "036000291452, 00036000291452",
    "96385074, 00000096385074",
    "10614141073464, 10614141073464"
  })
  void parse_paddsTo14Digits(String input, String want) {
    assertEquals(want, Gtin.parse(input).digits());
  }

  @Test
  void parse_wrongCheckDigit_isRejectedWithGotAndWant() {
    InvalidTraceCodeException e =
        assertThrows(InvalidTraceCodeException.class, () -> Gtin.parse("09506000134353"));
    assertEquals("GTIN 09506000134353: check digit 3, want 2", e.getMessage());
  }

  @Test
  void parse_shorterGtins_checkTheirOwnCheckDigit_andOtherLengthsAreRejected() {
    InvalidTraceCodeException e =
        assertThrows(InvalidTraceCodeException.class, () -> Gtin.parse("0950600013435"));
    assertEquals("GTIN 0950600013435: check digit 5, want 9", e.getMessage());
    e = assertThrows(InvalidTraceCodeException.class, () -> Gtin.parse("095060001343"));
    assertEquals("GTIN 095060001343: check digit 3, want 0", e.getMessage());
    e = assertThrows(InvalidTraceCodeException.class, () -> Gtin.parse("1234567890"));
    assertEquals("GTIN 1234567890: length 10, want 8, 12, 13 or 14 digits", e.getMessage());
  }

  @Test
  void parse_nonDigit_isRejected() {
    InvalidTraceCodeException e =
        assertThrows(InvalidTraceCodeException.class, () -> Gtin.parse("0950600013435X"));
    assertEquals(
        "GTIN 0950600013435X: character 'X' at position 14 is not a digit", e.getMessage());
    assertThrows(InvalidTraceCodeException.class, () -> Gtin.parse(""));
  }

  @Test
  void constructor_requires14DigitsWithCheckDigit() {
    assertThrows(InvalidTraceCodeException.class, () -> new Gtin("9506000134352"));
    assertThrows(InvalidTraceCodeException.class, () -> new Gtin("09506000134351"));
    assertEquals('1', new Gtin("10614141073464").indicator());
  }
}
