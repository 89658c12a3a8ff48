package org.baytrace.tracking.node.epcis.capture;

import static org.baytrace.tracking.node.epcis.capture.CaptureHttpTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests {@code /capture} refuses before making a job, each with problem JSON that names the
 * problem; and nothing of them reaches the ledger.
 */
class CaptureRequestTest {
  private static final String VALIDATION = "epcisException:ValidationException";

  @TempDir
  Path dir;

  private CaptureFixture f;

  @BeforeEach
  void start() {
    f = new CaptureFixture(dir, CaptureLimits.DEFAULT.withMaxEvents(3).withMaxDocumentBytes(64 * 1024), null);
  }

  @AfterEach
  void stop() {
    assertEquals(0, f.size(), "a refused request stores nothing");
    f.close();
  }

  private HttpResponse<String> capture(String body) {
    return f.post("/capture", CaptureFixture.LD_JSON, body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void malformedJson_is400_withLineAndColumn() {
    JsonNode p = assertProblem(capture("{\"type\": \"EPCISDocument\",\n \"epcisBody\": [}"), 400, VALIDATION,
        "request body: not valid JSON at line 2, column ");
    assertEquals(2, p.path("line").asInt());
    assertEquals("INVALID_ARGUMENT", p.path("reason").asText());
    assertEquals("/capture", p.path("instance").asText());
    assertProblem(capture("{} {}"), 400, VALIDATION, "request body: not valid JSON at line 1");
    assertProblem(capture(""), 400, VALIDATION, "request body: empty");
    assertProblem(capture("   "), 400, VALIDATION, "request body: no JSON value");
  }

  @Test
  void duplicateMember_is400_namingItAndWhere() {
    ObjectNode doc = Docs.document(Docs.event("dup", "1"));
    String text = doc.toString().replace("\"type\":\"ObjectEvent\"", "\"type\":\"ObjectEvent\",\"type\":\"ObjectEvent\"");
    JsonNode p = assertProblem(capture(text), 400, VALIDATION, "request body: member \"type\" appears twice in one object");
    assertEquals("/epcisBody/eventList/0/type", p.path("pointer").asText());
  }

  @Test
  void notADocument_is400() {
    assertProblem(capture("[1, 2]"), 400, VALIDATION, "request body: got a JSON array, want an EPCIS 2.0 JSON-LD document");
    assertProblem(capture("{\"type\": \"EPCISMasterDataDocument\"}"), 400, VALIDATION,
        "type: got \"EPCISMasterDataDocument\", want \"EPCISDocument\" or \"EPCISQueryDocument\"");
    assertProblem(capture("{}"), 400, VALIDATION, "type: got nothing, want \"EPCISDocument\"");
    String single = Docs.standalone(Docs.event("single", "1")).toString();
    assertProblem(capture(single), 400, VALIDATION, "type: got \"ObjectEvent\", want \"EPCISDocument\" or "
        + "\"EPCISQueryDocument\"; a single event is captured with POST /events");
  }

  @Test
  void schemaViolation_is400_namingThePointerAndTheRule() {
    ObjectNode doc = Docs.document(Docs.event("late", "1"));
    ((ObjectNode) doc.at("/epcisBody/eventList/0")).put("eventTime", "yesterday");
    JsonNode p = assertProblem(capture(doc.toString()), 400, VALIDATION,
        "EPCIS JSON schema: /epcisBody/eventList/0/eventTime: format: ");
    assertEquals("/epcisBody/eventList/0/eventTime", p.path("pointer").asText());
    assertEquals("format", p.path("keyword").asText());
    assertTrue(p.path("schemaLocation").asText().startsWith("https://gs1.github.io/EPCIS/EPCIS-JSON-Schema.json#/"),
        p.toString());
    assertEquals("/epcisBody/eventList/0/eventTime", p.path("violations").get(0).path("pointer").asText());

    ObjectNode noDate = Docs.document(Docs.event("no-date", "1"));
    noDate.remove("creationDate");
    p = assertProblem(capture(noDate.toString()), 400, VALIDATION, "EPCIS JSON schema: (document): required: ");
    assertTrue(p.path("detail").asText().contains("creationDate"), p.toString());

    ObjectNode badAction = Docs.document(Docs.event("action", "1"));
    ((ObjectNode) badAction.at("/epcisBody/eventList/0")).put("action", "MAYBE");
    p = assertProblem(capture(badAction.toString()), 400, VALIDATION, "EPCIS JSON schema: /epcisBody/eventList/0/action: ");
    assertTrue(p.path("violations").size() >= 1);
  }

  @Test
  void tooManyEvents_is413_withTheLimits() {
    ObjectNode doc = Docs.document(Docs.event("1", "1"), Docs.event("2", "2"), Docs.event("3", "3"), Docs.event("4", "4"));
    HttpResponse<String> r = capture(doc.toString());
    JsonNode p = assertProblem(r, 413, "epcisException:CaptureLimitExceededException",
        "epcisBody.eventList: got 4 events, want at most 3 per capture request");
    assertEquals("3", r.headers().firstValue("GS1-EPCIS-Capture-Limit").orElse(""));
    assertEquals("65536", r.headers().firstValue("GS1-EPCIS-Capture-File-Size-Limit").orElse(""));
    assertEquals(4, p.path("eventCount").asInt());
  }

  @Test
  void oversizedBody_is413_withTheLimits() {
    ObjectNode doc = Docs.document(Docs.event("big", "1"));
    ((ObjectNode) doc.at("/epcisBody/eventList/0")).put("ex:note", "y".repeat(70_000));
    HttpResponse<String> r = capture(doc.toString());
    assertProblem(r, 413, "epcisException:CaptureLimitExceededException", "request body: got ");
    assertEquals("65536", r.headers().firstValue("GS1-EPCIS-Capture-File-Size-Limit").orElse(""));
    assertEquals("3", r.headers().firstValue("GS1-EPCIS-Capture-Limit").orElse(""));
  }

  @Test
  void wrongContentType_is415() {
    byte[] doc = Docs.bytes(Docs.document(Docs.event("ct", "1")));
    assertProblem(f.post("/capture", "text/plain", doc), 415, "epcisException:UnsupportedMediaTypeException",
        "Content-Type: got \"text/plain\", want application/ld+json or application/json");
    assertProblem(f.post("/capture", "application/xml", doc), 415, "epcisException:UnsupportedMediaTypeException",
        "Content-Type: got \"application/xml\"");
    assertProblem(f.post("/capture", "application/json; charset=ISO-8859-1", doc), 415,
        "epcisException:UnsupportedMediaTypeException", "Content-Type: got charset \"ISO-8859-1\", want UTF-8");
    assertProblem(f.post("/capture", null, doc), 415, "epcisException:UnsupportedMediaTypeException",
        "Content-Type: missing");
  }

  @Test
  void badHeaders_are400_andUnsupportedVersions406_namingTheHeader() {
    byte[] doc = Docs.bytes(Docs.document(Docs.event("h", "1")));
    JsonNode p = assertProblem(f.post("/capture", CaptureFixture.LD_JSON, doc, "GS1-Capture-Error-Behaviour", "all"), 400,
        VALIDATION, "GS1-Capture-Error-Behaviour: got \"all\", want \"rollback\"");
    assertEquals("GS1-Capture-Error-Behaviour", p.path("header").asText());
    assertProblem(f.post("/capture", CaptureFixture.LD_JSON, doc, "GS1-EPCIS-Version", "1.2"), 406,
        "epcisException:NotAcceptableException", "GS1-EPCIS-Version: got \"1.2\", want 2.x");
    assertProblem(f.post("/events", CaptureFixture.LD_JSON, Docs.bytes(Docs.standalone(Docs.event("h", "1"))),
        "GS1-EPCIS-Version", "1.2"), 406, "epcisException:NotAcceptableException", "GS1-EPCIS-Version: got \"1.2\"");
    assertEquals(0, f.size(), "nothing stored");
    assertProblem(f.post("/capture", CaptureFixture.LD_JSON, doc, "GS1-CBV-Version", "two"), 400, VALIDATION,
        "GS1-CBV-Version: got \"two\", want a version");
  }
}
