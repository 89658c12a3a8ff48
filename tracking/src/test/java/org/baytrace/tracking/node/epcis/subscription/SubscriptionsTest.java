package org.baytrace.tracking.node.epcis.subscription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.baytrace.config.CaptureIdentity;
import org.baytrace.config.HttpAccess;
import org.baytrace.config.NodeConfig;
import org.baytrace.config.SubscriptionSettings;
import org.baytrace.ledger.crypto.KeyFiles;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.registry.OrgRegistry;
import org.baytrace.ledger.registry.OrgRegistry.Org;
import org.baytrace.ledger.registry.OrgRegistry.OrgKey;
import org.baytrace.ledger.registry.OrgRegistry.Role;
import org.baytrace.tracking.node.BayTraceNode;
import org.baytrace.tracking.node.LoopbackNodeConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * EPCIS query subscriptions on a running node, over real HTTP on loopback: a webhook receiver (a
 * JDK HTTP server) allowed by {@code [subscriptions]} gets the events captured after subscribing,
 * signed with HMAC-SHA256 under the subscriber's token, again after answering 500 once, and after
 * a node restart; destinations off the allow-list, over plain http without the opt-in, or on a
 * loopback address without the opt-in are refused and nothing is stored; another organisation
 * can neither see nor delete the subscription; a WebSocket client gets new events, and an
 * upgrade without a credential is refused 401.
 */
class SubscriptionsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FOODS = HttpAccess.newToken();
  private static final String REEFER = HttpAccess.newToken();
  private static final String ITEM = "https://id.gs1.org/01/06901234000016/21/";
  private static final String QUERY = "{\"name\":\"shipped\",\"query\":{\"EQ_bizStep\":[\"shipping\"]}}";

  @TempDir
  Path dir;

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private HttpServer receiver;
  private final BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
  private final AtomicInteger failuresToSend = new AtomicInteger();

  private record Delivery(String body, byte[] bytes, String signature, String contentType) {}

  @AfterEach
  void stopReceiver() {
    if (receiver != null) {
      receiver.stop(0);
    }
  }

  /** A webhook receiver on loopback that answers 500 while {@link #failuresToSend} lasts, then 204. */
  private URI startReceiver() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/hooks/", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      int status = failuresToSend.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : 204;
      if (status == 204) {
        received.add(new Delivery(new String(body, StandardCharsets.UTF_8), body,
            exchange.getRequestHeaders().getFirst("GS1-Signature"), exchange.getRequestHeaders().getFirst("Content-Type")));
      }
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    receiver.start();
    return URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/");
  }

  private BayTraceNode start(SubscriptionSettings subscriptions) throws Exception {
    Path keyFile = dir.resolve("capture.key");
    SigningKey captureKey;
    if (Files.exists(keyFile)) {
      captureKey = KeyFiles.loadPrivate(keyFile);
    } else {
      captureKey = SigningKey.generate();
      KeyFiles.savePrivate(captureKey, keyFile);
    }
    OrgRegistry registry = OrgRegistry.of(List.of(
        new Org("gba-capture", "GBA capture service", Set.of(Role.AUDITOR), List.of(OrgKey.of(captureKey.publicKey())),
            List.of(), null, List.of("*")),
        new Org("pearl-river-foods", "Pearl River Foods", Set.of(Role.PRODUCER),
            List.of(OrgKey.of(SigningKey.generate().publicKey())), List.of("6901234"), null),
        Org.of("bay-reefer", Role.CARRIER, SigningKey.generate().publicKey())));
    HttpAccess access = new HttpAccess(List.of(HttpAccess.Token.of("pearl-river-foods", FOODS),
        HttpAccess.Token.of("bay-reefer", REEFER)), List.of());
    NodeConfig config = LoopbackNodeConfig.in(dir.resolve("data")).withRegistry(registry)
        .withCapture(Optional.of(new CaptureIdentity("gba-capture", keyFile, captureKey))).withHttpAccess(access)
        .withSubscriptions(subscriptions);
    return BayTraceNode.start(config, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  private HttpResponse<String> send(BayTraceNode node, String method, String path, String body, String token)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
        .timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", path.equals("/events") ? "application/ld+json" : "application/json");
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private void capture(BayTraceNode node, String serial, String bizStep) throws Exception {
    String event = "{\"@context\":[\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\"],"
        + "\"type\":\"ObjectEvent\",\"eventTime\":\"2026-11-28T08:00:00+08:00\",\"eventTimeZoneOffset\":\"+08:00\","
        + "\"epcList\":[\"" + ITEM + serial + "\"],\"action\":\"OBSERVE\",\"bizStep\":\"" + bizStep + "\"}";
    HttpResponse<String> r = send(node, "POST", "/events", event, FOODS);
    assertEquals(201, r.statusCode(), r.body());
  }

  private static SubscriptionSettings allowing(String org, URI prefix, boolean http, boolean privateAddresses) {
    return new SubscriptionSettings(http, privateAddresses, Map.of(org, List.of(prefix)));
  }

  private static String hmac(String token, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return Base64.getEncoder().encodeToString(mac.doFinal(body));
  }

  private static JsonNode events(Delivery d) throws Exception {
    return JSON.readTree(d.body()).at("/epcisBody/queryResults/resultsBody/eventList");
  }

  @Test
  void webhook_getsNewMatchingEvents_signed_retriedAfter500_ownersOnly_andSurvivesARestart() throws Exception {
    URI hooks = startReceiver();
    SubscriptionSettings settings = allowing("pearl-river-foods", hooks, true, true);
    String token = "13df38d8275b13f05704629e5f1cf3d45d6132d5";
    String id;
    try (BayTraceNode node = start(settings)) {
      capture(node, "1", "shipping"); // before the subscription: not delivered
      assertEquals(201, send(node, "POST", "/queries", QUERY, FOODS).statusCode());
      String sub = "{\"dest\":\"" + hooks.resolve("a") + "\",\"signatureToken\":\"" + token + "\",\"stream\":true}";
      assertEquals(401, send(node, "POST", "/queries/shipped/subscriptions", sub, null).statusCode());
      HttpResponse<String> created = send(node, "POST", "/queries/shipped/subscriptions", sub, FOODS);
      assertEquals(201, created.statusCode(), created.body());
      JsonNode view = JSON.readTree(created.body());
      id = view.path("subscriptionID").asText();
      assertFalse(id.isEmpty());
      assertFalse(created.body().contains(token), "the signature token is never shown again: " + created.body());
      assertTrue(created.headers().firstValue("Location").orElse("").endsWith("/queries/shipped/subscriptions/" + id));

      capture(node, "2", "receiving"); // does not match the query
      capture(node, "3", "shipping");
      Delivery d = received.poll(30, TimeUnit.SECONDS);
      assertNotNull(d, "the webhook got no delivery");
      assertEquals(hmac(token, d.bytes()), d.signature(), "GS1-Signature is HMAC-SHA256 of the body under the token");
      assertTrue(d.contentType().startsWith("application/ld+json"), d.contentType());
      JsonNode doc = JSON.readTree(d.body());
      assertEquals("EPCISQueryDocument", doc.path("type").asText());
      assertEquals(id, doc.at("/epcisBody/queryResults/subscriptionID").asText());
      assertEquals("shipped", doc.at("/epcisBody/queryResults/queryName").asText());
      assertEquals(1, events(d).size(), d.body());
      assertEquals(ITEM + "3", events(d).get(0).path("epcList").get(0).asText());

      // The receiver fails once: the same document comes again.
      failuresToSend.set(1);
      capture(node, "4", "shipping");
      Delivery retried = received.poll(30, TimeUnit.SECONDS);
      assertNotNull(retried, "no delivery after the receiver answered 500");
      assertEquals(ITEM + "4", events(retried).get(0).path("epcList").get(0).asText());
      assertEquals(hmac(token, retried.bytes()), retried.signature());
      // The node logs the delivery once the receiver's answer is back, a moment after the receiver has the body.
      JsonNode detail = JSON.readTree(send(node, "GET", "/queries/shipped/subscriptions/" + id, null, FOODS).body());
      for (int i = 0; i < 100 && detail.path("deliveredCount").asInt() < 2; i++) {
        Thread.sleep(100);
        detail = JSON.readTree(send(node, "GET", "/queries/shipped/subscriptions/" + id, null, FOODS).body());
      }
      JsonNode log = detail.path("deliveries");
      assertEquals("delivered", log.get(0).path("outcome").asText(), detail.toString());
      assertEquals(2, log.get(0).path("attempt").asInt(), detail.toString());
      assertEquals("failed", log.get(1).path("outcome").asText(), detail.toString());
      assertEquals(500, log.get(1).path("httpStatus").asInt(), detail.toString());
      assertEquals(2, detail.path("deliveredCount").asInt());
      assertEquals(1, detail.path("failedCount").asInt());

      // Another organisation sees nothing and deletes nothing.
      assertEquals(404, send(node, "GET", "/queries/shipped/subscriptions/" + id, null, REEFER).statusCode());
      assertEquals(404, send(node, "DELETE", "/queries/shipped/subscriptions/" + id, null, REEFER).statusCode());
      assertEquals(404, send(node, "GET", "/queries/shipped/subscriptions", null, REEFER).statusCode());
      assertEquals(201, send(node, "POST", "/queries", QUERY, REEFER).statusCode());
      HttpResponse<String> theirs = send(node, "GET", "/queries/shipped/subscriptions", null, REEFER);
      assertEquals("[]", theirs.body());
      HttpResponse<String> reeferSub = send(node, "POST", "/queries/shipped/subscriptions", "{\"dest\":\""
          + hooks.resolve("b") + "\",\"stream\":true}", REEFER);
      assertEquals(403, reeferSub.statusCode(), "not on bay-reefer's allow-list: " + reeferSub.body());
      assertEquals(1, JSON.readTree(send(node, "GET", "/queries/shipped/subscriptions", null, FOODS).body()).size());
    }
    try (BayTraceNode node = start(settings)) {
      JsonNode list = JSON.readTree(send(node, "GET", "/queries/shipped/subscriptions", null, FOODS).body());
      assertEquals(1, list.size(), list.toString());
      assertEquals(id, list.get(0).path("subscriptionID").asText());
      capture(node, "5", "shipping");
      Delivery after = received.poll(30, TimeUnit.SECONDS);
      assertNotNull(after, "no delivery after the restart");
      assertEquals(ITEM + "5", events(after).get(0).path("epcList").get(0).asText());
      assertEquals(hmac(token, after.bytes()), after.signature());

      assertEquals(204, send(node, "DELETE", "/queries/shipped/subscriptions/" + id, null, FOODS).statusCode());
      assertEquals(404, send(node, "GET", "/queries/shipped/subscriptions/" + id, null, FOODS).statusCode());
      capture(node, "6", "shipping");
      assertEquals(null, received.poll(3, TimeUnit.SECONDS), "a deleted subscription delivers nothing");
    }
  }

  @Test
  void destinations_offTheAllowList_plainHttp_orLoopbackWithoutOptIn_areRefused_andNothingIsStored() throws Exception {
    URI hooks = startReceiver();
    try (BayTraceNode node = start(allowing("pearl-river-foods", hooks, true, false))) {
      assertEquals(201, send(node, "POST", "/queries", QUERY, FOODS).statusCode());
      HttpResponse<String> loopback = send(node, "POST", "/queries/shipped/subscriptions",
          "{\"dest\":\"" + hooks.resolve("a") + "\",\"stream\":true}", FOODS);
      assertEquals(403, loopback.statusCode(), loopback.body());
      assertTrue(JSON.readTree(loopback.body()).path("detail").asText().contains("loopback"), loopback.body());
      HttpResponse<String> elsewhere = send(node, "POST", "/queries/shipped/subscriptions",
          "{\"dest\":\"https://hooks.example.com/a\",\"stream\":true}", FOODS);
      assertEquals(403, elsewhere.statusCode(), elsewhere.body());
      assertTrue(JSON.readTree(elsewhere.body()).path("detail").asText().contains("not under a destination"),
          elsewhere.body());
      HttpResponse<String> neither = send(node, "POST", "/queries/shipped/subscriptions",
          "{\"dest\":\"" + hooks.resolve("a") + "\"}", FOODS);
      assertEquals(400, neither.statusCode(), neither.body());
      assertEquals(404, send(node, "POST", "/queries/unknown/subscriptions",
          "{\"dest\":\"" + hooks.resolve("a") + "\",\"stream\":true}", FOODS).statusCode());
      assertEquals("[]", send(node, "GET", "/queries/shipped/subscriptions", null, FOODS).body());
    }
    try (BayTraceNode node = start(allowing("pearl-river-foods", URI.create("https://127.0.0.1:1/hooks/"), false, true))) {
      HttpResponse<String> plain = send(node, "POST", "/queries/shipped/subscriptions",
          "{\"dest\":\"" + hooks.resolve("a") + "\",\"stream\":true}", FOODS);
      assertEquals(403, plain.statusCode(), plain.body());
      assertTrue(JSON.readTree(plain.body()).path("detail").asText().contains("allow_http"), plain.body());
      assertEquals("[]", send(node, "GET", "/queries/shipped/subscriptions", null, FOODS).body());
    }
    assertFalse(Files.readString(dir.resolve("data").resolve(SubscriptionFeature.FILE_NAME)).contains("hooks"));
  }

  /** A WebSocket listener that collects whole text messages and the close status. */
  private static final class Collector implements WebSocket.Listener {
    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<String> closed = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        messages.add(text.toString());
        text.setLength(0);
      }
      socket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
      closed.complete(status + " " + reason);
      return null;
    }
  }

  @Test
  void scheduledWebSocket_reportsEmptyRuns_thenTheEventsRecordedSinceTheLastRun() throws Exception {
    try (BayTraceNode node = start(SubscriptionSettings.NONE)) {
      assertEquals(201, send(node, "POST", "/queries", QUERY, FOODS).statusCode());
      Collector c = new Collector();
      WebSocket socket = client.newWebSocketBuilder().header("Authorization", "Bearer " + FOODS)
          .buildAsync(URI.create("ws://127.0.0.1:" + node.httpPort()
              + "/queries/shipped/events?second=*&reportIfEmpty=true"), c).join();
      String empty = c.messages.poll(30, TimeUnit.SECONDS);
      assertNotNull(empty, "no report of an empty run");
      assertEquals(0, JSON.readTree(empty).at("/epcisBody/queryResults/resultsBody/eventList").size(), empty);
      capture(node, "9", "shipping");
      JsonNode withEvent = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (withEvent == null && System.nanoTime() < deadline) {
        String m = c.messages.poll(1, TimeUnit.SECONDS);
        JsonNode list = m == null ? null : JSON.readTree(m).at("/epcisBody/queryResults/resultsBody/eventList");
        if (list != null && list.size() > 0) {
          withEvent = list;
        }
      }
      assertNotNull(withEvent, "the scheduled run did not report the new event");
      assertEquals(1, withEvent.size());
      assertEquals(ITEM + "9", withEvent.get(0).path("epcList").get(0).asText());
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    }
  }

  @Test
  void webSocket_receivesNewlyCapturedEvents_andAnUnauthenticatedUpgradeIsRefused() throws Exception {
    try (BayTraceNode node = start(SubscriptionSettings.NONE)) {
      assertEquals(201, send(node, "POST", "/queries", QUERY, FOODS).statusCode());
      URI ws = URI.create("ws://127.0.0.1:" + node.httpPort() + "/queries/shipped/events?stream=true");

      CompletionException refused = assertThrows(CompletionException.class,
          () -> client.newWebSocketBuilder().buildAsync(ws, new WebSocket.Listener() {}).join());
      WebSocketHandshakeException handshake = assertInstanceOf(WebSocketHandshakeException.class, refused.getCause());
      assertEquals(401, handshake.getResponse().statusCode());
      // Every other path declines the upgrade and answers the plain request.
      CompletionException declined = assertThrows(CompletionException.class,
          () -> client.newWebSocketBuilder().header("Authorization", "Bearer " + FOODS)
              .buildAsync(URI.create("ws://127.0.0.1:" + node.httpPort() + "/events"), new WebSocket.Listener() {}).join());
      assertEquals(200, assertInstanceOf(WebSocketHandshakeException.class, declined.getCause()).getResponse().statusCode());

      BlockingQueue<String> messages = new LinkedBlockingQueue<>();
      CompletableFuture<String> closedWith = new CompletableFuture<>();
      WebSocket.Listener listener = new WebSocket.Listener() {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
          text.append(data);
          if (last) {
            messages.add(text.toString());
            text.setLength(0);
          }
          socket.request(1);
          return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
          closedWith.complete(status + " " + reason);
          return null;
        }
      };
      WebSocket socket = client.newWebSocketBuilder().header("Authorization", "Bearer " + FOODS)
          .buildAsync(ws, listener).join();
      capture(node, "7", "receiving");
      capture(node, "8", "shipping");
      String message = messages.poll(30, TimeUnit.SECONDS);
      assertNotNull(message, "the WebSocket got no event");
      JsonNode doc = JSON.readTree(message);
      assertEquals("shipped", doc.at("/epcisBody/queryResults/queryName").asText());
      JsonNode list = doc.at("/epcisBody/queryResults/resultsBody/eventList");
      assertEquals(1, list.size(), message);
      assertEquals(ITEM + "8", list.get(0).path("epcList").get(0).asText());
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();

      // Another organisation's query name is not the caller's: the socket is closed with the reason.
      WebSocket foreign = client.newWebSocketBuilder().header("Authorization", "Bearer " + REEFER)
          .buildAsync(ws, new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onClose(WebSocket s, int status, String reason) {
              closedWith.obtrudeValue(status + " " + reason);
              return null;
            }
          }).join();
      assertNotNull(foreign);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!closedWith.getNow("").startsWith("1008") && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertTrue(closedWith.getNow("").startsWith("1008"), closedWith.getNow("(open)"));
      assertTrue(closedWith.getNow("").contains("queryName"), closedWith.getNow(""));
    }
  }
}
