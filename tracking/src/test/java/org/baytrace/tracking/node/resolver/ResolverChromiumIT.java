package org.baytrace.tracking.node.resolver;

import static org.baytrace.tracking.node.resolver.DurianTrace.BAD_GTIN;
import static org.baytrace.tracking.node.resolver.DurianTrace.LOT;
import static org.baytrace.tracking.node.resolver.DurianTrace.LOT_PATH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The consumer page in a real browser: headless Chromium (Debian's {@code chromium} package)
 * loads it from the node, runs its script, and the rendered DOM is checked; screenshots of a
 * phone-sized window are left in {@code target/resolver-screenshots/} for people to look at.
 * Chromium is required: without it this test fails, saying how to install it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResolverChromiumIT {
  static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
      "/usr/bin/google-chrome");
  static final Path SCREENSHOTS = Path.of("target", "resolver-screenshots");
  static final long TIMEOUT_SECONDS = 120;

  ResolverFixture f;
  Path work;
  String chromium;

  @BeforeAll
  void start(@TempDir Path dir) throws IOException {
    chromium = findChromium();
    work = dir.resolve("chromium");
    Files.createDirectories(work);
    Files.createDirectories(SCREENSHOTS);
    f = new ResolverFixture(dir.resolve("ledger")).withDurianTrace().serve();
  }

  @AfterAll
  void stop() {
    if (f != null) {
      f.close();
    }
  }

  static String findChromium() {
    String configured = System.getenv("BAYTRACE_CHROMIUM");
    List<String> candidates = new ArrayList<>();
    if (configured != null && !configured.isBlank()) {
      candidates.add(configured);
    }
    candidates.addAll(CANDIDATES);
    for (String c : candidates) {
      if (Files.isExecutable(Path.of(c))) {
        return c;
      }
    }
    return fail("Chromium is required for the consumer-page browser test and was not found (looked for "
        + candidates + "). Install what the browser tests need with tools/install-test-deps (as root; it runs apt-get install chromium "
        + "chromium-driver fonts-wqy-microhei; .ci/run does this), or set BAYTRACE_CHROMIUM to the browser binary.");
  }

  /** Runs headless Chromium on a URL of the node; returns its standard output. */
  String chromium(String url, String acceptLanguage, String timeZone, String... extra) throws Exception {
    Path profile = Files.createTempDirectory(work, "profile");
    List<String> cmd = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + profile, "--lang=" + acceptLanguage, "--accept-lang=" + acceptLanguage));
    cmd.addAll(List.of(extra));
    cmd.add(f.uri(url).toString());
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("TZ", timeZone);
    Path out = Files.createTempFile(work, "stdout", ".html");
    Path err = Files.createTempFile(work, "stderr", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(
        Path.of("/dev/null").toFile()));
    Process p = pb.start();
    try {
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        fail("chromium did not finish in " + TIMEOUT_SECONDS + " s: " + cmd + "\n" + tail(err));
      }
    } finally {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    assertEquals(0, p.exitValue(), "chromium " + cmd + " failed:\n" + tail(err));
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  private static String tail(Path file) throws IOException {
    String s = Files.readString(file, StandardCharsets.UTF_8);
    return s.length() <= 4000 ? s : s.substring(s.length() - 4000);
  }

  static int count(String haystack, String needle) {
    int n = 0;
    for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length())) {
      n++;
    }
    return n;
  }

  @Test
  void chinesePhone_seesJourneyVerifiedBadgeAndChineseLabels_andItsOwnTimes() throws Exception {
    String dom = chromium(LOT_PATH, "zh-CN", "Asia/Shanghai", "--dump-dom");
    assertTrue(dom.contains("<html lang=\"zh-Hans\""), dom);
    assertTrue(dom.contains("data-verified=\"true\""), dom);
    assertTrue(dom.contains("✓ 已验证"), dom);
    assertTrue(dom.contains("<h1><span translate=\"no\">金枕榴莲</span></h1>"), dom);
    assertTrue(dom.contains(">流通历程</h2>") && dom.contains(">冷链</h2>") && dom.contains("aria-label=\"产品信息\""), dom);
    assertTrue(dom.contains(">泰国<") && dom.contains(">生产赋码<") && dom.contains(">发货<") && dom.contains(">抵达<")
        && dom.contains(">收货<"), dom);
    assertEquals(7, count(dom, "<li class=\"event\""), dom);
    assertTrue(dom.contains("有温度记录：最低 12.8 °C，最高 15.1 °C"), dom);
    assertTrue(dom.contains(">English</a>"), dom);
    for (String secret : DurianTrace.SECRETS) {
      assertFalse(dom.contains(secret), secret);
    }
    // The script ran: the page is marked, and the four events recorded in Thailand (UTC+07:00)
    // got the viewer's Guangzhou time (UTC+08:00) beside them; the three in China did not.
    assertTrue(dom.contains("data-enhanced=\"true\""), dom);
    assertEquals(4, count(dom, "class=\"viewer-time\""), dom);
    Matcher m = Pattern.compile("<span class=\"viewer-time\">您的时间: ([^<]*)</span>").matcher(dom);
    assertTrue(m.find(), dom);
    assertTrue(m.group(1).contains("08:30") || m.group(1).contains("8:30"), "07:30 in Bangkok is 08:30 in Guangzhou: "
        + m.group(1));
  }

  @Test
  void englishPhone_andTheLanguageSwitch() throws Exception {
    String en = chromium(LOT_PATH, "en-US", "Asia/Bangkok", "--dump-dom");
    assertTrue(en.contains("<html lang=\"en\"") && en.contains("✓ Verified") && en.contains(">Journey</h2>"), en);
    assertTrue(en.contains("?lang=zh-Hans\"") && en.contains(">简体中文</a>") && en.contains(">繁體中文</a>"), en);
    // in Bangkok the Thai events need no second time, the Chinese ones do
    assertEquals(3, count(en, "class=\"viewer-time\""), en);
    String switched = chromium(LOT_PATH + "?lang=zh", "en-US", "Asia/Bangkok", "--dump-dom");
    assertTrue(switched.contains("<html lang=\"zh-Hans\"") && switched.contains("✓ 已验证"), switched);
  }

  @Test
  void badCode_friendlyErrorPage() throws Exception {
    String dom = chromium("/01/" + BAD_GTIN + "/10/" + LOT, "zh-CN", "Asia/Shanghai", "--dump-dom");
    assertTrue(dom.contains("此追溯码无效"), dom);
    assertTrue(dom.contains("GTIN " + BAD_GTIN + ": check digit 3, want 0"), dom);
  }

  @Test
  void screenshots_ofAPhoneSizedWindow() throws Exception {
    for (String[] shot : List.of(new String[] {LOT_PATH, "zh-CN", "resolver-lot-zh.png", "2400"},
        new String[] {DurianTrace.ITEM_PATH, "en-US", "resolver-item-en.png", "2400"},
        new String[] {"/01/" + BAD_GTIN + "/10/" + LOT, "zh-CN", "resolver-400-zh.png", "900"})) {
      Path png = SCREENSHOTS.resolve(shot[2]).toAbsolutePath();
      Files.deleteIfExists(png);
      chromium(shot[0], shot[1], "Asia/Shanghai", "--hide-scrollbars", "--window-size=412," + shot[3],
          "--screenshot=" + png);
      BufferedImage image = ImageIO.read(png.toFile());
      assertTrue(image != null && image.getWidth() == 412, png + ": " + (image == null ? "not a PNG" : image.getWidth()));
    }
  }
}
