package org.baytrace.tracking.node.coldchain;

import static org.baytrace.tracking.domain.coldchain.Recs.MIN;
import static org.baytrace.tracking.domain.coldchain.Recs.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.baytrace.api.coldchain.v1.Phase;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.config.NodeConfig;
import org.baytrace.ledger.crypto.KeyFiles;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.record.Records;
import org.baytrace.tracking.domain.coldchain.Recs;
import org.baytrace.tracking.domain.epcis.record.EpcisRecords;
import org.baytrace.tracking.node.BayTraceNode;
import org.baytrace.tracking.node.LoopbackNodeConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cold-chain verdict on the consumer page of a real node (the features wired by
 * NodeFeatures), in headless Chromium: the excursion in words, in English and Chinese, and the
 * SVG chart, which Chromium renders. Screenshots go to {@code target/resolver-screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ColdChainPageChromiumIT {
  static final String GTIN = "09506000134352";
  static final String LOT = "https://id.gs1.org/01/" + GTIN + "/10/BEEF-0425";
  static final String PAGE = "/01/" + GTIN + "/10/BEEF-0425";
  static final Path SCREENSHOTS = Path.of("target", "resolver-screenshots");
  static final ObjectMapper JSON = new ObjectMapper();

  BayTraceNode node;
  Path work;
  String chromium;
  final HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    chromium = findChromium();
    work = Files.createDirectories(dir.resolve("chromium"));
    Files.createDirectories(SCREENSHOTS);
    NodeConfig config = LoopbackNodeConfig.in(dir.resolve("data"));
    node = BayTraceNode.start(config, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    SigningKey key = KeyFiles.loadPrivate(config.keyFile());
    String origin = config.origin();
    // the shipping event the page is found by, with one EPCIS sensor window in range
    ObjectNode event = JSON.createObjectNode();
    event.put("type", "ObjectEvent");
    event.put("eventID", "urn:uuid:0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0");
    event.put("eventTime", Instant.ofEpochMilli(T0).toString());
    event.put("eventTimeZoneOffset", "+08:00");
    event.putArray("epcList").add(LOT);
    event.put("action", "OBSERVE");
    event.put("bizStep", "shipping");
    event.putObject("readPoint").put("id", "urn:epc:id:sgln:9506000.00002.0");
    ObjectNode element = event.putArray("sensorElementList").addObject();
    element.putObject("sensorMetadata").put("startTime", Instant.ofEpochMilli(T0 - 60 * MIN).toString())
        .put("endTime", Instant.ofEpochMilli(T0).toString());
    element.putArray("sensorReport").addObject().put("type", "Temperature").put("minValue", -19.5)
        .put("maxValue", -18.5).put("uom", "CEL");
    node.ledger().append(Records.sign(EpcisRecords.toBody(origin, BayTraceNode.LOCAL_ORG, event, null).toByteArray(), key));
    ObjectNode sold = JSON.createObjectNode();
    sold.put("type", "ObjectEvent");
    sold.put("eventID", "urn:uuid:1a2b3c4d-5e6f-4789-8abc-def012345678");
    sold.put("eventTime", Instant.ofEpochMilli(T0 + 600 * MIN).toString());
    sold.put("eventTimeZoneOffset", "+08:00");
    sold.putArray("epcList").add(LOT + "/21/77");
    sold.put("action", "OBSERVE");
    sold.put("bizStep", "retail_selling");
    node.ledger().append(Records.sign(EpcisRecords.toBody(origin, BayTraceNode.LOCAL_ORG, sold, null).toByteArray(), key));
    node.ledger().append(Records.sign(withOrigin(Recs.shipment(LOT, "frozen-meat", "s"), origin), key));
    double[] t = new double[90];
    java.util.Arrays.fill(t, -20);
    for (int i = 20; i < 60; i++) {
      t[i] = -16;
    }
    node.ledger().append(Records.sign(withOrigin(Recs.logger(LOT, Recs.readings(T0, MIN, Phase.PHASE_TRANSPORT,
        "Humen bridge", t), "l"), origin), key));
  }

  static byte[] withOrigin(RecordBody.Builder b, String origin) {
    return b.setOrigin(origin).setAuthorOrg(BayTraceNode.LOCAL_ORG).build().toByteArray();
  }

  @AfterAll
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  String url(String path) {
    return "http://127.0.0.1:" + node.httpPort() + path;
  }

  static String findChromium() {
    List<String> candidates = new ArrayList<>();
    Optional.ofNullable(System.getenv("BAYTRACE_CHROMIUM")).filter(s -> !s.isBlank()).ifPresent(candidates::add);
    candidates.addAll(List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"));
    for (String c : candidates) {
      if (Files.isExecutable(Path.of(c))) {
        return c;
      }
    }
    return fail("Chromium is required for the cold-chain page test and was not found (looked for " + candidates
        + "). Install what the browser tests need with tools/install-test-deps (as root; it runs apt-get install chromium "
        + "chromium-driver fonts-wqy-microhei; .ci/run does this), or set BAYTRACE_CHROMIUM to the browser binary.");
  }

  String chromium(String url, String lang, String... extra) throws Exception {
    Path profile = Files.createTempDirectory(work, "profile");
    List<String> cmd = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + profile, "--lang=" + lang, "--accept-lang=" + lang));
    cmd.addAll(List.of(extra));
    cmd.add(url);
    Path out = Files.createTempFile(work, "out", ".html");
    Path err = Files.createTempFile(work, "err", ".txt");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
    try {
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        fail("chromium did not finish: " + cmd);
      }
    } finally {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    assertEquals(0, p.exitValue(), "chromium failed: " + Files.readString(err));
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  @Test
  void englishPage_showsTheExcursionAndTheChart() throws Exception {
    String dom = chromium(url(PAGE), "en-US", "--dump-dom");
    assertTrue(dom.contains("data-status=\"broken\""), dom);
    assertTrue(dom.contains("Cold chain broken (Frozen meat: -60.0 to -18.0 °C)."), dom);
    assertTrue(dom.contains("<li class=\"excursion\">Out of range for longer than allowed: from "
        + Recs.utcMinute(T0 + 20 * MIN) + ", lasting 40 min, worst -16.0 °C (2.0 °C above the range), at Humen bridge.</li>"),
        dom);
    String chart = ColdChainResource.chartPath(LOT).replace("&", "&amp;");
    assertTrue(dom.contains("<img id=\"cold-chart\" src=\"" + chart + "\""), dom);
  }

  @Test
  void chinesePage_saysItInChinese() throws Exception {
    String dom = chromium(url(PAGE), "zh-CN", "--dump-dom");
    assertTrue(dom.contains("冷链中断") && dom.contains("连续超出范围时间过长") && dom.contains("持续 40 分钟")
        && dom.contains("高于范围 2.0 °C") && dom.contains("运输全程温度曲线"), dom);
  }

  @Test
  void json_carriesTheVerdictAndTheChartLink() throws Exception {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url(PAGE)))
        .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    JsonNode cold = JSON.readTree(r.body()).path("coldChain");
    assertEquals("broken", cold.path("status").asText(), r.body());
    assertEquals(ColdChainResource.chartPath(LOT), cold.path("chart").asText());
    assertEquals(1, cold.path("excursions").size());
    assertEquals(2, cold.path("readings").asInt(), "the EPCIS window's minimum and maximum");
  }

  @Test
  void anItemOfTheLot_isJudgedByTheLotsRecords() throws Exception {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url(PAGE + "/21/77")))
        .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    JsonNode cold = JSON.readTree(r.body()).path("coldChain");
    assertEquals("broken", cold.path("status").asText(), r.body());
    assertEquals(ColdChainResource.chartPath(LOT), cold.path("chart").asText());
  }

  @Test
  void chart_rendersInTheBrowser_withTheExcursionInRed() throws Exception {
    Path png = SCREENSHOTS.resolve("coldchain-chart.png").toAbsolutePath();
    Files.deleteIfExists(png);
    chromium(url(ColdChainResource.chartPath(LOT)), "en-US", "--hide-scrollbars", "--window-size=640,260",
        "--screenshot=" + png);
    BufferedImage image = ImageIO.read(png.toFile());
    int red = 0;
    int green = 0;
    for (int x = 0; x < image.getWidth(); x++) {
      for (int y = 0; y < image.getHeight(); y++) {
        int rgb = image.getRGB(x, y) & 0xffffff;
        red += rgb == 0xc62828 ? 1 : 0; // readings outside the range
        green += rgb == 0xdff3e4 ? 1 : 0; // the allowed band
      }
    }
    assertTrue(red > 50 && green > 1000, "red " + red + ", green " + green);
    Path page = SCREENSHOTS.resolve("coldchain-page-en.png").toAbsolutePath();
    chromium(url(PAGE), "en-US", "--hide-scrollbars", "--window-size=412,2400", "--screenshot=" + page);
    assertTrue(ImageIO.read(page.toFile()).getWidth() == 412);
  }
}
