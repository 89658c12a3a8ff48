package org.baytrace.tracking.domain.biomaterial;

import static org.baytrace.tracking.domain.biomaterial.BioFixture.HOUR;
import static org.baytrace.tracking.domain.biomaterial.BioFixture.SSCC;
import static org.baytrace.tracking.domain.biomaterial.BioFixture.T0;
import static org.baytrace.tracking.domain.biomaterial.BioFixture.URN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.baytrace.api.biomaterial.v1.Category;
import org.baytrace.api.biomaterial.v1.TemperatureClass;
import org.baytrace.api.coldchain.v1.Phase;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.TestRecords;
import org.baytrace.ledger.record.Records;
import org.baytrace.tracking.domain.coldchain.Recs;
import org.baytrace.tracking.domain.epcis.record.EpcisRecords;
import org.baytrace.tracking.node.http.LedgerHttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chain-of-custody report over HTTP on a loopback port: holders, and each kind of flag. */
class CustodyReportHttpTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  BioFixture f;
  Ledger ledger;
  LedgerHttpServer http;
  final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    f = new BioFixture(dir);
    ledger = f.open();
    http = LedgerHttpServer.start(ledger, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        f.feature.httpComponents().toArray());
  }

  @AfterEach
  void stop() {
    http.close();
    ledger.close();
  }

  HttpResponse<String> get(String pathAndQuery, String accept) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(http.baseUri() + pathAndQuery.substring(1)));
    if (accept != null) {
      b.header("Accept", accept);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static String at(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }

  /**
   * gz-lab declares a 2–8 °C shipment at T0 and hands it to the courier at T0+1h; the courier's
   * logger shows 12 °C for 10 min at T0+1h30; hk-lab records an EPCIS receiving event at T0+3h
   * while the courier still holds it; then nothing until the dual-signed hand-over at T0+12h.
   */
  void flaggedJourney() {
    ledger.append(BioFixture.sign(f.shipment(SSCC, Category.UN3373_CATEGORY_B, TemperatureClass.REFRIGERATED, ""), f.lab));
    ledger.append(BioFixture.sign(f.handOver(SSCC, "gz-lab", "baiyun-courier", T0 + HOUR), f.lab, f.courier));
    double[] t = new double[60];
    java.util.Arrays.fill(t, 5.0);
    for (int i = 30; i < 40; i++) {
      t[i] = 12.0;
    }
    ledger.append(Recs.sign(Recs.logger(SSCC, Recs.readings(T0 + HOUR, Recs.MIN, Phase.PHASE_TRANSPORT, "G15 motorway", t),
        "log").setAuthorOrg("baiyun-courier"), f.courier));
    ObjectNode event = JSON.createObjectNode();
    event.put("type", "ObjectEvent");
    event.put("eventID", "urn:uuid:3b5f9e2a-7c1d-4e8f-9a6b-2d4c8e1f0a37");
    event.put("eventTime", at(T0 + 3 * HOUR));
    event.put("eventTimeZoneOffset", "+08:00");
    event.putArray("epcList").add(SSCC);
    event.put("action", "OBSERVE");
    event.put("bizStep", "receiving");
    event.putObject("readPoint").put("id", "urn:epc:id:sgln:0614141.00777.0");
    ledger.append(Records.sign(EpcisRecords.toBody(TestRecords.ORIGIN, "hk-lab", event, null).toByteArray(), f.hkLab));
    ledger.append(BioFixture.sign(f.handOver(SSCC, "baiyun-courier", "hk-lab", T0 + 12 * HOUR), f.courier, f.hkLab));
  }

  @Test
  void report_listsHolders_andFlagsGapUnsignedHandOverAndBreach() throws Exception {
    flaggedJourney();
    HttpResponse<String> r = get("/v1/biomaterial/custody?subject=" + q(SSCC), null);
    assertEquals(200, r.statusCode(), r.body());
    JsonNode rep = JSON.readTree(r.body());
    assertEquals("UN3373_CATEGORY_B", rep.path("shipment").path("category").asText());
    assertEquals("2 to 8 °C", rep.path("shipment").path("temperatureRange").asText());
    assertEquals("hk-lab", rep.path("currentHolder").asText());
    JsonNode h = rep.path("holders");
    assertEquals(3, h.size());
    assertEquals(List.of("gz-lab", "baiyun-courier", "hk-lab"), List.of(h.get(0).path("org").asText(),
        h.get(1).path("org").asText(), h.get(2).path("org").asText()));
    assertEquals("Guangzhou Clinical Lab", h.get(0).path("name").asText());
    assertEquals(at(T0), h.get(0).path("from").asText());
    assertEquals(at(T0 + HOUR), h.get(0).path("until").asText());
    assertEquals(at(T0 + 12 * HOUR), h.get(1).path("until").asText());
    assertTrue(h.get(2).path("until").isNull());
    assertEquals("hand-over", h.get(1).path("via").asText());
    assertEquals("[\"gz-lab\",\"baiyun-courier\"]", h.get(1).path("signedBy").toString());

    JsonNode gaps = rep.path("gaps");
    assertEquals(1, gaps.size(), gaps.toString());
    assertEquals(at(T0 + 3 * HOUR), gaps.get(0).path("from").asText());
    assertEquals(at(T0 + 12 * HOUR), gaps.get(0).path("until").asText());
    assertEquals(9.0, gaps.get(0).path("hours").asDouble());
    assertEquals("baiyun-courier", gaps.get(0).path("holder").asText());

    JsonNode unsigned = rep.path("unsignedHandOvers");
    assertEquals(1, unsigned.size());
    assertEquals("hk-lab", unsigned.get(0).path("recordedBy").asText());
    assertEquals("baiyun-courier", unsigned.get(0).path("holder").asText());
    assertEquals(3, unsigned.get(0).path("ledgerIndex").asLong());
    assertEquals("receiving", unsigned.get(0).path("bizStep").asText());

    JsonNode breaches = rep.path("temperatureBreaches");
    assertEquals(1, breaches.size());
    assertEquals(at(T0 + HOUR + 30 * Recs.MIN), breaches.get(0).path("start").asText());
    assertEquals(600.0, breaches.get(0).path("durationSeconds").asDouble());
    assertEquals(12.0, breaches.get(0).path("worstCelsius").asDouble());
    assertEquals(4.0, breaches.get(0).path("degreesBeyond").asDouble());
    assertEquals("baiyun-courier", breaches.get(0).path("holder").asText());
    assertEquals("G15 motorway", breaches.get(0).path("location").asText());
    assertTrue(rep.path("flagged").asBoolean());

    // a longer allowed silence: no gap
    JsonNode lenient = JSON.readTree(get("/v1/biomaterial/custody?maxSilenceHours=10&subject=" + q(SSCC), null).body());
    assertEquals(0, lenient.path("gaps").size());

    HttpResponse<String> page = get("/v1/biomaterial/custody?subject=" + q(SSCC), "text/html,application/xhtml+xml");
    assertEquals(200, page.statusCode());
    assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    String html = page.body();
    assertEquals(3, html.split("<tr class=\"holder\">", -1).length - 1, html);
    assertTrue(html.contains("Guangzhou Clinical Lab (gz-lab)") && html.contains("class=\"flag gap\"")
        && html.contains("class=\"flag unsigned\"") && html.contains("class=\"flag breach\""), html);
    // the same page by ?format=html; only the language switcher's links carry the other query
    assertEquals(html.replaceAll("(?s)<nav class=\"lang\".*?</nav>", ""),
        get("/v1/biomaterial/custody?format=html&subject=" + q(SSCC), null).body()
            .replaceAll("(?s)<nav class=\"lang\".*?</nav>", ""));
    String hant = get("/v1/biomaterial/custody?lang=zh-Hant&subject=" + q(SSCC), "text/html").body();
    assertTrue(hant.contains("<html lang=\"zh-Hant-HK\"") && hant.contains("<h1>保管鏈</h1>")
        && hant.contains("B 類生物物質（UN 3373）") && hant.contains("冷藏"), hant);
  }

  @Test
  void cleanJourney_hasNoFlags() throws Exception {
    ledger.append(BioFixture.sign(f.shipment(URN, Category.EXEMPT, TemperatureClass.AMBIENT, ""), f.lab));
    ledger.append(Recs.sign(Recs.logger(URN, Recs.readings(T0, Recs.MIN, Phase.PHASE_STORAGE, "", 15.0, 25.0, 20.0), "l")
        .setAuthorOrg("gz-lab"), f.lab));
    ledger.append(BioFixture.sign(f.handOver(URN, "gz-lab", "hk-lab", T0 + 2 * HOUR), f.lab, f.hkLab));
    JsonNode rep = JSON.readTree(get("/v1/biomaterial/custody?subject=" + q(URN), null).body());
    assertFalse(rep.path("flagged").asBoolean(), rep.toString());
    assertEquals(2, rep.path("holders").size());
    assertTrue(get("/v1/biomaterial/custody?format=html&subject=" + q(URN), null).body().contains("id=\"no-flags\""));
    assertEquals("[\"" + URN + "\"]", get("/v1/biomaterial/shipments", null).body());
  }

  @Test
  void badRequests_areProblemJson() throws Exception {
    HttpResponse<String> missing = get("/v1/biomaterial/custody", null);
    assertEquals(400, missing.statusCode());
    assertTrue(JSON.readTree(missing.body()).path("detail").asText().startsWith("subject: missing"));
    HttpResponse<String> unknown = get("/v1/biomaterial/custody?subject=" + q(SSCC), null);
    assertEquals(404, unknown.statusCode());
    assertEquals("subject: no biomaterial.Shipment record declares \"" + SSCC + "\"",
        JSON.readTree(unknown.body()).path("detail").asText());
    ledger.append(BioFixture.sign(f.shipment(SSCC, Category.EXEMPT, TemperatureClass.AMBIENT, ""), f.lab));
    HttpResponse<String> hours = get("/v1/biomaterial/custody?maxSilenceHours=0&subject=" + q(SSCC), null);
    assertEquals(400, hours.statusCode());
    assertEquals("maxSilenceHours: got \"0\", want a number of hours above 0 and at most 8760",
        JSON.readTree(hours.body()).path("detail").asText());
    assertEquals(400, get("/v1/biomaterial/custody?format=xml&subject=" + q(SSCC), null).statusCode());
  }
}
