package org.baytrace.tracking.domain.epcis.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.baytrace.tracking.domain.gs1.CompanyPrefixLookup;
import org.baytrace.tracking.domain.gs1.TraceCode;
import org.baytrace.tracking.node.epcis.query.EpcisQueries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Aggregation: an item in a case in a pallet in a container inherits their events while packed;
 * DELETE ends it; declared-in-error packing does not count; class-level events join the history.
 */
class TraceHistoryTest {
  private static final String ITEM_LINK = "https://id.gs1.org/01/09506000134352/10/LOT1/21/ITEM1";
  private static final String ITEM_URN = "urn:epc:id:sgtin:9506000.013435.ITEM1";
  private static final String OTHER_ITEM = "urn:epc:id:sgtin:9506000.013435.ITEM2";
  private static final String CASE = "urn:epc:id:sscc:0614141.1234567890";
  private static final String PALLET = "urn:epc:id:sscc:0614141.1234567891";
  private static final String CONTAINER = "urn:epc:id:sscc:0614141.1234567892";
  private static final String WRONG_CASE = "urn:epc:id:sscc:0614141.1234567893";

  @TempDir Path dir;
  private QueryFixture fx;
  /** Label of each appended event, by ledger index. */
  private final Map<Long, String> labels = new LinkedHashMap<>();

  @BeforeEach
  void open() {
    fx = new QueryFixture(dir);
  }

  @AfterEach
  void close() {
    fx.close();
  }

  private void object(String label, String time, String epc, String bizStep) {
    labels.put(fx.append("{\"type\": \"ObjectEvent\", \"eventTime\": \"" + time + "\", \"eventTimeZoneOffset\": \"+08:00\","
        + " \"epcList\": [\"" + epc + "\"], \"action\": \"OBSERVE\", \"bizStep\": \"" + bizStep + "\"}"), label);
  }

  private void aggregation(String label, String time, String action, String parent, String... children) {
    StringBuilder kids = new StringBuilder();
    for (String c : children) {
      kids.append(kids.length() == 0 ? "" : ", ").append('"').append(c).append('"');
    }
    labels.put(fx.append("{\"type\": \"AggregationEvent\", \"eventTime\": \"" + time + "\", \"eventTimeZoneOffset\": "
        + "\"+08:00\", \"parentID\": \"" + parent + "\", \"childEPCs\": [" + kids + "], \"action\": \"" + action
        + "\", \"bizStep\": \"" + (action.equals("ADD") ? "packing" : "unpacking") + "\"}"), label);
  }

  private void quantity(String label, String time, String epcClass) {
    labels.put(fx.append("{\"type\": \"ObjectEvent\", \"eventTime\": \"" + time + "\", \"eventTimeZoneOffset\": \"+08:00\","
        + " \"epcList\": [], \"quantityList\": [{\"epcClass\": \"" + epcClass + "\", \"quantity\": 40}],"
        + " \"action\": \"OBSERVE\", \"bizStep\": \"inspecting\"}"), label);
  }

  private List<String> history(String code) {
    List<String> out = new ArrayList<>();
    for (HistoryEvent e : fx.queries.traceHistory(code)) {
      String via = e.via();
      String rel = switch (e.relation()) {
        case DIRECT -> "direct";
        case INHERITED -> "inherited via " + name(via) + " " + e.path().stream().map(TraceHistoryTest::name).toList();
        case CLASS_LEVEL -> "class " + (via.contains("/10/") ? "lot" : "product");
      };
      out.add(labels.get(e.ledgerIndex()) + ": " + rel + (e.declaredInError() ? " (declared in error)" : ""));
    }
    return out;
  }

  private static String name(String canonical) {
    Map<String, String> names = Map.of(CASE, "case", PALLET, "pallet", CONTAINER, "container", WRONG_CASE, "wrongCase");
    for (Map.Entry<String, String> n : names.entrySet()) {
      if (TraceCode.parse(n.getKey()).toDigitalLink().equals(canonical)) {
        return n.getValue();
      }
    }
    return canonical;
  }

  @Test
  void itemInCaseInPallet_inheritsTheirEventsWhilePacked_andDeleteEndsIt() {
    String t = "2026-03-01T";
    object("commissioned", t + "08:00:00+08:00", ITEM_LINK, "commissioning");
    aggregation("packed into case", t + "09:00:00+08:00", "ADD", CASE, ITEM_URN);
    object("pallet before the case was on it", t + "09:30:00+08:00", PALLET, "staging_outbound");
    aggregation("case onto pallet", t + "10:00:00+08:00", "ADD", PALLET, CASE);
    quantity("lot inspected", t + "10:30:00+08:00", "https://id.gs1.org/01/09506000134352/10/LOT1");
    quantity("product inspected", t + "10:45:00+08:00", "urn:epc:idpat:sgtin:9506000.013435.*");
    quantity("other lot inspected", t + "10:50:00+08:00", "https://id.gs1.org/01/09506000134352/10/LOT2");
    object("pallet shipped", t + "11:00:00+08:00", PALLET, "shipping");
    aggregation("pallet into container", t + "11:30:00+08:00", "ADD", CONTAINER, PALLET);
    object("container on the barge", t + "12:00:00+08:00", CONTAINER, "departing");
    object("case received", t + "13:00:00+08:00", CASE, "receiving");
    object("other item", t + "13:10:00+08:00", OTHER_ITEM, "receiving");
    aggregation("item out of case", t + "14:00:00+08:00", "DELETE", CASE, ITEM_URN);
    object("pallet later", t + "15:00:00+08:00", PALLET, "receiving");
    object("case later", t + "15:30:00+08:00", CASE, "storing");
    object("item sold", t + "16:00:00+08:00", "https://id.gs1.org/01/09506000134352/21/ITEM1", "retail_selling");
    fx.awaitCaughtUp();

    List<String> want = List.of(
        "commissioned: direct",
        "packed into case: direct",
        "case onto pallet: inherited via case [case]",
        "lot inspected: class lot",
        "product inspected: class product",
        "pallet shipped: inherited via pallet [case, pallet]",
        "pallet into container: inherited via pallet [case, pallet]",
        "container on the barge: inherited via container [case, pallet, container]",
        "case received: inherited via case [case]",
        "item out of case: direct",
        "item sold: direct");
    assertEquals(want, history(ITEM_URN));
    assertEquals(want, history(ITEM_LINK), "the Digital Link with the lot names the same item");
    assertEquals(want, history("https://example.com/01/09506000134352/21/ITEM1"), "any host, no lot");
    String urn = TraceCode.parse(ITEM_LINK).toEpcUrn(CompanyPrefixLookup.ofKnownPrefixes(List.of("9506000")));
    assertEquals(ITEM_URN, urn);

    List<HistoryEvent> events = fx.queries.traceHistory(ITEM_URN);
    for (int i = 1; i < events.size(); i++) {
      assertFalse(events.get(i).eventTime().isBefore(events.get(i - 1).eventTime()), "ordered by event time");
    }
    HistoryEvent first = events.get(0);
    assertEquals(first.ledgerIndex(), first.stored().ledgerIndex());
    assertEquals(first.ledgerIndex(), first.json().path("bt:ledger").path("index").asLong());
    assertEquals(EpcisQueries.canonicalTraceCode(ITEM_URN), events.get(1).via());
  }

  @Test
  void lotIsLearnedFromTheItemsOwnEvents_whenTheCodeAskedForHasNone() {
    object("commissioned", "2026-03-01T08:00:00+08:00", ITEM_LINK, "commissioning");
    quantity("lot inspected", "2026-03-01T09:00:00+08:00", "urn:epc:class:lgtin:9506000.013435.LOT1");
    fx.awaitCaughtUp();
    assertEquals(List.of("commissioned: direct", "lot inspected: class lot"), history(ITEM_URN));
  }

  @Test
  void deleteWithoutChildren_unpacksEverything() {
    String t = "2026-03-02T";
    aggregation("packed into case", t + "09:00:00+08:00", "ADD", CASE, ITEM_URN);
    aggregation("case onto pallet", t + "10:00:00+08:00", "ADD", PALLET, CASE);
    object("pallet shipped", t + "11:00:00+08:00", PALLET, "shipping");
    aggregation("pallet emptied", t + "12:00:00+08:00", "DELETE", PALLET);
    object("pallet later", t + "13:00:00+08:00", PALLET, "storing");
    object("case later", t + "13:30:00+08:00", CASE, "storing");
    fx.awaitCaughtUp();
    assertEquals(List.of(
        "packed into case: direct",
        "case onto pallet: inherited via case [case]",
        "pallet shipped: inherited via pallet [case, pallet]",
        "pallet emptied: inherited via pallet [case, pallet]",
        "case later: inherited via case [case]"), history(ITEM_URN));
  }

  @Test
  void packingDeclaredInError_isNotInherited() {
    String t = "2026-03-03T";
    String add = "{\"type\": \"AggregationEvent\", \"eventID\": \"urn:uuid:e0000000-0000-4000-8000-000000000001\","
        + " \"eventTime\": \"" + t + "09:00:00+08:00\", \"eventTimeZoneOffset\": \"+08:00\", \"parentID\": \""
        + WRONG_CASE + "\", \"childEPCs\": [\"" + ITEM_URN + "\"], \"action\": \"ADD\", \"bizStep\": \"packing\"";
    labels.put(fx.append(add + "}"), "packed into the wrong case");
    object("wrong case shipped", t + "10:00:00+08:00", WRONG_CASE, "shipping");
    labels.put(fx.append(add + ", \"errorDeclaration\": {\"declarationTime\": \"" + t + "11:00:00+08:00\","
        + " \"reason\": \"did_not_occur\"}}"), "declaration");
    fx.awaitCaughtUp();
    assertEquals(List.of(
        "packed into the wrong case: direct (declared in error)",
        "declaration: direct (declared in error)"), history(ITEM_URN));
  }

  @Test
  void containerThatContainsItself_doesNotLoop() {
    aggregation("a into b", "2026-03-04T09:00:00+08:00", "ADD", PALLET, CASE);
    aggregation("b into a", "2026-03-04T09:10:00+08:00", "ADD", CASE, PALLET);
    aggregation("item into a", "2026-03-04T09:20:00+08:00", "ADD", CASE, ITEM_URN);
    fx.awaitCaughtUp();
    List<String> h = history(ITEM_URN);
    assertTrue(h.contains("item into a: direct"), h.toString());
  }

  @Test
  void malformedTraceCode_isRefusedNamingIt() {
    QueryParameterException e = assertThrows(QueryParameterException.class,
        () -> fx.queries.traceHistory("https://id.gs1.org/01/09506000134353/21/X"));
    assertEquals("traceCode", e.parameter());
    assertTrue(e.getMessage().startsWith("traceCode: "), e.getMessage());
    assertThrows(QueryParameterException.class, () -> fx.queries.traceHistory(" "));
    assertTrue(fx.queries.traceHistory("urn:epc:id:sgtin:9506000.013435.NOTHING").isEmpty());
  }
}
