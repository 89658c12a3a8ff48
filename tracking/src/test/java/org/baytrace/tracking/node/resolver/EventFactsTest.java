package org.baytrace.tracking.node.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.baytrace.tracking.node.pages.Lang;
import org.baytrace.tracking.node.resolver.ColdChainProfile.Reading;
import org.junit.jupiter.api.Test;

class EventFactsTest {
  static final OffsetDateTime T = OffsetDateTime.parse("2026-11-21T06:00:00+07:00");

  @Test
  void temperatures_convertUnits_andIgnoreOtherTypesAndUnitless() {
    JsonNode e = DurianTrace.json("""
        {"sensorElementList": [{"sensorReport": [
          {"type": "Temperature", "value": 41, "uom": "FAH"},
          {"type": "https://gs1.org/voc/Temperature", "value": 278.15, "uom": "KEL"},
          {"type": "gs1:Temperature", "minValue": 2, "maxValue": 8, "meanValue": 5, "uom": "CEL"},
          {"type": "gs1:Temperature", "value": 3},
          {"type": "gs1:Temperature", "value": "7", "uom": "CEL"},
          {"type": "gs1:Humidity", "value": 80, "uom": "A93"}]}]}
        """);
    List<Reading> r = EventFacts.temperatures(e, T, 7);
    assertEquals(List.of(5.0, 5.0, 2.0, 8.0), r.stream().map(x -> Math.round(x.celsius() * 1000) / 1000.0).toList());
    assertEquals(T.toInstant(), r.get(0).time());
    assertEquals(7, r.get(0).ledgerIndex());
  }

  @Test
  void bizStepAndDisposition_inAnySpelling_asTheQueriesReadThem() {
    for (String s : List.of("shipping", "urn:epcglobal:cbv:bizstep:shipping", "URN:EPCGLOBAL:CBV:BIZSTEP:SHIPPING",
        "https://ref.gs1.org/cbv/BizStep-shipping", "https://gs1.org/voc/BizStep-shipping", "cbv:BizStep-shipping",
        "gs1:BizStep-shipping")) {
      assertEquals("shipping", EventFacts.bizStep(DurianTrace.json("{\"bizStep\": \"" + s + "\"}")), s);
    }
    assertNull(EventFacts.bizStep(DurianTrace.json("{\"bizStep\": \"https://example.org/steps/secretStep\"}")));
    assertNull(EventFacts.bizStep(DurianTrace.json("{\"bizStep\": \"urn:example:x\"}")));
    assertNull(EventFacts.bizStep(DurianTrace.json("{}")));
    assertEquals("in_transit", EventFacts.disposition(DurianTrace.json("{\"disposition\": \"urn:epcglobal:cbv:disp:in_transit\"}")));
    assertEquals("in_transit", EventFacts.disposition(DurianTrace.json("{\"disposition\": \"gs1:Disp-in_transit\"}")));
    assertEquals("Shipped", TraceViews.stepLabel("shipping", Lang.EN));
    assertEquals("发货", TraceViews.stepLabel("shipping", Lang.ZH_HANS));
    assertEquals("Killing", TraceViews.stepLabel("killing", Lang.EN)); // a CBV step without a label: in words
    assertEquals("Recorded", TraceViews.stepLabel(null, Lang.EN));
  }

  @Test
  void masterData_onlyWhitelistedGs1Terms_prefixesFromTheEventsContext() {
    JsonNode e = DurianTrace.json("""
        {"@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
                      {"mda": "urn:epcglobal:cbv:mda:", "voc": "https://gs1.org/voc/"}],
         "ilmd": {"mda:countryOfOrigin": "TH", "cbvmda:bestBeforeDate": "2026-12-05",
                  "cbvmda:unitPrice": "12", "example:secret": "x", "countryOfOrigin": "XX",
                  "voc:regulatedProductName": "Durian"},
         "voc:productName": {"@value": "Monthong"},
         "urn:epcglobal:cbv:mda:harvestEndDate": "2026-11-20"}
        """);
    Map<String, String> md = EventFacts.masterData(e, Lang.EN);
    assertEquals(Map.of("countryOfOrigin", "TH", "bestBeforeDate", "2026-12-05", "harvestEndDate", "2026-11-20",
        "name", "Monthong"), md);
  }

  @Test
  void languageTaggedNames_pickTheLanguage_elseTheFirst() {
    JsonNode e = DurianTrace.json("""
        {"ilmd": {"gs1:productName": [{"@value": "Durian", "@language": "en"}, {"@value": "榴莲", "@language": "zh-Hans"}]}}
        """);
    assertEquals("榴莲", EventFacts.masterData(e, Lang.ZH_HANS).get("name"));
    assertEquals("Durian", EventFacts.masterData(e, Lang.EN).get("name"));
    JsonNode th = DurianTrace.json("""
        {"ilmd": {"gs1:productName": [{"@value": "ทุเรียน", "@language": "th"}]}}
        """);
    assertEquals("ทุเรียน", EventFacts.masterData(th, Lang.EN).get("name"));
  }

  @Test
  void places_glnShownAsDigits_otherIdsAsRecorded() {
    assertEquals("GLN 8850123000010", EventFacts.place("urn:epc:id:sgln:885012300.001.0").display());
    assertEquals("GLN 8850123000010 · 400", EventFacts.place("urn:epc:id:sgln:885012300.001.400").display());
    assertEquals("GLN 6901234000023", EventFacts.place("https://id.gs1.org/414/6901234000023").display());
    assertEquals("geo:22.3,114.2", EventFacts.place("geo:22.3,114.2").display());
    assertNull(EventFacts.place(null));
  }

  @Test
  void times_inTheEventsOwnOffset_localisedPerLanguage() {
    JsonNode e = DurianTrace.json("""
        {"eventTime": "2026-11-20T23:30:00Z", "eventTimeZoneOffset": "+08:00"}
        """);
    OffsetDateTime t = EventFacts.time(e, 0);
    ZoneOffset o = EventFacts.offset(e, t);
    assertEquals("21 Nov 2026, 07:30 (UTC+08:00)", EventFacts.localTime(t, o, Lang.EN));
    assertEquals("2026年11月21日 07:30（UTC+08:00）", EventFacts.localTime(t, o, Lang.ZH_HANS));
    JsonNode noOffset = DurianTrace.json("{\"eventTime\": \"2026-11-20T23:30:00Z\", \"eventTimeZoneOffset\": \"bad\"}");
    assertEquals("20 Nov 2026, 23:30 (UTC)", EventFacts.localTime(t, EventFacts.offset(noOffset, t), Lang.EN));
  }

  @Test
  void countries_byIsoCode() {
    assertEquals("Thailand", EventFacts.countryName("TH", Lang.EN));
    assertEquals("泰国", EventFacts.countryName("th", Lang.ZH_HANS));
    assertNull(EventFacts.countryName("XX", Lang.EN));
    assertNull(EventFacts.countryName("THA", Lang.EN));
    assertTrue(EventFacts.countryName("CN", Lang.ZH_HANS).contains("中国"));
  }
}
