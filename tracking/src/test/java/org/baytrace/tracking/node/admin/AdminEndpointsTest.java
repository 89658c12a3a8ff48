package org.baytrace.tracking.node.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.baytrace.api.ledger.v1.AppendRequest;
import org.baytrace.api.ledger.v1.AppendResponse;
import org.baytrace.api.ledger.v1.LedgerServiceGrpc;
import org.baytrace.config.HostPort;
import org.baytrace.config.NodeConfig;
import org.baytrace.config.Peer;
import org.baytrace.config.ServerTls;
import org.baytrace.ledger.TestRecords;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.crypto.KeyFiles;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.record.Records;
import org.baytrace.ledger.registry.OrgRegistry;
import org.baytrace.ledger.testing.Await;
import org.baytrace.ledger.tls.Certificates;
import org.baytrace.ledger.tls.TlsIdentity;
import org.baytrace.tracking.node.BayTraceNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin listener of a running node: {@code /metrics} in Prometheus text format moves with
 * appends, refusals and HTTP requests; {@code /healthz} and {@code /readyz} answer; none of it is
 * served on the public HTTP port.
 */
class AdminEndpointsTest {
  private static final HostPort ANY = new HostPort("127.0.0.1", 0);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private static BayTraceNode start(NodeConfig config) throws IOException {
    return BayTraceNode.start(config, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  @Test
  void metrics_countAppendsByOutcome_treeSize_latency_httpRoutes_rocksDb_andJvm() throws Exception {
    NodeConfig config = NodeConfig.defaults().withDataDir(dir).withGrpcListen(ANY).withHttpListen(ANY).withAdminListen(ANY);
    try (BayTraceNode node = start(config)) {
      String before = get(node.adminPort(), "/metrics").body();
      assertEquals(1.0, value(before, "baytrace_tree_size", ""), "the node's genesis, entry 0");
      assertEquals(0.0, value(before, "baytrace_appends_total", "outcome=\"appended\",reason=\"\""));

      SigningKey key = KeyFiles.loadPrivate(config.keyFile());
      byte[] a = record(config, key, "a");
      byte[] tampered = record(config, key, "c");
      tampered[tampered.length - 1] ^= 1; // last byte of the signature
      List<AppendResponse> answers = append(node, List.of(a, record(config, key, "b"), a, tampered));
      assertTrue(answers.get(2).getAppended().getDuplicate(), answers.get(2).toString());
      assertTrue(answers.get(3).hasError(), answers.get(3).toString());
      assertEquals(200, get(node.httpPort(), "/v1/ledger/entries/1").statusCode());
      assertEquals(404, get(node.httpPort(), "/v1/ledger/entries/99").statusCode());

      HttpResponse<String> scrape = get(node.adminPort(), "/metrics");
      assertEquals(200, scrape.statusCode());
      // Prometheus picks its parser by this header (Prometheus 3 refuses a scrape without one). This client asks to
      // upgrade to HTTP/2 (h2c), the case in which Grizzly once sent a long body without it; a plain HTTP/1.1 scrape too.
      assertEquals("text/plain; version=0.0.4; charset=utf-8", scrape.headers().firstValue("Content-Type").orElse(""));
      HttpResponse<String> plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.adminPort() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals("text/plain; version=0.0.4; charset=utf-8", plain.headers().firstValue("Content-Type").orElse(""));
      String after = scrape.body();
      assertEquals(3.0, value(after, "baytrace_tree_size", ""));
      assertEquals(2.0, value(after, "baytrace_appends_total", "outcome=\"appended\",reason=\"\""));
      assertEquals(1.0, value(after, "baytrace_appends_total", "outcome=\"duplicate\",reason=\"\""));
      assertEquals(1.0, value(after, "baytrace_appends_total", "outcome=\"refused\",reason=\"SIGNATURE_INVALID\""));
      assertEquals(3.0, value(after, "baytrace_append_latency_seconds_count", ""));
      // The route template, not the raw path: one series for every index.
      assertEquals(1.0, value(after, "baytrace_http_requests_total",
          "method=\"GET\",route=\"/v1/ledger/entries/{index}\",status=\"200\""));
      assertEquals(1.0, value(after, "baytrace_http_requests_total",
          "method=\"GET\",route=\"/v1/ledger/entries/{index}\",status=\"404\""));
      assertTrue(value(after, "baytrace_store_estimated_keys", "family=\"entries\"") >= 0);
      assertTrue(after.contains("baytrace_store_pending_compaction_bytes{family=\"tree\"}"), after);
      assertTrue(after.contains("baytrace_store_write_stalls_total{kind=\"stop\"}"), after);
      assertEquals(5.0, value(after, "baytrace_store_format_version", ""));
      assertTrue(value(after, "baytrace_checkpoint_age_seconds", "") < 60);
      assertTrue(after.contains("baytrace_verify_queue_length "), after);
      assertTrue(value(after, "jvm_threads_current", "") > 0);
    }
  }

  @Test
  void healthAndReadiness_onTheAdminListener_andNoneOfItOnThePublicPort() throws Exception {
    NodeConfig config = NodeConfig.defaults().withDataDir(dir).withGrpcListen(ANY).withHttpListen(ANY).withAdminListen(ANY);
    try (BayTraceNode node = start(config)) {
      assertEquals(200, get(node.adminPort(), "/healthz").statusCode());
      HttpResponse<String> ready = get(node.adminPort(), "/readyz");
      assertEquals(200, ready.statusCode(), ready.body());
      JsonNode detail = JSON.readTree(ready.body());
      assertTrue(detail.get("ready").asBoolean());
      assertEquals(5, detail.at("/store/formatVersion").asInt());
      for (String path : List.of("/metrics", "/healthz", "/readyz")) {
        HttpResponse<String> onPublic = get(node.httpPort(), path);
        assertEquals(404, onPublic.statusCode(), path + " must not be served on the public port: " + onPublic.body());
      }
      HttpResponse<String> traced = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort()
          + "/v1/ledger/checkpoint")).header("X-Request-Id", "trace-42").build(), HttpResponse.BodyHandlers.ofString());
      assertEquals("trace-42", traced.headers().firstValue("X-Request-Id").orElse(""), "the client's request id is echoed");
      String fresh = get(node.httpPort(), "/v1/ledger/checkpoint").headers().firstValue("X-Request-Id").orElse("");
      assertTrue(fresh.matches("[0-9a-f]{16}"), "a request without an id gets one: " + fresh);
      HttpResponse<String> unknown = get(node.adminPort(), "/v1/ledger/checkpoint");
      assertEquals(404, unknown.statusCode());
      assertEquals("application/problem+json", unknown.headers().firstValue("Content-Type").orElse(""));
    }
  }

  @Test
  void backupRoute_takesOnlyTheNodesAdminToken_andWritesNothingOtherwise() throws Exception {
    NodeConfig config = NodeConfig.defaults().withDataDir(dir.resolve("data")).withGrpcListen(ANY).withHttpListen(ANY)
        .withAdminListen(ANY);
    try (BayTraceNode node = start(config)) {
      Path tokenFile = dir.resolve("data").resolve("admin.token");
      assertEquals(java.util.Set.of(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
          java.nio.file.attribute.PosixFilePermission.OWNER_WRITE), java.nio.file.Files.getPosixFilePermissions(tokenFile));
      String token = java.nio.file.Files.readString(tokenFile).trim();
      Path out = dir.resolve("backup");
      String route = "/admin/backup?out=" + java.net.URLEncoder.encode(out.toString(), StandardCharsets.UTF_8);
      for (String authorization : List.of("", "Bearer " + "0".repeat(64), "Basic " + token, "Bearer " + token + "x")) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.adminPort() + route))
            .POST(HttpRequest.BodyPublishers.noBody());
        if (!authorization.isEmpty()) {
          b.header("Authorization", authorization);
        }
        HttpResponse<String> refused = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, refused.statusCode(), authorization + ": " + refused.body());
        assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElse(""));
        assertTrue(refused.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"), refused.toString());
      }
      assertTrue(!java.nio.file.Files.exists(out), "a refused backup writes nothing");
      assertEquals(405, get(node.adminPort(), "/admin/backup").statusCode());
      assertEquals(404, get(node.httpPort(), "/admin/backup").statusCode(), "not on the public port");
      HttpResponse<String> made = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.adminPort() + route))
          .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, made.statusCode(), made.body());
      assertEquals(node.ledger().head().size(), JSON.readTree(made.body()).get("treeSize").asLong());
      assertTrue(java.nio.file.Files.isRegularFile(out.resolve("ledger").resolve("CURRENT")), "a RocksDB copy");
      assertTrue(java.nio.file.Files.isRegularFile(out.resolve("signed-checkpoint")));
    }
  }

  @Test
  void adminListen_onANonLoopbackAddress_isRefused() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> NodeConfig.defaults().withAdminListen(new HostPort("0.0.0.0", 9464)));
    assertTrue(e.getMessage().startsWith("admin.listen: got \"0.0.0.0:9464\", not a loopback address, without [admin.tls];"
        + " want a loopback address"), e.getMessage());
  }

  @Test
  void adminBeyondLoopback_servesOnlyClientsWithACertificateFromItsClientCa() throws Exception {
    TlsIdentity ca = Certificates.newCa("BayTrace admin clients CA", "BayTrace", Duration.ofDays(1));
    TlsIdentity server = Certificates.issue(ca, Certificates.Use.SERVER, "node-admin", "BayTrace", List.of("127.0.0.1"),
        Duration.ofDays(1));
    TlsIdentity prometheus = Certificates.issue(ca, Certificates.Use.CLIENT, "prometheus", "Bay Ops", List.of(),
        Duration.ofDays(1));
    TlsIdentity otherCa = Certificates.newCa("Someone else's CA", "Elsewhere", Duration.ofDays(1));
    TlsIdentity stranger = Certificates.issue(otherCa, Certificates.Use.CLIENT, "prometheus", "Bay Ops", List.of(),
        Duration.ofDays(1));
    HostPort everywhere = new HostPort("0.0.0.0", 0);
    NodeConfig base = NodeConfig.defaults().withDataDir(dir).withGrpcListen(ANY).withHttpListen(ANY);
    ServerTls optional = new ServerTls(server, dir.resolve("admin.pem"), List.of(ca.chain().get(0)), ServerTls.ClientAuth.OPTIONAL);
    IllegalArgumentException weak = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> base.withOps(base.ops().withAdmin(everywhere, Optional.of(optional))));
    assertTrue(weak.getMessage().contains("client_auth = \"optional\""), weak.getMessage());

    ServerTls require = new ServerTls(server, dir.resolve("admin.pem"), List.of(ca.chain().get(0)), ServerTls.ClientAuth.REQUIRE);
    try (BayTraceNode node = start(base.withOps(base.ops().withAdmin(everywhere, Optional.of(require))))) {
      URI metrics = URI.create("https://127.0.0.1:" + node.adminPort() + "/metrics");
      HttpResponse<String> scrape = tlsClient(ca, Optional.of(prometheus)).send(HttpRequest.newBuilder(metrics).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, scrape.statusCode());
      assertEquals("text/plain; version=0.0.4; charset=utf-8", scrape.headers().firstValue("Content-Type").orElse(""));
      for (Optional<TlsIdentity> who : List.of(Optional.<TlsIdentity>empty(), Optional.of(stranger))) {
        org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> tlsClient(ca, who).send(
            HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()),
            "a client without a certificate from the admin clients' CA: " + who.map(w -> "a stranger").orElse("none"));
      }
      org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> get(node.adminPort(), "/metrics"),
          "no plaintext on the admin port");
    }
  }

  private static HttpClient tlsClient(TlsIdentity ca, Optional<TlsIdentity> identity) throws Exception {
    java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca.chain().get(0));
    javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
        javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    if (identity.isPresent()) {
      keys.setKeyEntry("client", identity.get().key(), new char[0],
          identity.get().chain().toArray(new java.security.cert.X509Certificate[0]));
    }
    javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(
        javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, new char[0]);
    javax.net.ssl.SSLContext ssl = javax.net.ssl.SSLContext.getInstance("TLS");
    ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).build();
  }

  @Test
  void readyz_is503_whileAClusterMemberHasNoQuorum_and200_onceItsPeerJoins() throws Exception {
    SigningKey keyA = SigningKey.generate();
    SigningKey keyB = SigningKey.generate();
    List<Peer> peers = List.of(peer("a", keyA), peer("b", keyB));
    NodeConfig a = member(peers, "a", keyA);
    NodeConfig b = member(peers, "b", keyB);
    try (BayTraceNode first = start(a)) {
      HttpResponse<String> alone = get(first.adminPort(), "/readyz");
      assertEquals(503, alone.statusCode(), alone.body());
      JsonNode detail = JSON.readTree(alone.body());
      assertEquals(false, detail.get("ready").asBoolean());
      assertEquals(false, detail.at("/cluster/inQuorum").asBoolean(), alone.body());
      assertEquals(200, get(first.adminPort(), "/healthz").statusCode()); // alive, just not ready
      try (BayTraceNode second = start(b)) {
        HttpResponse<String> ready = awaitStatus(first.adminPort(), "/readyz", 200, Duration.ofSeconds(30));
        JsonNode joined = JSON.readTree(ready.body());
        assertEquals(true, joined.at("/cluster/inQuorum").asBoolean(), ready.body());
        assertEquals(5, joined.at("/store/formatVersion").asInt());
        awaitStatus(second.adminPort(), "/readyz", 200, Duration.ofSeconds(30));
        String metrics = get(first.adminPort(), "/metrics").body();
        assertEquals(1.0, value(metrics, "baytrace_raft_has_leader", "member=\"a\""));
        assertTrue(value(metrics, "baytrace_raft_term", "member=\"a\"") >= 1);
      }
    }
  }

  private Peer peer(String id, SigningKey key) throws IOException {
    return new Peer(id, new HostPort("127.0.0.1", freePort()), new HostPort("127.0.0.1", freePort()),
        new NoteSigner(id, key).verifier());
  }

  private NodeConfig member(List<Peer> peers, String id, SigningKey key) throws IOException {
    Path data = dir.resolve(id);
    Path keyFile = data.resolve("node.key");
    java.nio.file.Files.createDirectories(data);
    KeyFiles.savePrivate(key, keyFile);
    Peer self = peers.stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    NodeConfig d = NodeConfig.defaults();
    return new NodeConfig(id, d.origin(), data, keyFile, self.grpc(), ANY, d.maxRecordBytes(), d.maxInFlightPerStream(),
        d.batchMaxRecords(), d.batchMaxDelay(), 1, false, OrgRegistry.empty(), peers, Optional.empty(), Optional.empty())
        .withAdminListen(ANY);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static byte[] record(NodeConfig config, SigningKey key, String nonce) {
    return Records.sign(TestRecords.body(BayTraceNode.LOCAL_ORG, List.of("urn:baytrace:test:" + nonce), nonce)
        .setOrigin(config.origin()).build().toByteArray(), key);
  }

  private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> awaitStatus(int port, String path, int status, Duration within) {
    return Await.until(path + " answers " + status, within, () -> new Answer(get(port, path)),
        a -> a.response().statusCode() == status).response();
  }

  /** An answer as a failed wait shows it: status and body. */
  private record Answer(HttpResponse<String> response) {
    @Override
    public String toString() {
      return response.statusCode() + " " + response.body();
    }
  }

  /** The value of one sample line {@code name{labels} value} (labels in the order the client writes them). */
  private static double value(String text, String name, String labels) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name + (labels.isEmpty() ? "" : "{" + labels + "}")) + " (\\S+)$")
        .matcher(text);
    if (!m.find()) {
      throw new AssertionError("no sample " + name + "{" + labels + "} in:\n" + text);
    }
    return Double.parseDouble(m.group(1));
  }

  private static List<AppendResponse> append(BayTraceNode node, List<byte[]> records) throws Exception {
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", node.grpcPort()).usePlaintext().build();
    try {
      List<AppendResponse> got = new ArrayList<>();
      CountDownLatch done = new CountDownLatch(1);
      StreamObserver<AppendRequest> req = LedgerServiceGrpc.newStub(channel).append(new StreamObserver<>() {
        @Override
        public void onNext(AppendResponse r) {
          synchronized (got) {
            got.add(r);
          }
        }

        @Override
        public void onError(Throwable t) {
          done.countDown();
        }

        @Override
        public void onCompleted() {
          done.countDown();
        }
      });
      // One at a time: the duplicate must find its first copy stored.
      for (int i = 0; i < records.size(); i++) {
        req.onNext(AppendRequest.newBuilder().setCorrelationId(i).setSignedRecord(ByteString.copyFrom(records.get(i))).build());
        int sent = i + 1;
        Await.until("an answer to record " + i, Duration.ofSeconds(30), () -> {
          synchronized (got) {
            return got.size() >= sent;
          }
        });
      }
      req.onCompleted();
      assertTrue(done.await(30, TimeUnit.SECONDS));
      got.sort(java.util.Comparator.comparingLong(AppendResponse::getCorrelationId));
      return got;
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
