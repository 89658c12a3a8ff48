package org.baytrace.tracking.node.coldchain;

import static org.baytrace.tracking.domain.coldchain.Recs.MIN;
import static org.baytrace.tracking.domain.coldchain.Recs.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.baytrace.api.coldchain.v1.ColdChainServiceGrpc;
import org.baytrace.api.coldchain.v1.ExcursionKind;
import org.baytrace.api.coldchain.v1.Phase;
import org.baytrace.api.coldchain.v1.WatchExcursionsRequest;
import org.baytrace.ledger.AuthorPolicy;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.LedgerConfig;
import org.baytrace.ledger.TestRecords;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.store.LedgerStores;
import org.baytrace.ledger.testing.Await;
import org.baytrace.tracking.domain.coldchain.CommodityProfiles;
import org.baytrace.tracking.domain.coldchain.Recs;
import org.baytrace.tracking.node.http.LedgerHttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP resource, the SSE stream and the gRPC stream on real loopback ports over a RocksDB ledger. */
class ColdChainEndpointsTest {
  static final String LOT = "https://id.gs1.org/01/09506000134352/10/BEEF-0425";
  static final String OTHER = "https://id.gs1.org/01/09506000134352/10/BEEF-0426";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  final SigningKey key = SigningKey.generate();
  ColdChainFeature feature;
  Ledger ledger;
  LedgerHttpServer http;
  Server grpc;
  ManagedChannel channel;
  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  int nonce;

  @BeforeEach
  void start() throws IOException {
    feature = new ColdChainFeature(CommodityProfiles.defaults());
    ledger = Ledger.open(new LedgerConfig(TestRecords.ORIGIN, new NoteSigner("n", SigningKey.generate()),
        AuthorPolicy.anyKey()), LedgerStores.openRocksDb(dir));
    feature.applyRules().forEach(ledger::install);
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    http = LedgerHttpServer.start(ledger, loopback, feature.httpComponents().toArray());
    NettyServerBuilder b = NettyServerBuilder.forAddress(loopback);
    feature.grpcServices().forEach(b::addService);
    grpc = b.build().start();
    channel = NettyChannelBuilder.forAddress(InetAddress.getLoopbackAddress().getHostAddress(), grpc.getPort())
        .usePlaintext().build();
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    feature.close();
    grpc.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    http.close();
    ledger.close();
  }

  /** Frozen meat with 40 min at -16 °C in transport: one continuous excursion. */
  void appendExcursion(String subject) {
    ledger.append(Recs.sign(Recs.shipment(subject, "frozen-meat", "s" + nonce++), key));
    double[] t = new double[60];
    java.util.Arrays.fill(t, -20);
    for (int i = 10; i < 50; i++) {
      t[i] = -16;
    }
    ledger.append(Recs.sign(Recs.logger(subject, Recs.readings(T0, MIN, Phase.PHASE_TRANSPORT, "Humen bridge", t),
        "l" + nonce++), key));
  }

  HttpResponse<String> get(String pathAndQuery) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(http.baseUri() + pathAndQuery.substring(1))).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void verdict_chartAndProfiles_overHttp() throws Exception {
    appendExcursion(LOT);
    HttpResponse<String> r = get("/v1/coldchain/verdict?subject=" + q(LOT));
    assertEquals(200, r.statusCode(), r.body());
    JsonNode v = JSON.readTree(r.body());
    assertEquals("EXCURSION", v.path("status").asText());
    assertEquals("frozen-meat", v.path("commodity").asText());
    JsonNode e = v.path("excursions").get(0);
    assertEquals("CONTINUOUS", e.path("kind").asText());
    assertEquals("above", e.path("direction").asText());
    assertEquals(2400.0, e.path("durationSeconds").asDouble());
    assertEquals(2.0, e.path("degreesBeyond").asDouble(), 1e-9);
    assertEquals("Humen bridge", e.path("location").asText());
    assertEquals(java.time.Instant.ofEpochMilli(T0 + 10 * MIN).toString(), e.path("start").asText());
    assertEquals(ColdChainResource.chartPath(LOT), v.path("chart").asText());

    HttpResponse<String> svg = get(v.path("chart").asText());
    assertEquals(200, svg.statusCode());
    assertTrue(svg.headers().firstValue("Content-Type").orElse("").startsWith("image/svg+xml"));
    assertEquals("default-src 'none'; frame-ancestors 'none'", svg.headers().firstValue("Content-Security-Policy").orElse(""));
    assertTrue(svg.body().startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""), svg.body());
    assertTrue(svg.body().contains("data-status=\"EXCURSION\"") && svg.body().contains("class=\"excursion\"")
        && svg.body().contains("class=\"range\""), svg.body());
    assertEquals(60, ColdChainEndpointsTest.count(svg.body(), "class=\"sample\""));
    // the chart is well-formed XML
    javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new java.io.ByteArrayInputStream(svg.body().getBytes(StandardCharsets.UTF_8)));

    JsonNode profiles = JSON.readTree(get("/v1/coldchain/profiles").body());
    assertEquals(5, profiles.size());
    assertEquals(-15.0, profiles.get(0).path("toleranceMaxCelsius").asDouble());
  }

  static int count(String s, String needle) {
    int n = 0;
    for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void badRequests_areProblemJson() throws Exception {
    HttpResponse<String> missing = get("/v1/coldchain/verdict");
    assertEquals(400, missing.statusCode());
    assertEquals("INVALID_ARGUMENT", JSON.readTree(missing.body()).path("reason").asText());
    assertTrue(JSON.readTree(missing.body()).path("detail").asText().startsWith("subject: missing"));
    HttpResponse<String> unknown = get("/v1/coldchain/verdict?subject=" + q(LOT));
    assertEquals(404, unknown.statusCode());
    assertEquals("subject: no cold-chain record or temperature reading names \"" + LOT + "\"",
        JSON.readTree(unknown.body()).path("detail").asText());
    assertEquals(404, get("/v1/coldchain/chart.svg?subject=" + q(LOT)).statusCode());
    HttpResponse<String> bad = get("/v1/coldchain/verdict?subject=" + q("https://id.gs1.org/01/09506000134353"));
    assertEquals(400, bad.statusCode());
    assertTrue(JSON.readTree(bad.body()).path("detail").asText().contains("check digit"), bad.body());
  }

  @Test
  void serverSentEvents_deliverTheExcursionsOfTheSubjectAsked() throws Exception {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    HttpRequest req = HttpRequest.newBuilder(URI.create(http.baseUri() + "v1/coldchain/excursions?subject=" + q(LOT)))
        .header("Accept", "text/event-stream").build();
    HttpResponse<Stream<String>> resp = client.send(req, HttpResponse.BodyHandlers.ofLines());
    assertEquals(200, resp.statusCode());
    assertTrue(resp.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
    Thread reader = new Thread(() -> resp.body().forEach(lines::add));
    reader.setDaemon(true);
    reader.start();
    try {
      assertEquals(": subscribed", lines.poll(10, TimeUnit.SECONDS), "the subscription is in place");
      appendExcursion(OTHER); // not asked for
      appendExcursion(LOT);
      String event = null;
      String data = null;
      for (String line; (line = lines.poll(10, TimeUnit.SECONDS)) != null; ) {
        if (line.startsWith("event:")) {
          event = line.substring(6).trim();
        } else if (line.startsWith("data:")) {
          data = line.substring(5).trim();
          break;
        }
      }
      assertEquals("excursion", event);
      assertNotNull(data, "an excursion arrived");
      JsonNode e = JSON.readTree(data);
      assertEquals(LOT, e.path("subject").asText(), "the other subject's excursion was not sent");
      assertEquals("CONTINUOUS", e.path("kind").asText());
      assertEquals(3, e.path("detectedAtIndex").asLong(), "the logger record of LOT revealed it");
    } finally {
      resp.body().close();
    }
  }

  @Test
  void grpcStream_deliversExcursions_andEndsWhenTheNodeStops() throws Exception {
    BlockingQueue<Object> got = new LinkedBlockingQueue<>();
    Context.CancellableContext ctx = Context.current().withCancellation();
    Thread t = new Thread(() -> ctx.run(() -> {
      try {
        Iterator<org.baytrace.api.coldchain.v1.Excursion> it = ColdChainServiceGrpc.newBlockingStub(channel)
            .watchExcursions(WatchExcursionsRequest.getDefaultInstance());
        while (it.hasNext()) {
          got.add(it.next());
        }
        got.add("completed");
      } catch (StatusRuntimeException e) {
        got.add(e.getStatus());
      }
    }));
    t.setDaemon(true);
    t.start();
    Await.until("one excursion subscriber", Duration.ofSeconds(10), () -> feature.bus().subscriberCount() == 1);
    appendExcursion(LOT);
    Object first = got.poll(10, TimeUnit.SECONDS);
    assertTrue(first instanceof org.baytrace.api.coldchain.v1.Excursion, String.valueOf(first));
    org.baytrace.api.coldchain.v1.Excursion e = (org.baytrace.api.coldchain.v1.Excursion) first;
    assertEquals(LOT, e.getSubject());
    assertEquals("frozen-meat", e.getCommodity());
    assertEquals(ExcursionKind.CONTINUOUS, e.getKind());
    assertTrue(e.getAbove());
    assertEquals(T0 + 10 * MIN, e.getStartUnixMillis());
    assertEquals(40 * MIN, e.getDurationMillis());
    assertEquals(-16.0, e.getWorstCelsius());
    assertEquals("Humen bridge", e.getLocation());
    assertEquals(1, e.getDetectedAtIndex());
    assertEquals(java.util.List.of(1L), e.getLedgerIndexesList());
    // the same excursion is not announced twice when more (in-range) data arrives
    ledger.append(Recs.sign(Recs.logger(LOT, Recs.readings(T0 + 61 * MIN, MIN, Phase.PHASE_TRANSPORT, "", -20), "more"), key));
    assertEquals(null, got.poll(300, TimeUnit.MILLISECONDS));
    feature.close();
    Object end = got.poll(10, TimeUnit.SECONDS);
    assertTrue(end instanceof Status s && s.getCode() == Status.Code.UNAVAILABLE, String.valueOf(end));
    ctx.cancel(null);
  }

  @Test
  void grpcStream_cancelledByTheClient_unsubscribes_andABadSubjectIsRefused() throws Exception {
    Context.CancellableContext ctx = Context.current().withCancellation();
    Thread t = new Thread(() -> ctx.run(() -> {
      try {
        ColdChainServiceGrpc.newBlockingStub(channel).watchExcursions(
            WatchExcursionsRequest.newBuilder().setSubject(LOT).build()).hasNext();
      } catch (StatusRuntimeException e) {
        // cancelled
      }
    }));
    t.setDaemon(true);
    t.start();
    Await.until("one excursion subscriber", Duration.ofSeconds(10), () -> feature.bus().subscriberCount() == 1);
    ctx.cancel(null);
    Await.until("no excursion subscriber left", Duration.ofSeconds(10), () -> feature.bus().subscriberCount() == 0);

    StatusRuntimeException bad = assertThrows(StatusRuntimeException.class, () -> ColdChainServiceGrpc
        .newBlockingStub(channel).watchExcursions(WatchExcursionsRequest.newBuilder().setSubject("x".repeat(513)).build())
        .hasNext());
    assertEquals(Status.Code.INVALID_ARGUMENT, bad.getStatus().getCode());
    assertEquals("subject: got 513 characters, want at most 512", bad.getStatus().getDescription());
  }

}
