package org.baytrace.tracking.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.baytrace.config.NodeConfig;
import org.baytrace.tracking.node.http.Routes.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every GET route of a running node (all profiles on, tlog-tiles included), enumerated from the
 * Jersey resources it really serves: each HTML or SVG answer carries a Content-Security-Policy with
 * {@code frame-ancestors 'none'}, and every answer {@code X-Content-Type-Options: nosniff}. A route
 * that may answer HTML or SVG must have a sample request below that reaches its page, so a new
 * page route cannot go unchecked; the others are asked with their templates filled in.
 */
class BrowserHeadersTest {
  private static final String EVENT = """
      {"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"ObjectEvent",
       "eventTime":"2026-11-28T08:00:00Z","eventTimeZoneOffset":"+08:00",
       "epcList":["https://id.gs1.org/01/09506000134352/21/DURIAN-0425"],"action":"OBSERVE","bizStep":"shipping"}
      """;
  private static final String ITEM = "https://id.gs1.org/01/09506000134352/21/DURIAN-0425";

  /** A request for each route template (parameters without their regexes) that may answer a browser document. */
  private static final Map<String, List<String>> SAMPLES = Map.ofEntries(
      Map.entry("/{key}/{rest}", List.of("/01/09506000134352/21/DURIAN-0425",
          "/01/09506000134352/21/UNKNOWN-ITEM", "/00/095060001343528910")),
      Map.entry("/{key}", List.of("/01")),
      Map.entry("/", List.of("/", "/?lang=zh-Hans")),
      Map.entry("/lookup", List.of("/lookup?code=not-a-code", "/lookup?code=09506000134352&serial=DURIAN-0425")),
      Map.entry("/lookup/voyage", List.of("/lookup/voyage?operator=pearl-barge&number=PB-0001",
          "/lookup/voyage?operator=%3Cb%3E&number=")),
      Map.entry("/qr/{code}", List.of("/qr/01/09506000134352/21/DURIAN-0425.svg")),
      Map.entry("/v1/resolver/receipts/{code}", List.of("/v1/resolver/receipts/01/09506000134352/21/DURIAN-0425")),
      Map.entry("/v1/resolver/assets/{name}", List.of("/v1/resolver/assets/resolver.css")),
      Map.entry("/tile/{path}", List.of("/tile/0/000.p/1", "/tile/entries/000.p/1")),
      Map.entry("/capture", List.of("/capture")),
      Map.entry("/capture/{captureID}", List.of("/capture/no-such-job")),
      Map.entry("/v1/coldchain/chart.svg", List.of("/v1/coldchain/chart.svg?subject=" + ITEM)),
      Map.entry("/v1/biomaterial/custody", List.of("/v1/biomaterial/custody?format=html&subject=" + ITEM)),
      Map.entry("/customs/clearance-report", List.of("/customs/clearance-report")),
      Map.entry("/waterbus/voyages/{operator}/{number}", List.of("/waterbus/voyages/pearl-barge/PB-0001")),
      Map.entry("/parcels/{waybill}", List.of("/parcels/SF1234567890?code=7KQ2M-X9D4T", "/parcels/SF12?code=7KQ2M")),
      Map.entry("/lookup/parcel", List.of("/lookup/parcel?waybill=SF1234567890&code=7KQ2M-X9D4T",
          "/lookup/parcel?waybill=%3Cb%3E&code=")));

  @TempDir
  Path dir;

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

  @Test
  void everyHtmlAndSvgAnswer_carriesCspWithFrameAncestors_andNosniff() throws Exception {
    NodeConfig config = LoopbackNodeConfig.in(dir.resolve("data"));
    try (BayTraceNode node = BayTraceNode.start(config,
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
      HttpResponse<String> captured = client.send(HttpRequest.newBuilder(uri(node, "/events"))
          .header("Content-Type", "application/ld+json").timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(EVENT)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(201, captured.statusCode(), captured.body());

      List<Route> routes = node.httpRoutes();
      assertTrue(routes.size() > 20, "the node's routes are enumerated: " + routes);
      List<String> unsampled = new ArrayList<>();
      int documents = 0;
      int requested = 0;
      for (Route route : routes) {
        if (!route.method().equals("GET")) {
          continue;
        }
        List<String> samples = SAMPLES.get(withoutRegexes(route.path()));
        if (samples == null) {
          if (mayRenderInBrowser(route)) {
            unsampled.add(route.path() + " " + route.produces());
          }
          // Any other route is asked with its template filled in: it must not answer a browser
          // document without the headers either, and every answer is nosniff.
          samples = List.of(filled(route.path()));
        }
        for (String sample : samples) {
          HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(uri(node, sample))
              .header("Accept", "text/html,image/svg+xml;q=0.9,*/*;q=0.1").timeout(Duration.ofSeconds(60)).GET().build(),
              HttpResponse.BodyHandlers.ofInputStream());
          requested++;
          String type = r.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
          byte[] body;
          try (InputStream in = r.body()) {
            // A stream (server-sent events) never ends: its headers are what is checked.
            body = type.startsWith("text/event-stream") ? new byte[0] : in.readAllBytes();
          }
          assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(null),
              sample + ": answered " + r.statusCode() + " " + type + " without nosniff");
          if (!type.startsWith("text/html") && !type.startsWith("image/svg+xml")) {
            assertTrue(!type.isEmpty() || body.length == 0, sample + ": answered " + r.statusCode() + " without a Content-Type");
            continue;
          }
          documents++;
          String csp = r.headers().firstValue("Content-Security-Policy")
              .orElseThrow(() -> new AssertionError(sample + ": " + type + " without Content-Security-Policy"));
          assertTrue(csp.contains("frame-ancestors 'none'"), sample + ": CSP without frame-ancestors: " + csp);
          assertTrue(csp.contains("default-src 'none'"), sample + ": CSP does not default to nothing: " + csp);
        }
      }
      if (!unsampled.isEmpty()) {
        fail("routes that may answer HTML or SVG have no sample request in BrowserHeadersTest.SAMPLES: " + unsampled);
      }
      System.out.printf("browser headers: %d GET routes of %d, %d requests, %d HTML or SVG answers checked%n",
          routes.stream().filter(r -> r.method().equals("GET")).count(), routes.size(), requested, documents);
      assertTrue(documents >= 4, "pages and images were checked, not only errors: " + documents);
    }
  }

  private static boolean mayRenderInBrowser(Route route) {
    if (route.produces().isEmpty()) {
      return true;
    }
    return route.produces().stream().map(t -> t.toLowerCase(Locale.ROOT)).anyMatch(t -> t.startsWith("text/html")
        || t.startsWith("image/svg+xml") || t.startsWith("*/*") || t.startsWith("text/*") || t.startsWith("image/*"));
  }

  /** A route template with each parameter ({@code {name}} or {@code {name: regex}}, braces nested) given a plain value. */
  private static String filled(String template) {
    StringBuilder out = new StringBuilder();
    int depth = 0;
    for (char c : template.toCharArray()) {
      if (c == '{' && depth++ == 0) {
        out.append("sample");
      } else if (c == '}' && depth > 0) {
        depth--;
      } else if (depth == 0) {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** A route template with each {@code {name: regex}} written {@code {name}}. */
  private static String withoutRegexes(String template) {
    StringBuilder out = new StringBuilder();
    int depth = 0;
    boolean inRegex = false;
    for (char c : template.toCharArray()) {
      if (c == '{' && depth++ == 0) {
        out.append('{');
        inRegex = false;
      } else if (c == '}' && depth > 0 && --depth == 0) {
        out.append('}');
      } else if (depth == 1 && c == ':') {
        inRegex = true;
      } else if (depth == 0 || (depth == 1 && !inRegex && c != ' ')) {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static URI uri(BayTraceNode node, String path) {
    return URI.create("http://127.0.0.1:" + node.httpPort() + path);
  }
}
