package org.baytrace.tracking.node.epcis.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.baytrace.tracking.domain.epcis.record.UniqueEventIdRule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An eventID names one event: another event with a stored id is refused 409 problem JSON, over
 * {@code POST /events} and {@code POST /capture}, and so are two events of one document with one
 * id; nothing is stored. The same event sent again and an error declaration (the event again with
 * an {@code errorDeclaration}) still go through.
 */
class EventIdUniquenessTest {
  @TempDir
  Path dir;

  private CaptureFixture f;

  @BeforeEach
  void start() {
    f = new CaptureFixture(dir.resolve("node"));
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private static ObjectNode otherContent(ObjectNode event) {
    ObjectNode other = event.deepCopy();
    other.put("bizStep", "receiving");
    return other;
  }

  @Test
  void postEvents_anotherEventWithAStoredEventId_is409ProblemJson_andStoresNothing() {
    ObjectNode first = Docs.event("unique-1", "1");
    assertEquals(201, f.post("/events", CaptureFixture.LD_JSON, Docs.bytes(Docs.standalone(first))).statusCode());
    long size = f.size();

    HttpResponse<String> r = f.post("/events", CaptureFixture.LD_JSON, Docs.bytes(Docs.standalone(otherContent(first))));

    assertEquals(409, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
    JsonNode p = CaptureFixture.json(r);
    assertEquals("epcisException:ResourceAlreadyExistsException", p.path("type").asText(), r.body());
    assertEquals("RULE_VIOLATED", p.path("reason").asText());
    assertTrue(p.path("detail").asText().contains(UniqueEventIdRule.RULE), r.body());
    assertTrue(p.path("detail").asText().contains(first.path("eventID").asText()), r.body());
    assertEquals(size, f.size(), "nothing stored");
  }

  @Test
  void capture_anotherEventWithAStoredEventId_failsTheJobWith409_andStoresNothing() {
    ObjectNode first = Docs.event("unique-2", "2");
    assertTrue(f.captureAndWait(Docs.bytes(Docs.document(first))).path("success").asBoolean());
    long size = f.size();

    for (String behaviour : new String[] {"rollback", "proceed"}) {
      JsonNode job = f.captureAndWait(Docs.bytes(Docs.document(Docs.event("fresh-" + behaviour, "3"),
          otherContent(first))), "GS1-Capture-Error-Behaviour", behaviour);
      assertFalse(job.path("success").asBoolean(), job.toString());
      JsonNode error = job.path("errors").get(0);
      assertEquals(409, error.path("status").asInt(), job.toString());
      assertEquals("epcisException:ResourceAlreadyExistsException", error.path("type").asText());
      if (behaviour.equals("rollback")) {
        assertEquals(size, f.size(), "rollback: nothing of the document stored");
      }
    }
    assertEquals(size + 1, f.size(), "proceed: only the fresh event stored");
  }

  @Test
  void capture_twoEventsOfOneDocumentWithOneId_areRefused409_namingTheFirst() {
    ObjectNode a = Docs.event("twin", "4");
    long size = f.size();

    JsonNode job = f.captureAndWait(Docs.bytes(Docs.document(a, otherContent(a))));

    assertFalse(job.path("success").asBoolean(), job.toString());
    JsonNode error = job.path("errors").get(0);
    assertEquals(409, error.path("status").asInt(), job.toString());
    assertEquals(1, error.path("eventIndex").asInt());
    assertTrue(error.path("detail").asText().contains("/epcisBody/eventList/0"), error.toString());
    assertEquals(size, f.size());
  }

  @Test
  void sameEventAgain_andItsErrorDeclaration_areNotRefused() {
    ObjectNode original = Docs.event("declared-later", "5");
    byte[] doc = Docs.bytes(Docs.document(original));
    f.captureAndWait(doc);
    JsonNode again = f.captureAndWait(doc);
    assertTrue(again.path("success").asBoolean(), again.toString());
    assertTrue(again.path("events").get(0).path("duplicate").asBoolean());

    ObjectNode declaration = original.deepCopy();
    declaration.putObject("errorDeclaration").put("declarationTime", "2026-11-29T09:00:00.000+08:00")
        .put("reason", "incorrect_data");
    JsonNode declared = f.captureAndWait(Docs.bytes(Docs.document(declaration)));
    assertTrue(declared.path("success").asBoolean(), declared.toString());
    assertFalse(declared.path("events").get(0).path("duplicate").asBoolean());
  }

  @Test
  void sameEventWithoutIdInAnotherSerialisation_isAnsweredAsTheStoredDuplicate() {
    ObjectNode event = Docs.withoutId(Docs.event("reserialised", "6"));
    JsonNode first = f.captureAndWait(Docs.bytes(Docs.document(event)));
    long size = f.size();
    ObjectNode reordered = Docs.NODES.objectNode();
    java.util.List<String> names = new java.util.ArrayList<>();
    event.fieldNames().forEachRemaining(names::add);
    java.util.Collections.reverse(names);
    names.forEach(n -> reordered.set(n, event.get(n)));

    JsonNode again = f.captureAndWait(Docs.bytes(Docs.document(reordered)));

    assertTrue(again.path("success").asBoolean(), again.toString());
    assertTrue(again.path("events").get(0).path("duplicate").asBoolean(), again.toString());
    assertEquals(first.path("events").get(0).path("ledgerIndex"), again.path("events").get(0).path("ledgerIndex"));
    assertEquals(size, f.size());
  }
}
