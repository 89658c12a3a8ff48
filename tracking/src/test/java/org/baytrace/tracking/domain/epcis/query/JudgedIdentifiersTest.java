package org.baytrace.tracking.domain.epcis.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.baytrace.tracking.domain.gs1.CompanyPrefixedKeys;
import org.baytrace.tracking.domain.gs1.InvalidTraceCodeException;
import org.baytrace.tracking.domain.gs1.TraceCode;
import org.junit.jupiter.api.Test;

/**
 * The query projection indexes an EPCIS record only under identifiers the author policy judged:
 * it indexes exactly the identifier fields the policy reads (epcList, childEPCs, parentID,
 * inputEPCList, outputEPCList, the quantity lists' classes), and the canonical form it indexes
 * an identifier under has the GS1 company prefix the policy judged from the identifier as
 * written, whatever form the writer chose (EPC URI in any case, Digital Link on any host, with or
 * without padding, query or fragment; GRAI, GIAI, GTIN with a variant). Otherwise a producer
 * could name another company's goods in a form the policy takes for nobody's, and be found under
 * them.
 */
class JudgedIdentifiersTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Brand owner 0614141's goods and assets, as writers may spell them. */
  static final List<String> BRAND_FORMS = List.of(
      "urn:epc:id:sgtin:0614141.107346.2018",
      "URN:EPC:ID:SGTIN:0614141.107346.2018",
      "https://id.gs1.org/01/10614141073464/21/2018",
      "https://brand.example/01/00614141073467/21/2018",
      "HTTPS://ID.GS1.ORG/01/00614141073467/21/2018",
      "http://id.gs1.org/01/614141073467/21/2018?linkType=all#top",
      "https://id.gs1.org/gtin/00614141073467/ser/2018",
      "https://id.gs1.org:443/01/00614141073467/21/20%318",
      "https://id.gs1.org/01/00614141073467/10/LOT9",
      "https://id.gs1.org/01/00614141073467/22/VARIANT-A",
      "urn:epc:class:lgtin:0614141.107346.LOT9",
      "urn:epc:idpat:sgtin:0614141.107346.*",
      "urn:epc:id:sscc:0614141.1234567890",
      "https://id.gs1.org/00/106141412345678908",
      "urn:epc:id:sgln:0614141.12345.0",
      "urn:epc:id:grai:0614141.12345.400",
      "https://id.gs1.org/8003/00614141123452400",
      "urn:epc:id:giai:0614141.12345",
      "https://id.gs1.org/8004/061414112345");

  @Test
  void everyFormOfAnotherCompanysGoods_isIndexedUnderTheCompanyPrefixThePolicyJudged() {
    for (String written : BRAND_FORMS) {
      TraceCode judged;
      try {
        judged = TraceCode.parse(written);
      } catch (InvalidTraceCodeException e) {
        throw new AssertionError(written + ": the policy refuses it as malformed, but it is a valid form", e);
      }
      String judgedDigits = CompanyPrefixedKeys.digits(judged);
      assertNotNull(judgedDigits, written + ": the policy takes it for nobody's goods");
      assertTrue(judgedDigits.startsWith("0614141"), written + ": judged as " + judgedDigits);
      String indexed = Ids.canonical(written);
      assertEquals(judgedDigits, CompanyPrefixedKeys.digits(TraceCode.parse(indexed)),
          written + ": indexed as " + indexed + " under another owner than the one judged");
    }
  }

  @Test
  void identifiersOfNoCompany_areIndexedAsNobodysToo() {
    for (String written : List.of("urn:uuid:4f1d7a36-0d53-4a1e-8b0a-7c2f1e2f9a11", "urn:baytrace:container:MSCU1234566",
        "https://example.com/pallets/77", "urn:epc:tag:sgtin-96:3.0614141.107346.2018")) {
      assertEquals(CompanyPrefixedKeys.digits(TraceCode.parse(written)),
          CompanyPrefixedKeys.digits(TraceCode.parse(Ids.canonical(written))), written);
    }
  }

  @Test
  void theProjectionIndexesExactlyTheIdentifierFieldsThePolicyJudges() throws Exception {
    // One identifier in every field an EPCIS event names goods in; each a different item.
    JsonNode event = JSON.readTree("""
        {"type":"TransformationEvent","eventTime":"2026-12-01T08:00:00+08:00",
         "epcList":["urn:epc:id:sgtin:0614141.107346.1"],
         "childEPCs":["urn:epc:id:sgtin:0614141.107346.2"],
         "parentID":"urn:epc:id:sscc:0614141.1234567890",
         "inputEPCList":["urn:epc:id:sgtin:0614141.107346.3"],
         "outputEPCList":["urn:epc:id:sgtin:0614141.107346.4"],
         "quantityList":[{"epcClass":"urn:epc:class:lgtin:0614141.107346.L1","quantity":1}],
         "childQuantityList":[{"epcClass":"urn:epc:class:lgtin:0614141.107346.L2","quantity":1}],
         "inputQuantityList":[{"epcClass":"urn:epc:class:lgtin:0614141.107346.L3","quantity":1}],
         "outputQuantityList":[{"epcClass":"urn:epc:class:lgtin:0614141.107346.L4","quantity":1}],
         "readPoint":{"id":"urn:epc:id:sgln:6901234.00001.0"},
         "bizTransactionList":[{"type":"po","bizTransaction":"urn:epc:id:gdti:0614141.00001.1618034"}]}
        """);
    // The fields the author policy reads (NamedGoods, domain.policy), as written.
    Set<String> judged = new LinkedHashSet<>();
    for (String list : List.of("epcList", "childEPCs", "inputEPCList", "outputEPCList")) {
      event.path(list).forEach(id -> judged.add(Ids.canonical(id.asText())));
    }
    judged.add(Ids.canonical(event.path("parentID").asText()));
    for (String list : List.of("quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList")) {
      event.path(list).forEach(q -> judged.add(Ids.canonical(q.path("epcClass").asText())));
    }
    EventFacts facts = EventFacts.of(event, Instant.EPOCH);
    Set<String> indexed = new LinkedHashSet<>(facts.anyEpcs());
    indexed.addAll(facts.anyClasses());
    assertEquals(judged, indexed, "identifiers the projection indexes goods under");
  }
}
