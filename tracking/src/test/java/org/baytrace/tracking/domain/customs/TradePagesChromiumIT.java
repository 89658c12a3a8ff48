package org.baytrace.tracking.domain.customs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.baytrace.config.NodeConfig;
import org.baytrace.tracking.domain.waterbus.WaterBusFixture;
import org.baytrace.tracking.node.BayTraceNode;
import org.baytrace.tracking.node.LoopbackNodeConfig;
import org.baytrace.tracking.node.customs.ReportPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clearance-time report page and the voyage page in headless Chromium, served by a real
 * node: the rendered DOM holds the SVG charts with bars sized from the numbers, the target
 * lines, the AEO status; screenshots go to {@code target/trade-screenshots/}. Chromium is
 * required (as for the consumer page's browser test).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TradePagesChromiumIT {
  static final Path SCREENSHOTS = Path.of("target", "trade-screenshots");
  BayTraceNode node;
  Path work;
  String chromium;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    chromium = findChromium();
    work = Files.createDirectories(dir.resolve("chromium"));
    Files.createDirectories(SCREENSHOTS);
    WaterBusFixture f = new WaterBusFixture(dir.resolve("unused"));
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

  static String findChromium() {
    List<String> candidates = new ArrayList<>();
    String configured = System.getenv("BAYTRACE_CHROMIUM");
    if (configured != null && !configured.isBlank()) {
      candidates.add(configured);
    }
    candidates.addAll(List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"));
    for (String c : candidates) {
      if (Files.isExecutable(Path.of(c))) {
        return c;
      }
    }
    return fail("Chromium is required for the report page test and was not found (looked for " + candidates
 + "). Install what the browser tests need with tools/install-test-deps (as root; it runs apt-get install chromium "
        + "chromium-driver fonts-wqy-microhei; .ci/run does this), or set BAYTRACE_CHROMIUM to the browser binary.");
  }

  String chromium(String path, String... extra) throws Exception {
    Path profile = Files.createTempDirectory(work, "profile");
    List<String> cmd = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + profile));
    cmd.addAll(List.of(extra));
    cmd.add("http://127.0.0.1:" + node.httpPort() + path);
    Path out = Files.createTempFile(work, "stdout", ".html");
    Path err = Files.createTempFile(work, "stderr", ".txt");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
    try {
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        fail("chromium did not finish in 120 s: " + cmd);
      }
    } finally {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    assertEquals(0, p.exitValue(), "chromium failed: " + Files.readString(err));
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  static int count(String s, String needle) {
    int n = 0;
    for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void reportPage_rendersChartsTargetsAndAeoStatus() throws Exception {
    String dom = chromium("/customs/clearance-report?period=month", "--dump-dom");
    assertTrue(dom.contains("<h1>Customs clearance times</h1>"), dom);
    assertEquals(2, count(dom, "<svg class=\"chart\""), "one chart per port, direction and period: " + dom);
    assertTrue(dom.contains("data-port=\"CNFOS\" data-type=\"import\" data-period=\"2026-11\""), dom);
    // import at Foshan: border compliance 12 h against 40 h, documentary 13 h against 8–12 h
    Matcher border = Pattern.compile("<g data-measure=\"border_compliance\">.*?<rect class=\"median\"[^>]*width=\"([0-9.]+)\"")
        .matcher(dom);
    assertTrue(border.find(), dom);
    Matcher target = Pattern.compile("<line class=\"target\" x1=\"([0-9.]+)\"").matcher(dom.substring(border.start()));
    assertTrue(target.find());
    double medianWidth = Double.parseDouble(border.group(1));
    double targetX = Double.parseDouble(target.group(1)) - ReportPage.LABEL;
    assertEquals(12.0 / 40.0, medianWidth / targetX, 0.01, "bar and target line drawn to the same scale");
    assertTrue(dom.contains("<tr data-measure=\"documentary_compliance\"><td data-label=\"Measure\">Documentary compliance"
        + "</td><td class=\"num\" data-label=\"Declarations\">1</td><td class=\"num\" data-label=\"Median\">13.0 h</td>"), dom);
    assertTrue(dom.contains("✗ over the target of 8–12 h by 1 h") && dom.contains("✓ within the target of 40 h"), dom);
    assertTrue(dom.contains("data-aeo=\"cn-advanced-certified\">Advanced certified (China Customs AEO)</td>"), dom);
    assertTrue(dom.contains("(discharged from the barge: container <span translate=\"no\">" + WaterBusFixture.container(1) + "</span>)"), dom);
    Path png = SCREENSHOTS.resolve("clearance-report.png").toAbsolutePath();
    Files.deleteIfExists(png);
    chromium("/customs/clearance-report", "--hide-scrollbars", "--window-size=1000,1800", "--screenshot=" + png);
    BufferedImage image = ImageIO.read(png.toFile());
    assertTrue(image != null && image.getWidth() == 1000);
  }

  @Test
  void voyagePage_rendersScheduleDelaysAndUtilisation() throws Exception {
    String dom = chromium("/waterbus/voyages/pearl-barge/V2611", "--dump-dom");
    assertTrue(dom.contains("<h1>Voyage <span translate=\"no\">V2611</span> · <span translate=\"no\">Zhu Jiang 18</span></h1>"), dom);
    assertTrue(dom.contains("<tr data-port=\"CNFOS\" data-event=\"ARRI\">"), dom);
    assertTrue(dom.contains("<span class=\"late\" data-minutes=\"105\">1 h 45 min late</span>"), dom);
    assertEquals(3, count(dom, "<g class=\"leg\">"), dom);
    assertTrue(dom.contains("<title>lingnan-logistics: 3 of 14 TEU</title>"), dom);
    assertTrue(dom.contains(">3/24</text>"), dom);
  }
}
