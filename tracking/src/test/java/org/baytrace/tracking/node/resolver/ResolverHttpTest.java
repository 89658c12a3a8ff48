package org.baytrace.tracking.node.resolver;

import static org.baytrace.tracking.node.resolver.DurianTrace.BAD_GTIN;
import static org.baytrace.tracking.node.resolver.DurianTrace.GTIN;
import static org.baytrace.tracking.node.resolver.DurianTrace.ITEM_PATH;
import static org.baytrace.tracking.node.resolver.DurianTrace.LOT;
import static org.baytrace.tracking.node.resolver.DurianTrace.LOT_DL;
import static org.baytrace.tracking.node.resolver.DurianTrace.LOT_PATH;
import static org.baytrace.tracking.node.resolver.DurianTrace.SECRETS;
import static org.baytrace.tracking.node.resolver.DurianTrace.SSCC;
import static org.baytrace.tracking.node.resolver.DurianTrace.SSCC_PATH;
import static org.baytrace.tracking.node.resolver.ResolverFixture.header;
import static org.baytrace.tracking.node.resolver.ResolverFixture.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.baytrace.ledger.checkpoint.NoteVerifier;
import org.baytrace.ledger.receipt.Receipt;
import org.baytrace.ledger.receipt.ReceiptVerifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The resolver over a real RocksDB ledger, on a real HTTP port. The tests only read. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResolverHttpTest {
  static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

  ResolverFixture f;

  @BeforeAll
  void start(@TempDir Path dir) {
    f = new ResolverFixture(dir).withDurianTrace().serve();
  }

  @AfterAll
  void stop() {
    f.close();
  }

  static List<String> texts(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.path(field).asText(null)));
    return out;
  }

  @Test
  void lotJson_showsProductOriginJourneyColdChainAndVerifiedBadge() {
    JsonNode page = f.json(LOT_PATH);
    assertEquals(LOT_DL, page.path("traceCode").asText());
    assertEquals("lot", page.path("kind").asText());
    assertEquals("en", page.path("lang").asText());

    JsonNode product = page.path("product");
    assertEquals(GTIN, product.path("gtin").asText());
    assertEquals(LOT, product.path("lot").asText());
    assertEquals("Monthong durian", product.path("name").asText());
    assertEquals("TH", product.path("origin").path("countryCode").asText());
    assertEquals("Thailand", product.path("origin").path("country").asText());
    assertEquals("GLN 8850123000010", product.path("origin").path("place").path("display").asText());
    assertEquals(List.of("harvestStartDate", "harvestEndDate"), texts(product.path("attributes"), "key"));
    assertEquals("2026-11-19", product.path("attributes").path(0).path("value").asText());

    JsonNode journey = page.path("journey");
    assertEquals(List.of("commissioning", "inspecting", "packing", "shipping", "arriving", "inspecting", "receiving"),
        texts(journey, "bizStep"), journey.toString());
    assertEquals(List.of("Produced and labelled", "Inspected", "Packed", "Shipped", "Arrived", "Inspected", "Received"),
        texts(journey, "label"));
    JsonNode shipped = journey.path(3);
    assertEquals("2026-11-21T06:00:00+07:00", shipped.path("eventTime").asText());
    assertEquals("21 Nov 2026, 06:00 (UTC+07:00)", shipped.path("localTime").asText());
    assertEquals("In transit", shipped.path("dispositionLabel").asText());
    assertEquals("GLN 8850123000027", shipped.path("place").path("display").asText());
    assertEquals(3, shipped.path("temperature").path("readings").asInt());
    assertEquals(12.8, shipped.path("temperature").path("minCelsius").asDouble());
    assertEquals(14.2, shipped.path("temperature").path("maxCelsius").asDouble());
    // receiving: the business location is shown, not the read point
    assertEquals("urn:epc:id:sgln:6901234.00002.0", journey.path(6).path("place").path("id").asText());
    assertEquals("GLN 6901234000023", journey.path(6).path("place").path("display").asText());
    assertEquals("Sellable, in stock", journey.path(6).path("dispositionLabel").asText());
    journey.forEach(s -> {
      assertEquals("direct", s.path("relation").asText());
      assertTrue(s.path("verified").asBoolean(), s.toString());
      assertTrue(s.path("receipt").asText().contains("/v1/ledger/receipt/" + s.path("ledgerIndex").asLong()), s.toString());
    });
    assertEquals(1, page.path("withdrawnEvents").asInt());

    JsonNode cold = page.path("coldChain");
    assertEquals("records_present", cold.path("status").asText());
    assertEquals(5, cold.path("readings").asInt());
    assertEquals(12.8, cold.path("minCelsius").asDouble());
    assertEquals(15.1, cold.path("maxCelsius").asDouble());
    assertEquals("Temperature records present: min 12.8 °C, max 15.1 °C (5 readings).", cold.path("text").asText());

    JsonNode ver = page.path("verification");
    assertTrue(ver.path("verified").asBoolean(), ver.toString());
    assertEquals(8, ver.path("eventsChecked").asInt()); // 7 shown + 1 error declaration
    assertEquals(0, ver.path("eventsFailed").asInt());
    assertEquals(f.ledger.head().size(), ver.path("treeSize").asLong());
    assertEquals(f.ledger.verifierKey().encode(), ver.path("verifierKey").asText());
    assertTrue(ver.path("receipts").asText().endsWith("/v1/resolver/receipts" + LOT_PATH));
  }

  @Test
  void page_neverShowsTransactionsPartiesPricesOrUnlistedExtensions() {
    List<HttpResponse<String>> answers = List.of(
        f.get(LOT_PATH, "Accept", BROWSER_ACCEPT),
        f.get(LOT_PATH + "?lang=zh", "Accept", BROWSER_ACCEPT),
        f.get(LOT_PATH, "Accept", "application/json"),
        f.get(ITEM_PATH, "Accept", "application/json"),
        f.get(ITEM_PATH, "Accept", BROWSER_ACCEPT),
        f.get(SSCC_PATH, "Accept", "application/json"),
        f.get(LOT_PATH + "?linkType=all"));
    for (HttpResponse<String> r : answers) {
      assertEquals(200, r.statusCode(), r.uri() + " " + r.body());
      for (String secret : SECRETS) {
        assertFalse(r.body().contains(secret), r.uri() + " shows \"" + secret + "\": " + r.body());
      }
    }
    assertTrue(answers.get(0).body().contains("Recorded by: <span translate=\"no\">th-durian-coop</span>"), "the page names each event's author");
  }

  @Test
  void html_forBrowsers_englishByDefault_chineseForZhAcceptLanguage_switchableByLang() {
    HttpResponse<String> en = f.get(LOT_PATH, "Accept", BROWSER_ACCEPT, "Accept-Language", "en-GB,en;q=0.9");
    assertEquals(200, en.statusCode(), en.body());
    assertTrue(header(en, "Content-Type").startsWith("text/html"), header(en, "Content-Type"));
    assertEquals("en", header(en, "Content-Language"));
    assertTrue(header(en, "Vary").contains("Accept-Language"), header(en, "Vary"));
    assertNotNull(header(en, "Content-Security-Policy"));
    assertTrue(header(en, "Link").contains("rel=\"linkset\""), header(en, "Link"));
    String e = en.body();
    assertTrue(e.contains("<html lang=\"en\""), e);
    assertTrue(e.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"));
    assertTrue(e.contains("data-verified=\"true\""), e);
    assertTrue(e.contains("✓ Verified"), e);
    assertTrue(e.contains("<h1><span translate=\"no\">Monthong durian</span></h1>"), e);
    assertTrue(e.contains(">Journey<") && e.contains(">Shipped<") && e.contains(">Thailand<"), e);
    assertTrue(e.contains("Temperature records present: min 12.8 °C, max 15.1 °C (5 readings)."), e);
    assertTrue(e.contains("href=\"" + LOT_PATH + "?lang=zh-Hans\"") && e.contains(">简体中文<")
        && e.contains("href=\"" + LOT_PATH + "?lang=zh-Hant\"") && e.contains(">繁體中文<"), e);
    assertTrue(e.contains("href=\"/v1/resolver/receipts" + LOT_PATH + "\" download"), e);
    assertFalse(e.contains("https://cdn") || e.contains("http://") && !e.contains("http://www.w3.org"), e);

    for (String accept : List.of("zh-CN,zh;q=0.9,en;q=0.8", "zh", "zh-SG", "fr-FR,zh-Hans;q=0.5,en;q=0.4")) {
      HttpResponse<String> zh = f.get(LOT_PATH, "Accept", BROWSER_ACCEPT, "Accept-Language", accept);
      assertEquals("zh-Hans", header(zh, "Content-Language"), accept);
      String z = zh.body();
      assertTrue(z.contains("<html lang=\"zh-Hans\""), accept);
      assertTrue(z.contains("✓ 已验证") && z.contains(">流通历程<") && z.contains(">发货<") && z.contains(">泰国<"), z);
      assertTrue(z.contains("<h1><span translate=\"no\">金枕榴莲</span></h1>"), z);
      assertTrue(z.contains("2026年11月21日 06:00（UTC+07:00）"), z);
      assertTrue(z.contains("有温度记录：最低 12.8 °C，最高 15.1 °C（共 5 个读数）。"), z);
      assertTrue(z.contains("href=\"" + LOT_PATH + "?lang=en\""), z);
    }
    for (String accept : List.of("zh-HK", "zh-MO,zh;q=0.9", "zh-TW", "fr-FR,zh-Hant;q=0.5,en;q=0.4")) {
      HttpResponse<String> zh = f.get(LOT_PATH, "Accept", BROWSER_ACCEPT, "Accept-Language", accept);
      assertEquals("zh-Hant-HK", header(zh, "Content-Language"), accept);
      String z = zh.body();
      assertTrue(z.contains("<html lang=\"zh-Hant-HK\""), accept);
      assertTrue(z.contains("✓ 已驗證") && z.contains(">付運<") && z.contains(">泰國<"), z);
    }
    assertEquals("en", header(f.get(LOT_PATH, "Accept-Language", "en-US,en;q=0.9,zh-CN;q=0.8"), "Content-Language"));
    assertEquals("en", header(f.get(LOT_PATH, "Accept-Language", "de-DE"), "Content-Language"));
    assertEquals("en", header(f.get(LOT_PATH, "Accept-Language", ";;not a header"), "Content-Language"));
    assertEquals("en", header(f.get(LOT_PATH + "?lang=en", "Accept-Language", "zh-CN"), "Content-Language"));
    assertEquals("zh-Hans", header(f.get(LOT_PATH + "?lang=zh", "Accept-Language", "en"), "Content-Language"));
    assertEquals("zh-Hant-HK", header(f.get(LOT_PATH + "?lang=zh-Hant", "Accept-Language", "en"), "Content-Language"));
    assertEquals("zh-Hans", f.json(LOT_PATH, "Accept-Language", "zh-CN").path("lang").asText());
    assertEquals("已验证", f.json(LOT_PATH + "?lang=zh").path("verification").path("text").asText());
    // No Accept header at all (curl, scanners): the page
    assertTrue(header(f.get(LOT_PATH), "Content-Type").startsWith("text/html"));
  }

  @Test
  void json_byAcceptHeaderOrFormatParameter() {
    HttpResponse<String> r = f.get(LOT_PATH, "Accept", "application/json");
    assertTrue(header(r, "Content-Type").startsWith("application/json"), header(r, "Content-Type"));
    assertEquals(LOT_DL, parse(r).path("traceCode").asText());
    HttpResponse<String> q = f.get(LOT_PATH + "?format=json", "Accept", BROWSER_ACCEPT);
    assertTrue(header(q, "Content-Type").startsWith("application/json"), header(q, "Content-Type"));
    HttpResponse<String> pref = f.get(LOT_PATH, "Accept", "text/html;q=0.5, application/json");
    assertTrue(header(pref, "Content-Type").startsWith("application/json"), header(pref, "Content-Type"));
  }

  @Test
  void badCheckDigit_browserGets400PageWithReason() {
    HttpResponse<String> r = f.get("/01/" + BAD_GTIN + "/10/" + LOT, "Accept", BROWSER_ACCEPT);
    assertEquals(400, r.statusCode());
    assertTrue(header(r, "Content-Type").startsWith("text/html"), header(r, "Content-Type"));
    assertTrue(r.body().contains("This code is not valid"), r.body());
    assertTrue(r.body().contains("GTIN " + BAD_GTIN + ": check digit 3, want 0"), r.body());

    HttpResponse<String> zh = f.get("/01/" + BAD_GTIN + "/10/" + LOT, "Accept", BROWSER_ACCEPT, "Accept-Language", "zh");
    assertEquals(400, zh.statusCode());
    assertTrue(zh.body().contains("此追溯码无效") && zh.body().contains("check digit 3, want 0"), zh.body());
  }

  @Test
  void badCheckDigit_jsonClientGets400Problem() {
    HttpResponse<String> r = f.get("/01/" + BAD_GTIN + "/10/" + LOT, "Accept", "application/json");
    assertEquals(400, r.statusCode());
    assertEquals("application/problem+json", header(r, "Content-Type"));
    JsonNode p = parse(r);
    assertEquals(400, p.path("status").asInt());
    assertEquals("INVALID_ARGUMENT", p.path("reason").asText());
    assertTrue(p.path("detail").asText().contains("GTIN " + BAD_GTIN + ": check digit 3, want 0"), p.toString());
    assertEquals("/01/" + BAD_GTIN + "/10/" + LOT, p.path("instance").asText());
    // an SSCC with a wrong check digit
    JsonNode s = parse(f.get("/00/069012340000001236", "Accept", "application/json"));
    assertTrue(s.path("detail").asText().contains("SSCC 069012340000001236: check digit 6, want 5"), s.toString());
  }

  @Test
  void malformedCodes_are400_neverA200ErrorPage() {
    for (String path : List.of("/01", "/01/", "/01/12345", "/01/0885012300001X", "/00/123", "/01/" + GTIN + "/10",
        "/01/" + GTIN + "/21/" + "x".repeat(21), "/01/" + GTIN + "/10/a%20b")) {
      HttpResponse<String> html = f.get(path, "Accept", BROWSER_ACCEPT);
      assertEquals(400, html.statusCode(), path + ": " + html.body());
      assertTrue(html.body().contains("id=\"reason\""), path + ": " + html.body());
      HttpResponse<String> json = f.get(path, "Accept", "application/json");
      assertEquals(400, json.statusCode(), path);
      assertEquals("application/problem+json", header(json, "Content-Type"), path);
    }
  }

  @Test
  void unknownCode_is404_pageOrProblem() {
    String unknown = "/01/" + GTIN + "/10/NO-SUCH-LOT";
    HttpResponse<String> html = f.get(unknown, "Accept", BROWSER_ACCEPT, "Accept-Language", "zh-CN");
    assertEquals(404, html.statusCode());
    assertTrue(html.body().contains("未找到该编码的追溯记录"), html.body());
    assertTrue(html.body().contains("https://id.gs1.org" + unknown), html.body());
    HttpResponse<String> json = f.get(unknown, "Accept", "application/json");
    assertEquals(404, json.statusCode());
    assertEquals("NOT_FOUND", parse(json).path("reason").asText());
    // the product class has no events of its own in this ledger
    assertEquals(404, f.get("/01/" + GTIN, "Accept", "application/json").statusCode());
    assertEquals(404, f.get("/01/" + GTIN + "?linkType=all").statusCode());
    // a valid Digital Link this resolver does not serve (consumer product variant)
    HttpResponse<String> cpv = f.get("/01/" + GTIN + "/22/V1", "Accept", BROWSER_ACCEPT);
    assertEquals(404, cpv.statusCode(), cpv.body());
  }

  @Test
  void itemPage_showsItsOwnEventsAndItsLotsAsLotRecords() {
    JsonNode page = f.json(ITEM_PATH);
    assertEquals("item", page.path("kind").asText());
    assertEquals("BOX-0001", page.path("product").path("serial").asText());
    assertEquals(LOT, page.path("product").path("lot").asText());
    JsonNode journey = page.path("journey");
    assertEquals(List.of("commissioning", "inspecting", "packing", "shipping", "arriving", "inspecting", "receiving",
        "retail_selling"), texts(journey, "bizStep"));
    assertEquals("class", journey.path(0).path("relation").asText());
    assertEquals(LOT_DL, journey.path(0).path("via").asText());
    assertEquals("direct", journey.path(2).path("relation").asText()); // packed: names the box itself
    assertEquals("direct", journey.path(7).path("relation").asText());
    assertEquals("Sold", journey.path(7).path("dispositionLabel").asText());
    assertTrue(page.path("verification").path("verified").asBoolean());

    String html = f.get(ITEM_PATH, "Accept", BROWSER_ACCEPT, "Accept-Language", "zh").body();
    assertTrue(html.contains("批次记录") && html.contains(">零售售出<"), html);

    // the same box without its lot in the code: its own events name no lot number in their master
    // data, so only the box's own events are shown
    JsonNode bare = f.json("/01/" + GTIN + "/21/BOX-0001");
    assertEquals(List.of("packing", "retail_selling"), texts(bare.path("journey"), "bizStep"));
  }

  @Test
  void ssccPage_showsThePalletsEvents() {
    JsonNode page = f.json(SSCC_PATH);
    assertEquals("logistic_unit", page.path("kind").asText());
    assertEquals(SSCC, page.path("product").path("sscc").asText());
    assertEquals(List.of("packing"), texts(page.path("journey"), "bizStep"));
    assertEquals("Container closed", page.path("journey").path(0).path("dispositionLabel").asText());
    assertTrue(page.path("verification").path("verified").asBoolean());
    assertTrue(f.get(SSCC_PATH, "Accept", BROWSER_ACCEPT).body().contains("<h1>Logistic unit " + SSCC + "</h1>"));
  }

  @Test
  void linkTypeAll_isTheGs1LinkSet() {
    HttpResponse<String> r = f.get(LOT_PATH + "?linkType=all");
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(header(r, "Content-Type").startsWith("application/json"), header(r, "Content-Type"));
    JsonNode set = parse(r).path("linkset").path(0);
    assertEquals(LOT_DL, set.path("anchor").asText());
    String base = f.server.baseUri().toString();
    assertEquals(base + LOT_PATH.substring(1), set.path(JsonViews.REL_DEFAULT).path(0).path("href").asText());
    assertEquals("text/html", set.path(JsonViews.REL_DEFAULT).path(0).path("type").asText());
    List<String> types = texts(set.path(JsonViews.REL_TRACEABILITY), "type");
    assertTrue(types.contains("application/json") && types.contains("text/html"), types.toString());
    assertEquals(base + "v1/resolver/receipts" + LOT_PATH, set.path(JsonViews.REL_RECEIPTS).path(0).path("href").asText());
    assertEquals(7, set.path(JsonViews.REL_RECEIPT).size());
    assertEquals(List.of(base + "qr" + LOT_PATH + ".png", base + "qr" + LOT_PATH + ".svg"),
        texts(set.path(JsonViews.REL_QR), "href"));

    HttpResponse<String> typed = f.get(LOT_PATH, "Accept", "application/linkset+json");
    assertEquals("application/linkset+json", header(typed, "Content-Type"));
    assertEquals(LOT_DL, parse(typed).path("linkset").path(0).path("anchor").asText());

    // a link type of ours redirects to it; one we do not have serves the page
    HttpResponse<String> qr = f.get(LOT_PATH + "?linkType=" + JsonViews.REL_QR);
    assertEquals(307, qr.statusCode());
    assertEquals(base + "qr" + LOT_PATH + ".png", header(qr, "Location"));
    assertEquals(200, f.get(LOT_PATH + "?linkType=gs1:recipeInfo").statusCode());
  }

  @Test
  void receiptsBundle_holdsAReceiptThatVerifiesOfflineForEveryEventChecked() throws Exception {
    HttpResponse<String> r = f.get("/v1/resolver/receipts" + LOT_PATH);
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(header(r, "Content-Disposition").startsWith("attachment"), header(r, "Content-Disposition"));
    JsonNode bundle = parse(r);
    assertEquals(8, bundle.size());
    String vkey = f.get("/v1/ledger/vkeys").body().strip();
    ReceiptVerifier verifier = ReceiptVerifier.trusting(List.of(NoteVerifier.parse(vkey)), 1)
        .forOrigin(ResolverFixture.ORIGIN);
    List<Long> indexes = new ArrayList<>();
    for (JsonNode receipt : bundle) {
      ReceiptVerifier.Verified v = verifier.verify(Receipt.fromJson(receipt.toString()));
      indexes.add(v.index());
      assertTrue(v.record().subjects().contains(LOT_DL), v.record().subjects().toString());
    }
    JsonNode page = f.json(LOT_PATH);
    for (JsonNode step : page.path("journey")) {
      assertTrue(indexes.contains(step.path("ledgerIndex").asLong()), step.toString());
      // the per-event receipt link answers with a receipt of that entry at the checked size
      HttpResponse<String> one = f.get(step.path("receipt").asText().substring(f.server.baseUri().toString().length() - 1));
      assertEquals(200, one.statusCode(), one.body());
      assertEquals(step.path("ledgerIndex").asLong(), verifier.verify(Receipt.fromJson(one.body())).index());
    }
    assertEquals(400, f.get("/v1/resolver/receipts/01/" + BAD_GTIN).statusCode());
    assertEquals(404, f.get("/v1/resolver/receipts/01/" + GTIN + "/10/NONE").statusCode());
  }

  @Test
  void assets_areServedByTheNode() {
    HttpResponse<String> css = f.get("/v1/resolver/assets/resolver.css");
    assertEquals(200, css.statusCode());
    assertTrue(header(css, "Content-Type").startsWith("text/css"));
    HttpResponse<String> js = f.get("/v1/resolver/assets/resolver.js");
    assertEquals(200, js.statusCode());
    assertTrue(header(js, "Content-Type").startsWith("text/javascript"));
    assertEquals(404, f.get("/v1/resolver/assets/nope.js").statusCode());
  }

  @Test
  void ledgerApi_stillAnswersBesideTheResolver() {
    assertEquals(200, f.get("/v1/ledger/checkpoint").statusCode());
    HttpResponse<String> unknown = f.get("/nothing/here");
    assertEquals(404, unknown.statusCode());
    assertEquals("application/problem+json", header(unknown, "Content-Type"));
  }
}
