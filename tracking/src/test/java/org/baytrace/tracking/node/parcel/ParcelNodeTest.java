package org.baytrace.tracking.node.parcel;

import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.CUSTOMS;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.HOUR;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.PARTNER_A;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.baytrace.api.parcel.v1.ClearanceMode;
import org.baytrace.api.parcel.v1.Declared;
import org.baytrace.api.parcel.v1.Delivered;
import org.baytrace.api.parcel.v1.DeliveryMethod;
import org.baytrace.api.parcel.v1.Inspected;
import org.baytrace.api.parcel.v1.InspectionMethod;
import org.baytrace.api.parcel.v1.InspectionOutcome;
import org.baytrace.api.parcel.v1.Released;
import org.baytrace.config.NodeConfig;
import org.baytrace.tracking.domain.parcel.ParcelRecords;
import org.baytrace.tracking.domain.parcel.ParcelSubject;
import org.baytrace.tracking.domain.waterbus.WaterBusFixture;
import org.baytrace.tracking.node.BayTraceNode;
import org.baytrace.tracking.node.LoopbackNodeConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real node (RocksDB, HTTP on a loopback port) with a parcel's journey on its ledger: a shopper
 * finds it with waybill and code, nobody finds it with less, and the waybill is nowhere in what
 * the node stores or publishes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ParcelNodeTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String WAYBILL = "SF1234567890";
  static final String CODE = "7KQ2M-X9D4T";
  WaterBusFixture f;
  BayTraceNode node;
  Path data;
  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    f = new WaterBusFixture(dir.resolve("unused"));
    data = dir.resolve("data");
    NodeConfig config = LoopbackNodeConfig.in(data).withRegistry(f.registry);
    node = BayTraceNode.start(config, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    String origin = node.config().origin();
    String subject = ParcelSubject.of(origin, WAYBILL, CODE);
    append(ParcelRecords.body(origin, PARTNER_A, subject, T0, Declared.newBuilder().setMode(ClearanceMode.MODE_9610)
        .setCustomsOffice(CUSTOMS).setPort("CNNSA").addHsCodes("330499").addHsCodes("610910").setItemCount(3).build()));
    append(ParcelRecords.body(origin, CUSTOMS, subject, T0 + HOUR, Inspected.newBuilder()
        .setMethod(InspectionMethod.X_RAY).setOutcome(InspectionOutcome.COMPLIANT).build()));
    append(ParcelRecords.body(origin, CUSTOMS, subject, T0 + 2 * HOUR, Released.getDefaultInstance()));
    append(ParcelRecords.body(origin, PARTNER_A, subject, T0 + 26 * HOUR, Delivered.newBuilder()
        .setMethod(DeliveryMethod.PICKUP_POINT).build()));
  }

  private void append(org.baytrace.api.ledger.v1.RecordBody body) {
    node.ledger().append(f.sign(body));
  }

  @AfterAll
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  HttpResponse<String> get(String path, String accept) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path)).header("Accept", accept)
        .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shopper_withWaybillAndCode_seesEveryStage_withTimesAndWhoRecordedIt() throws Exception {
    HttpResponse<String> r = get("/v1/parcels/" + WAYBILL + "?code=" + CODE, "application/json");
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""));
    JsonNode p = JSON.readTree(r.body());
    assertEquals("delivered", p.get("status").asText());
    assertEquals("2026-11-28T00:00:00Z", p.get("declared").get("time").asText());
    assertEquals(PARTNER_A, p.get("declared").get("recordedBy").get("org").asText());
    assertEquals("X_RAY COMPLIANT", p.get("inspected").get("detail").asText());
    assertEquals(CUSTOMS, p.get("released").get("recordedBy").get("org").asText());
    assertEquals("2026-11-28T02:00:00Z", p.get("released").get("time").asText());
    assertEquals("2026-11-29T02:00:00Z", p.get("delivered").get("time").asText());
    assertEquals(4, p.get("stages").size());
    assertEquals(3, p.get("stages").get(3).get("ledgerIndex").asLong());
    // typed from the label in lower case, with spaces: the same parcel
    assertEquals(200, get("/v1/parcels/sf%201234567890?code=7kq2mx9d4t", "application/json").statusCode());
  }

  @Test
  void wrongCode_andUnknownWaybill_getTheSameAnswer() throws Exception {
    HttpResponse<String> wrongCode = get("/v1/parcels/" + WAYBILL + "?code=7KQ2M-X9D4V", "application/json");
    HttpResponse<String> unknown = get("/v1/parcels/SF9999999999?code=" + CODE, "application/json");
    assertEquals(404, wrongCode.statusCode());
    assertEquals(404, unknown.statusCode());
    assertEquals(withoutInstance(wrongCode.body()), withoutInstance(unknown.body()));
    assertTrue(wrongCode.body().contains("no parcel with this waybill number and code is on the ledger"), wrongCode.body());
    HttpResponse<String> pageMiss = get("/parcels/" + WAYBILL + "?code=7KQ2M-X9D4V", "text/html");
    HttpResponse<String> pageUnknown = get("/parcels/SF9999999999?code=" + CODE, "text/html");
    assertEquals(404, pageMiss.statusCode());
    // the same page, but for the links back to itself (language switch) that repeat what was asked
    assertEquals(pageMiss.body(), pageUnknown.body().replace("SF9999999999", WAYBILL).replace(CODE, "7KQ2M-X9D4V"));
  }

  private static String withoutInstance(String problem) throws IOException {
    ObjectNode n = (ObjectNode) JSON.readTree(problem);
    n.remove("instance");
    return n.toString();
  }

  @Test
  void malformedWaybillOrCode_isABadRequest_sayingWhy() throws Exception {
    HttpResponse<String> noCode = get("/v1/parcels/" + WAYBILL, "application/json");
    assertEquals(400, noCode.statusCode());
    assertTrue(noCode.body().contains("code: missing"), noCode.body());
    HttpResponse<String> shortCode = get("/v1/parcels/" + WAYBILL + "?code=7KQ2M", "application/json");
    assertEquals(400, shortCode.statusCode());
    assertEquals(400, get("/parcels/" + WAYBILL + "?code=7KQ2M", "text/html").statusCode());
  }

  @Test
  void parcelPage_inEnglishAndChinese_keepsTheCodeWhenSwitchingLanguage() throws Exception {
    HttpResponse<String> en = get("/parcels/" + WAYBILL + "?code=" + CODE + "&lang=en", "text/html");
    assertEquals(200, en.statusCode(), en.body());
    assertTrue(en.body().contains("data-status=\"delivered\""), en.body());
    assertTrue(en.body().contains("Released by customs"));
    assertTrue(en.body().contains("Recorded by: <span translate=\"no\">nansha-customs</span>"), en.body());
    assertTrue(en.body().contains("href=\"/parcels/" + WAYBILL + "?code=7KQ2M-X9D4T&amp;lang=zh-Hans\""), en.body());
    HttpResponse<String> zh = get("/parcels/" + WAYBILL + "?code=" + CODE, "text/html");
    HttpResponse<String> zhByHeader = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort()
        + "/parcels/" + WAYBILL + "?code=" + CODE)).header("Accept-Language", "zh-CN").GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals("en", zh.headers().firstValue("Content-Language").orElse(""));
    assertTrue(zhByHeader.body().contains("海关已放行"), zhByHeader.body());
    assertEquals("no-referrer", zhByHeader.headers().firstValue("Referrer-Policy").orElse(""));
  }

  @Test
  void landingPage_hasTheParcelForm_whichLeadsToTheParcelPage() throws Exception {
    HttpResponse<String> landing = get("/", "text/html");
    assertTrue(landing.body().contains("id=\"lookup-parcel\""), landing.body());
    assertTrue(landing.body().contains("action=\"/lookup/parcel\""));
    HttpResponse<String> r = get("/lookup/parcel?waybill=sf+1234567890&code=7kq2mx9d4t&lang=zh", "text/html");
    assertEquals(303, r.statusCode());
    String location = r.headers().firstValue("Location").orElseThrow();
    assertTrue(location.endsWith("/parcels/SF1234567890?code=7KQ2M-X9D4T&lang=zh"), location);
  }

  @Test
  void waybill_isInNoStoredByte_noTile_noEntry_andNoQueryFindsIt() throws Exception {
    List<byte[]> needles = List.of(WAYBILL.getBytes(StandardCharsets.US_ASCII), "7KQ2MX9D4T".getBytes(StandardCharsets.US_ASCII),
        "7KQ2M-X9D4T".getBytes(StandardCharsets.US_ASCII), WAYBILL.getBytes(StandardCharsets.UTF_16BE));
    // every leaf as the ledger serves it (uncompressed)
    long size = node.ledger().head().size();
    assertEquals(4, size);
    for (long i = 0; i < size; i++) {
      assertNoNeedle("entry " + i, node.ledger().entry(i).leaf(), needles);
    }
    // the tlog tiles a monitor downloads
    HttpResponse<byte[]> tile = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort()
        + "/tile/entries/000.p/" + size)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, tile.statusCode());
    assertTrue(tile.body().length > 100);
    assertNoNeedle("entries tile", tile.body(), needles);
    // every file of the data directory (RocksDB tables, its write-ahead log holding the raw batches, checkpoints)
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.walk(data)) {
      s.filter(Files::isRegularFile).forEach(files::add);
    }
    assertFalse(files.isEmpty());
    for (Path p : files) {
      assertNoNeedle(p.toString(), Files.readAllBytes(p), needles);
    }
    // EPCIS queries: nothing about it
    HttpResponse<String> events = get("/events", "application/json");
    assertFalse(events.body().contains(WAYBILL), events.body());
  }

  private static void assertNoNeedle(String where, byte[] hay, List<byte[]> needles) {
    for (byte[] n : needles) {
      outer:
      for (int i = 0; i + n.length <= hay.length; i++) {
        for (int j = 0; j < n.length; j++) {
          if (hay[i + j] != n[j]) {
            continue outer;
          }
        }
        throw new AssertionError(where + " holds \"" + new String(n, StandardCharsets.ISO_8859_1) + "\" at byte " + i);
      }
    }
  }
}
