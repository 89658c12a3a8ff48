package org.baytrace.tracking.node.epcis.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.baytrace.tracking.domain.epcis.hash.EventHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A supplied {@code ni:///sha-256} eventID is compared with the CBV 2.0 hash id of the content:
 * stored by default (queries flag it), refused 400 naming the computed id with {@code [capture]
 * hash_id_mismatch = "refuse"}; a correct hash id is accepted either way.
 */
class HashIdCheckTest {
  private static final String WRONG =
      "ni:///sha-256;1111111111111111111111111111111111111111111111111111111111111111?ver=CBV2.0";

  @TempDir
  Path dir;

  private static ObjectNode withId(ObjectNode event, String id) {
    ObjectNode e = Docs.withoutId(event);
    e.put("eventID", id);
    return e;
  }

  @Test
  void refuseConfigured_wrongHashId_is400NamingTheComputedId_andStoresNothing() {
    try (CaptureFixture f = new CaptureFixture(dir.resolve("refuse"), CaptureLimits.DEFAULT, null, true, new Object[0])) {
      ObjectNode event = Docs.withoutId(Docs.event("hashed", "1"));
      String right = EventHash.hashId(event, Docs.context());
      JsonNode job = f.captureAndWait(Docs.bytes(Docs.document(withId(event, WRONG))));
      assertFalse(job.path("success").asBoolean(), job.toString());
      JsonNode error = job.path("errors").get(0);
      assertEquals(400, error.path("status").asInt(), error.toString());
      assertEquals(right, error.path("computedEventID").asText(), error.toString());
      assertTrue(error.path("detail").asText().contains("hash_id_mismatch"), error.toString());
      assertEquals(0, f.size());

      // Upper-case hex is the same digest.
      String upper = "ni:///sha-256;" + right.substring("ni:///sha-256;".length(), right.indexOf('?')).toUpperCase()
          + "?ver=CBV2.0";
      JsonNode ok = f.captureAndWait(Docs.bytes(Docs.document(withId(event, upper))));
      assertTrue(ok.path("success").asBoolean(), ok.toString());
    }
  }

  @Test
  void byDefault_wrongHashId_isStored() {
    try (CaptureFixture f = new CaptureFixture(dir.resolve("flag"))) {
      JsonNode job = f.captureAndWait(Docs.bytes(Docs.document(withId(Docs.event("flagged", "2"), WRONG))));
      assertTrue(job.path("success").asBoolean(), job.toString());
      assertEquals(1, f.size());
    }
  }
}
