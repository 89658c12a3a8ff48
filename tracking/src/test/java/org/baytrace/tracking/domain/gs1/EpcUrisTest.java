package org.baytrace.tracking.domain.gs1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EpcUrisTest {
  /**
   * Every GS1 scheme, with the Digital Link the CBV 2.0 event hash reference implementation gives
   * for it (epcis-event-hash-generator tests/examples/epclist_normalisation and
   * epcisDocWithAllGS1Keys).
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "urn:epc:id:sgtin:4012345.011111.9876|https://id.gs1.org/01/04012345111118/21/9876",
        "urn:epc:id:sgtin:4012345.011111.98%22|https://id.gs1.org/01/04012345111118/21/98%22",
        "urn:epc:id:sgtin:415056789012.0.987654|https://id.gs1.org/01/04150567890128/21/987654",
        "urn:epc:id:sgtin:0614141.812345.6789%2F%26%25%22!%3F()"
            + "|https://id.gs1.org/01/80614141123458/21/6789%2F%26%25%22%21%3F%28%29",
        "urn:epc:id:sscc:4012345.3111111111|https://id.gs1.org/00/340123451111111111",
        "urn:epc:id:sscc:4012345.0000000333|https://id.gs1.org/00/040123450000003338",
        "urn:epc:id:sgln:4012345.00005.122|https://id.gs1.org/414/4012345000054/254/122",
        "urn:epc:id:sgln:4012345.00005.0|https://id.gs1.org/414/4012345000054",
        "urn:epc:id:grai:4012345.00022.334455|https://id.gs1.org/8003/04012345000221334455",
        "urn:epc:id:giai:4012345.ABC345|https://id.gs1.org/8004/4012345ABC345",
        "urn:epc:id:gsrn:4012345.0000006765|https://id.gs1.org/8018/401234500000067657",
        "urn:epc:id:gsrnp:4012345.0000000007|https://id.gs1.org/8017/401234500000000074",
        "urn:epc:id:gdti:4012345.00009.PO-4711|https://id.gs1.org/253/4012345000092PO-4711",
        "urn:epc:id:gdti:987659999999..9|https://id.gs1.org/253/98765999999929",
        "urn:epc:id:cpi:0614141.11111111111111-A%23%2F.1234"
            + "|https://id.gs1.org/8010/061414111111111111111-A%23%2F/8011/1234",
        "urn:epc:id:ginc:0614141.xyz47%2F11|https://id.gs1.org/401/0614141xyz47%2F11",
        "urn:epc:id:gsin:4012345.222333444|https://id.gs1.org/402/40123452223334442",
        "urn:epc:id:itip:4012345.011111.01.02.987|https://id.gs1.org/8006/040123451111180102/21/987",
        "urn:epc:id:upui:1234567.098765.51qIgY)%3C%26Jp3*j7'SDB"
            + "|https://id.gs1.org/01/01234567987651/235/51qIgY%29%3C%26Jp3%2Aj7'SDB",
        "urn:epc:id:pgln:4000001.00000|https://id.gs1.org/417/4000001000005",
        "urn:epc:id:pgln:999999999999.|https://id.gs1.org/417/9999999999994",
        "urn:epc:id:sgcn:4012345.99999.44|https://id.gs1.org/255/401234599999044",
        "urn:epc:class:lgtin:4012345.012345.Lot987|https://id.gs1.org/01/04012345123456/10/Lot987",
        "urn:epc:idpat:sgtin:4054739.099914.*|https://id.gs1.org/01/04054739999148",
        "urn:epc:idpat:grai:4012345.66666.*|https://id.gs1.org/8003/04012345666663",
        "urn:epc:idpat:gdti:4012345.55555.*|https://id.gs1.org/253/4012345555554",
        "urn:epc:idpat:sgcn:4012345.99999.*|https://id.gs1.org/255/4012345999990",
        "urn:epc:idpat:cpi:4012345.ABC.*|https://id.gs1.org/8010/4012345ABC",
        "urn:epc:idpat:itip:4012345.012345.01.02.*|https://id.gs1.org/8006/040123451234560102",
        "urn:epc:idpat:upui:4012345.012345.*|https://id.gs1.org/01/04012345123456",
        "URN:EPC:ID:SGTIN:4012345.011111.9876|https://id.gs1.org/01/04012345111118/21/9876"
      })
  void toDigitalLink_everyScheme(String epc, String want) {
    assertEquals(want, EpcUris.toDigitalLink(epc).toUri());
  }

  @Test
  void toDigitalLink_noScheme_isRejected() {
    InvalidTraceCodeException e =
        assertThrows(InvalidTraceCodeException.class, () -> EpcUris.toDigitalLink("urn:epc:sgtin"));
    assertEquals(
        "EPC URI urn:epc:sgtin: want urn:epc:{id|class|idpat}:{scheme}:...", e.getMessage());
  }

  @Test
  void isEpcUri() {
    assertTrue(EpcUris.isEpcUri("urn:epc:id:sgtin:4012345.011111.9876"));
    assertTrue(EpcUris.isEpcUri("URN:EPC:class:lgtin:4012345.012345.1"));
    assertFalse(EpcUris.isEpcUri("urn:epcglobal:cbv:bt:4012345000009:ASN1099"));
    assertFalse(EpcUris.isEpcUri("https://id.gs1.org/01/04012345111118"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "urn:epc:id:sgtin:0614141.10734.2017|EPC URI urn:epc:id:sgtin:0614141.10734.2017:"
            + " indicator and item reference \"10734\": want 6 digits (with the company prefix"
            + " they make the key's fixed length)",
        "urn:epc:id:sgtin:06141.1073461.1|EPC URI urn:epc:id:sgtin:06141.1073461.1:"
            + " company prefix \"06141\": want 6 to 12 digits",
        "urn:epc:id:sgtin:0614141.107346|EPC URI urn:epc:id:sgtin:0614141.107346:"
            + " want 3 dot-separated fields, got 2",
        "urn:epc:id:sgtin:0614141.107346.A/B|EPC URI urn:epc:id:sgtin:0614141.107346.A/B:"
            + " serial \"A/B\": character '/' at position 2 must be escaped in an EPC URI",
        "urn:epc:id:sgtin:0614141.107346.A%G1|EPC URI urn:epc:id:sgtin:0614141.107346.A%G1:"
            + " serial \"A%G1\": bad escape at position 2, want % and two hex digits",
        "urn:epc:id:sgtin:0614141.107346.123456789012345678901|EPC URI"
            + " urn:epc:id:sgtin:0614141.107346.123456789012345678901: serial"
            + " \"123456789012345678901\": length 21, want at most 20 characters",
        "urn:epc:id:sgtin:0614141.107346.|EPC URI urn:epc:id:sgtin:0614141.107346.:"
            + " serial: empty, want 1 to 20 characters",
        "urn:epc:id:sgtin:0614141.107346.%7E|EPC URI urn:epc:id:sgtin:0614141.107346.%7E:"
            + " serial \"~\": character '~' at position 1 is not in the GS1 AI encodable"
            + " character set 82",
        "urn:epc:id:sscc:0614141.12345678|EPC URI urn:epc:id:sscc:0614141.12345678:"
            + " serial reference \"12345678\": want 10 digits (with the company prefix they make"
            + " the key's fixed length)",
        "urn:epc:idpat:sgtin:0614141.107346.2017|EPC URI urn:epc:idpat:sgtin:0614141.107346.2017:"
            + " pattern field \"2017\": want * (only class-level patterns are supported)",
        "urn:epc:id:gid:95100000.12345.400|EPC URI urn:epc:id:gid:95100000.12345.400:"
            + " scheme id:gid does not carry a GS1 key this converter supports"
      })
  void toDigitalLink_malformed_isRejectedWithReason(String epc, String message) {
    InvalidTraceCodeException e =
        assertThrows(InvalidTraceCodeException.class, () -> EpcUris.toDigitalLink(epc));
    assertEquals(message, e.getMessage());
  }
}
