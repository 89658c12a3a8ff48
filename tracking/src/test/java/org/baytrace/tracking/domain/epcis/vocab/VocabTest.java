package org.baytrace.tracking.domain.epcis.vocab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** One reading of CBV values for the queries, the consumer page and the cold-chain verdicts. */
class VocabTest {

  @Test
  void everySpellingOfAStandardBizStep_isTheBareWord() {
    for (String s : List.of("shipping", " shipping ", "urn:epcglobal:cbv:bizstep:shipping", "URN:EPCGLOBAL:CBV:BIZSTEP:shipping",
        "https://ref.gs1.org/cbv/BizStep-shipping", "http://ref.gs1.org/cbv/BizStep-shipping",
        "https://gs1.org/voc/BizStep-shipping", "http://gs1.org/voc/BizStep-shipping", "cbv:BizStep-shipping",
        "gs1:BizStep-shipping")) {
      assertEquals("shipping", Vocab.bizStep(s), s);
      assertEquals("shipping", Vocab.cbvTerm(Vocab.bizStep(s)), s);
    }
  }

  @Test
  void dispositionsAndErrorReasons_likewise() {
    assertEquals("in_transit", Vocab.disposition("gs1:Disp-in_transit"));
    assertEquals("in_transit", Vocab.disposition("urn:epcglobal:cbv:disp:in_transit"));
    assertEquals("incorrect_data", Vocab.errorReason("https://ref.gs1.org/cbv/ER-incorrect_data"));
    assertEquals("incorrect_data", Vocab.errorReason("urn:epcglobal:cbv:er:incorrect_data"));
  }

  @Test
  void aCustomValue_isKeptAsGiven_andIsNoCbvTerm() {
    assertEquals("https://example.org/steps/secretStep", Vocab.bizStep("https://example.org/steps/secretStep"));
    assertNull(Vocab.cbvTerm(Vocab.bizStep("https://example.org/steps/secretStep")));
    assertNull(Vocab.cbvTerm(Vocab.bizStep("urn:example:x")));
    assertNull(Vocab.bizStep(null));
    assertNull(Vocab.cbvTerm(null));
  }

  @Test
  void temperatureTypes() {
    assertTrue(Vocab.isTemperature("Temperature"));
    assertTrue(Vocab.isTemperature("gs1:Temperature"));
    assertTrue(Vocab.isTemperature("https://gs1.org/voc/Temperature"));
    assertFalse(Vocab.isTemperature("gs1:Humidity"));
  }
}
