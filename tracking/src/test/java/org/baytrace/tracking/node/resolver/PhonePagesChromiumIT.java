package org.baytrace.tracking.node.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.baytrace.api.biomaterial.v1.Category;
import org.baytrace.api.biomaterial.v1.TemperatureClass;
import org.baytrace.config.NodeConfig;
import org.baytrace.ledger.Ledger;
import org.baytrace.tracking.domain.biomaterial.BioFixture;
import org.baytrace.tracking.domain.customs.TradeScenario;
import org.baytrace.tracking.domain.waterbus.WaterBusFixture;
import org.baytrace.tracking.node.BayTraceNode;
import org.baytrace.tracking.node.LoopbackNodeConfig;
import org.baytrace.tracking.node.http.LedgerHttpServer;
import org.baytrace.tracking.node.pages.Lang;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every page a person opens, on a phone: the landing page, the consumer page, the custody page,
 * the voyage page and the clearance report, each in English, simplified and traditional Chinese
 * ({@code ?lang=}), in headless Chromium emulating a phone 412 CSS pixels wide. Each page is in
 * the language asked for ({@code <html lang>}, a heading from that language's bundle, and in
 * Chinese no English phrase outside what is marked as data: codes, names as recorded), lays out
 * for the phone (its viewport is the phone's width) and nothing sticks out sideways ({@code
 * document.documentElement.scrollWidth <= innerWidth}). A full-page screenshot of each is written
 * to {@code tracking/target/phone-screenshots/<page>-<lang>.png} for a reviewer to open.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PhonePagesChromiumIT {
  static final Path SCREENSHOTS = Path.of("target", "phone-screenshots");
  static final int PHONE_WIDTH = 412;
  static final List<Lang> LANGS = List.of(Lang.EN, Lang.ZH_HANS, Lang.ZH_HANT);
  /** Two or more English words in a row: text a Chinese page should not show outside data. */
  static final Pattern ENGLISH_WORDS = Pattern.compile("[A-Za-z]{2,}(?:[ -][A-Za-z]{2,})+");

  ResolverFixture consumer;
  BayTraceNode trade;
  Ledger bioLedger;
  LedgerHttpServer bio;
  Path work;
  String chromium;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    chromium = ResolverChromiumIT.findChromium();
    work = Files.createDirectories(dir.resolve("chromium"));
    Files.createDirectories(SCREENSHOTS);
    consumer = new ResolverFixture(dir.resolve("ledger")).withDurianTrace().serve();

    WaterBusFixture f = new WaterBusFixture(dir.resolve("unused"));
    NodeConfig config = LoopbackNodeConfig.in(dir.resolve("trade")).withRegistry(f.registry);
    trade = BayTraceNode.start(config, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    new TradeScenario(f, trade.config().origin(), bytes -> trade.ledger().append(bytes)).play();

    BioFixture b = new BioFixture(dir.resolve("bio"));
    bioLedger = b.open();
    bioLedger.append(BioFixture.sign(b.shipment(BioFixture.SSCC, Category.UN3373_CATEGORY_B,
        TemperatureClass.REFRIGERATED, "PERMIT-2026-0042"), b.lab));
    bioLedger.append(BioFixture.sign(b.handOver(BioFixture.SSCC, "gz-lab", "baiyun-courier",
        BioFixture.T0 + BioFixture.HOUR), b.lab, b.courier));
    bioLedger.append(BioFixture.sign(b.handOver(BioFixture.SSCC, "baiyun-courier", "hk-lab",
        BioFixture.T0 + 5 * BioFixture.HOUR), b.courier, b.hkLab));
    List<Object> bioComponents = new ArrayList<>(b.feature.httpComponents());
    bioComponents.addAll(List.of(Resolver.overLedger(bioLedger).httpComponents())); // the shared stylesheet
    bio = LedgerHttpServer.start(bioLedger, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        bioComponents.toArray());
  }

  @AfterAll
  void stop() {
    if (bio != null) {
      bio.close();
    }
    if (bioLedger != null) {
      bioLedger.close();
    }
    if (trade != null) {
      trade.close();
    }
    if (consumer != null) {
      consumer.close();
    }
  }

  /** Each page by name, as a URL without the language. */
  Map<String, URI> pages() {
    String tradeBase = "http://127.0.0.1:" + trade.httpPort();
    Map<String, URI> p = new LinkedHashMap<>();
    p.put("landing", URI.create(tradeBase + "/"));
    p.put("consumer", consumer.uri(DurianTrace.ITEM_PATH));
    p.put("custody", bio.baseUri().resolve("v1/biomaterial/custody?format=html&subject="
        + java.net.URLEncoder.encode(BioFixture.SSCC, StandardCharsets.UTF_8)));
    p.put("voyage", URI.create(tradeBase + "/waterbus/voyages/pearl-barge/V2611"));
    p.put("clearance-report", URI.create(tradeBase + "/customs/clearance-report?period=month"));
    return p;
  }

  /** A heading each page shows, from the bundle of its language. */
  static String heading(String page, Lang lang) {
    return switch (page) {
      case "landing" -> lang.msg("landing.heading");
      case "consumer" -> lang.msg("section.journey");
      case "custody" -> lang.msg("custody.heading");
      case "voyage" -> lang.msg("voyage.schedule");
      case "clearance-report" -> lang.msg("customs.heading");
      default -> throw new IllegalArgumentException(page);
    };
  }

  static URI withLang(URI page, String lang) {
    String s = page.toString();
    return URI.create(s + (s.contains("?") ? "&" : "?") + "lang=" + lang);
  }

  @Test
  void everyPageInEveryLanguage_isInThatLanguage_andFitsA412PixelPhone_withoutSidewaysScrolling() throws Exception {
    List<String> failures = new ArrayList<>();
    int visits = 0;
    try (DevToolsChromium browser = new DevToolsChromium(chromium, work, "en-US,en")) {
      for (Map.Entry<String, URI> page : pages().entrySet()) {
        for (Lang lang : LANGS) {
          Path png = SCREENSHOTS.resolve(page.getKey() + "-" + lang.code + ".png").toAbsolutePath();
          Files.deleteIfExists(png);
          DevToolsChromium.PhoneVisit v = browser.phone(withLang(page.getValue(), lang.code), PHONE_WIDTH, png);
          visits++;
          var image = ImageIO.read(png.toFile());
          assertTrue(image != null && image.getWidth() == PHONE_WIDTH, png + ": a phone-wide PNG");
          String line = String.format("%-17s %-8s scrollWidth %4d, innerWidth %4d  %s", page.getKey(), lang.code,
              v.scrollWidth(), v.innerWidth(), png);
          System.out.println("phone pages: " + line);
          if (!v.lang().equals(lang.tag)) {
            failures.add(line + " (html lang " + v.lang() + ", want " + lang.tag + ")");
          }
          if (!v.headings().contains(heading(page.getKey(), lang))) {
            failures.add(line + " (no heading \"" + heading(page.getKey(), lang) + "\" among " + v.headings() + ")");
          }
          if (lang.chinese()) {
            Matcher english = ENGLISH_WORDS.matcher(v.ownText());
            List<String> found = new ArrayList<>();
            while (english.find()) {
              found.add(english.group());
            }
            if (!found.isEmpty()) {
              failures.add(line + " (English text outside data: " + found + ")");
            }
          }
          if (v.innerWidth() != PHONE_WIDTH) {
            failures.add(line + " (content wider than the phone: the browser widened the layout and zooms out)");
          } else if (v.scrollWidth() > v.innerWidth()) {
            failures.add(line + " (overflows sideways)");
          }
        }
      }
    }
    System.out.println("phone pages: " + visits + " screenshots in " + SCREENSHOTS.toAbsolutePath());
    assertEquals(pages().size() * LANGS.size(), visits);
    assertTrue(failures.isEmpty(), "pages not in their language or not fitting a " + PHONE_WIDTH + " px phone:\n"
        + String.join("\n", failures));
  }
}
