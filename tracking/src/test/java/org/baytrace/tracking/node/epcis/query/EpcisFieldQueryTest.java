package org.baytrace.tracking.node.epcis.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.baytrace.tracking.node.BayTraceNode;
import org.baytrace.tracking.node.LoopbackNodeConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The EPCIS 2.0 query parameters on quantities, persistent dispositions, sensor percentile ranks
 * and extension fields ({@code {EQ|GT|GE|LT|LE}_quantity}, {@code EQ_persistentDisposition_set}/
 * {@code _unset}, {@code {op}_percRank}, {@code {EQ|GT|GE|LT|LE|EXISTS}_{field}}), on {@code GET
 * /events} of a real node over HTTP: each selects the events that hold such a value, and a
 * malformed value is a 400 naming the parameter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EpcisFieldQueryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CTX = "[\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\","
      + "{\"ex\":\"https://example.org/ns/\"}]";
  private static final String FIVE_KG = "urn:uuid:7e1d8b3f-0000-4000-8000-000000000001";
  private static final String TWELVE_KG = "urn:uuid:7e1d8b3f-0000-4000-8000-000000000002";
  private static final String LGTIN = "urn:epc:class:lgtin:4012345.012345.998877";

  @TempDir
  static Path dir;

  private BayTraceNode node;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  void start() throws Exception {
    node = BayTraceNode.start(LoopbackNodeConfig.in(dir.resolve("data")),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    post(event(FIVE_KG, 5, "\"set\":[\"completeness_verified\"]", 20, "\"ex:grade\":\"A\",\"ex:tempLimit\":8"));
    post(event(TWELVE_KG, 12.5, "\"unset\":[\"completeness_verified\"],\"set\":[\"https://ref.gs1.org/cbv/Disp-needs_replacement\"]", 90,
        "\"ex:grade\":\"B\",\"ex:tempLimit\":4"));
  }

  @AfterAll
  void stop() {
    node.close();
  }

  private static String event(String id, double kg, String persistentDisposition, int percRank, String extensions) {
    return "{\"@context\":" + CTX + ",\"type\":\"ObjectEvent\",\"eventID\":\"" + id + "\","
        + "\"eventTime\":\"2026-11-29T08:00:00.000+08:00\",\"eventTimeZoneOffset\":\"+08:00\","
        + "\"epcList\":[],\"quantityList\":[{\"epcClass\":\"" + LGTIN + "\",\"quantity\":" + kg + ",\"uom\":\"KGM\"}],"
        + "\"action\":\"ADD\",\"bizStep\":\"inspecting\","
        + "\"persistentDisposition\":{" + persistentDisposition + "},"
        + "\"sensorElementList\":[{\"sensorReport\":[{\"type\":\"gs1:Temperature\",\"value\":4.0,\"uom\":\"CEL\","
        + "\"percRank\":" + percRank + ",\"ex:probe\":\"P" + percRank + "\"}],\"sensorMetadata\":{\"ex:batch\":" + percRank + "}}],"
        + "\"ilmd\":{\"ex:shelfDays\":" + percRank + "}," + extensions + "}";
  }

  private void post(String body) throws Exception {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri("/events"))
        .header("Content-Type", "application/ld+json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(201, r.statusCode(), r.body());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + node.httpPort() + path);
  }

  private HttpResponse<String> get(String pathAndQuery) throws Exception {
    return client.send(HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private List<String> ids(String query) throws Exception {
    HttpResponse<String> r = get("/events?" + query);
    assertEquals(200, r.statusCode(), query + ": " + r.body());
    List<String> out = new ArrayList<>();
    JSON.readTree(r.body()).at("/epcisBody/queryResults/resultsBody/eventList")
        .forEach(e -> out.add(e.path("eventID").asText()));
    out.sort(null);
    return out;
  }

  @Test
  void quantityComparisons_selectEventsByTheQuantitiesTheyHold() throws Exception {
    assertEquals(List.of(FIVE_KG), ids("EQ_quantity=5"));
    assertEquals(List.of(FIVE_KG, TWELVE_KG), ids("EQ_quantity=5%7C12.5"));
    assertEquals(List.of(), ids("EQ_quantity=12"));
    assertEquals(List.of(TWELVE_KG), ids("GT_quantity=5"));
    assertEquals(List.of(FIVE_KG, TWELVE_KG), ids("GE_quantity=5"));
    assertEquals(List.of(FIVE_KG), ids("LT_quantity=12.5"));
    assertEquals(List.of(FIVE_KG, TWELVE_KG), ids("LE_quantity=12.5"));
    // combined with an indexed parameter, both must hold
    assertEquals(List.of(TWELVE_KG), ids("EQ_bizStep=inspecting&GT_quantity=6"));
  }

  @Test
  void persistentDisposition_setAndUnset_matchBareOrCbvUriDispositions() throws Exception {
    assertEquals(List.of(FIVE_KG), ids("EQ_persistentDisposition_set=completeness_verified"));
    assertEquals(List.of(FIVE_KG), ids("EQ_persistentDisposition_set="
        + URLEncoder.encode("https://ref.gs1.org/cbv/Disp-completeness_verified", StandardCharsets.UTF_8)));
    assertEquals(List.of(TWELVE_KG), ids("EQ_persistentDisposition_set=needs_replacement"));
    assertEquals(List.of(TWELVE_KG), ids("EQ_persistentDisposition_unset=completeness_verified"));
    assertEquals(List.of(FIVE_KG, TWELVE_KG),
        ids("EQ_persistentDisposition_set=completeness_verified%7Cneeds_replacement"));
    assertEquals(List.of(), ids("EQ_persistentDisposition_unset=needs_replacement"));
  }

  @Test
  void percRank_comparesTheSensorReportsPercentileRank() throws Exception {
    assertEquals(List.of(TWELVE_KG), ids("GE_percRank=80"));
    assertEquals(List.of(FIVE_KG), ids("LT_percRank=80"));
    assertEquals(List.of(FIVE_KG), ids("EQ_percRank=20"));
  }

  @Test
  void extensionFields_byCompactNameOrIri_equalExistOrCompare() throws Exception {
    assertEquals(List.of(FIVE_KG), ids("EQ_ex:grade=A"));
    assertEquals(List.of(TWELVE_KG), ids("EQ_" + URLEncoder.encode("https://example.org/ns/grade", StandardCharsets.UTF_8) + "=B"));
    assertEquals(List.of(FIVE_KG, TWELVE_KG), ids("EQ_ex:grade=A%7CB"));
    assertEquals(List.of(FIVE_KG, TWELVE_KG), ids("EXISTS_ex:grade"));
    assertEquals(List.of(), ids("EXISTS_ex:colour"));
    assertEquals(List.of(FIVE_KG), ids("GT_ex:tempLimit=5"));
    assertEquals(List.of(TWELVE_KG), ids("LE_ex:tempLimit=4"));
    assertEquals(List.of(FIVE_KG, TWELVE_KG), ids("GE_ex:tempLimit=4"));
    // a text field never compares as a number
    assertEquals(List.of(), ids("GT_ex:grade=0"));
    // the same inside ILMD, sensor metadata and sensor reports
    assertEquals(List.of(TWELVE_KG), ids("GT_ILMD_ex:shelfDays=30"));
    assertEquals(List.of(FIVE_KG), ids("LE_SENSORMETADATA_ex:batch=20"));
    assertEquals(List.of(TWELVE_KG), ids("EQ_SENSORREPORT_ex:probe=P90"));
    assertEquals(List.of(FIVE_KG, TWELVE_KG), ids("EXISTS_SENSORREPORT_ex:probe"));
    assertEquals(List.of(), ids("EXISTS_SENSORELEMENT_ex:probe"));
    assertEquals(List.of(), ids("EXISTS_ERROR_DECLARATION_ex:reason"));
  }

  @Test
  void malformedValues_are400NamingTheParameter() throws Exception {
    for (String[] bad : List.of(new String[] {"GT_quantity=many", "GT_quantity"},
        new String[] {"GE_quantity=1%7C2", "GE_quantity"}, new String[] {"LT_percRank=NaN", "LT_percRank"},
        new String[] {"EQ_persistentDisposition_set=", "EQ_persistentDisposition_set"},
        new String[] {"GT_ex:tempLimit=warm", "GT_ex:tempLimit"},
        new String[] {"EXISTS_ex:grade=false", "EXISTS_ex:grade"},
        new String[] {"EQ_INNER_grade=A", "EQ_INNER_grade"},
        new String[] {"GT_INNER_ex:grade=warm", "GT_INNER_ex:grade"},
        new String[] {"EQ_SENSORELEMENT_INNER_ex:probe=A", "EQ_SENSORELEMENT_INNER_ex:probe"},
        new String[] {"HASATTR_bizStep=x", "HASATTR_bizStep"})) {
      HttpResponse<String> r = get("/events?" + bad[0]);
      assertEquals(400, r.statusCode(), bad[0] + ": " + r.body());
      JsonNode p = JSON.readTree(r.body());
      assertEquals("epcisException:QueryParameterException", p.path("type").asText(), r.body());
      assertTrue(p.path("detail").asText().startsWith(bad[1] + ":"), r.body());
    }
  }
}
