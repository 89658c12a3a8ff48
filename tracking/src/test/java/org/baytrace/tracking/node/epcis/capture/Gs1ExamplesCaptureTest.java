package org.baytrace.tracking.node.epcis.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.baytrace.tracking.domain.epcis.hash.EventHash;
import org.baytrace.tracking.domain.epcis.record.EpcisRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every GS1 EPCIS 2.0 JSON-LD example in {@code shared/testdata/epcis/examples} through
 * {@code POST /capture}: the ones that are capture documents are accepted and every event of
 * them is in the ledger afterwards (read back by the ledger index the job reports); the rest are
 * refused with problem JSON naming the problem.
 *
 * <p>The REST binding asks {@code /capture} to take an {@code EPCISQueryDocument} as well as an
 * {@code EPCISDocument} ("This endpoint should support both"), and every file passes GS1's
 * schema, so all but one are capture documents. The exception is
 * {@code AssociationEvent_AssociationEvent-h.jsonld}: its event has two {@code eventID} members,
 * so which id the event has depends on the JSON parser (the schema validators that pass it keep
 * the last); for a ledger whose records are keyed by event id that is refused, naming the member
 * and where it is. The expected sets are explicit so that a change in either direction shows.
 */
class Gs1ExamplesCaptureTest {
  /** Examples that are not capture documents: file name and what the refusal must say. */
  private static final Map<String, String> NOT_CAPTURE_DOCUMENTS = Map.of(
      "AssociationEvent_AssociationEvent-h.jsonld",
      "400 request body: member \"eventID\" appears twice in one object (/epcisBody/eventList/0/eventID) at line 15");
  private static final int MIN_DOCUMENTS = 47;
  private static final int MIN_EVENTS = 55;

  @TempDir
  Path dir;

  @Test
  void everyExample_isCaptured_andEveryEventIsInTheLedger() {
    List<Path> examples = CaptureFixture.examples();
    assertTrue(examples.size() >= MIN_DOCUMENTS, "want at least " + MIN_DOCUMENTS + " GS1 examples, found " + examples.size());
    Set<String> accepted = new TreeSet<>();
    Map<String, String> refused = new TreeMap<>();
    int events = 0;
    List<String> problems = new ArrayList<>();
    try (CaptureFixture f = new CaptureFixture(dir)) {
      for (Path file : examples) {
        String name = file.getFileName().toString();
        byte[] bytes = CaptureFixture.read(file);
        HttpResponse<String> r = f.post("/capture", CaptureFixture.LD_JSON, bytes);
        if (r.statusCode() != 202) {
          assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""), name);
          JsonNode problem = CaptureFixture.json(r);
          assertFalse(problem.path("detail").asText().isBlank(), name + ": problem without detail: " + problem);
          refused.put(name, r.statusCode() + " " + problem.path("detail").asText());
          continue;
        }
        accepted.add(name);
        JsonNode job = f.awaitJob(java.net.URI.create(r.headers().firstValue("Location").orElseThrow()).getPath());
        JsonNode document = CaptureFixture.json(bytes);
        List<JsonNode> docEvents = CaptureFixture.events(document);
        events += docEvents.size();
        if (reusesAnotherEventsId(f, job, docEvents)) {
          continue; // GS1's examples give one id to different events in different documents: 409, as it should
        }
        if (!job.path("success").asBoolean() || job.path("events").size() != docEvents.size()) {
          problems.add(name + ": " + job);
          continue;
        }
        assertEquals(docEvents.size(), job.path("eventCount").asInt(), name);
        for (JsonNode stored : job.path("events")) {
          int i = stored.path("eventIndex").asInt();
          JsonNode event = docEvents.get(i);
          String want = event.hasNonNull("eventID") ? event.get("eventID").asText()
              : EventHash.hashId(event, document.get("@context"));
          assertEquals(want, stored.path("eventID").asText(), name + " event " + i);
          EpcisRecords.StoredEvent inLedger = f.stored(stored.path("ledgerIndex").asLong());
          assertEquals(want, inLedger.eventId(), name + " event " + i + " read back from the ledger");
          assertEquals(CaptureFixture.ORG, inLedger.authorOrg(), name);
          assertEquals(event.path("type").asText(), inLedger.type(), name);
          assertEquals(f.ledger.entry(stored.path("ledgerIndex").asLong()).leafHash().hex(),
              stored.path("leafHash").path("hex").asText(), name);
          ObjectNode content = inLedger.event().deepCopy();
          content.remove("@context");
          content.remove("eventID");
          ObjectNode original = event.deepCopy();
          original.remove("eventID");
          assertEquals(original, content, name + " event " + i + ": the ledger keeps the event as captured");
        }
      }
    }
    assertEquals(List.of(), problems, "accepted examples whose capture job did not store every event");
    assertEquals(NOT_CAPTURE_DOCUMENTS.keySet(), refused.keySet(), "refused examples: " + refused);
    NOT_CAPTURE_DOCUMENTS.forEach((name, want) ->
        assertTrue(refused.get(name).startsWith(want), name + ": got \"" + refused.get(name) + "\", want it to start with \"" + want + "\""));
    assertEquals(examples.size() - NOT_CAPTURE_DOCUMENTS.size(), accepted.size());
    assertTrue(events >= MIN_EVENTS, "want at least " + MIN_EVENTS + " events in the accepted examples, got " + events);
  }

  /**
   * True if the job failed only because its events reuse ids that earlier examples gave to other
   * events: each error is the unique-event-id 409, and the event held at the named index has the
   * same id and other content.
   */
  private static boolean reusesAnotherEventsId(CaptureFixture f, JsonNode job, List<JsonNode> docEvents) {
    if (job.path("success").asBoolean() || job.path("errors").isEmpty()) {
      return false;
    }
    for (JsonNode error : job.path("errors")) {
      String detail = error.path("detail").asText();
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("eventID (\\S+): the ledger already holds another "
          + "event with this id at index (\\d+)").matcher(detail);
      if (error.path("status").asInt() != 409 || !m.find()) {
        return false;
      }
      EpcisRecords.StoredEvent held = f.stored(Long.parseLong(m.group(2)));
      assertEquals(m.group(1), held.eventId());
      for (JsonNode e : docEvents) {
        if (e.path("eventID").asText().equals(m.group(1))) {
          ObjectNode mine = e.deepCopy();
          ObjectNode theirs = held.event().deepCopy();
          theirs.remove("@context");
          assertFalse(mine.equals(theirs), "a refused event with id " + m.group(1) + " is another event");
        }
      }
    }
    return true;
  }
}
