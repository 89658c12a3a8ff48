package org.baytrace.tracking.node.epcis.capture;

import static org.baytrace.tracking.node.epcis.capture.CaptureHttpTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.net.http.HttpResponse;
import org.baytrace.tracking.domain.epcis.hash.EventHash;
import org.baytrace.tracking.domain.epcis.record.EpcisRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /events}: one event, captured synchronously; beside a {@code GET /events} of the query side. */
class EventCaptureTest {
  /** Stands in for the query side's resource on the same path. */
  @Path("/events")
  public static final class QuerySide {
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String events() {
      return "{\"type\": \"EPCISQueryDocument\"}";
    }
  }

  @TempDir
  java.nio.file.Path dir;

  private CaptureFixture f;

  @BeforeEach
  void start() {
    f = new CaptureFixture(dir, QuerySide.class);
  }

  @AfterEach
  void stop() {
    f.close();
  }

  @Test
  void oneEvent_is201_withItsLocationAndLedgerIndex() {
    ObjectNode event = Docs.standalone(Docs.event("single", "1"));
    HttpResponse<String> r = f.post("/events", CaptureFixture.LD_JSON, Docs.bytes(event));
    assertEquals(201, r.statusCode(), r.body());
    String id = event.path("eventID").asText();
    assertEquals("/events/" + EventCaptureResource.pathSegment(id),
        URI.create(r.headers().firstValue("Location").orElseThrow()).getRawPath());
    long index = Long.parseLong(r.headers().firstValue("BayTrace-Ledger-Index").orElseThrow());
    assertEquals(f.ledger.entry(index).leafHash().hex(), r.headers().firstValue("BayTrace-Leaf-Hash").orElseThrow());
    assertEquals("2.0.0", r.headers().firstValue("GS1-EPCIS-Version").orElse(""));
    JsonNode body = CaptureFixture.json(r);
    assertEquals(id, body.path("eventID").asText());
    assertEquals(event.get("@context"), body.get("@context"));
    EpcisRecords.StoredEvent stored = f.stored(index);
    assertEquals(id, stored.eventId());
    assertEquals(CaptureFixture.ORG, stored.authorOrg());
  }

  @Test
  void sameEventAgain_is409_namingTheStoredCopy() {
    byte[] event = Docs.bytes(Docs.standalone(Docs.event("twice", "2")));
    HttpResponse<String> first = f.post("/events", "application/json", event);
    assertEquals(201, first.statusCode(), first.body());
    long size = f.size();
    HttpResponse<String> again = f.post("/events", "application/json", event);
    JsonNode p = assertProblem(again, 409, "epcisException:ResourceAlreadyExistsException", "eventID urn:uuid:");
    assertEquals(first.headers().firstValue("BayTrace-Ledger-Index").orElseThrow(), p.path("ledgerIndex").asText());
    assertEquals(size, f.size());
  }

  @Test
  void sameEventAsInADocument_isTheSameRecord() {
    ObjectNode event = Docs.event("both-ways", "3");
    long index = f.captureAndWait(Docs.bytes(Docs.document(event))).path("events").get(0).path("ledgerIndex").asLong();
    HttpResponse<String> r = f.post("/events", CaptureFixture.LD_JSON, Docs.bytes(Docs.standalone(event)));
    assertEquals(409, r.statusCode(), r.body());
    assertEquals(index, CaptureFixture.json(r).path("ledgerIndex").asLong());
  }

  @Test
  void eventWithoutId_getsTheHashId() {
    ObjectNode event = Docs.standalone(Docs.withoutId(Docs.event("anonymous", "4")));
    HttpResponse<String> r = f.post("/events", CaptureFixture.LD_JSON, Docs.bytes(event));
    assertEquals(201, r.statusCode(), r.body());
    ObjectNode bare = event.deepCopy();
    bare.remove("@context");
    assertEquals(EventHash.hashId(bare, event.get("@context")), CaptureFixture.json(r).path("eventID").asText());
  }

  @Test
  void refusals_nameTheProblem() {
    ObjectNode noContext = Docs.event("no-context", "5");
    JsonNode p = assertProblem(f.post("/events", CaptureFixture.LD_JSON, Docs.bytes(noContext)), 400,
        "epcisException:ValidationException", "EPCIS JSON schema: (document): required: ");
    assertTrue(p.path("detail").asText().contains("@context"), p.toString());

    assertProblem(f.post("/events", CaptureFixture.LD_JSON, Docs.bytes(Docs.document(Docs.event("doc", "6")))), 400,
        "epcisException:ValidationException", "type: got \"EPCISDocument\", want an event type");

    ObjectNode badGs1 = Docs.standalone(Docs.event("bad", "7"));
    badGs1.putArray("epcList").add("https://id.gs1.org/01/" + Docs.BAD_GTIN + "/21/7");
    assertProblem(f.post("/events", CaptureFixture.LD_JSON, Docs.bytes(badGs1)), 400,
        "epcisException:ValidationException", "epcList: ");

    ObjectNode huge = Docs.standalone(Docs.event("huge", "8"));
    huge.put("ex:note", "z".repeat(70_000));
    assertProblem(f.post("/events", CaptureFixture.LD_JSON, Docs.bytes(huge)), 413,
        "epcisException:CaptureLimitExceededException", "signed_record: got ");

    assertProblem(f.post("/events", "text/plain", Docs.bytes(Docs.standalone(Docs.event("ct", "9")))), 415,
        "epcisException:UnsupportedMediaTypeException", "Content-Type: got \"text/plain\"");
    assertProblem(f.post("/events", CaptureFixture.LD_JSON, "{nope".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        400, "epcisException:ValidationException", "request body: not valid JSON");
    assertEquals(0, f.size());
  }

  @Test
  void getEvents_ofTheQuerySide_stillAnswers() {
    HttpResponse<String> r = f.get("/events");
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("EPCISQueryDocument", CaptureFixture.json(r).path("type").asText());
  }
}
