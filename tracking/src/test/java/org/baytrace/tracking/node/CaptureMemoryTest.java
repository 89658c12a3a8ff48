package org.baytrace.tracking.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.baytrace.config.HttpLimits;
import org.baytrace.config.NodeConfig;
import org.baytrace.ledger.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Twelve 8 MB EPCIS documents captured at once on a node with the default memory allowance
 * (256 MiB): the ones that fit are taken, the others get 503 with {@code Retry-After}, the live
 * heap grows by a bounded amount (measured after full collections while the captures run, not
 * timed), and the node answers and captures normally afterwards. The test JVM's heap is bounded
 * ({@code -Xmx1g}, surefire {@code argLine} in the parent POM), so a node that held every
 * document at once would fail here rather than grow.
 */
class CaptureMemoryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int DOCUMENTS = 12;
  private static final int DOCUMENT_BYTES = 8_000_000;
  private static final String EVENT = """
      {"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"ObjectEvent",
       "eventTime":"2026-11-28T08:00:00Z","eventTimeZoneOffset":"+08:00",
       "epcList":["urn:epc:id:sgtin:9506000.134352.AFTER"],"action":"OBSERVE","bizStep":"shipping"}
      """;

  @TempDir
  Path dir;

  @Test
  void twelveConcurrent8MbCaptures_someGet503_theHeapStaysBounded_andTheNodeStaysHealthy() throws Exception {
    NodeConfig config = LoopbackNodeConfig.in(dir.resolve("data"));
    long allowance = HttpLimits.DEFAULT.maxRequestMemoryBytes();
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    try (BayTraceNode node = BayTraceNode.start(config,
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
      List<byte[]> documents = new ArrayList<>();
      for (int d = 0; d < DOCUMENTS; d++) {
        documents.add(document(d));
      }
      long baseline = liveHeap();
      AtomicLong peak = new AtomicLong(baseline);
      // The live heap after a full collection, four times a second while the captures run. A
      // daemon thread stopped in finally: a failed capture must not leave it collecting forever.
      ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "heap-sampler");
        t.setDaemon(true);
        return t;
      });
      int accepted = 0;
      int busy = 0;
      try {
        sampler.scheduleWithFixedDelay(() -> peak.accumulateAndGet(liveHeap(), Math::max), 0, 250, TimeUnit.MILLISECONDS);
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (byte[] doc : documents) {
          sent.add(client.sendAsync(HttpRequest.newBuilder(uri(node, "/capture"))
              .header("Content-Type", "application/ld+json").timeout(Duration.ofMinutes(5))
              .POST(HttpRequest.BodyPublishers.ofByteArray(doc)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        documents.clear(); // the client holds its own copies while it sends them
        List<String> jobs = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> f : sent) {
          HttpResponse<String> r = f.join();
          if (r.statusCode() == 202) {
            accepted++;
            jobs.add(r.headers().firstValue("Location").orElseThrow());
          } else {
            assertEquals(503, r.statusCode(), r.body());
            assertTrue(r.headers().firstValue("Retry-After").isPresent(), "503 says when to retry");
            assertTrue(r.body().contains("limits.max_request_memory_bytes"), r.body());
            busy++;
          }
        }
        for (String job : jobs) {
          waitUntilFinished(client, node, job);
        }
      } finally {
        sampler.shutdownNow();
        sampler.awaitTermination(1, TimeUnit.MINUTES);
      }
      peak.accumulateAndGet(liveHeap(), Math::max);

      long grown = peak.get() - baseline;
      System.out.printf("capture memory: %d accepted, %d refused 503; live heap %d MiB before, peak %d MiB (+%d MiB),"
          + " allowance %d MiB%n", accepted, busy, baseline >> 20, peak.get() >> 20, grown >> 20, allowance >> 20);
      assertTrue(accepted >= 1, "documents that fit are captured");
      assertTrue(busy >= 1, "documents beyond the allowance are refused with 503");
      // The allowance is what capture may hold by estimate; the live heap may exceed it only by
      // what is not counted (the client's own copies of the documents, connection buffers).
      long bound = allowance + (long) DOCUMENTS * DOCUMENT_BYTES + (64L << 20);
      assertTrue(grown < bound, "live heap grew by " + (grown >> 20) + " MiB, want under " + (bound >> 20) + " MiB");

      HttpResponse<String> checkpoint = client.send(HttpRequest.newBuilder(uri(node, "/v1/ledger/checkpoint")).GET()
          .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, checkpoint.statusCode());
      HttpResponse<String> event = client.send(HttpRequest.newBuilder(uri(node, "/events"))
          .header("Content-Type", "application/ld+json").timeout(Duration.ofSeconds(60))
          .POST(HttpRequest.BodyPublishers.ofString(EVENT)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(201, event.statusCode(), "the node captures normally afterwards: " + event.body());
    }
  }

  /** An EPCIS document of about 8 MB: 1000 events, each padded with business transactions. */
  private static byte[] document(int d) {
    StringBuilder b = new StringBuilder(DOCUMENT_BYTES + 10_000);
    b.append("{\"@context\":[\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\"],"
        + "\"type\":\"EPCISDocument\",\"schemaVersion\":\"2.0\",\"creationDate\":\"2026-11-28T08:00:00Z\","
        + "\"epcisBody\":{\"eventList\":[");
    int events = 1000;
    int perEvent = DOCUMENT_BYTES / events;
    for (int e = 0; e < events; e++) {
      int start = b.length();
      b.append(e == 0 ? "" : ",").append("{\"type\":\"ObjectEvent\",\"eventID\":\"urn:uuid:00000000-0000-4000-8000-")
          .append(String.format("%04d%08d", d, e)).append("\",\"eventTime\":\"2026-11-28T08:00:00Z\",")
          .append("\"eventTimeZoneOffset\":\"+08:00\",\"epcList\":[\"urn:epc:id:sgtin:9506000.134352.D")
          .append(d).append('-').append(e).append("\"],\"action\":\"OBSERVE\",\"bizStep\":\"shipping\","
              + "\"bizTransactionList\":[");
      int t = 0;
      while (b.length() - start < perEvent - 120) {
        b.append(t == 0 ? "" : ",").append("{\"type\":\"po\",\"bizTransaction\":\"urn:epcglobal:cbv:bt:9506000000000:PO-")
            .append(d).append('-').append(e).append('-').append(t++).append("\"}");
      }
      b.append("]}");
    }
    b.append("]}}");
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void waitUntilFinished(HttpClient client, BayTraceNode node, String location) {
    URI job = uri(node, "/").resolve(location);
    Await.until("capture job " + location + " finished", Duration.ofMinutes(5), () -> JSON.readTree(client.send(
        HttpRequest.newBuilder(job).header("Accept", "application/json").GET().timeout(Duration.ofSeconds(60)).build(),
        HttpResponse.BodyHandlers.ofString()).body()), j -> !j.path("running").asBoolean(true));
  }

  private static long liveHeap() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }

  private static URI uri(BayTraceNode node, String path) {
    return URI.create("http://127.0.0.1:" + node.httpPort() + path);
  }
}
