package org.baytrace.tracking.node.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import org.baytrace.tracking.domain.gs1.InvalidTraceCodeException;
import org.baytrace.tracking.node.BayTraceNode;
import org.baytrace.tracking.node.LoopbackNodeConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The landing page at {@code /} of a running node: browsers get the page with its lookup forms
 * and the ledger's size in words, JSON clients the EPCIS discovery document; the lookups turn what
 * a person typed into a redirect to the right page, and anything else into a 400 page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LandingPageTest {
  private static final String EVENT = """
      {"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"ObjectEvent",
       "eventTime":"2026-11-28T08:00:00Z","eventTimeZoneOffset":"+08:00",
       "epcList":["https://id.gs1.org/01/09506000134352/21/DURIAN-0425"],"action":"OBSERVE","bizStep":"shipping"}
      """;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
  private BayTraceNode node;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    NodeConfig config = LoopbackNodeConfig.in(dir.resolve("data"));
    node = BayTraceNode.start(config, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    HttpResponse<String> captured = client.send(HttpRequest.newBuilder(uri("/events"))
        .header("Content-Type", "application/ld+json").POST(HttpRequest.BodyPublishers.ofString(EVENT)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(201, captured.statusCode(), captured.body());
  }

  @AfterAll
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + node.httpPort() + path);
  }

  private HttpResponse<String> get(String path, String accept, String acceptLanguage) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60)).header("Accept", accept);
    if (acceptLanguage != null) {
      b.header("Accept-Language", acceptLanguage);
    }
    return client.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void browser_getsTheLandingPage_withFormsOriginAndLedgerStateInWords() throws Exception {
    HttpResponse<String> r = get("/", "text/html,application/xhtml+xml,*/*;q=0.8", "en-GB,en");
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
    assertTrue(csp.contains("form-action 'self'") && csp.contains("frame-ancestors 'none'"), csp);
    String html = r.body();
    assertTrue(html.contains("<form method=\"get\" action=\"/lookup\">"), html);
    assertTrue(html.contains("<form method=\"get\" action=\"/lookup/voyage\">"), "the node serves voyage pages: " + html);
    assertTrue(html.contains(node.config().origin()), html);
    long size = node.ledger().head().size();
    assertTrue(size >= 1);
    assertTrue(html.contains("data-tree-size=\"" + size + "\">The ledger holds " + String.format("%,d", size)
        + " records; it last grew less than a minute ago."), html);
    assertFalse(html.contains("waybill"), "no parcel lookup without a parcel route: " + html);
    assertFalse(html.contains("<script>"), "no inline script: " + html);
  }

  @Test
  void chinese_isChosenByQueryOrAcceptLanguage() throws Exception {
    for (String[] c : new String[][] {{"/?lang=zh-Hans", null, "zh-Hans", "<h1>查询追溯码</h1>"},
        {"/?lang=zh-Hant", null, "zh-Hant", "<h1>查詢追溯碼</h1>"}, {"/", "zh-CN,zh;q=0.9", "zh-Hans", "<h1>查询追溯码</h1>"},
        {"/", "zh-HK,zh;q=0.9", "zh-Hant", "<h1>查詢追溯碼</h1>"}}) {
      HttpResponse<String> r = get(c[0], "text/html", c[1]);
      assertEquals(200, r.statusCode());
      assertTrue(r.body().contains(c[3]), c[0] + " " + c[1] + ": " + r.body());
      assertTrue(r.body().contains("<input type=\"hidden\" name=\"lang\" value=\"" + c[2] + "\">"), r.body());
    }
  }

  @Test
  void jsonClient_stillGetsTheDiscoveryDocument() throws Exception {
    HttpResponse<String> r = get("/", "application/json", null);
    assertEquals(200, r.statusCode(), r.body());
    JsonNode d = new ObjectMapper().readTree(r.body());
    assertEquals("Collection", d.path("type").asText(), r.body());
  }

  @Test
  void lookup_redirectsEveryFormOfATraceCode_toItsConsumerPage() throws Exception {
    String[][] cases = {
        {"code=https%3A%2F%2Fid.gs1.org%2F01%2F09506000134352%2F21%2FDURIAN-0425", "/01/09506000134352/21/DURIAN-0425"},
        {"code=9506000134352&serial=DURIAN-0425", "/01/09506000134352/21/DURIAN-0425"},
        {"code=09506000134352&lot=L-7", "/01/09506000134352/10/L-7"},
        {"code=%2801%2909506000134352%2821%29DURIAN-0425&lang=zh-Hant", "/01/09506000134352/21/DURIAN-0425?lang=zh-Hant"},
        {"code=+095060001343528914+", "/00/095060001343528914"}};
    for (String[] c : cases) {
      HttpResponse<String> r = get("/lookup?" + c[0], "text/html", null);
      assertEquals(303, r.statusCode(), c[0] + ": " + r.body());
      assertEquals(c[1], r.headers().firstValue("Location").map(l -> URI.create(l).getRawPath()
          + (URI.create(l).getRawQuery() == null ? "" : "?" + URI.create(l).getRawQuery())).orElse(""), c[0]);
    }
    HttpResponse<String> page = client.send(HttpRequest.newBuilder(uri("/lookup?code=9506000134352&serial=DURIAN-0425"))
        .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(303, page.statusCode());
    HttpResponse<String> followed = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()
        .send(HttpRequest.newBuilder(uri("/lookup?code=9506000134352&serial=DURIAN-0425")).header("Accept", "text/html")
            .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, followed.statusCode());
    assertTrue(followed.body().contains("id=\"verification\""), followed.body());
  }

  @Test
  void lookup_ofSomethingThatIsNoTraceCode_is400_withAPageSayingWhy() throws Exception {
    for (String bad : new String[] {"hello", "12345", "09506000134353", "https%3A%2F%2Fexample.com%2Fx", ""}) {
      HttpResponse<String> r = get("/lookup?code=" + bad, "text/html", null);
      assertEquals(400, r.statusCode(), bad + ": " + r.body());
      assertTrue(r.body().contains("is not a trace code"), bad + ": " + r.body());
      assertTrue(r.headers().firstValue("Content-Security-Policy").orElse("").contains("frame-ancestors 'none'"));
    }
    HttpResponse<String> json = get("/lookup?code=hello", "application/json", null);
    assertEquals(400, json.statusCode());
    assertTrue(json.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
  }

  @Test
  void voyageLookup_redirectsToTheVoyagePage_andRefusesMalformedNames() throws Exception {
    HttpResponse<String> r = get("/lookup/voyage?operator=pearl-barge&number=V2611&lang=en", "text/html", null);
    assertEquals(303, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("Location").orElse("").endsWith("/waterbus/voyages/pearl-barge/V2611?lang=en"));
    assertEquals(400, get("/lookup/voyage?operator=..%2F..&number=1", "text/html", null).statusCode());
    assertEquals(400, get("/lookup/voyage?operator=pearl-barge", "text/html", null).statusCode());
  }

  @Test
  void traceCode_refusesAGtinWithABadCheckDigit_andDigitCountsOfNoKey() {
    assertThrows(InvalidTraceCodeException.class, () -> LandingResource.traceCode("09506000134353", null, "X"));
    assertThrows(InvalidTraceCodeException.class, () -> LandingResource.traceCode("1234567890", null, null));
    assertEquals("https://id.gs1.org/01/09506000134352/21/A1",
        LandingResource.traceCode("0950 6000 1343 52", null, "A1").toDigitalLink());
  }
}
