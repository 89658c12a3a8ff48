package org.baytrace.tracking.node.epcis.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.baytrace.config.NodeConfig;
import org.baytrace.tracking.node.BayTraceNode;
import org.baytrace.tracking.node.LoopbackNodeConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The EPCIS 2.0 REST query interface on a running node over real HTTP: events by id, the
 * top-level resources and their events, the query parameters added to {@code GET /events},
 * {@code GS1-EPC-Format}, version negotiation (406), {@code OPTIONS} discovery headers, discovery
 * at {@code GET /} for JSON only, and the flag on an event whose {@code ni:///} id is not its hash.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EpcisRestBindingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CTX = "[\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\","
      + "{\"ex\":\"https://example.org/ns/\"}]";
  private static final String SHIP_ID = "urn:uuid:6d0c7a2e-0000-4000-8000-000000000001";
  private static final String RECV_ID = "urn:uuid:6d0c7a2e-0000-4000-8000-000000000002";
  private static final String SGTIN = "urn:epc:id:sgtin:0614141.107346.2018";
  private static final String RP = "urn:epc:id:sgln:0614141.00777.0";
  private static final String WRONG_HASH_ID =
      "ni:///sha-256;0000000000000000000000000000000000000000000000000000000000000000?ver=CBV2.0";

  @TempDir
  static Path dir;

  private BayTraceNode node;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  void start() throws Exception {
    NodeConfig config = LoopbackNodeConfig.in(dir.resolve("data"));
    node = BayTraceNode.start(config, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    post(event(SHIP_ID, "shipping", "in_transit", ",\"bizTransactionList\":[{\"type\":\"po\","
        + "\"bizTransaction\":\"urn:epcglobal:cbv:bt:0614141000005:PO-1\"}],\"sourceList\":[{\"type\":"
        + "\"owning_party\",\"source\":\"urn:epc:id:pgln:0614141.00001\"}],\"ilmd\":{\"ex:grade\":\"A\"}"));
    post(event(RECV_ID, "receiving", "in_progress", ""));
    post(event(WRONG_HASH_ID, "storing", "in_progress", ""));
  }

  @AfterAll
  void stop() {
    node.close();
  }

  private static String event(String id, String bizStep, String disposition, String more) {
    return "{\"@context\":" + CTX + ",\"type\":\"ObjectEvent\",\"eventID\":\"" + id + "\","
        + "\"eventTime\":\"2026-11-28T08:00:00.000+08:00\",\"eventTimeZoneOffset\":\"+08:00\","
        + "\"epcList\":[\"" + SGTIN + "\"],\"action\":\"" + (more.contains("ilmd") ? "ADD" : "OBSERVE") + "\",\"bizStep\":\"" + bizStep + "\","
        + "\"disposition\":\"" + disposition + "\",\"readPoint\":{\"id\":\"" + RP + "\"}" + more + "}";
  }

  private void post(String body) throws Exception {
    HttpResponse<String> r = send("POST", "/events", body);
    assertEquals(201, r.statusCode(), r.body());
  }

  private HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
        .timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/ld+json");
    if (headers.length > 0) {
      b.headers(headers);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    return send("GET", path, null, headers);
  }

  private static String seg(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static List<String> ids(HttpResponse<String> r) throws Exception {
    assertEquals(200, r.statusCode(), r.body());
    List<String> out = new ArrayList<>();
    JSON.readTree(r.body()).at("/epcisBody/queryResults/resultsBody/eventList").forEach(e -> out.add(e.path("eventID")
        .asText()));
    return out;
  }

  private static JsonNode problem(HttpResponse<String> r, int status, String type) throws Exception {
    assertEquals(status, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), r.body());
    JsonNode p = JSON.readTree(r.body());
    assertEquals(type, p.path("type").asText(), r.body());
    return p;
  }

  @Test
  void eventById_answersAQueryDocumentWithThatEvent_andUnknownIdsAre404() throws Exception {
    assertEquals(List.of(SHIP_ID), ids(get("/events/" + seg(SHIP_ID))));
    problem(get("/events/" + seg("urn:uuid:00000000-0000-4000-8000-00000000dead")), 404,
        "epcisException:NoSuchResourceException");
  }

  @Test
  void topLevelResources_listTheValuesEventsHold_andTheirEvents() throws Exception {
    JsonNode steps = JSON.readTree(get("/bizSteps").body());
    assertEquals("Collection", steps.path("type").asText());
    List<String> members = new ArrayList<>();
    steps.path("member").forEach(m -> members.add(m.asText()));
    assertEquals(List.of("receiving", "shipping", "storing"), members);
    assertEquals(5, JSON.readTree(get("/eventTypes").body()).path("member").size());
    assertEquals("events", JSON.readTree(get("/bizSteps/shipping").body()).path("member").get(0).asText());
    problem(get("/bizSteps/loading"), 404, "epcisException:NoSuchResourceException");
    assertEquals(List.of(SHIP_ID), ids(get("/bizSteps/shipping/events")));
    assertEquals(List.of(RECV_ID), ids(get("/dispositions/in_progress/events?EQ_bizStep=receiving")));
    assertEquals(3, ids(get("/readPoints/" + seg(RP) + "/events")).size());
    assertEquals(3, ids(get("/epcs/" + seg(SGTIN) + "/events")).size());
    assertEquals(3, ids(get("/eventTypes/ObjectEvent/events")).size());
    problem(get("/eventTypes/PotatoEvent/events"), 404, "epcisException:NoSuchResourceException");
    problem(get("/bizSteps/shipping/events?EQ_bizStep=receiving"), 400, "epcisException:QueryParameterException");
    // paging: one per page, the next link leads through all three
    HttpResponse<String> first = get("/bizSteps?perPage=1");
    String link = first.headers().firstValue("Link").orElseThrow();
    String next = link.substring(link.indexOf('<') + 1, link.indexOf('>'));
    assertEquals("receiving", JSON.readTree(first.body()).path("member").get(0).asText());
    HttpResponse<String> second = client.send(HttpRequest.newBuilder(URI.create(next)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals("shipping", JSON.readTree(second.body()).path("member").get(0).asText(), second.body());
  }

  @Test
  void newQueryParameters_selectByTransactionSourceIlmdAndLocation() throws Exception {
    assertEquals(List.of(SHIP_ID), ids(get("/events?EQ_bizTransaction_po=" + seg("urn:epcglobal:cbv:bt:0614141000005:PO-1"))));
    assertEquals(List.of(), ids(get("/events?EQ_bizTransaction_inv=" + seg("urn:epcglobal:cbv:bt:0614141000005:PO-1"))));
    assertEquals(List.of(SHIP_ID), ids(get("/events?EQ_source_owning_party=" + seg("urn:epc:id:pgln:0614141.00001"))));
    assertEquals(List.of(), ids(get("/events?EQ_destination_owning_party=" + seg("urn:epc:id:pgln:0614141.00001"))));
    assertEquals(List.of(SHIP_ID), ids(get("/events?EQ_ILMD_ex:grade=A")));
    assertEquals(List.of(SHIP_ID), ids(get("/events?EXISTS_ILMD_" + seg("https://example.org/ns/grade"))));
    assertEquals(3, ids(get("/events?WD_readPoint=" + seg(RP))).size());
    assertEquals(List.of(), ids(get("/events?EQ_transformationID=urn:uuid:1")));
    assertEquals(List.of(), ids(get("/events?EXISTS_sensorElementList=true")));
    problem(get("/events?HASATTR_bizStep=x"), 400, "epcisException:QueryParameterException");
  }

  @Test
  void epcFormat_digitalLinkOnRequest_urnsRefused406() throws Exception {
    HttpResponse<String> dl = get("/events/" + seg(SHIP_ID), "GS1-EPC-Format", "Always_GS1_Digital_Link");
    assertEquals(200, dl.statusCode(), dl.body());
    assertEquals("Always_GS1_Digital_Link", dl.headers().firstValue("GS1-EPC-Format").orElse(""));
    String epc = JSON.readTree(dl.body()).at("/epcisBody/queryResults/resultsBody/eventList/0/epcList/0").asText();
    assertEquals("https://id.gs1.org/01/10614141073464/21/2018", epc);
    HttpResponse<String> asIs = get("/events/" + seg(SHIP_ID));
    assertEquals(SGTIN, JSON.readTree(asIs.body()).at("/epcisBody/queryResults/resultsBody/eventList/0/epcList/0").asText());
    problem(get("/events", "GS1-EPC-Format", "Always_EPC_URN"), 406, "epcisException:NotAcceptableException");
    problem(get("/events", "GS1-EPC-Format", "Sometimes"), 400, "epcisException:QueryParameterException");
  }

  @Test
  void unsupportedVersions_are406_onQueryAndCapture_andStoreNothing() throws Exception {
    long size = node.ledger().head().size();
    JsonNode p = problem(get("/events", "GS1-EPCIS-Version", "1.2"), 406, "epcisException:NotAcceptableException");
    assertEquals("GS1-EPCIS-Version", p.path("header").asText());
    problem(get("/eventTypes", "GS1-EPCIS-Min", "2.1"), 406, "epcisException:NotAcceptableException");
    problem(get("/events", "GS1-CBV-Max", "1.2"), 406, "epcisException:NotAcceptableException");
    problem(get("/events", "GS1-EPCIS-Version", "two"), 400, "epcisException:ValidationException");
    problem(send("POST", "/events", event("urn:uuid:6d0c7a2e-0000-4000-8000-0000000000ff", "shipping", "in_transit", ""),
        "GS1-EPCIS-Version", "1.2"), 406, "epcisException:NotAcceptableException");
    assertEquals(200, get("/events", "GS1-EPCIS-Version", "2.0.0").statusCode());
    assertEquals(size, node.ledger().head().size());
  }

  @Test
  void options_answers204_withAllowAndTheGs1Headers() throws Exception {
    for (String path : new String[] {"/events", "/eventTypes", "/bizSteps/shipping/events", "/events/" + seg(SHIP_ID)}) {
      HttpResponse<String> r = send("OPTIONS", path, null);
      assertEquals(204, r.statusCode(), path + ": " + r.body());
      assertTrue(r.headers().firstValue("Allow").orElse("").contains("GET"), path);
      assertEquals("2.0.0", r.headers().firstValue("GS1-EPCIS-Version").orElse(""), path);
      assertEquals("2.0.0", r.headers().firstValue("GS1-EPCIS-Min").orElse(""), path);
      assertEquals("2.0.0", r.headers().firstValue("GS1-CBV-Max").orElse(""), path);
      assertTrue(r.headers().firstValue("GS1-EPC-Format").orElse("").contains("Always_GS1_Digital_Link"), path);
    }
  }

  @Test
  void discovery_isJsonForJsonClients_andBrowsersGetTheLandingPage() throws Exception {
    HttpResponse<String> json = get("/", "Accept", "application/json");
    assertEquals(200, json.statusCode(), json.body());
    JsonNode d = JSON.readTree(json.body());
    assertEquals("Collection", d.path("type").asText());
    assertTrue(d.path("member").toString().contains("\"eventTypes\""), json.body());
    HttpResponse<String> html = get("/", "Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
    assertEquals(200, html.statusCode(), html.body());
    assertTrue(html.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), html.headers().toString());
    assertTrue(html.body().contains("<form method=\"get\""), html.body());
  }

  @Test
  void suppliedHashIdThatIsNotTheContentsHash_isFlaggedInQueryAnswers() throws Exception {
    JsonNode flagged = JSON.readTree(get("/events/" + seg(WRONG_HASH_ID)).body())
        .at("/epcisBody/queryResults/resultsBody/eventList/0/bt:ledger");
    assertTrue(flagged.path("hashIdMismatch").asText().startsWith("ni:///sha-256;"), flagged.toString());
    assertFalse(flagged.path("hashIdMismatch").asText().equals(WRONG_HASH_ID));
    JsonNode plain = JSON.readTree(get("/events/" + seg(SHIP_ID)).body())
        .at("/epcisBody/queryResults/resultsBody/eventList/0/bt:ledger");
    assertTrue(plain.path("hashIdMismatch").isMissingNode(), "a urn:uuid id is no hash id: " + plain);
  }

  @Test
  void suppliedHashIdThatIsNotTheContentsHash_isFlaggedOnTheConsumerPage() throws Exception {
    String page = "/01/10614141073464/21/2018"; // the Digital Link of SGTIN
    JsonNode journey = JSON.readTree(get(page, "Accept", "application/json").body()).path("journey");
    JsonNode storing = null;
    JsonNode shipping = null;
    for (JsonNode step : journey) {
      if ("storing".equals(step.path("bizStep").asText())) {
        storing = step;
      } else if ("shipping".equals(step.path("bizStep").asText())) {
        shipping = step;
      }
    }
    assertTrue(storing != null && shipping != null, journey.toString());
    assertTrue(storing.path("hashIdMismatch").asText().startsWith("ni:///sha-256;"), storing.toString());
    assertFalse(storing.path("hashIdMismatch").asText().equals(WRONG_HASH_ID), storing.toString());
    assertTrue(shipping.path("hashIdMismatch").isMissingNode(), "a urn:uuid id is no hash id: " + shipping);
    String html = get(page, "Accept", "text/html").body();
    assertTrue(html.contains("class=\"tag fail hash-id\" title=\"" + storing.path("hashIdMismatch").asText() + "\""), html);
    assertTrue(html.contains("event id does not match its content"), html);
    assertTrue(get(page + "?lang=zh", "Accept", "text/html").body().contains("事件标识与内容不符"));
  }
}
