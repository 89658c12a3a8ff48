package org.baytrace.tracking.domain.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How every error message of the node shows a client's value (one helper for all of them). */
class QuotedTest {

  @Test
  void shortValue_isShownWhole_inDoubleQuotes() {
    assertEquals("\"MSCU1234566\"", Quoted.of("MSCU1234566"));
    assertEquals("\"\"", Quoted.of(""));
  }

  @Test
  void quotesBackslashesAndControlCharacters_areEscaped_soAValueCannotForgeAMessage() {
    assertEquals("\"a\\\"b\\\\c\\u0000\\u000a\\u0085\"", Quoted.of("a\"b\\c\u0000\n\u0085"));
  }

  @Test
  void valueOf64Characters_isShownWhole() {
    String v = "x".repeat(64);
    assertEquals("\"" + v + "\"", Quoted.of(v));
  }

  @Test
  void longerValue_isCutTo61Characters_andThreeDots() {
    assertEquals("\"" + "y".repeat(61) + "...\"", Quoted.of("y".repeat(65)));
    assertEquals("\"" + "z".repeat(61) + "...\"", Quoted.of("z".repeat(10_000)));
  }
}
