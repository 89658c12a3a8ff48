package org.baytrace.tracking.node.epcis.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.baytrace.api.ledger.v1.LogEntry;
import org.baytrace.api.ledger.v1.SignedRecord;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.testing.Await;
import org.baytrace.tracking.domain.epcis.hash.EventHash;
import org.baytrace.tracking.domain.epcis.record.EpcisRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /capture} and the capture jobs, over real HTTP on a real ledger. */
class CaptureHttpTest {
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

  /** good, bad GS1 check digit, good, extension event type, too big for a record. */
  private static ObjectNode mixedDocument() {
    ObjectNode badGs1 = Docs.event("bad-gs1", "2");
    badGs1.putArray("epcList").add("https://id.gs1.org/01/" + Docs.BAD_GTIN + "/21/2");
    ObjectNode extension = Docs.event("extension", "4");
    extension.put("type", "ex:CustomEvent");
    ObjectNode huge = Docs.event("huge", "5");
    huge.put("ex:note", "x".repeat(70_000));
    return Docs.document(Docs.event("good-1", "1"), badGs1, Docs.event("good-2", "3"), extension, huge);
  }

  @Test
  void rollback_withInvalidEvents_storesNothing_andListsEveryError() {
    long before = f.size();
    JsonNode job = f.captureAndWait(Docs.bytes(mixedDocument()));

    assertFalse(job.path("success").asBoolean(), job.toString());
    assertEquals("rollback", job.path("captureErrorBehaviour").asText(), "the default");
    assertEquals(5, job.path("eventCount").asInt());
    assertEquals(0, job.path("events").size(), job.toString());
    assertEquals(before, f.size(), "nothing appended");
    JsonNode errors = job.path("errors");
    assertEquals(List.of(1, 3, 4), eventIndexes(errors), job.toString());

    JsonNode gs1 = errors.get(0);
    assertEquals("epcisException:ValidationException", gs1.path("type").asText());
    assertEquals(400, gs1.path("status").asInt());
    assertEquals("/epcisBody/eventList/1", gs1.path("pointer").asText());
    assertTrue(gs1.path("detail").asText().startsWith("/epcisBody/eventList/1: epcList: "), gs1.toString());
    assertTrue(gs1.path("detail").asText().contains(Docs.BAD_GTIN), gs1.toString());

    JsonNode type = errors.get(1);
    assertEquals("epcisException:ValidationException", type.path("type").asText());
    assertTrue(type.path("detail").asText().startsWith("/epcisBody/eventList/3: type: got \"ex:CustomEvent\", want one of ["),
        type.toString());

    JsonNode huge = errors.get(2);
    assertEquals("epcisException:CaptureLimitExceededException", huge.path("type").asText());
    assertEquals(413, huge.path("status").asInt());
    assertEquals("RECORD_TOO_LARGE", huge.path("reason").asText());
    assertTrue(huge.path("detail").asText().contains("want at most 61440"), huge.toString());
    assertFalse(huge.path("eventID").asText().isEmpty());
  }

  @Test
  void proceed_withInvalidEvents_storesTheValidOnes_andListsTheOthers() {
    long before = f.size();
    JsonNode job = f.captureAndWait(Docs.bytes(mixedDocument()), "GS1-Capture-Error-Behaviour", "proceed");

    assertFalse(job.path("success").asBoolean(), "some events were refused");
    assertEquals("proceed", job.path("captureErrorBehaviour").asText());
    assertEquals(List.of(1, 3, 4), eventIndexes(job.path("errors")));
    assertEquals(List.of(0, 2), eventIndexes(job.path("events")));
    assertEquals(before + 2, f.size());
    for (JsonNode e : job.path("events")) {
      assertFalse(e.path("duplicate").asBoolean());
      assertEquals(e.path("eventID").asText(), f.stored(e.path("ledgerIndex").asLong()).eventId());
    }
  }

  @Test
  void rollback_withValidEvents_appendsThemAllInOneBatch() {
    long before = f.size();
    JsonNode job = f.captureAndWait(Docs.bytes(Docs.document(Docs.event("a", "1"), Docs.event("b", "2"),
        Docs.event("c", "3"))));
    assertTrue(job.path("success").asBoolean(), job.toString());
    assertEquals(List.of(), eventIndexes(job.path("errors")));
    List<Long> indexes = new ArrayList<>();
    job.path("events").forEach(e -> indexes.add(e.path("ledgerIndex").asLong()));
    assertEquals(List.of(before, before + 1, before + 2), indexes, "in document order, one after another");
    long recordTime = f.stored(before).recordTimeUnixMillis();
    assertEquals(recordTime, f.stored(before + 2).recordTimeUnixMillis(), "one batch, one record time");
    assertTrue(job.hasNonNull("finishedAt"));
  }

  @Test
  void capturedRecords_areSignedByTheCaptureOrgsKey() throws Exception {
    JsonNode job = f.captureAndWait(Docs.bytes(Docs.document(Docs.event("signed", "1"))));
    long index = job.path("events").get(0).path("ledgerIndex").asLong();
    SignedRecord signed = SignedRecord.parseFrom(LogEntry.parseFrom(f.ledger.entry(index).leaf()).getSignedRecord());
    assertEquals(1, signed.getSignaturesCount());
    assertEquals(f.orgKey.publicKey().base64(),
        java.util.Base64.getEncoder().encodeToString(signed.getSignatures(0).getPublicKey().toByteArray()));
    assertEquals(CaptureFixture.ORG, f.stored(index).authorOrg());
  }

  @Test
  void sameDocumentTwice_isStoredOnce() {
    byte[] doc = Docs.bytes(Docs.document(Docs.event("once-1", "1"), Docs.withoutId(Docs.event("once-2", "2"))));
    JsonNode first = f.captureAndWait(doc);
    long size = f.size();
    JsonNode second = f.captureAndWait(doc);

    assertTrue(second.path("success").asBoolean(), second.toString());
    assertEquals(size, f.size(), "nothing new appended");
    assertNotEquals(first.path("captureID"), second.path("captureID"));
    for (int i = 0; i < 2; i++) {
      JsonNode a = first.path("events").get(i);
      JsonNode b = second.path("events").get(i);
      assertFalse(a.path("duplicate").asBoolean());
      assertTrue(b.path("duplicate").asBoolean(), b.toString());
      assertEquals(a.path("ledgerIndex"), b.path("ledgerIndex"));
      assertEquals(a.path("leafHash"), b.path("leafHash"));
      assertEquals(a.path("eventID"), b.path("eventID"));
    }
    // Layout and key order of the JSON text do not matter for an event without id: it is re-serialised.
    String pretty = CaptureFixture.json(doc).toPrettyString();
    JsonNode third = f.captureAndWait(pretty.getBytes(StandardCharsets.UTF_8), "GS1-Capture-Error-Behaviour", "proceed");
    assertTrue(third.path("events").get(1).path("duplicate").asBoolean());
    assertEquals(size, f.size());
  }

  @Test
  void eventWithoutEventId_getsTheCbvHashId() {
    ObjectNode event = Docs.withoutId(Docs.event("no-id", "7"));
    ObjectNode doc = Docs.document(event);
    JsonNode job = f.captureAndWait(Docs.bytes(doc));
    String want = EventHash.hashId(event, doc.get("@context"));
    assertTrue(want.startsWith("ni:///sha-256;") && want.endsWith("?ver=CBV2.0"), want);
    JsonNode stored = job.path("events").get(0);
    assertEquals(want, stored.path("eventID").asText());
    EpcisRecords.StoredEvent inLedger = f.stored(stored.path("ledgerIndex").asLong());
    assertEquals(want, inLedger.eventId());
    assertEquals(want, inLedger.event().path("eventID").asText(), "the recorded event carries its id");
  }

  @Test
  void gs1ExampleWithoutEventIds_getsTheHashIdsOfTheEventHashVectors() {
    Path file = CaptureFixture.examplesDir().resolve("Example-TransactionEvents-2020_07_03y.jsonld");
    JsonNode doc = CaptureFixture.json(CaptureFixture.read(file));
    JsonNode job = f.captureAndWait(CaptureFixture.read(file));
    List<String> want = EventHash.forDocument(doc).stream().map(h -> h.hashId()).toList();
    List<String> got = new ArrayList<>();
    job.path("events").forEach(e -> got.add(e.path("eventID").asText()));
    assertEquals(want, got);
    assertEquals(2, got.size());
  }

  @Test
  void correction_isANewRecordWithErrorDeclaration_andTheOriginalStays() {
    ObjectNode original = Docs.event("to-correct", "9");
    long originalIndex = f.captureAndWait(Docs.bytes(Docs.document(original))).path("events").get(0)
        .path("ledgerIndex").asLong();
    byte[] originalLeaf = f.ledger.entry(originalIndex).leaf();

    ObjectNode corrective = Docs.event("corrective", "9");
    corrective.put("disposition", "in_progress");
    ObjectNode declaration = original.deepCopy();
    ObjectNode error = declaration.putObject("errorDeclaration");
    error.put("declarationTime", "2026-11-29T09:00:00.000+08:00");
    error.put("reason", "incorrect_data");
    error.putArray("correctiveEventIDs").add(corrective.path("eventID").asText());
    JsonNode job = f.captureAndWait(Docs.bytes(Docs.document(declaration, corrective)));

    assertTrue(job.path("success").asBoolean(), job.toString());
    JsonNode declared = job.path("events").get(0);
    assertFalse(declared.path("duplicate").asBoolean(), "a correction is a new record, not the original again");
    assertNotEquals(originalIndex, declared.path("ledgerIndex").asLong());
    assertEquals(original.path("eventID").asText(), declared.path("eventID").asText(), "it declares an error in that event");
    EpcisRecords.StoredEvent stored = f.stored(declared.path("ledgerIndex").asLong());
    assertEquals("incorrect_data", stored.event().path("errorDeclaration").path("reason").asText());
    assertEquals(corrective.path("eventID").asText(),
        stored.event().path("errorDeclaration").path("correctiveEventIDs").get(0).asText());
    assertTrue(java.util.Arrays.equals(originalLeaf, f.ledger.entry(originalIndex).leaf()), "the original is untouched");
    assertTrue(f.stored(originalIndex).event().path("errorDeclaration").isMissingNode());
  }

  @Test
  void gs1ErrorDeclarationExamples_areAcceptedAsNewRecords() {
    Path examples = CaptureFixture.examplesDir();
    JsonNode original = f.captureAndWait(CaptureFixture.read(examples.resolve("Example_9.6.1-ObjectEvent.jsonld")));
    long size = f.size();
    JsonNode declared = f.captureAndWait(CaptureFixture.read(
        examples.resolve("WithErrorDeclaration_Example_9.6.1-ObjectEvent-with-error-declaration.jsonld")));
    assertTrue(declared.path("success").asBoolean(), declared.toString());
    assertFalse(declared.path("events").get(0).path("duplicate").asBoolean(), "the declaration is new");
    assertTrue(declared.path("events").get(1).path("duplicate").asBoolean(), "its second event is 9.6.1's second, unchanged");
    assertEquals(original.path("events").get(1).path("ledgerIndex"), declared.path("events").get(1).path("ledgerIndex"));
    assertEquals(size + 1, f.size());
    JsonNode both = f.captureAndWait(CaptureFixture.read(
        examples.resolve("WithErrorDeclaration_ErrorDeclarationAndCorrectiveEvent.jsonld")));
    assertTrue(both.path("success").asBoolean(), both.toString());
    assertEquals(size + 3, f.size());
  }

  @Test
  void queryDocument_isCapturedToo() {
    byte[] doc = CaptureFixture.read(CaptureFixture.examplesDir().resolve("EPCISQueryDocument.jsonld"));
    JsonNode job = f.captureAndWait(doc);
    assertTrue(job.path("success").asBoolean(), job.toString());
    assertEquals(2, job.path("events").size());
  }

  @Test
  void jobs_areListedNewestFirst_withPages() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(0, f.captureAndWait(Docs.bytes(Docs.document(Docs.event("list-" + i, "1" + i)))).path("captureID").asText());
    }
    HttpResponse<String> all = f.get("/capture");
    assertEquals(200, all.statusCode());
    assertEquals("2.0.0", all.headers().firstValue("GS1-EPCIS-Version").orElse(""));
    List<String> listed = new ArrayList<>();
    CaptureFixture.json(all).forEach(j -> listed.add(j.path("captureID").asText()));
    assertEquals(ids, listed);
    assertTrue(all.headers().firstValue("Link").isEmpty());

    HttpResponse<String> page1 = f.get("/capture?perPage=2");
    assertEquals(2, CaptureFixture.json(page1).size());
    String link = page1.headers().firstValue("Link").orElseThrow();
    assertTrue(link.endsWith(">; rel=\"next\""), link);
    URI next = URI.create(link.substring(1, link.indexOf('>')));
    HttpResponse<String> page2 = f.send(HttpRequest.newBuilder(next).GET());
    assertEquals(ids.get(2), CaptureFixture.json(page2).get(0).path("captureID").asText());
    assertEquals(1, CaptureFixture.json(page2).size());
    assertTrue(page2.headers().firstValue("Link").isEmpty());

    assertProblem(f.get("/capture?perPage=0"), 400, "epcisException:ValidationException", "perPage: got \"0\"");
    assertProblem(f.get("/capture?nextPageToken=abc"), 400, "epcisException:ValidationException", "nextPageToken: got \"abc\"");
  }

  @Test
  void unknownJob_is404Problem() {
    assertProblem(f.get("/capture/id0-nope"), 404, "epcisException:NoSuchResourceException", "captureID: got \"id0-nope\"");
  }

  @Test
  void options_advertisesVersionsLimitsAndErrorBehaviours() {
    HttpResponse<String> r = f.send(HttpRequest.newBuilder(f.uri("/capture")).method("OPTIONS",
        HttpRequest.BodyPublishers.noBody()));
    assertEquals(204, r.statusCode());
    assertEquals("1000", r.headers().firstValue("GS1-EPCIS-Capture-Limit").orElse(""));
    assertEquals(Integer.toString(8 << 20), r.headers().firstValue("GS1-EPCIS-Capture-File-Size-Limit").orElse(""));
    assertEquals("all", r.headers().firstValue("GS1-Capture-Error-Behaviour").orElse(""));
    assertEquals("2.0.0", r.headers().firstValue("GS1-EPCIS-Version").orElse(""));
    assertEquals("2.0.0", r.headers().firstValue("GS1-CBV-Version").orElse(""));
    assertTrue(r.headers().firstValue("Allow").orElse("").contains("POST"));
  }

  @Test
  void accepted_answersWithTheJobAndItsLocation() {
    HttpResponse<String> r = f.post("/capture", "application/json", Docs.bytes(Docs.document(Docs.event("loc", "1"))),
        "GS1-EPCIS-Version", "2.0.0", "GS1-CBV-Version", "2.0");
    assertEquals(202, r.statusCode(), r.body());
    JsonNode job = CaptureFixture.json(r);
    String location = r.headers().firstValue("Location").orElseThrow();
    assertEquals("/capture/" + job.path("captureID").asText(), URI.create(location).getPath());
    assertEquals("2.0.0", r.headers().firstValue("GS1-EPCIS-Version").orElse(""));
    assertEquals("2.0.0", r.headers().firstValue("GS1-CBV-Version").orElse(""));
    assertEquals("rollback", job.path("captureErrorBehaviour").asText());
    assertTrue(job.has("running") && job.has("success") && job.has("createdAt") && job.path("errors").isArray());
    f.awaitJob(URI.create(location).getPath());
  }

  @Test
  void unregisteredCaptureKey_everyEventIsRefused_asSecurityException() {
    try (CaptureFixture other = new CaptureFixture(dir.resolve("other"), CaptureLimits.DEFAULT, SigningKey.generate())) {
      JsonNode job = other.captureAndWait(Docs.bytes(Docs.document(Docs.event("k1", "1"), Docs.event("k2", "2"))));
      assertFalse(job.path("success").asBoolean());
      assertEquals(List.of(0, 1), eventIndexes(job.path("errors")));
      JsonNode e = job.path("errors").get(0);
      assertEquals("epcisException:SecurityException", e.path("type").asText());
      assertEquals(403, e.path("status").asInt());
      assertEquals("UNKNOWN_KEY", e.path("reason").asText());
      assertEquals(0, other.size());
    }
  }

  @Test
  void fullDocument_ofTheAdvertisedLimit_isAppendedAsOneGroup() {
    ObjectNode[] events = new ObjectNode[CaptureLimits.DEFAULT.maxEvents()];
    for (int i = 0; i < events.length; i++) {
      events[i] = Docs.event("bulk-" + i, Integer.toString(i));
    }
    long before = f.size();
    JsonNode job = f.captureAndWait(Docs.bytes(Docs.document(events)));
    assertTrue(job.path("success").asBoolean(), job.path("errors").toString());
    assertEquals(events.length, job.path("events").size());
    assertEquals(before + events.length, f.size());
    assertEquals(f.stored(before).recordTimeUnixMillis(), f.stored(before + events.length - 1).recordTimeUnixMillis(),
        "one batch");
  }

  @Test
  void afterClose_captureAnswers503() {
    f.capture.close();
    assertProblem(f.post("/capture", CaptureFixture.LD_JSON, Docs.bytes(Docs.document(Docs.event("late", "1")))), 503,
        "epcisException:ImplementationException", "node is shutting down");
  }

  @Test
  void fullQueue_is429_andQueuedDocumentsAreCapturedInArrivalOrder() {
    try (CaptureFixture q = new CaptureFixture(dir.resolve("queue"), new CaptureLimits(10, 1 << 20, 100, 1, 30_000), null)) {
      q.gate = new java.util.concurrent.CountDownLatch(1);
      HttpResponse<String> first = q.post("/capture", CaptureFixture.LD_JSON, Docs.bytes(Docs.document(Docs.event("q1", "1"))));
      assertEquals(202, first.statusCode(), first.body());
      // The worker takes the first document and waits at the gate; the second waits in the queue.
      HttpResponse<String> second = Await.until("the worker takes the first document, so the second is queued",
          Duration.ofSeconds(10), () -> q.post("/capture", CaptureFixture.LD_JSON,
              Docs.bytes(Docs.document(Docs.event("q2", "2")))), r -> r.statusCode() != 429);
      assertEquals(202, second.statusCode(), second.body());
      HttpResponse<String> third = q.post("/capture", CaptureFixture.LD_JSON, Docs.bytes(Docs.document(Docs.event("q3", "3"))));
      assertProblem(third, 429, "epcisException:ImplementationException", "capture queue full");
      assertEquals("1", third.headers().firstValue("Retry-After").orElse(""));
      // A full queue refuses before the document is read: not even broken JSON is parsed.
      assertProblem(q.post("/capture", CaptureFixture.LD_JSON, "{\"type\": \"EPCISDocu".getBytes(StandardCharsets.UTF_8)), 429,
          "epcisException:ImplementationException", "capture queue full");
      assertEquals(2, CaptureFixture.json(q.get("/capture")).size(), "a refused document leaves no job");
      assertTrue(CaptureFixture.json(q.get(URI.create(first.headers().firstValue("Location").orElseThrow()).getPath()))
          .path("running").asBoolean());

      q.gate.countDown();
      q.gate = null;
      long a = q.awaitJob(URI.create(first.headers().firstValue("Location").orElseThrow()).getPath())
          .path("events").get(0).path("ledgerIndex").asLong();
      long b = q.awaitJob(URI.create(second.headers().firstValue("Location").orElseThrow()).getPath())
          .path("events").get(0).path("ledgerIndex").asLong();
      assertEquals(List.of(0L, 1L), List.of(a, b), "documents are appended in the order they arrived");
    }
  }

  static List<Integer> eventIndexes(JsonNode list) {
    List<Integer> out = new ArrayList<>();
    list.forEach(e -> out.add(e.path("eventIndex").asInt(-1)));
    return out;
  }

  static JsonNode assertProblem(HttpResponse<String> r, int status, String type, String detailStart) {
    assertEquals(status, r.statusCode(), r.body());
    assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
    JsonNode p = CaptureFixture.json(r);
    assertEquals(status, p.path("status").asInt());
    assertEquals(type, p.path("type").asText(), p.toString());
    assertFalse(p.path("title").asText().isBlank());
    assertTrue(p.path("detail").asText().startsWith(detailStart),
        "detail: got \"" + p.path("detail").asText() + "\", want it to start with \"" + detailStart + "\"");
    return p;
  }
}
