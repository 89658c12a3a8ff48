package org.baytrace.tracking.node.epcis.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.baytrace.ledger.AuthorPolicy;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.LedgerConfig;
import org.baytrace.ledger.TestRecords;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.sequencer.Sequencer;
import org.baytrace.ledger.store.LedgerStores;
import org.baytrace.ledger.testing.Await;
import org.baytrace.config.HttpAccess;
import org.baytrace.tracking.domain.epcis.record.EpcisRecords;
import org.baytrace.tracking.domain.epcis.record.UniqueEventIdRule;
import org.baytrace.tracking.node.http.Authenticator;
import org.baytrace.tracking.node.http.CallerFilter;
import org.baytrace.tracking.node.http.LedgerHttpServer;

/**
 * A real node for capture tests: a RocksDB ledger in a temp dir whose registry knows one org
 * ({@link #ORG}) and its key, the real sequencer, EPCIS capture signing as that org, and the HTTP
 * server on a loopback port, with a client.
 */
final class CaptureFixture implements AutoCloseable {
  static final String ORG = "pearl-river-foods";
  static final String LD_JSON = "application/ld+json";
  static final ObjectMapper JSON = new ObjectMapper();

  final SigningKey orgKey = SigningKey.generate();
  /** While set, every author-policy check (capture's and the sequencer's) waits for it to open. */
  volatile CountDownLatch gate;
  final Ledger ledger;
  final Sequencer sequencer;
  final EpcisCapture capture;
  final LedgerHttpServer server;
  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  CaptureFixture(Path dir, Object... extraComponents) {
    this(dir, CaptureLimits.DEFAULT, null, extraComponents);
  }

  /**
   * @param captureKey the key capture signs with; null for the org's registered key
   */
  CaptureFixture(Path dir, CaptureLimits limits, SigningKey captureKey, Object... extraComponents) {
    this(dir, limits, captureKey, false, extraComponents);
  }

  /** @param refuseHashIdMismatch as {@code [capture] hash_id_mismatch = "refuse"} */
  CaptureFixture(Path dir, CaptureLimits limits, SigningKey captureKey, boolean refuseHashIdMismatch,
      Object... extraComponents) {
    AuthorPolicy registered = AuthorPolicy.registeredKeys(Map.of(orgKey.publicKey(), ORG));
    AuthorPolicy policy = record -> {
      CountDownLatch g = gate;
      if (g != null) {
        try {
          g.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      registered.check(record);
    };
    ledger = Ledger.open(new LedgerConfig(TestRecords.ORIGIN, new NoteSigner("test-node", SigningKey.generate()), policy),
        LedgerStores.openRocksDb(dir));
    UniqueEventIdRule eventIds = new UniqueEventIdRule();
    ledger.install(eventIds);
    sequencer = new Sequencer(ledger, 2, 1000, Duration.ofMillis(2), 20_000);
    capture = new EpcisCapture(ledger, sequencer, schema(), ORG, captureKey == null ? orgKey : captureKey,
        Clock.systemUTC(), limits, refuseHashIdMismatch).heldEventIds(eventIds::heldAt);
    List<Object> components = new ArrayList<>(List.of(capture.httpComponents()));
    // Requests without a credential act for ORG, as in the embedded default on loopback.
    components.add(new CallerFilter(Authenticator.of(HttpAccess.NONE).withAnonymous(ORG)));
    components.addAll(List.of(extraComponents));
    server = LedgerHttpServer.start(ledger, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        components.toArray());
  }

  static EpcisSchema schema() {
    return EpcisSchema.gs1();
  }


  /** {@code shared/testdata/epcis/examples}, found by walking up; fails the test if it is missing. */
  /** The shared test data's {@code epcis/} folder, found above the working directory. */
  static Path sharedEpcisDir() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared/testdata/epcis");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError("shared/testdata/epcis not found above " + Path.of("").toAbsolutePath());
  }

  static Path examplesDir() {
    Path dir = sharedEpcisDir().resolve("examples");
    if (!Files.isDirectory(dir)) {
      fail("GS1 EPCIS examples not found at " + dir);
    }
    return dir;
  }

  static List<Path> examples() {
    try (Stream<Path> files = Files.list(examplesDir())) {
      return files.filter(p -> p.getFileName().toString().endsWith(".jsonld")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(byte[] bytes) {
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
    }
  }

  /** The events of a capture or query document. */
  static List<JsonNode> events(JsonNode document) {
    JsonNode list = document.at(CaptureInput.EVENT_LIST);
    if (list.isMissingNode()) {
      list = document.at(CaptureInput.QUERY_EVENT_LIST);
    }
    List<JsonNode> out = new ArrayList<>();
    list.forEach(out::add);
    return out;
  }

  HttpResponse<String> post(String path, String contentType, byte[] body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b);
  }

  HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return client.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  URI uri(String path) {
    return server.baseUri().resolve(path.startsWith("/") ? path.substring(1) : path);
  }

  /** POSTs a document to /capture, expects 202, and returns the finished job's JSON. */
  JsonNode captureAndWait(byte[] document, String... headers) {
    HttpResponse<String> r = post("/capture", LD_JSON, document, headers);
    assertEquals(202, r.statusCode(), r.body());
    String location = r.headers().firstValue("Location").orElse(null);
    assertNotNull(location, "Location header of 202");
    return awaitJob(URI.create(location).getPath());
  }

  /** Polls a capture job until it is no longer running. */
  JsonNode awaitJob(String path) {
    return Await.until("capture job " + path + " finished", Duration.ofSeconds(20), () -> {
      HttpResponse<String> r = get(path);
      assertEquals(200, r.statusCode(), r.body());
      return json(r);
    }, job -> !job.path("running").asBoolean(true));
  }

  /** The event stored at a ledger index, read back through the record contract. */
  EpcisRecords.StoredEvent stored(long index) {
    EpcisRecords.StoredEvent e = EpcisRecords.fromLeaf(ledger.entry(index).leaf());
    assertNotNull(e, "entry " + index + " is not an EPCIS event record");
    return e;
  }

  long size() {
    return ledger.head().size();
  }

  @Override
  public void close() {
    server.close();
    capture.close();
    sequencer.close();
    ledger.close();
  }
}
