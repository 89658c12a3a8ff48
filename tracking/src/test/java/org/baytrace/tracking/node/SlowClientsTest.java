package org.baytrace.tracking.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.baytrace.config.CaptureIdentity;
import org.baytrace.config.HttpAccess;
import org.baytrace.config.HttpLimits;
import org.baytrace.config.NodeConfig;
import org.baytrace.ledger.registry.OrgRegistry;
import org.baytrace.ledger.registry.OrgRegistry.Org;
import org.baytrace.ledger.registry.OrgRegistry.Role;
import org.baytrace.ledger.crypto.KeyFiles;
import org.baytrace.ledger.crypto.SigningKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow uploaders on a running node: bodies are received without holding a worker thread, so
 * connections trickling {@code POST /capture} bodies leave the API answering everyone else; a
 * body slower than its deadline gets 408, a body larger than allowed 413, and bodies beyond the
 * node's memory allowance 503 with {@code Retry-After}, and an upload without a credential 401
 * before its body is read. No timing assertions: the client waits
 * generously and the test checks what was answered.
 */
class SlowClientsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EVENT = """
      {"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"ObjectEvent",
       "eventTime":"2026-11-28T08:00:00Z","eventTimeZoneOffset":"+08:00",
       "epcList":["https://id.gs1.org/01/09506000134352/21/DURIAN-0425"],"action":"OBSERVE","bizStep":"shipping"}
      """;
  private static final String PAGE = "/01/09506000134352/21/DURIAN-0425";

  @TempDir
  Path dir;

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

  @Test
  void sixteenTricklingUploads_leaveTheCheckpointAndTheConsumerPageAnswered() throws Exception {
    try (BayTraceNode node = start(HttpLimits.DEFAULT)) {
      HttpResponse<String> captured = post(node, "/events", EVENT);
      assertEquals(201, captured.statusCode(), captured.body());

      List<Socket> tricklers = new ArrayList<>();
      ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();
      try {
        for (int i = 0; i < 16; i++) {
          tricklers.add(openUpload(node, 8_000_000));
        }
        drip.scheduleWithFixedDelay(() -> tricklers.forEach(s -> write(s, " ")), 0, 3, TimeUnit.SECONDS);

        HttpResponse<String> checkpoint = get(node, "/v1/ledger/checkpoint", "text/plain");
        assertEquals(200, checkpoint.statusCode(), checkpoint.body());
        assertTrue(checkpoint.body().startsWith(NodeConfig.DEFAULT_ORIGIN + "\n"), checkpoint.body());
        HttpResponse<String> page = get(node, PAGE, "text/html");
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("DURIAN-0425"), "the page shows the item");
        HttpResponse<String> again = get(node, "/v1/ledger/checkpoint", "text/plain");
        assertEquals(200, again.statusCode(), again.body());

        for (Socket s : tricklers) {
          assertEquals(0, s.getInputStream().available(), "a trickling upload is still being received, not answered");
        }
      } finally {
        drip.shutdownNow();
        for (Socket s : tricklers) {
          s.close();
        }
      }
    }
  }

  @Test
  void aBodySlowerThanItsDeadline_gets408_andItsConnectionClosed() throws Exception {
    try (BayTraceNode node = start(HttpLimits.DEFAULT.withBodyTimeoutMillis(1000))) {
      try (Socket s = openUpload(node, 1000)) {
        write(s, "{");
        String answer = readAll(s.getInputStream()); // until the server closes the connection
        assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
        JsonNode problem = JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
        assertEquals("REQUEST_TIMEOUT", problem.get("reason").asText());
        assertTrue(problem.get("detail").asText().contains("http.body_timeout_ms"), problem.toString());
      }
      assertEquals(200, get(node, "/v1/ledger/checkpoint", "text/plain").statusCode());
    }
  }

  @Test
  void aBodyLargerThanAllowed_isRefused413_beforeItIsRead() throws Exception {
    try (BayTraceNode node = start(HttpLimits.DEFAULT)) {
      try (Socket s = openUpload(node, HttpLimits.DEFAULT.maxBodyBytes() + 1L)) {
        String answer = readAll(s.getInputStream());
        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        assertTrue(answer.contains("http.max_body_bytes"), answer);
      }
    }
  }

  @Test
  void bodiesBeyondTheMemoryAllowance_get503WithRetryAfter_andTheOthersAreStillReceived() throws Exception {
    // 3 MiB of allowance: two 1.2 MB bodies fit, the third does not. Which one is third is the
    // server's order of arrival; the two it receives get 408 at their (short) deadline.
    try (BayTraceNode node = start(new HttpLimits(2 << 20, 3_000, 30, 8, 3 << 20, 1200, 200))) {
      List<Socket> uploads = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          uploads.add(openUpload(node, 1_200_000));
        }
        uploads.forEach(s -> write(s, "{"));
        List<String> answers = new ArrayList<>();
        for (Socket s : uploads) {
          answers.add(readAll(s.getInputStream())); // each is answered, then closed
        }
        List<String> busy = answers.stream().filter(a -> a.startsWith("HTTP/1.1 503")).toList();
        assertEquals(1, busy.size(), "one upload beyond the allowance: " + answers);
        assertTrue(busy.get(0).contains("Retry-After: "), busy.get(0));
        assertTrue(busy.get(0).contains("limits.max_request_memory_bytes"), busy.get(0));
        assertEquals(2, answers.stream().filter(a -> a.startsWith("HTTP/1.1 408")).count(),
            "the uploads within the allowance were received until their deadline: " + answers);
      } finally {
        for (Socket s : uploads) {
          s.close();
        }
      }
      HttpResponse<String> captured = post(node, "/events", EVENT);
      assertEquals(201, captured.statusCode(), "closed uploads gave their memory back: " + captured.body());
    }
  }

  @Test
  void anUploadWithoutACredential_gets401BeforeItsBodyIsRead_whileAnAuthenticatedOneIsReceived() throws Exception {
    SigningKey farmKey = SigningKey.generate();
    Path keyFile = dir.resolve("river-farm.key");
    KeyFiles.savePrivate(farmKey, keyFile);
    String token = HttpAccess.newToken();
    NodeConfig config = LoopbackNodeConfig.in(dir.resolve("data"))
        .withRegistry(OrgRegistry.of(List.of(Org.of("river-farm", Role.PRODUCER, farmKey.publicKey()))))
        .withCapture(Optional.of(new CaptureIdentity("river-farm", keyFile, farmKey)))
        .withHttpAccess(new HttpAccess(List.of(HttpAccess.Token.of("river-farm", token)), List.of()));
    try (BayTraceNode node = BayTraceNode.start(config,
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
      try (Socket anonymous = openUpload(node, 8_000_000, null);
          Socket farm = openUpload(node, 8_000_000, token)) {
        write(farm, "{");
        String answer = readAll(anonymous.getInputStream()); // the server closes it after its answer
        assertTrue(answer.startsWith("HTTP/1.1 401"), answer);
        assertTrue(answer.contains("WWW-Authenticate: Bearer realm=\"baytrace\""), answer);
        JsonNode problem = JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
        assertEquals(401, problem.get("status").asInt(), problem.toString());
        assertEquals(0, farm.getInputStream().available(), "the authenticated upload is still being received");
      }
    }
  }

  private BayTraceNode start(HttpLimits limits) throws IOException {
    NodeConfig config = LoopbackNodeConfig.in(dir.resolve("data"))
        .withHttpLimits(limits);
    return BayTraceNode.start(config, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  /** A connection that sent the headers of a POST /capture of {@code length} bytes and no body yet. */
  private static Socket openUpload(BayTraceNode node, long length) throws IOException {
    return openUpload(node, length, null);
  }

  /** As {@link #openUpload(BayTraceNode, long)}, with a bearer token unless it is null. */
  private static Socket openUpload(BayTraceNode node, long length, String token) throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), node.httpPort());
    s.setSoTimeout(120_000);
    write(s, "POST /capture HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/ld+json\r\n"
        + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "Content-Length: " + length + "\r\n\r\n");
    return s;
  }

  private static void write(Socket s, String text) {
    try {
      OutputStream out = s.getOutputStream();
      out.write(text.getBytes(StandardCharsets.US_ASCII));
      out.flush();
    } catch (IOException e) {
      // the server closed it; the assertions say whether it should have
    }
  }

  private static String readAll(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  private HttpResponse<String> get(BayTraceNode node, String path, String accept) throws Exception {
    return client.send(HttpRequest.newBuilder(uri(node, path)).header("Accept", accept)
        .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(BayTraceNode node, String path, String body) throws Exception {
    return client.send(HttpRequest.newBuilder(uri(node, path)).header("Content-Type", "application/ld+json")
        .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(BayTraceNode node, String path) {
    return URI.create("http://127.0.0.1:" + node.httpPort() + path);
  }
}
