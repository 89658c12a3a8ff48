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
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.api.multimodal.v1.HandOver;
import org.baytrace.api.multimodal.v1.TransportDocument;
import org.baytrace.api.multimodal.v1.TransportDocumentType;
import org.baytrace.api.multimodal.v1.TransportMeans;
import org.baytrace.api.multimodal.v1.TransportMode;
import org.baytrace.api.parcel.v1.ClearanceMode;
import org.baytrace.api.parcel.v1.Declared;
import org.baytrace.api.parcel.v1.Delivered;
import org.baytrace.api.parcel.v1.DeliveryMethod;
import org.baytrace.api.parcel.v1.Held;
import org.baytrace.api.parcel.v1.HoldReason;
import org.baytrace.api.parcel.v1.Inspected;
import org.baytrace.api.parcel.v1.InspectionMethod;
import org.baytrace.api.parcel.v1.InspectionOutcome;
import org.baytrace.api.parcel.v1.Released;
import org.baytrace.config.NodeConfig;
import org.baytrace.ledger.Ledger;
import org.baytrace.tracking.domain.biomaterial.BioFixture;
import org.baytrace.tracking.domain.customs.TradeScenario;
import org.baytrace.tracking.domain.epcis.record.EpcisRecords;
import org.baytrace.tracking.domain.gs1.CheckDigit;
import org.baytrace.tracking.domain.multimodal.MultimodalRecords;
import org.baytrace.tracking.domain.parcel.ParcelRecords;
import org.baytrace.tracking.domain.parcel.ParcelSubject;
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
 * the voyage page, the clearance report and the parcel page (found, and the answer to a miss), each in English, simplified and traditional Chinese
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
    parcelJourney(f, trade.config().origin());
    handOverJourney(f, trade.config().origin());

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

  static final String PARCEL_WAYBILL = "EA123456789HK";
  static final String PARCEL_CODE = "7KQ2M-X9D4T";

  /** A 9610 parcel declared, X-rayed, held for duties, released and delivered to a locker. */
  void parcelJourney(WaterBusFixture f, String origin) {
    String subject = ParcelSubject.of(origin, PARCEL_WAYBILL, PARCEL_CODE);
    long t = WaterBusFixture.T0 + 40 * WaterBusFixture.HOUR;
    long h = WaterBusFixture.HOUR;
    for (RecordBody body : List.of(
        ParcelRecords.body(origin, WaterBusFixture.PARTNER_A, subject, t, Declared.newBuilder()
            .setMode(ClearanceMode.MODE_9610).setCustomsOffice(WaterBusFixture.CUSTOMS).setPort("CNNSA")
            .addHsCodes("330499").setItemCount(2).build()),
        ParcelRecords.body(origin, WaterBusFixture.CUSTOMS, subject, t + h, Inspected.newBuilder()
            .setMethod(InspectionMethod.X_RAY).setOutcome(InspectionOutcome.COMPLIANT).build()),
        ParcelRecords.body(origin, WaterBusFixture.CUSTOMS, subject, t + 2 * h, Held.newBuilder()
            .setReason(HoldReason.DUTIES_UNPAID).build()),
        ParcelRecords.body(origin, WaterBusFixture.CUSTOMS, subject, t + 5 * h, Released.getDefaultInstance()),
        ParcelRecords.body(origin, WaterBusFixture.PARTNER_A, subject, t + 30 * h, Delivered.newBuilder()
            .setMethod(DeliveryMethod.PARCEL_LOCKER).build()))) {
      trade.ledger().append(f.sign(body));
    }
  }

  /** A pallet of the consumer page with a rail-sea and a sea-air hand-over. */
  static final String PALLET_SSCC = CheckDigit.append("04891234000026110");
  static final String PALLET = "https://id.gs1.org/00/" + PALLET_SSCC;

  /**
   * A pallet by rail from Chongqing to Qinzhou port, handed over from rail to sea there (the
   * western land-sea corridor), shipped to Hong Kong and handed over from sea to air at the
   * airport: the rail operator, the shipping line and the air cargo carrier are the fixture's
   * carriers, each hand-over signed by both parties.
   */
  void handOverJourney(WaterBusFixture f, String origin) throws Exception {
    String rail = WaterBusFixture.PARTNER_C;
    String line = WaterBusFixture.PARTNER_A;
    String air = WaterBusFixture.PARTNER_B;
    long t = WaterBusFixture.T0 + 50 * WaterBusFixture.HOUR;
    long h = WaterBusFixture.HOUR;
    trade.ledger().append(f.sign(EpcisRecords.toBody(origin, rail, new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree("""
            {"type": "ObjectEvent", "eventID": "urn:uuid:0c1d2e3f-0001-4a5b-8c7d-2611aa000001",
             "eventTime": "2026-11-30T08:00:00.000+08:00", "eventTimeZoneOffset": "+08:00", "action": "OBSERVE",
             "bizStep": "departing", "disposition": "in_transit", "readPoint": {"id": "urn:epc:id:sgln:6901234.00040.0"},
             "epcList": ["%s"]}
            """.formatted(PALLET)), null)));
    TransportMeans train = TransportMeans.newBuilder().setReference("X8017").setDocument(TransportDocument.newBuilder()
        .setType(TransportDocumentType.RAIL_CONSIGNMENT_NOTE).setNumber("CQQZ2611-0042")).build();
    TransportMeans vessel = TransportMeans.newBuilder().setReference("611S").setImoNumber("IMO9321483")
        .setName("Pearl Horizon").setDocument(TransportDocument.newBuilder().setType(TransportDocumentType.BILL_OF_LADING)
            .setNumber("PHLQZHHKG2611042")).build();
    TransportMeans flight = TransportMeans.newBuilder().setReference("CX3270").setDocument(TransportDocument.newBuilder()
        .setType(TransportDocumentType.AIR_WAYBILL).setNumber("160-12345675")).build();
    RecordBody railSea = MultimodalRecords.handOver(origin, rail, List.of(PALLET), t + 30 * h, "rail-sea-1",
        HandOver.newBuilder().setFromMode(TransportMode.RAIL).setToMode(TransportMode.MARITIME)
            .setPlace("urn:epc:id:sgln:6901234.00050.0").setFromParty(rail).setToParty(line).setFromMeans(train)
            .setToMeans(vessel).build());
    trade.ledger().append(org.baytrace.ledger.record.Records.sign(railSea.toByteArray(), f.keys.get(rail),
        f.keys.get(line)));
    RecordBody seaAir = MultimodalRecords.handOver(origin, line, List.of(PALLET), t + 80 * h, "sea-air-1",
        HandOver.newBuilder().setFromMode(TransportMode.MARITIME).setToMode(TransportMode.AIR)
            .setPlace("urn:epc:id:sgln:4890000.00001.0").setFromParty(line).setToParty(air).setFromMeans(vessel)
            .setToMeans(flight).build());
    trade.ledger().append(org.baytrace.ledger.record.Records.sign(seaAir.toByteArray(), f.keys.get(line),
        f.keys.get(air)));
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
    p.put("consumer-handovers", URI.create(tradeBase + "/00/" + PALLET_SSCC));
    p.put("custody", bio.baseUri().resolve("v1/biomaterial/custody?format=html&subject="
        + java.net.URLEncoder.encode(BioFixture.SSCC, StandardCharsets.UTF_8)));
    p.put("voyage", URI.create(tradeBase + "/waterbus/voyages/pearl-barge/V2611"));
    p.put("clearance-report", URI.create(tradeBase + "/customs/clearance-report?period=month"));
    p.put("parcel", URI.create(tradeBase + "/parcels/" + PARCEL_WAYBILL + "?code=" + PARCEL_CODE));
    p.put("parcel-not-found", URI.create(tradeBase + "/parcels/" + PARCEL_WAYBILL + "?code=7KQ2M-X9D4V"));
    return p;
  }

  /** A heading each page shows, from the bundle of its language. */
  static String heading(String page, Lang lang) {
    return switch (page) {
      case "landing" -> lang.msg("landing.heading");
      case "consumer", "consumer-handovers" -> lang.msg("section.journey");
      case "custody" -> lang.msg("custody.heading");
      case "voyage" -> lang.msg("voyage.schedule");
      case "clearance-report" -> lang.msg("customs.heading");
      case "parcel" -> lang.msg("parcel.history");
      case "parcel-not-found" -> lang.msg("parcel.notFound.title");
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

  @Test
  void handOverPage_tellsRailSeaThenSeaAir_andThePhoneVerifiesEveryRecordItUses() throws Exception {
    String tradeBase = "http://127.0.0.1:" + trade.httpPort();
    var client = java.net.http.HttpClient.newHttpClient();
    String root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(client.send(java.net.http.HttpRequest
        .newBuilder(URI.create(tradeBase + "/v1/resolver/trust-root")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).body()).path("id").asText();
    for (Lang lang : LANGS) {
      try (DevToolsChromium browser = new DevToolsChromium(chromium, work, lang.tag)) {
        String tab = browser.open(URI.create(tradeBase + "/00/" + PALLET_SSCC + "?lang=" + lang.code + "&"
            + Resolver.TRUST_ROOT_PARAM + "=" + root));
        String dom = browser.domWhen(tab, PhoneVerificationChromiumIT.DONE, PhoneVerificationChromiumIT.WAIT);
        browser.closeTab(tab);
        assertEquals("verified", PhoneVerificationChromiumIT.state(dom), lang.code + ": "
            + PhoneVerificationChromiumIT.failures(dom) + "\n" + dom);
        int railSea = dom.indexOf("data-from-mode=\"rail\" data-to-mode=\"sea\"");
        int seaAir = dom.indexOf("data-from-mode=\"sea\" data-to-mode=\"air\"");
        assertTrue(railSea > 0 && seaAir > railSea, lang.code + ": rail-sea, then sea-air: " + dom);
        String seaToAir = switch (lang.code) {
          case "zh-Hans" -> "，海运转空运";
          case "zh-Hant" -> "，海運轉空運";
          default -> "Handed over from sea to air at ";
        };
        assertTrue(dom.contains(seaToAir), lang.code + ": " + dom);
        // the verification line counts the two hand-overs among the records it checked
        assertTrue(dom.contains(lang.msg("verified.part.legs", 2)), lang.code + ": " + dom);
      }
    }
  }
}
