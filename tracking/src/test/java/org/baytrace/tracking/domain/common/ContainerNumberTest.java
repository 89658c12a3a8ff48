package org.baytrace.tracking.domain.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.junit.jupiter.api.Test;

/** ISO 6346 container numbers and size-type codes. */
class ContainerNumberTest {
  @Test
  void knownNumbers_haveTheirCheckDigits() {
    // the worked example of ISO 6346 (also on Wikipedia), and BIC's own example
    assertEquals(3, ContainerNumber.checkDigit("CSQU305438"));
    assertEquals(new ContainerNumber("CSQU3054383").urn(), "urn:baytrace:container:CSQU3054383");
    ContainerNumber.parse("c", "BICU1234565");
    // a remainder of 10 becomes check digit 0
    int serial = 0;
    while (letterSum10(String.format("HLXU%06d", serial)) % 11 != 10) {
      serial++;
    }
    assertEquals(0, ContainerNumber.checkDigit(String.format("HLXU%06d", serial)));
  }

  private static int letterSum10(String s) {
    int sum = 0;
    for (int i = 0; i < 10; i++) {
      char c = s.charAt(i);
      sum += (Character.isDigit(c) ? c - '0' : ContainerNumber.letterValue(c)) << i;
    }
    return sum;
  }

  @Test
  void letterValues_skipMultiplesOfEleven() {
    assertEquals(10, ContainerNumber.letterValue('A'));
    assertEquals(12, ContainerNumber.letterValue('B'));
    assertEquals(21, ContainerNumber.letterValue('K'));
    assertEquals(23, ContainerNumber.letterValue('L'));
    assertEquals(32, ContainerNumber.letterValue('U'));
    assertEquals(34, ContainerNumber.letterValue('V'));
    assertEquals(38, ContainerNumber.letterValue('Z'));
  }

  @Test
  void badNumbers_areRefusedSayingWhy() {
    assertEquals("c: got \"CSQU3054384\", want an ISO 6346 container number (check digit 4, want 3)", message("CSQU3054384"));
    assertTrue(message("CSQX3054383").contains("category U, J or Z"));
    assertTrue(message("CS1U3054383").contains("owner code of 3 capital letters"));
    assertTrue(message("CSQU305438").contains("11 characters"));
    assertTrue(message("CSQU30543A3").contains("7 digits"));
  }

  private static String message(String s) {
    LedgerException e = assertThrows(LedgerException.class, () -> ContainerNumber.parse("c", s));
    assertEquals(LedgerError.INVALID_FIELD, e.error());
    return e.getMessage();
  }

  @Test
  void sizeTypes_countTeuAndPlugs() {
    assertEquals(new SizeType("22G1", 1, false), SizeType.parse("s", "22G1"));
    assertEquals(new SizeType("45R1", 2, true), SizeType.parse("s", "45R1"));
    assertEquals(new SizeType("L5G1", 2, false), SizeType.parse("s", "L5G1"));
    assertEquals(new SizeType("42G1", 2, false), SizeType.parse("s", "42G1"));
    assertFalse(SizeType.parse("s", "22R1").teu() != 1);
    assertThrows(LedgerException.class, () -> SizeType.parse("s", "22g1"));
    assertThrows(LedgerException.class, () -> SizeType.parse("s", "M5G1"));
  }
}
