package org.baytrace.tracking.domain.epcis.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.baytrace.tracking.domain.epcis.vocab.Vocab;
import org.junit.jupiter.api.Test;

/** Identifiers compare across EPC URI and Digital Link forms; vocabulary across bare words and URIs. */
class IdsTest {
  @Test
  void epcUriAndDigitalLink_ofOneObject_areOne() {
    String sgtin = Ids.canonical("urn:epc:id:sgtin:0614141.107346.2017");
    assertEquals("https://id.gs1.org/01/10614141073464/21/2017", sgtin);
    assertEquals(sgtin, Ids.canonical("https://example.com/01/10614141073464/21/2017?linkType=all"));
    assertEquals(sgtin, Ids.canonical("https://id.gs1.org/01/10614141073464/10/LOT9/21/2017"), "the lot is dropped");
    assertEquals(Ids.canonical("urn:epc:id:sscc:0614141.1234567890"), Ids.canonical("https://id.gs1.org/00/106141412345678908"));
    assertEquals(Ids.canonical("urn:epc:id:sgln:0614141.07346.1234"), Ids.canonical("/414/0614141073467/254/1234"));
    assertEquals(Ids.canonical("urn:epc:id:grai:0614141.12345.400"), Ids.canonical("https://id.gs1.org/8003/00614141123452400"));
    assertEquals(Ids.canonical("urn:epc:class:lgtin:4012345.012345.998877"),
        Ids.canonical("https://id.gs1.org/01/04012345123456/10/998877"));
    assertEquals("urn:uuid:6d1c3f1a-0000-4000-8000-000000000000", Ids.canonical("urn:uuid:6d1c3f1a-0000-4000-8000-000000000000"));
    assertEquals("not a uri", Ids.canonical("not a uri"), "stored values never make the projection fail");
    assertThrows(IllegalArgumentException.class, () -> Ids.canonicalOrThrow("https://id.gs1.org/01/10614141073465/21/2017"));
  }

  @Test
  void gtinPattern_matchesInstancesLotsAndItself_only() {
    String pattern = Ids.canonical("urn:epc:idpat:sgtin:0614141.107346.*");
    assertEquals("https://id.gs1.org/01/10614141073464", pattern);
    assertTrue(Ids.isClassPattern(pattern));
    assertTrue(Ids.matches(pattern, Ids.canonical("urn:epc:id:sgtin:0614141.107346.2017")));
    assertTrue(Ids.matches(pattern, Ids.canonical("urn:epc:class:lgtin:0614141.107346.LOT")));
    assertTrue(Ids.matches(pattern, pattern));
    assertFalse(Ids.matches(pattern, Ids.canonical("urn:epc:id:sgtin:0614141.107347.2017")));
    String item = Ids.canonical("urn:epc:id:sgtin:0614141.107346.2017");
    assertFalse(Ids.matches(item, Ids.canonical("urn:epc:id:sgtin:0614141.107346.20170")));
  }

  @Test
  void cbvValues_inEveryForm_areTheBareWord() {
    for (String v : new String[] {"shipping", "urn:epcglobal:cbv:bizstep:shipping", "https://ref.gs1.org/cbv/BizStep-shipping",
        "https://gs1.org/voc/BizStep-shipping", "cbv:BizStep-shipping", "gs1:BizStep-shipping"}) {
      assertEquals("shipping", Vocab.bizStep(v), v);
    }
    assertEquals("in_transit", Vocab.disposition("urn:epcglobal:cbv:disp:in_transit"));
    assertEquals("in_transit", Vocab.disposition("https://ref.gs1.org/cbv/Disp-in_transit"));
    assertEquals("incorrect_data", Vocab.errorReason("urn:epcglobal:cbv:er:incorrect_data"));
    assertEquals("https://example.com/steps/x", Vocab.bizStep("https://example.com/steps/x"));
  }
}
