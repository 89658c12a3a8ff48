package org.baytrace.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.baytrace.ledger.testing.Await;
import org.baytrace.tracking.domain.gs1.TraceCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded node end to end for GS1 users: GS1's own EPCIS example captured over HTTP, then
 * the consumer page behind the product's Digital Link shows its journey as verified.
 */
class NodeEpcisIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;

  @Test
  void capturedGs1Example_isOnTheConsumerPage_verified() throws Exception {
    Path example = sharedTestdata().resolve("epcis/examples/Example_9.6.1-ObjectEvent.jsonld");
    try (NodeProcess node = NodeProcess.start(work, "--data", work.resolve("data").toString())) {
      assertTrue(node.output.stream().anyMatch(l -> l.contains("EPCIS capture as local")), String.join("\n", node.output));
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      String base = "http://127.0.0.1:" + node.httpPort;
      HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create(base + "/capture"))
          .header("Content-Type", "application/ld+json").POST(HttpRequest.BodyPublishers.ofFile(example)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(202, accepted.statusCode(), accepted.body());
      URI job = URI.create(base).resolve(accepted.headers().firstValue("Location").orElseThrow());
      JsonNode status = Await.until("capture job " + job + " finished", Duration.ofSeconds(10),
          () -> JSON.readTree(http.send(HttpRequest.newBuilder(job).build(), HttpResponse.BodyHandlers.ofString()).body()),
          s -> !s.path("running").asBoolean(true));
      assertTrue(status.path("success").asBoolean(), status.toString());

      HttpResponse<String> query = http.send(HttpRequest.newBuilder(URI.create(base
          + "/events?MATCH_epc=urn:epc:id:sgtin:0614141.107346.2018")).header("Accept", "application/json").build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, query.statusCode(), query.body());
      JsonNode events = JSON.readTree(query.body()).path("epcisBody").path("queryResults").path("resultsBody").path("eventList");
      assertEquals(2, events.size(), query.body());

      String link = TraceCode.parse("urn:epc:id:sgtin:0614141.107346.2018").toDigitalLink();
      String path = URI.create(link).getPath();
      HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + path))
          .header("Accept", "application/json").timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, page.statusCode(), page.body());
      String body = page.body();
      assertTrue(body.contains("\"verified\":true"), body);
      assertTrue(body.contains("receiving") || body.contains("Receiving"), body);
      assertTrue(!body.contains("transaction.acme.com/po"), "purchase orders are not shown to consumers");

      HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(base + "/01/10614141073468/21/2018"))
          .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(400, bad.statusCode(), "a wrong check digit is a 400 page, never a 200 error page");
    }
  }

  static Path sharedTestdata() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/testdata");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError("../shared/testdata not found above " + Path.of("").toAbsolutePath());
  }
}
