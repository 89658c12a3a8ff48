package org.baytrace.tracking.domain.gs1;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/**
 * Every GS1 key of a Digital Link path and the query-string data attributes, case by case from
 * the data files beside this class (examples of the GS1 Digital Link standard and GS1's toolkit
 * documentation, and what breaks them).
 */
class DigitalLinkConformanceTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvFileSource(resources = "digital-link-paths.csv", delimiter = '|', quoteCharacter = '`')
  void path_isCanonicalisedOrRefusedNamingTheAiAndTheProblem(String input, String expected) {
    if (expected.startsWith("!")) {
      InvalidTraceCodeException e = assertThrows(InvalidTraceCodeException.class, () -> TraceCode.parse(input));
      assertTrue(e.getMessage().contains(expected.substring(1)), e.getMessage());
      return;
    }
    TraceCode code = TraceCode.parse(input);
    DigitalLink link = DigitalLink.parse(input);
    link.verifyCheckDigits();
    assertEquals(expected, link.toUri());
    if (!(code instanceof TraceCode.Unknown)) {
      // the keys TraceCode has a record for give the same canonical form
      assertEquals(expected, code.toDigitalLink());
    }
    // canonical forms are fixed points
    assertEquals(expected, DigitalLink.parse(expected).toUri());
  }

  @ParameterizedTest(name = "?{0}={1} -> {2}")
  @CsvFileSource(resources = "digital-link-attributes.csv", delimiter = '|', quoteCharacter = '`')
  void dataAttribute_isAcceptedOrRefusedWithItsFormat(String ai, String value, String expected) {
    assertTrue(DigitalLinkAttributes.isAi(ai));
    if (expected.equals("ok")) {
      assertDoesNotThrow(() -> DigitalLinkAttributes.check(ai, value));
      return;
    }
    InvalidTraceCodeException e =
        assertThrows(InvalidTraceCodeException.class, () -> DigitalLinkAttributes.check(ai, value));
    assertTrue(e.getMessage().contains(expected.substring(1)), e.getMessage());
  }
}
