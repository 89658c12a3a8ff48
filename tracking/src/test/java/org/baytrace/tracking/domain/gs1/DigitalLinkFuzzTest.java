package org.baytrace.tracking.domain.gs1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the GS1 Digital Link parser with arbitrary text, as it arrives in resolver URLs, EPCIS
 * identifiers and QR codes, compressed Digital Links included: whatever parses has a canonical and
 * a compressed form that both parse back to the same link. Seeds: {@code DigitalLinkFuzzTestInputs/}; see docs/FUZZING.md.
 */
class DigitalLinkFuzzTest {

  @FuzzTest(maxDuration = "10m")
  void anyText_isParsedToACanonicalLinkThatParsesBackTheSame_orRefusedAsInvalidTraceCode(byte[] input) {
    String uri = new String(input, StandardCharsets.UTF_8);
    DigitalLink link;
    try {
      link = DigitalLink.parse(uri);
    } catch (InvalidTraceCodeException e) {
      assertFalse(e.getMessage() == null || e.getMessage().isEmpty(), "a refusal says what is wrong");
      return;
    }
    assertFalse(link.elements().isEmpty());
    assertEquals(link, DigitalLink.parse(link.toUri()), "the canonical URI means the same");
    assertEquals(link, DigitalLink.parse(DigitalLinkCompression.compress(link)), "so does its compressed form");
    try {
      link.verifyCheckDigits();
    } catch (InvalidTraceCodeException e) {
      assertFalse(e.getMessage() == null || e.getMessage().isEmpty(), "a refusal says what is wrong");
    }
  }
}
