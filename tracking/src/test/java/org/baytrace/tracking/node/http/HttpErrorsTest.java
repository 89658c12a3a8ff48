package org.baytrace.tracking.node.http;

import static org.baytrace.tracking.node.http.HttpFixture.header;
import static org.baytrace.tracking.node.http.HttpFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.baytrace.ledger.TreeHead;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every way a request can fail, against one server; none of them may change the log. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpErrorsTest {
  HttpFixture f;
  TreeHead before;
  final List<LogRecord> logged = new CopyOnWriteArrayList<>();
  final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      logged.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  final Logger rootLogger = Logger.getLogger("");

  @BeforeAll
  void start(@TempDir Path dir) {
    rootLogger.addHandler(capture);
    f = new HttpFixture(dir, ExtraTestResource.class);
    for (int i = 0; i < 5; i++) {
      f.append("s" + (i % 2));
    }
    before = f.ledger.head();
  }

  @BeforeEach
  void clearLog() {
    logged.clear();
  }

  @AfterEach
  void logUnchanged() {
    assertEquals(before, f.ledger.head(), "the log changed");
  }

  @AfterAll
  void stop() {
    try {
      f.close();
    } finally {
      rootLogger.removeHandler(capture);
    }
  }

  /** Asserts problem JSON of this status and reason, and returns it. */
  static JsonNode problem(HttpResponse<String> r, int status, String reason) {
    assertEquals(status, r.statusCode(), r.body());
    assertEquals("application/problem+json", header(r, "Content-Type"), r.body());
    assertEquals("no-store", header(r, "Cache-Control"));
    assertFalse(r.body().contains("<html") || r.body().contains("<HTML"), r.body());
    JsonNode p = json(r);
    assertEquals(status, p.get("status").asInt());
    assertEquals(reason, p.get("reason").asText(), r.body());
    assertEquals("urn:baytrace:problem:" + reason.toLowerCase().replace('_', '-'), p.get("type").asText());
    assertFalse(p.get("title").asText().isBlank());
    assertFalse(p.get("detail").asText().isBlank());
    return p;
  }

  static Stream<Arguments> badParameters() {
    return Stream.of(
        Arguments.of("/v1/ledger/entries/abc", 400, "INVALID_ARGUMENT", "index", "\"abc\""),
        Arguments.of("/v1/ledger/entries/-1", 400, "INVALID_ARGUMENT", "index", "\"-1\""),
        Arguments.of("/v1/ledger/entries/%2B1", 400, "INVALID_ARGUMENT", "index", "\"+1\""),
        Arguments.of("/v1/ledger/entries/1.0", 400, "INVALID_ARGUMENT", "index", "\"1.0\""),
        Arguments.of("/v1/ledger/entries/99999999999999999999", 400, "INVALID_ARGUMENT", "index", "99999999999999999999"),
        Arguments.of("/v1/ledger/entries/5", 404, "INDEX_OUT_OF_RANGE", "index", "got 5"),
        Arguments.of("/v1/ledger/receipt/x", 400, "INVALID_ARGUMENT", "index", "\"x\""),
        Arguments.of("/v1/ledger/receipt/7", 404, "INDEX_OUT_OF_RANGE", "index", "got 7"),
        Arguments.of("/v1/ledger/receipt/0?treeSize=abc", 400, "INVALID_ARGUMENT", "treeSize", "\"abc\""),
        Arguments.of("/v1/ledger/receipt/0?treeSize=-3", 400, "INVALID_ARGUMENT", "treeSize", "\"-3\""),
        Arguments.of("/v1/ledger/receipt/0?treeSize=", 400, "INVALID_ARGUMENT", "treeSize", "\"\""),
        Arguments.of("/v1/ledger/receipt/0?treeSize=0", 400, "INVALID_ARGUMENT", "treeSize", "got 0"),
        Arguments.of("/v1/ledger/receipt/0?treeSize=99", 404, "TREE_SIZE_OUT_OF_RANGE", "treeSize", "got 99"),
        Arguments.of("/v1/ledger/receipt/4?treeSize=3", 404, "INDEX_OUT_OF_RANGE", "index", "got 4"),
        Arguments.of("/v1/ledger/receipt/0?treeSize=2&treeSize=3", 400, "INVALID_ARGUMENT", "treeSize", "2 times"),
        Arguments.of("/v1/ledger/consistency", 400, "INVALID_ARGUMENT", "from", "missing"),
        Arguments.of("/v1/ledger/consistency?to=3", 400, "INVALID_ARGUMENT", "from", "missing"),
        Arguments.of("/v1/ledger/consistency?from=1", 400, "INVALID_ARGUMENT", "to", "missing"),
        Arguments.of("/v1/ledger/consistency?from=x&to=2", 400, "INVALID_ARGUMENT", "from", "\"x\""),
        Arguments.of("/v1/ledger/consistency?from=1&to=-2", 400, "INVALID_ARGUMENT", "to", "\"-2\""),
        Arguments.of("/v1/ledger/consistency?from=3&to=2", 400, "INVALID_ARGUMENT", "from", "got 3"),
        Arguments.of("/v1/ledger/consistency?from=1&to=99", 404, "TREE_SIZE_OUT_OF_RANGE", "to", "got 99"),
        Arguments.of("/v1/ledger/subjects/s0/history?limit=0", 400, "INVALID_ARGUMENT", "limit", "got 0"),
        Arguments.of("/v1/ledger/subjects/s0/history?limit=5000", 400, "INVALID_ARGUMENT", "limit", "got 5000"),
        Arguments.of("/v1/ledger/subjects/s0/history?fromIndex=x", 400, "INVALID_ARGUMENT", "fromIndex", "\"x\""),
        Arguments.of("/v1/ledger/subjects/a%00b/history", 400, "INVALID_ARGUMENT", "subject", "\"a\\\\u0000b\""),
        Arguments.of("/v1/ledger/subjects/" + "x".repeat(513) + "/history", 400, "INVALID_ARGUMENT", "subject", "513 bytes"));
  }

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @MethodSource("badParameters")
  void badParameter_isProblemJsonNamingTheParameterAndValue(String path, int status, String reason, String parameter,
      String shown) {
    HttpResponse<String> r = f.get(path);
    JsonNode p = problem(r, status, reason);
    assertEquals(parameter, p.get("parameter").asText(), r.body());
    String detail = p.get("detail").asText();
    assertTrue(detail.startsWith(parameter + ": "), detail);
    assertTrue(detail.contains(shown.replace("\\\\", "\\")), detail + " should show " + shown);
    assertTrue(p.get("instance").asText().startsWith(path.substring(0, Math.min(path.length(), 20))), p.toString());
    assertEquals("*", header(r, "Access-Control-Allow-Origin"));
    assertEquals(before, f.ledger.head());
  }

  @Test
  void unknownPaths_are404ProblemJson() {
    for (String path : List.of("/", "/nope", "/v1/ledger", "/v1/ledger/nope", "/v1/ledger/entries", "/v1/ledger/entries/1/x",
        "/v1/ledger/subjects//history", "/V1/LEDGER/HEAD")) {
      JsonNode p = problem(f.get(path), 404, "NOT_FOUND");
      assertTrue(p.get("detail").asText().startsWith("path: got /"), p.toString());
    }
    assertTrue(problem(f.get("/v1/ledger/nope"), 404, "NOT_FOUND").get("detail").asText().contains("/v1/ledger/nope"));
    assertEquals(before, f.ledger.head());
  }

  @Test
  void unsupportedMethods_are405ProblemJson_withAllow() {
    for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "TRACE")) {
      HttpResponse<String> r = f.send(method, "/v1/ledger/checkpoint");
      JsonNode p = problem(r, 405, "METHOD_NOT_ALLOWED");
      assertTrue(p.get("detail").asText().contains(method), p.toString());
      String allow = header(r, "Allow");
      assertNotNull(allow, method);
      assertTrue(allow.contains("GET"), allow);
    }
    assertEquals(before, f.ledger.head());
  }

  @Test
  void unacceptableMediaType_is406ProblemJson() {
    HttpResponse<String> r = f.send(HttpRequest.newBuilder(f.uri("/v1/ledger/head")).header("Accept", "image/png"));
    problem(r, 406, "NOT_ACCEPTABLE");
  }

  @Test
  void unexpectedException_is500ProblemJson_withoutStackTrace_andIsLogged() {
    HttpResponse<String> r = f.get("/test/boom");
    JsonNode p = problem(r, 500, "INTERNAL");
    assertFalse(r.body().contains("secret"), r.body());
    assertFalse(r.body().contains("Exception"), r.body());
    assertFalse(r.body().contains("\tat "), r.body());
    String detail = p.get("detail").asText();
    String ref = detail.substring(detail.lastIndexOf(' ') + 1);
    LogRecord record = logged.stream().filter(l -> l.getMessage() != null && l.getMessage().contains(ref)).findFirst()
        .orElseThrow(() -> new AssertionError("no log record with reference " + ref));
    assertEquals(Level.SEVERE, record.getLevel());
    assertEquals("secret internal detail", record.getThrown().getMessage());
  }

  @Test
  void failedRequest_isLoggedByItsRouteTemplate_neverByThePathItCarried() {
    HttpResponse<String> r = f.get("/test/boom/BX2611230001HK");
    problem(r, 500, "INTERNAL");
    List<String> lines = logged.stream().map(LogRecord::getMessage).filter(m -> m != null && m.contains("serving")).toList();
    assertEquals(1, lines.size(), lines.toString());
    assertTrue(lines.get(0).contains("serving /test/boom/{waybill}"), lines.get(0));
    assertFalse(lines.get(0).contains("BX2611230001HK"), lines.get(0));
  }

  @Test
  void closedLedger_is503ProblemJson_reasonFromTheErrorTable_detailsOnlyInTheLog(@TempDir Path other) {
    try (HttpFixture g = new HttpFixture(other)) {
      g.append("x");
      g.ledger.close();
      JsonNode p = problem(g.get("/v1/ledger/entries/0"), 503, "CLOSED");
      String detail = p.get("detail").asText();
      assertFalse(detail.contains(other.toString()), p.toString());
      String ref = detail.substring(detail.lastIndexOf(' ') + 1);
      assertTrue(logged.stream().anyMatch(l -> l.getMessage().contains(ref) && l.getMessage().contains(other.toString())),
          "the log names the reference and the store");
    }
  }

  @Test
  void extraResource_isServed_andItsBadJsonIs400ProblemJson() {
    HttpResponse<String> ok = f.send(HttpRequest.newBuilder(f.uri("/test/echo")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"hi\",\"n\":1}")));
    assertEquals(200, ok.statusCode(), ok.body());
    assertEquals("hi!", json(ok).get("text").asText());
    assertEquals(2, json(ok).get("n").asInt());
    assertNull(header(ok, "Access-Control-Allow-Origin"), "writes are not opened to other origins");

    HttpResponse<String> bad = f.send(HttpRequest.newBuilder(f.uri("/test/echo")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"text\": ")));
    JsonNode p = problem(bad, 400, "INVALID_ARGUMENT");
    assertTrue(p.get("detail").asText().startsWith("request body: "), p.toString());

    HttpResponse<String> wrongType = f.send(HttpRequest.newBuilder(f.uri("/test/echo")).header("Content-Type", "text/csv")
        .POST(HttpRequest.BodyPublishers.ofString("a,b")));
    problem(wrongType, 415, "UNSUPPORTED_MEDIA_TYPE");
  }

  @Test
  void malformedRequestUris_are400ProblemJson_notAnHtmlPageNorA500() throws IOException {
    for (String target : List.of("/v1/ledger/entries/%ZZ", "/v1/ledger/consistency?from=%ZZ&to=1", "/v1/ledger/%")) {
      String response = raw("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
      String head = response.substring(0, response.indexOf("\r\n\r\n")).toLowerCase();
      assertTrue(head.startsWith("http/1.1 400 "), target + ": " + response);
      assertTrue(head.contains("content-type: application/problem+json"), target + ": " + response);
      JsonNode p = HttpFixture.JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
      assertEquals("INVALID_ARGUMENT", p.get("reason").asText());
      assertTrue(p.get("detail").asText().startsWith("request URI: got \"" + target + "\""), p.toString());
    }
    // Headers past Grizzly's limit are refused before any handler runs: still no HTML page.
    String huge = raw("GET /v1/ledger/head HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(20_000)
        + "\r\nConnection: close\r\n\r\n");
    assertTrue(huge.startsWith("HTTP/1.1 4"), huge);
    assertFalse(huge.toLowerCase().contains("<html"), huge);
    // Not UTF-8 once decoded: Jersey substitutes U+FFFD, so it is just a subject nobody wrote.
    String response = raw("GET /v1/ledger/subjects/%C3%28/history HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.1 200 "), response);
    assertFalse(logged.stream().anyMatch(l -> l.getLevel().intValue() >= Level.WARNING.intValue()), "nothing to log");
    assertEquals(before, f.ledger.head());
  }

  @Test
  void upgradeRequests_areServedAsPlainHttp11_withContentTypeAndBody() throws IOException {
    String upgrade = "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAEAAEAAAAIAAAABAAMAAABkAAQBAAAAAAUAAEAA\r\n";
    try (Socket s = new Socket(f.server.baseUri().getHost(), f.server.port())) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      out.write(("GET /v1/ledger/head HTTP/1.1\r\nHost: localhost\r\n" + upgrade + "\r\n").getBytes(StandardCharsets.US_ASCII));
      String get = readResponse(in);
      assertTrue(get.startsWith("HTTP/1.1 200 "), get);
      assertTrue(get.toLowerCase().contains("content-type: application/json"), get);
      // The same connection stays open for the next request, with a body this time.
      String body = "{\"text\":\"hi\",\"n\":1}";
      out.write(("POST /test/echo HTTP/1.1\r\nHost: localhost\r\n" + upgrade + "Content-Type: application/json\r\n"
          + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
      String post = readResponse(in);
      assertTrue(post.startsWith("HTTP/1.1 200 "), post);
      assertTrue(post.endsWith("{\"text\":\"hi!\",\"n\":2}"), post);
    }
  }

  /** Reads one response with a Content-Length body. */
  private static String readResponse(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("connection closed after: " + head);
      }
      head.append((char) c);
    }
    int length = 0;
    for (String line : head.toString().split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).strip());
      }
    }
    return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  @Test
  void startAndRequests_logNothingAtInfo() {
    logged.clear();
    try (LedgerHttpServer other = LedgerHttpServer.start(f.ledger,
        new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0))) {
      f.send(HttpRequest.newBuilder(other.baseUri().resolve("v1/ledger/checkpoint")).GET());
      f.send(HttpRequest.newBuilder(other.baseUri().resolve("v1/ledger/nope")).GET());
    }
    List<String> noisy = logged.stream().filter(l -> l.getLevel().intValue() >= Level.INFO.intValue())
        .map(l -> l.getLoggerName() + ": " + l.getMessage()).toList();
    assertEquals(List.of(), noisy);
  }

  private String raw(String request) throws IOException {
    try (Socket s = new Socket(f.server.baseUri().getHost(), f.server.port())) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
