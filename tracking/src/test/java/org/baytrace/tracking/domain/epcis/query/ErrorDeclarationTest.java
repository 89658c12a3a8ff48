package org.baytrace.tracking.domain.epcis.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.baytrace.tracking.domain.epcis.record.EpcisRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Corrections are new events with an errorDeclaration; the original stays, and queries show it declared in error. */
class ErrorDeclarationTest {
  private static final String EPC = "urn:epc:id:sgtin:0614141.107346.2017";
  private static final String DECLARATION = """
      "errorDeclaration": {"declarationTime": "2026-02-01T00:00:00Z", "reason": "incorrect_data",
        "correctiveEventIDs": ["urn:uuid:c0000000-0000-4000-8000-000000000003"]}""";

  @TempDir Path dir;
  private QueryFixture fx;

  @BeforeEach
  void open() {
    fx = new QueryFixture(dir);
  }

  @AfterEach
  void close() {
    fx.close();
  }

  private static String event(String eventId, String bizStep, String extra) {
    return "{\"type\": \"ObjectEvent\", " + (eventId == null ? "" : "\"eventID\": \"" + eventId + "\", ")
        + "\"eventTime\": \"2026-01-10T08:00:00.000+08:00\", \"eventTimeZoneOffset\": \"+08:00\", "
        + "\"epcList\": [\"" + EPC + "\"], \"action\": \"OBSERVE\", \"bizStep\": \"" + bizStep + "\""
        + (extra == null ? "" : ", " + extra) + "}";
  }

  private List<Long> indexes(Map<String, String> q) {
    return fx.queryAll(q).stream().map(QueryFixture::ledgerIndex).toList();
  }

  private JsonNode byIndex(Map<String, String> q, long idx) {
    return fx.queryAll(q).stream().filter(e -> QueryFixture.ledgerIndex(e) == idx).findFirst().orElseThrow();
  }

  @Test
  void declarationWithTheSameEventId_marksTheOriginal_whichStaysInTheLedgerUnchanged() {
    String id = "urn:uuid:a0000000-0000-4000-8000-000000000001";
    long original = fx.append(event(id, "shipping", null));
    long other = fx.append(event("urn:uuid:b0000000-0000-4000-8000-000000000002", "receiving", null));
    long declaring = fx.append(event(id, "shipping", DECLARATION));
    long corrective = fx.append(event("urn:uuid:c0000000-0000-4000-8000-000000000003", "shipping",
        "\"example:note\": \"the corrected event\""));
    fx.awaitCaughtUp();

    assertEquals(List.of(original, declaring), indexes(Map.of("EXISTS_errorDeclaration", "true")));
    assertEquals(List.of(original, declaring), indexes(Map.of("EQ_eventID", id)));
    assertEquals(List.of(original, declaring), indexes(Map.of("EQ_errorReason", "incorrect_data")));
    assertEquals(List.of(original, declaring),
        indexes(Map.of("EQ_correctiveEventID", "urn:uuid:c0000000-0000-4000-8000-000000000003")));
    assertEquals(List.of(original, other, declaring, corrective), indexes(Map.of()));

    JsonNode shown = byIndex(Map.of("EQ_eventID", id), original);
    JsonNode own = byIndex(Map.of("EQ_eventID", id), declaring);
    assertEquals(own.get("errorDeclaration"), shown.get("errorDeclaration"));
    assertEquals(declaring, shown.path("bt:ledger").path("errorDeclaredBy").asLong());
    assertTrue(own.path("bt:ledger").path("errorDeclaredBy").isMissingNode(), "the declaration declares itself");
    assertEquals("shipping", shown.path("bizStep").asText());

    // the ledger keeps the original exactly as it was captured
    EpcisRecords.StoredEvent stored = EpcisRecords.fromLeaf(fx.ledger.entry(original).leaf());
    assertFalse(stored.event().has("errorDeclaration"));
    assertFalse(byIndex(Map.of(), corrective).has("errorDeclaration"));
    assertFalse(byIndex(Map.of(), other).has("errorDeclaration"));
  }

  @Test
  void declarationBeforeTheOriginal_marksItWhenItArrives() {
    String id = "urn:uuid:a0000000-0000-4000-8000-000000000011";
    long declaring = fx.append(event(id, "shipping", DECLARATION));
    long original = fx.append(event(id, "shipping", null));
    fx.awaitCaughtUp();
    assertEquals(List.of(declaring, original), indexes(Map.of("EXISTS_errorDeclaration", "true")));
    assertEquals(declaring, byIndex(Map.of(), original).path("bt:ledger").path("errorDeclaredBy").asLong());
  }

  @Test
  void eventsWithoutEventId_areMatchedByTheirHashId() {
    // No eventID: capture gives both the CBV 2.0 hash ID, which leaves errorDeclaration out.
    long original = fx.append(event(null, "shipping", null));
    long declaring = fx.append(event(null, "shipping", DECLARATION));
    long unrelated = fx.append(event(null, "receiving", null));
    fx.awaitCaughtUp();
    assertEquals(byIndex(Map.of(), original).path("eventID"), byIndex(Map.of(), declaring).path("eventID"));
    assertEquals(List.of(original, declaring), indexes(Map.of("EXISTS_errorDeclaration", "true")));
    assertFalse(byIndex(Map.of(), unrelated).has("errorDeclaration"));
  }

  @Test
  void twoDeclarations_theFirstIsTheOneInEffect() {
    String id = "urn:uuid:a0000000-0000-4000-8000-000000000021";
    long original = fx.append(event(id, "shipping", null));
    long first = fx.append(event(id, "shipping", DECLARATION));
    long second = fx.append(event(id, "shipping", DECLARATION.replace("incorrect_data", "did_not_occur")));
    fx.awaitCaughtUp();
    JsonNode shown = byIndex(Map.of(), original);
    assertEquals(first, shown.path("bt:ledger").path("errorDeclaredBy").asLong());
    assertEquals("incorrect_data", shown.path("errorDeclaration").path("reason").asText());
    assertEquals(List.of(second), indexes(Map.of("EQ_errorReason", "did_not_occur")));
    assertEquals(List.of(original, first), indexes(Map.of("EQ_errorReason", "urn:epcglobal:cbv:er:incorrect_data")));
  }

  @Test
  void anEventNoDeclarationNames_isNotDeclaredInError() {
    long e = fx.append(event("urn:uuid:a0000000-0000-4000-8000-000000000031", "shipping", null));
    fx.append(event("urn:uuid:a0000000-0000-4000-8000-000000000032", "shipping", DECLARATION));
    fx.awaitCaughtUp();
    JsonNode shown = byIndex(Map.of(), e);
    assertNull(shown.get("errorDeclaration"));
    assertTrue(shown.path("bt:ledger").path("errorDeclaredBy").isMissingNode());
  }
}
