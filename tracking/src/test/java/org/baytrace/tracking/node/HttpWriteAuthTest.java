package org.baytrace.tracking.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.baytrace.api.ledger.v1.LogEntry;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.api.ledger.v1.SignedRecord;
import org.baytrace.config.CaptureIdentity;
import org.baytrace.config.HttpAccess;
import org.baytrace.config.NodeConfig;
import org.baytrace.ledger.registry.OrgRegistry;
import org.baytrace.ledger.registry.OrgRegistry.Org;
import org.baytrace.ledger.registry.OrgRegistry.OrgKey;
import org.baytrace.ledger.registry.OrgRegistry.Role;
import org.baytrace.ledger.crypto.KeyFiles;
import org.baytrace.ledger.crypto.SigningKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP writes on a running node with a registry: every write names its organisation with a
 * bearer token, the node signs as its capture org naming the caller in {@code submitted_by}, the
 * policy judges the caller, capture jobs are shown to their submitter only, and event times
 * outside the bounds are refused.
 */
class HttpWriteAuthTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FOODS_TOKEN = HttpAccess.newToken();
  private static final String REEFER_TOKEN = HttpAccess.newToken();
  private static final String AUDIT_TOKEN = HttpAccess.newToken();
  private static final String OWN_ITEM = "https://id.gs1.org/01/06901234000016/21/42";
  private static final String BRAND_ITEM = "urn:epc:id:sgtin:0614141.107346.2018";

  @TempDir
  Path dir;

  private BayTraceNode node;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void start() throws Exception {
    SigningKey captureKey = SigningKey.generate();
    Path keyFile = dir.resolve("capture.key");
    KeyFiles.savePrivate(captureKey, keyFile);
    OrgRegistry registry = OrgRegistry.of(List.of(
        new Org("gba-capture", "GBA capture service", Set.of(Role.AUDITOR), List.of(OrgKey.of(captureKey.publicKey())),
            List.of(), null, List.of("*")),
        new Org("pearl-river-foods", "Pearl River Foods", Set.of(Role.PRODUCER), List.of(OrgKey.of(SigningKey.generate().publicKey())),
            List.of("6901234"), null),
        Org.of("bay-reefer", Role.CARRIER, SigningKey.generate().publicKey()),
        Org.of("hk-audit", Role.AUDITOR, SigningKey.generate().publicKey())));
    HttpAccess access = new HttpAccess(List.of(HttpAccess.Token.of("pearl-river-foods", FOODS_TOKEN),
        HttpAccess.Token.of("bay-reefer", REEFER_TOKEN), HttpAccess.Token.of("hk-audit", AUDIT_TOKEN)), List.of());
    NodeConfig config = LoopbackNodeConfig.in(dir.resolve("data")).withRegistry(registry)
        .withCapture(Optional.of(new CaptureIdentity("gba-capture", keyFile, captureKey))).withHttpAccess(access);
    node = BayTraceNode.start(config, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    node.close();
  }

  private static String event(String eventTime, String bizStep, String disposition, String... epcs) {
    return "{\"@context\":[\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\"],"
        + "\"type\":\"ObjectEvent\",\"eventTime\":\"" + eventTime + "\",\"eventTimeZoneOffset\":\"+08:00\","
        + "\"epcList\":[" + String.join(",", List.of(epcs).stream().map(e -> "\"" + e + "\"").toList()) + "],"
        + "\"action\":\"OBSERVE\",\"bizStep\":\"" + bizStep + "\",\"disposition\":\"" + disposition + "\"}";
  }

  private static String document(String event) {
    return "{\"@context\":[\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\"],\"type\":\"EPCISDocument\","
        + "\"schemaVersion\":\"2.0\",\"creationDate\":\"2026-11-28T08:00:00Z\",\"epcisBody\":{\"eventList\":["
        + event.replace("{\"@context\":[\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\"],", "{") + "]}}";
  }

  private HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
        .timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/ld+json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  @Test
  void writesWithoutACredential_are401ProblemJson_withWwwAuthenticate_andStoreNothing() throws Exception {
    for (String[] route : new String[][] {{"POST", "/events"}, {"POST", "/capture"}, {"GET", "/capture"}, {"GET", "/capture/id1-00"}}) {
      String body = route[0].equals("POST") ? event("2026-11-28T08:00:00+08:00", "shipping", "in_transit", OWN_ITEM) : null;
      HttpResponse<String> r = send(route[0], route[1], body, null);
      assertEquals(401, r.statusCode(), route[1] + ": " + r.body());
      assertEquals("Bearer realm=\"baytrace\"", r.headers().firstValue("WWW-Authenticate").orElse(""), route[1]);
      assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), route[1]);
      assertEquals("UNAUTHENTICATED", json(r).path("reason").asText(), r.body());
    }
    HttpResponse<String> wrong = send("POST", "/events", event("2026-11-28T08:00:00+08:00", "shipping", "in_transit", OWN_ITEM),
        HttpAccess.newToken());
    assertEquals(401, wrong.statusCode(), wrong.body());
    assertEquals("Bearer realm=\"baytrace\", error=\"invalid_token\"", wrong.headers().firstValue("WWW-Authenticate").orElse(""));
    assertEquals(0, node.ledger().head().size());
    // Reads that act for nobody stay public.
    assertEquals(200, send("GET", "/v1/ledger/checkpoint", null, null).statusCode());
  }

  @Test
  void eventWithAToken_isSignedByTheCaptureOrg_namingTheCallerInSubmittedBy() throws Exception {
    HttpResponse<String> r = send("POST", "/events", event("2026-11-28T08:00:00+08:00", "shipping", "in_transit", OWN_ITEM), FOODS_TOKEN);
    assertEquals(201, r.statusCode(), r.body());
    long index = Long.parseLong(r.headers().firstValue("BayTrace-Ledger-Index").orElseThrow());
    RecordBody body = RecordBody.parseFrom(SignedRecord.parseFrom(
        LogEntry.parseFrom(node.ledger().entry(index).leaf()).getSignedRecord()).getBody());
    assertEquals("gba-capture", body.getAuthorOrg());
    assertEquals("pearl-river-foods", body.getSubmittedBy());
  }

  @Test
  void producerRecallingAnotherCompanysItem_is403_namingThePolicyRule() throws Exception {
    HttpResponse<String> r = send("POST", "/events",
        event("2026-11-28T08:00:00+08:00", "destroying", "recalled", BRAND_ITEM), FOODS_TOKEN);
    assertEquals(403, r.statusCode(), r.body());
    assertTrue(json(r).path("detail").asText().contains("policy rule \"epcis-producer\""), r.body());
    assertEquals(0, node.ledger().head().size());
  }

  @Test
  void knownOrgWithoutTheRight_is403_namingWhyNoRuleLetsIt() throws Exception {
    HttpResponse<String> r = send("POST", "/events", event("2026-11-28T08:00:00+08:00", "shipping", "in_transit", OWN_ITEM), AUDIT_TOKEN);
    assertEquals(403, r.statusCode(), r.body());
    assertTrue(json(r).path("detail").asText().contains("no policy rule lets it author kind \"epcis.ObjectEvent\""), r.body());
  }

  @Test
  void carrier_recordsShippingAnotherCompanysGoods_andTheItemPageNamesTheCarrierAsItsAuthor() throws Exception {
    HttpResponse<String> r = send("POST", "/events", event("2026-11-28T08:00:00+08:00", "shipping", "in_transit", BRAND_ITEM), REEFER_TOKEN);
    assertEquals(201, r.statusCode(), r.body());
    HttpResponse<String> page = client.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + node.httpPort() + "/01/10614141073464/21/2018?lang=en")).timeout(Duration.ofSeconds(30))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, page.statusCode(), page.body());
    assertTrue(page.body().contains("<span class=\"author\">Recorded by: <span translate=\"no\">bay-reefer</span></span>"), page.body());
  }

  @Test
  void captureJobs_areShownToTheirSubmitterOnly() throws Exception {
    HttpResponse<String> r = send("POST", "/capture", document(event("2026-11-28T08:00:00+08:00", "shipping", "in_transit", OWN_ITEM)),
        FOODS_TOKEN);
    assertEquals(202, r.statusCode(), r.body());
    String location = URI.create(r.headers().firstValue("Location").orElseThrow()).getPath();
    assertEquals(200, send("GET", location, null, FOODS_TOKEN).statusCode());
    assertEquals(404, send("GET", location, null, REEFER_TOKEN).statusCode());
    assertEquals(1, json(send("GET", "/capture", null, FOODS_TOKEN)).size());
    assertEquals(0, json(send("GET", "/capture", null, REEFER_TOKEN)).size());
  }

  @Test
  void eventTimesOutsideTheBounds_are400_namingTheBound() throws Exception {
    HttpResponse<String> future = send("POST", "/events", event("9999-01-01T00:00:00+08:00", "shipping", "in_transit", OWN_ITEM), FOODS_TOKEN);
    assertEquals(400, future.statusCode(), future.body());
    assertTrue(json(future).path("detail").asText().contains("want not after the record time plus PT24H"), future.body());
    HttpResponse<String> past = send("POST", "/events", event("1969-07-20T20:17:00+00:00", "shipping", "in_transit", OWN_ITEM), FOODS_TOKEN);
    assertEquals(400, past.statusCode(), past.body());
    assertTrue(json(past).path("detail").asText().contains("want not before 2000-01-01T00:00:00Z (event_time_not_before)"), past.body());
    assertFalse(node.ledger().head().size() > 0, "nothing stored");
  }
}
