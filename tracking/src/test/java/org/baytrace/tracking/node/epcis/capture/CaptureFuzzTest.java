package org.baytrace.tracking.node.epcis.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.ledger.TestRecords;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.record.ParsedRecord;
import org.baytrace.ledger.record.RecordLimits;
import org.baytrace.ledger.record.Records;
import org.baytrace.tracking.domain.epcis.record.EpcisRecords;

/**
 * Fuzzes EPCIS capture from request body to signed records, the way {@link EpcisCapture} takes a
 * {@code POST /capture} or {@code POST /events} body: JSON parsing, document and schema checks,
 * each event turned into a record body, signed and parsed back by the ledger's parser. Every
 * refusal must be a {@link CaptureProblem} with a 4xx status (or the documented
 * IllegalArgumentException of {@link EpcisRecords#toBody} or LedgerException of the parser), never
 * anything else. Seeds: {@code CaptureFuzzTestInputs/}; see docs/FUZZING.md.
 */
class CaptureFuzzTest {
  private static final EpcisSchema SCHEMA = CaptureFixture.schema();
  private static final SigningKey KEY = SigningKey.fromSeed(new byte[32]);
  private static final CaptureLimits LIMITS = CaptureLimits.DEFAULT.withMaxEvents(50);

  @FuzzTest(maxDuration = "10m")
  void anyBody_becomesRecordsTheLedgerParses_orIsRefusedAsAClientError(byte[] body) {
    List<JsonNode> events;
    JsonNode context;
    try {
      JsonNode doc = CaptureInput.parse(body);
      String type = doc.path("type").asText("");
      if (EpcisRecords.EVENT_TYPES.contains(type)) {
        JsonNode event = CaptureInput.event(doc, SCHEMA).deepCopy();
        context = ((com.fasterxml.jackson.databind.node.ObjectNode) event).remove("@context");
        events = List.of(event);
      } else {
        CaptureInput.Document document = CaptureInput.document(doc, SCHEMA, LIMITS);
        context = document.context();
        events = document.events();
      }
    } catch (CaptureProblem p) {
      assertTrue(p.status() >= 400 && p.status() < 500, "refused as a client error: " + p.status());
      return;
    }
    for (JsonNode event : events) {
      RecordBody body0;
      try {
        body0 = EpcisRecords.toBody(TestRecords.ORIGIN, "fuzz-org", event, context);
      } catch (IllegalArgumentException e) {
        continue; // the event is refused with this message (400), the others still count
      }
      byte[] signed = Records.sign(body0.toByteArray(), KEY);
      try {
        ParsedRecord record = Records.parse(signed, RecordLimits.DEFAULT);
        assertEquals(body0.getSubjectsList(), record.subjects());
      } catch (LedgerException e) {
        // refused by the ledger's shape checks (e.g. too large), which capture reports as 400/413
        assertTrue(e.error().httpStatus() >= 400 && e.error().httpStatus() < 500, e.toString());
      }
    }
  }
}
