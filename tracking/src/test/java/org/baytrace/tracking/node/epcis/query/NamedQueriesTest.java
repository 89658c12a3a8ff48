package org.baytrace.tracking.node.epcis.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.baytrace.config.CaptureIdentity;
import org.baytrace.config.HttpAccess;
import org.baytrace.config.NodeConfig;
import org.baytrace.ledger.registry.OrgRegistry;
import org.baytrace.ledger.registry.OrgRegistry.Org;
import org.baytrace.ledger.registry.OrgRegistry.OrgKey;
import org.baytrace.ledger.registry.OrgRegistry.Role;
import org.baytrace.ledger.crypto.KeyFiles;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.tracking.node.BayTraceNode;
import org.baytrace.tracking.node.LoopbackNodeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Named queries ({@code /queries}) on a running node with a registry: created, listed, read, run
 * and deleted by the organisation that owns them; invisible (404) to another org; refused with
 * 401 without a credential, 400 for a bad definition, 409 for a name taken, 415 for a non-JSON
 * body; and kept across a restart.
 */
class NamedQueriesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FOODS = HttpAccess.newToken();
  private static final String REEFER = HttpAccess.newToken();
  private static final String ITEM = "https://id.gs1.org/01/06901234000016/21/42";

  @TempDir
  Path dir;

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private BayTraceNode start() throws Exception {
    Path keyFile = dir.resolve("capture.key");
    SigningKey captureKey;
    if (java.nio.file.Files.exists(keyFile)) {
      captureKey = KeyFiles.loadPrivate(keyFile);
    } else {
      captureKey = SigningKey.generate();
      KeyFiles.savePrivate(captureKey, keyFile);
    }
    OrgRegistry registry = OrgRegistry.of(List.of(
        new Org("gba-capture", "GBA capture service", Set.of(Role.AUDITOR), List.of(OrgKey.of(captureKey.publicKey())),
            List.of(), null, List.of("*")),
        new Org("pearl-river-foods", "Pearl River Foods", Set.of(Role.PRODUCER),
            List.of(OrgKey.of(SigningKey.generate().publicKey())), List.of("6901234"), null),
        Org.of("bay-reefer", Role.CARRIER, SigningKey.generate().publicKey())));
    HttpAccess access = new HttpAccess(List.of(HttpAccess.Token.of("pearl-river-foods", FOODS),
        HttpAccess.Token.of("bay-reefer", REEFER)), List.of());
    NodeConfig config = LoopbackNodeConfig.in(dir.resolve("data")).withRegistry(registry)
        .withCapture(Optional.of(new CaptureIdentity("gba-capture", keyFile, captureKey))).withHttpAccess(access);
    return BayTraceNode.start(config, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  private HttpResponse<String> send(BayTraceNode node, String method, String path, String body, String token,
      String contentType) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
        .timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String problemType(HttpResponse<String> r) throws Exception {
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), r.body());
    return JSON.readTree(r.body()).path("type").asText();
  }

  @Test
  void namedQuery_isTheOwnersOnly_runsItsEvents_andSurvivesARestart() throws Exception {
    String def = "{\"name\":\"shipped\",\"query\":{\"EQ_bizStep\":[\"shipping\"],\"eventType\":[\"ObjectEvent\"]}}";
    try (BayTraceNode node = start()) {
      String event = "{\"@context\":[\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\"],"
          + "\"type\":\"ObjectEvent\",\"eventTime\":\"2026-11-28T08:00:00+08:00\",\"eventTimeZoneOffset\":\"+08:00\","
          + "\"epcList\":[\"" + ITEM + "\"],\"action\":\"OBSERVE\",\"bizStep\":\"shipping\"}";
      assertEquals(201, send(node, "POST", "/events", event, FOODS, "application/ld+json").statusCode());

      assertEquals(401, send(node, "GET", "/queries", null, null, null).statusCode());
      assertEquals(401, send(node, "POST", "/queries", def, null, "application/json").statusCode());
      HttpResponse<String> created = send(node, "POST", "/queries", def, FOODS, "application/json");
      assertEquals(201, created.statusCode(), created.body());
      assertTrue(created.headers().firstValue("Location").orElse("").endsWith("/queries/shipped"));
      HttpResponse<String> again = send(node, "POST", "/queries", def, FOODS, "application/json");
      assertEquals(409, again.statusCode(), again.body());
      assertEquals("epcisException:ResourceAlreadyExistsException", problemType(again));
      HttpResponse<String> bad = send(node, "POST", "/queries",
          "{\"name\":\"bad\",\"query\":{\"EQ_bizStep\":[\"shipping\"],\"GE_eventTime\":\"yesterday\"}}", FOODS,
          "application/json");
      assertEquals(400, bad.statusCode(), bad.body());
      assertEquals("GE_eventTime", JSON.readTree(bad.body()).path("parameter").asText());
      assertEquals(400, send(node, "POST", "/queries", "{\"name\":\"bad name!\",\"query\":{}}", FOODS,
          "application/json").statusCode());
      assertEquals(415, send(node, "POST", "/queries", def, FOODS, "text/plain").statusCode());

      JsonNode list = JSON.readTree(send(node, "GET", "/queries", null, FOODS, null).body());
      assertEquals(1, list.size());
      assertEquals("shipped", list.get(0).path("name").asText());
      HttpResponse<String> events = send(node, "GET", "/queries/shipped/events", null, FOODS, null);
      assertEquals(200, events.statusCode(), events.body());
      assertEquals(1, JSON.readTree(events.body()).at("/epcisBody/queryResults/resultsBody/eventList").size());
      assertEquals(400, send(node, "GET", "/queries/shipped/events?EQ_bizStep=receiving", null, FOODS, null)
          .statusCode());

      // Another organisation sees nothing of it and may use the name itself.
      assertEquals(0, JSON.readTree(send(node, "GET", "/queries", null, REEFER, null).body()).size());
      HttpResponse<String> foreign = send(node, "GET", "/queries/shipped/events", null, REEFER, null);
      assertEquals(404, foreign.statusCode(), foreign.body());
      assertEquals("epcisException:NoSuchResourceException", problemType(foreign));
      assertEquals(404, send(node, "DELETE", "/queries/shipped", null, REEFER, null).statusCode());
      assertEquals(201, send(node, "POST", "/queries", def, REEFER, "application/json").statusCode());
    }
    try (BayTraceNode node = start()) {
      assertEquals(200, send(node, "GET", "/queries/shipped", null, FOODS, null).statusCode());
      assertEquals(204, send(node, "DELETE", "/queries/shipped", null, FOODS, null).statusCode());
      assertEquals(404, send(node, "GET", "/queries/shipped", null, FOODS, null).statusCode());
      assertEquals(200, send(node, "GET", "/queries/shipped", null, REEFER, null).statusCode());
    }
  }
}
