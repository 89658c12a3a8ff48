package org.baytrace.tracking.domain.customs;

import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.PARTNER_A;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.container;
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
import org.baytrace.config.NodeConfig;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.tracking.domain.waterbus.WaterBusFixture;
import org.baytrace.tracking.node.BayTraceNode;
import org.baytrace.tracking.node.LoopbackNodeConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real node (RocksDB, gRPC and HTTP on loopback ports) with the water-bus and customs profiles
 * registered through NodeFeatures: the scenario's records are judged by the installed rules and
 * the endpoints answer from their state.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TradeNodeTest {
  static final ObjectMapper JSON = new ObjectMapper();
  WaterBusFixture f;
  BayTraceNode node;
  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    f = new WaterBusFixture(dir.resolve("unused"));
    NodeConfig config = LoopbackNodeConfig.in(dir.resolve("data")).withRegistry(f.registry);
    node = BayTraceNode.start(config, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    new TradeScenario(f, node.config().origin(), bytes -> node.ledger().append(bytes)).play();
  }

  @AfterAll
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  HttpResponse<String> get(String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
        .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  JsonNode json(String path) throws Exception {
    HttpResponse<String> r = get(path);
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    return JSON.readTree(r.body());
  }

  @Test
  void theNodesRules_refuseAnOverbooking() {
    byte[] over = f.sign(f.booking(PARTNER_A, TradeScenario.VOYAGE, "LN-099", container(99), "45G1", "CNHUA", "CNFOS")
        .toBuilder().setOrigin(node.config().origin()).build());
    long size = node.ledger().head().size();
    // partner A holds 14 TEU and has 3 on CNHUA→CNFOS; five more 45' boxes make 13 (this test books only that leg)
    for (int i = 0; i < 5; i++) {
      node.ledger().append(f.sign(f.booking(PARTNER_A, TradeScenario.VOYAGE, "LN-1" + i, container(100 + i), "45G1", "CNHUA",
          "CNFOS").toBuilder().setOrigin(node.config().origin()).build()));
    }
    LedgerException e = org.junit.jupiter.api.Assertions.assertThrows(LedgerException.class, () -> node.ledger().append(over));
    assertEquals(LedgerError.RULE_VIOLATED, e.error());
    assertTrue(e.getMessage().contains("partner \"lingnan-logistics\" has 13 of its 14 TEU booked"), e.getMessage());
    assertEquals(size + 5, node.ledger().head().size());
  }

  @Test
  void voyageSchedule_showsPlannedEstimatedActualAndDelays() throws Exception {
    JsonNode v = json("/v1/waterbus/voyages/pearl-barge/V2611");
    assertEquals("Zhu Jiang 18", v.get("bargeName").asText());
    JsonNode nansha = v.get("portCalls").get(0);
    assertEquals("CNNSA", nansha.get("port").asText());
    assertEquals("2026-11-28T02:00:00Z", nansha.get("departure").get("planned").asText());
    assertEquals("2026-11-28T02:20:00Z", nansha.get("departure").get("actual").asText());
    assertEquals(20, nansha.get("departure").get("delayMinutes").asInt());
    JsonNode foshan = v.get("portCalls").get(2);
    assertEquals("2026-11-28T16:00:00Z", foshan.get("arrival").get("planned").asText());
    assertEquals("2026-11-28T17:00:00Z", foshan.get("arrival").get("estimated").asText());
    assertEquals("2026-11-28T17:45:00Z", foshan.get("arrival").get("actual").asText());
    assertEquals(105, foshan.get("arrival").get("delayMinutes").asInt());
    assertEquals("ACT", foshan.get("arrival").get("delayFrom").asText());
    assertTrue(v.get("events").get(0).has("ledgerIndex"));
    assertEquals(1, json("/v1/waterbus/voyages").size());
  }

  @Test
  void utilisation_perLegAndPartner() throws Exception {
    JsonNode u = json("/v1/waterbus/voyages/pearl-barge/V2611/utilisation");
    // leg 2 (CNHUA→CNFOS) is left to the overbooking test
    JsonNode leg1 = u.get("legs").get(0); // CNNSA→CNHUA: a 45' reefer and a 20' box of partner A
    assertEquals("CNNSA", leg1.get("from").asText());
    assertEquals(3, leg1.get("teu").get("booked").asInt());
    assertEquals(1, leg1.get("reeferPlugs").get("booked").asInt());
    assertEquals(24, leg1.get("teu").get("capacity").asInt());
    assertEquals(12.5, leg1.get("teu").get("utilisationPercent").asDouble());
    JsonNode a = leg1.get("partners").get(0);
    assertEquals(PARTNER_A, a.get("partner").asText());
    assertEquals(3, a.get("teu").get("booked").asInt());
    assertEquals(11, a.get("teu").get("free").asInt());
    assertEquals(0, leg1.get("partners").get(1).get("teu").get("booked").asInt());
    JsonNode leg3 = u.get("legs").get(2); // CNFOS→CNZQG: the 20' of A and the 40' of B
    assertEquals(3, leg3.get("teu").get("booked").asInt());
    assertEquals(2, leg3.get("partners").get(1).get("teu").get("booked").asInt());
  }

  @Test
  void containerJourney_acrossVoyages() throws Exception {
    JsonNode j = json("/v1/waterbus/containers/" + container(1));
    JsonNode leg = j.get("voyages").get(0);
    assertEquals(TradeScenario.VOYAGE, leg.get("voyage").asText());
    assertEquals("DISCHARGED", leg.get("booking").get("status").asText());
    assertEquals("LOAD", leg.get("events").get(0).get("eventType").asText());
    assertEquals("DISC", leg.get("events").get(1).get("eventType").asText());
    assertEquals("CNFOS", leg.get("events").get(1).get("port").asText());
    HttpResponse<String> bad = get("/v1/waterbus/containers/BTRU0000010");
    assertEquals(400, bad.statusCode());
    assertTrue(bad.body().contains("check digit 0, want"), bad.body());
    assertEquals(404, get("/v1/waterbus/containers/" + container(77)).statusCode());
    assertEquals(404, get("/v1/waterbus/voyages/pearl-barge/V9999").statusCode());
  }

  @Test
  void declaration_andReports_asJsonCsvAndHtml() throws Exception {
    JsonNode d = json("/v1/customs/declarations/nansha-customs/" + TradeScenario.IMPORT_NO);
    assertEquals("cn-advanced-certified", d.get("declarant").get("aeoStatus").asText());
    assertEquals("waterbus DISC " + container(1), d.get("clearance").get("arrivalSource").asText());
    assertEquals(8.0, d.get("clearance").get("intervalsHours").get("arrival_to_release").asDouble());
    assertEquals(12.0, d.get("clearance").get("intervalsHours").get("border_compliance").asDouble());
    assertEquals(13.0, d.get("clearance").get("intervalsHours").get("documentary_compliance").asDouble());
    JsonNode report = json("/v1/customs/clearance-report?period=day");
    assertEquals(2, report.get("groups").size());
    JsonNode export = report.get("groups").get(0);
    assertEquals("CNFOS", export.get("port").asText()); // groups sort by port
    HttpResponse<String> csv = get("/v1/customs/clearance-report.csv?type=export");
    assertEquals(200, csv.statusCode());
    assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
    assertTrue(csv.body().contains("CNNSA,export,2026-11,border_compliance,1,18.0,18.0,16.0,18.0,true"), csv.body());
    HttpResponse<String> html = get("/customs/clearance-report");
    assertEquals(200, html.statusCode());
    assertTrue(html.body().contains("<svg class=\"chart\""));
    HttpResponse<String> bad = get("/v1/customs/clearance-report?type=transit");
    assertEquals(400, bad.statusCode());
    assertTrue(bad.body().contains("type: got \\\"transit\\\", want \\\"import\\\" or \\\"export\\\""), bad.body());
    assertEquals(400, get("/v1/customs/clearance-report?port=nansha").statusCode());
    assertEquals(404, get("/v1/customs/declarations/nansha-customs/NOPE").statusCode());
    assertEquals(2, json("/v1/customs/declarations").size());
  }
}
