package org.baytrace.tracking.node.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.baytrace.tracking.domain.gs1.TraceCode;
import org.baytrace.tracking.node.pages.Lang;
import org.baytrace.tracking.node.pages.PageLayout.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The consumer page tells one journey: the EPCIS events (origin, packing, retail) and the legs
 * other profiles recorded (water-bus load and discharge, customs declaration and release) in
 * time order, each saying who recorded it; and its verification line covers every record the page
 * uses, the legs and the records behind the cold-chain verdict included.
 */
class JourneyTest {
  static final TraceCode CODE = TraceCode.parse(DurianTrace.ITEM_PATH);

  /** Events of the durian (EPCIS) and legs of the water bus and customs, interleaved in time. */
  static TraceView trip(Lang lang, List<JourneyLegs.Leg> legs, ReceiptChecks.Outcome checks) {
    List<TraceView.Step> steps = List.of(
        step(1, "2026-11-20T08:00:00+07:00", "commissioning", "th-durian-coop"),
        step(2, "2026-11-20T16:00:00+07:00", "packing", "th-durian-coop"),
        step(9, "2026-11-26T18:20:00+08:00", "retail_selling", "gba-fresh-retail"));
    TraceView.Verification ver = new TraceView.Verification(true, 3, 0, 20, null, "key", List.of(),
        (int) legs.stream().mapToLong(JourneyLegs.Leg::ledgerIndex).distinct().count(), List.of(),
        List.of("th-durian-coop", "pearl-barge", "gba-customs"), "baytrace.test/ledger");
    return new TraceView(lang, CODE.toDigitalLink(), CODE.toDigitalLink(), "item",
        new TraceView.Product(DurianTrace.GTIN, DurianTrace.LOT, DurianTrace.BOX, null, null, null, List.of()), steps, 0,
        false, null, ver, TraceViews.legs(legs, checks, lang, id -> id.equals("gba-customs") ? "Foshan Customs" : null));
  }

  static TraceView.Step step(long index, String time, String bizStep, String author) {
    return new TraceView.Step(index, time, time.substring(19), time, "ObjectEvent", bizStep,
        TraceViews.stepLabel(bizStep, Lang.EN), null, null, null, TraceEvent.Relation.DIRECT, null, null, null, author,
        null, null);
  }

  static List<JourneyLegs.Leg> legs() {
    // given out of order, and the release twice (two sources may name one record)
    return List.of(
        new JourneyLegs.Leg(7, Instant.parse("2026-11-23T02:00:00Z"), "customs.Release", null, "CNFOS", null, null,
            "MSCU1234566", "531620261000000001"),
        new JourneyLegs.Leg(4, Instant.parse("2026-11-21T01:00:00Z"), "waterbus.LOAD", "water", "CNNSA", "V2611",
            "Zhu Jiang 18", "MSCU1234566", null),
        new JourneyLegs.Leg(6, Instant.parse("2026-11-22T00:00:00Z"), "customs.Declaration", null, "CNFOS", null, null,
            "MSCU1234566", "531620261000000001"),
        new JourneyLegs.Leg(5, Instant.parse("2026-11-21T18:00:00Z"), "waterbus.DISC", "water", "CNFOS", "V2611",
            "Zhu Jiang 18", "MSCU1234566", null),
        new JourneyLegs.Leg(7, Instant.parse("2026-11-23T02:00:00Z"), "customs.Release", null, "CNFOS", null, null,
            "MSCU1234566", "531620261000000001"));
  }

  static ReceiptChecks.Outcome checked(List<JourneyLegs.Leg> legs) {
    java.util.Map<Long, ReceiptChecks.Other> others = new java.util.LinkedHashMap<>();
    for (JourneyLegs.Leg l : legs) {
      others.put(l.ledgerIndex(), new ReceiptChecks.Other(l.ledgerIndex(), l.kind(),
          l.kind().startsWith("customs") ? "gba-customs" : "pearl-barge"));
    }
    return new ReceiptChecks.Outcome(20, null, "key", java.util.Map.of(), java.util.Map.of(), others);
  }

  /** The timeline's entries in page order: the CBV step of events, the kind of legs. */
  static List<String> order(String html) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("<li class=\"(?:event|leg)[^\"]*\" (?:data-kind=\"([^\"]+)\"|data-ledger-index=\"[0-9]+\""
        + " data-biz-step=\"([^\"]+)\")").matcher(html);
    while (m.find()) {
      out.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    return out;
  }

  static String page(TraceView v) {
    String path = "/" + DurianTrace.ITEM_PATH.substring(1);
    return HtmlPages.page(v, Links.of(URI.create("http://127.0.0.1/"), CODE.toDigitalLink(), false),
        new Frame("/", path, "", ""));
  }

  @Test
  void journey_tellsEventsAndOtherProfilesLegs_inTimeOrder_eachRecordOnce() {
    String html = page(trip(Lang.EN, legs(), checked(legs())));
    assertEquals(List.of("commissioning", "packing", "waterbus.LOAD", "waterbus.DISC", "customs.Declaration",
        "customs.Release", "retail_selling"), order(html), html);
    assertTrue(html.contains("Loaded onto the barge <span translate=\"no\">Zhu Jiang 18</span> at Nansha (Guangzhou),"
        + " voyage <span translate=\"no\">V2611</span>"), html);
    assertTrue(html.contains("Released by customs at Foshan"), html);
    // who recorded a leg, by its registry name where there is one
    assertTrue(html.contains("Recorded by: <span translate=\"no\">Foshan Customs (gba-customs)</span>"), html);
    assertTrue(html.contains("Recorded by: <span translate=\"no\">pearl-barge</span>"), html);
    assertTrue(html.contains("data-mode=\"water\""), html);
  }

  @Test
  void legs_inTraditionalChinese_nameThePortsAndCustomsAsHongKongWritesThem() {
    String html = page(trip(Lang.ZH_HANT, legs(), checked(legs())));
    assertTrue(html.contains("在佛山獲海關放行"), html);
    assertTrue(html.contains("在南沙（廣州）裝上駁船"), html);
    assertTrue(html.contains("<html lang=\"zh-Hant-HK\""), html);
  }

  @Test
  void verificationLine_saysInPlainWordsWhatWasChecked_withTheProofOneClickAway() {
    String html = page(trip(Lang.EN, legs(), checked(legs())));
    Matcher line = Pattern.compile("<p class=\"what\">(.*?)</p>", Pattern.DOTALL).matcher(html);
    assertTrue(line.find(), html);
    assertTrue(line.group(1).startsWith("All 7 records this page uses (3 journey records, 4 water-bus, customs and"
        + " hand-over records) are in the ledger"), line.group(1));
    assertTrue(line.group(1).contains("signed by the organisation that recorded it"), line.group(1));
    assertFalse(line.group(1).contains("tree size") || line.group(1).contains("receipt"), line.group(1));
    assertTrue(html.contains("<details class=\"proof\" id=\"proof\"><summary>How this was checked</summary>"), html);
    assertFalse(html.contains("receipt #"), "no jargon in the main text: " + html);
  }

  static final String AIRPORT = "urn:epc:id:sgln:4890000.00001.0";
  static final String RAIL_YARD = "urn:epc:id:sgln:6901234.00030.0";

  /** The durian by sea to Hong Kong, on by air (sea-air), and a second lot by sea onto rail at Nansha (sea-rail). */
  static List<JourneyLegs.Leg> handOvers() {
    return List.of(
        new JourneyLegs.Leg(12, Instant.parse("2026-11-24T04:00:00Z"), "multimodal.HandOver", "rail", null, null, null,
            "MSCU1234566", null, new JourneyLegs.HandOver("sea", "rail", RAIL_YARD, "pearl-line", "gba-rail",
                new JourneyLegs.Means("611N", "Pearl Horizon", "BILL_OF_LADING", "PHLSSZNSA2611042"),
                new JourneyLegs.Means("X8017", null, "RAIL_CONSIGNMENT_NOTE", "NSR2611-0042"))),
        new JourneyLegs.Leg(11, Instant.parse("2026-11-22T01:10:00Z"), "multimodal.HandOver", "air", null, null, null,
            null, null, new JourneyLegs.HandOver("sea", "air", AIRPORT, "pearl-line", "skybridge-air",
                new JourneyLegs.Means("611N", "Pearl Horizon", "SEA_WAYBILL", "PHLSW2611042"),
                new JourneyLegs.Means("CX3270", null, "AIR_WAYBILL", "160-12345675"))));
  }

  static ReceiptChecks.Outcome checkedHandOvers(List<JourneyLegs.Leg> legs) {
    java.util.Map<Long, ReceiptChecks.Other> others = new java.util.LinkedHashMap<>();
    for (JourneyLegs.Leg l : legs) {
      others.put(l.ledgerIndex(), new ReceiptChecks.Other(l.ledgerIndex(), l.kind(), l.handOver().fromParty()));
    }
    return new ReceiptChecks.Outcome(20, null, "key", java.util.Map.of(), java.util.Map.of(), others);
  }

  static TraceView handOverTrip(Lang lang) {
    java.util.function.UnaryOperator<String> orgs = id -> switch (id) {
      case "pearl-line" -> "Pearl Ocean Line";
      case "skybridge-air" -> "Skybridge Air Cargo";
      default -> null;
    };
    TraceView v = trip(lang, handOvers(), checkedHandOvers(handOvers()));
    TraceView withLegs = new TraceView(v.lang(), v.traceCode(), v.qrContent(), v.kind(), v.product(), v.journey(),
        v.withdrawn(), v.truncated(), v.coldChain(), v.verification(),
        TraceViews.legs(handOvers(), checkedHandOvers(handOvers()), lang, orgs));
    // the airport is named by its master data, the rail yard is not
    return Naming.apply(withLegs, Names.of(ids -> ids.contains(AIRPORT)
        ? java.util.Map.of(AIRPORT, airport()) : java.util.Map.of()));
  }

  static org.baytrace.tracking.domain.epcis.masterdata.VocabularyElement airport() {
    List<org.baytrace.tracking.domain.epcis.masterdata.VocabularyElement.Attribute> names = new ArrayList<>();
    for (String[] n : new String[][] {{"en", "Hong Kong International Airport"}, {"zh-Hans", "香港国际机场"},
        {"zh-Hant", "香港國際機場"}}) {
      var value = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("@value", n[1])
          .put("@language", n[0]);
      names.add(new org.baytrace.tracking.domain.epcis.masterdata.VocabularyElement.Attribute(
          org.baytrace.tracking.domain.epcis.masterdata.AttributeIds.NAME, value));
    }
    return new org.baytrace.tracking.domain.epcis.masterdata.VocabularyElement(
        "urn:epcglobal:epcis:vtype:BusinessLocation", AIRPORT, AIRPORT, names, List.of(), 3, "hk-airport");
  }

  @Test
  void handOvers_seaAirAndSeaRail_areToldInTimeOrder_withPlacePartiesMeansAndWhoRecordedThem() {
    String html = page(handOverTrip(Lang.EN));
    assertEquals(List.of("commissioning", "packing", "multimodal.HandOver", "multimodal.HandOver", "retail_selling"),
        order(html), html);
    assertTrue(html.indexOf("data-from-mode=\"sea\" data-to-mode=\"air\"")
        < html.indexOf("data-from-mode=\"sea\" data-to-mode=\"rail\""), "sea-air (22 Nov) before sea-rail (24 Nov): " + html);
    assertTrue(html.contains("Handed over from sea to air at <span translate=\"no\">Hong Kong International Airport</span>"
        + " by <span translate=\"no\">Pearl Ocean Line (pearl-line)</span> to <span translate=\"no\">Skybridge Air Cargo"
        + " (skybridge-air)</span>"), html);
    // a place without master data shows its GLN
    assertTrue(html.contains("Handed over from sea to rail at <span translate=\"no\">GLN 6901234000306</span>"), html);
    assertTrue(html.contains("Arrived on: <span translate=\"no\">611N</span> · <span translate=\"no\">Pearl Horizon</span>"
        + " · sea waybill <span translate=\"no\">PHLSW2611042</span>"), html);
    assertTrue(html.contains("Leaves on: <span translate=\"no\">CX3270</span> · air waybill <span translate=\"no\">"
        + "160-12345675</span>"), html);
    assertTrue(html.contains("rail consignment note <span translate=\"no\">NSR2611-0042</span>"), html);
    assertTrue(html.contains("Container: <span translate=\"no\">MSCU1234566</span>"), html);
    assertTrue(html.contains("Recorded by: <span translate=\"no\">Pearl Ocean Line (pearl-line)</span>"), html);
    // both records are in the proof details and counted by the verification line
    assertTrue(html.contains("data-record-index=\"11\"") && html.contains("data-record-index=\"12\""), html);
    assertTrue(html.contains("Entry 11: change of transport mode"), html);
    assertTrue(html.contains("2 water-bus, customs and hand-over records"), html);
  }

  @Test
  void handOvers_inSimplifiedAndTraditionalChinese_sayTheModesAndDocumentsAsReadersThereWriteThem() {
    String hans = page(handOverTrip(Lang.ZH_HANS));
    assertTrue(hans.contains("在<span translate=\"no\">香港国际机场</span>由<span translate=\"no\">Pearl Ocean Line"
        + "（pearl-line）</span>交予<span translate=\"no\">Skybridge Air Cargo（skybridge-air）</span>，海运转空运"), hans);
    assertTrue(hans.contains("，海运转铁路"), hans);
    assertTrue(hans.contains("航空运单 <span translate=\"no\">160-12345675</span>"), hans);
    assertTrue(hans.contains("铁路运单 <span translate=\"no\">NSR2611-0042</span>"), hans);
    String hant = page(handOverTrip(Lang.ZH_HANT));
    assertTrue(hant.contains("在<span translate=\"no\">香港國際機場</span>由"), hant);
    assertTrue(hant.contains("，海運轉空運") && hant.contains("，海運轉鐵路"), hant);
    assertTrue(hant.contains("提單") || hant.contains("海運單"), hant);
    assertTrue(hant.contains("貨櫃：<span translate=\"no\">MSCU1234566</span>"), hant);
  }

  @Test
  void handOvers_inTheJson_carryModesPlacePartiesAndDocuments() {
    TraceView v = handOverTrip(Lang.EN);
    com.fasterxml.jackson.databind.JsonNode legs = JsonViews.page(v, Links.of(URI.create("http://127.0.0.1/"),
        CODE.toDigitalLink(), false)).path("legs");
    com.fasterxml.jackson.databind.JsonNode seaAir = legs.get(0).path("handOver");
    assertEquals("sea", seaAir.path("fromMode").asText());
    assertEquals("air", seaAir.path("toMode").asText());
    assertEquals("Hong Kong International Airport", seaAir.path("place").path("name").asText());
    assertEquals("AIR_WAYBILL", seaAir.path("toMeans").path("document").path("type").asText());
    assertEquals("160-12345675", seaAir.path("toMeans").path("document").path("number").asText());
    assertEquals("Pearl Ocean Line (pearl-line)", seaAir.path("fromParty").asText());
    assertEquals("rail", legs.get(1).path("mode").asText());
  }

  @Test
  void badge_coversTheRecordsBehindTheColdChainVerdict_andFailsWhenOneCannotBeProved(@TempDir Path dir) {
    try (ResolverFixture f = new ResolverFixture(dir).withDurianTrace()) {
      List<TraceEvent> events = Resolver.overLedger(f.ledger).resolve(CODE, Lang.EN).orElseThrow().selection().checked();
      long size = f.ledger.head().size();
      // entry 0 is a record of another kind (the fixture's note): provable, so the badge stays
      ReceiptChecks.Outcome good = new ReceiptChecks().check(f.ledger, events, List.of(0L));
      assertTrue(good.allVerified(events), good.failures().toString());
      assertEquals("coldchain.Note", good.others().get(0L).kind());
      assertEquals("th-durian-coop", good.others().get(0L).author());
      // a verdict that rests on a record the ledger cannot prove takes the badge away
      ReceiptChecks.Outcome bad = new ReceiptChecks().check(f.ledger, events, List.of(0L, size + 3));
      assertFalse(bad.allVerified(events));
      assertTrue(bad.failures().get(size + 3).contains("beyond the signed tree"), bad.failures().toString());
    }
  }
}
