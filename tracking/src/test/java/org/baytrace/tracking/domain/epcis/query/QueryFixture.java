package org.baytrace.tracking.domain.epcis.query;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.ledger.AuthorPolicy;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.LedgerConfig;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.record.RecordLimits;
import org.baytrace.ledger.record.Records;
import org.baytrace.ledger.store.LedgerStores;
import org.baytrace.tracking.domain.epcis.record.EpcisRecords;
import org.baytrace.tracking.node.epcis.query.EpcisQueries;
import org.baytrace.tracking.node.http.LedgerHttpServer;

/**
 * A real RocksDB ledger in a temp dir, EPCIS queries over it with their projection in another
 * directory, the HTTP server on a loopback port, and helpers to append EPCIS events and query.
 */
final class QueryFixture implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String ORIGIN = "baytrace.test/epcis-query";
  static final String ORG = "org1";

  /** A clock that moves one second on every reading, so that every append has its own record time. */
  static final class StepClock extends Clock {
    private final AtomicLong millis = new AtomicLong(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public long millis() {
      return millis.getAndAdd(1000);
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis());
    }
  }

  /** An event as appended: its ledger index, the content stored, and the record time. */
  record Appended(long index, ObjectNode content, Instant recordTime) {}

  final Path ledgerDir;
  final Path projectionDir;
  final SigningKey author = SigningKey.generate();
  final Ledger ledger;
  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  final List<Appended> appended = new ArrayList<>();
  EpcisQueries queries;
  LedgerHttpServer server;

  QueryFixture(Path dir) {
    ledgerDir = dir.resolve("ledger");
    projectionDir = dir.resolve("epcis");
    ledger = Ledger.open(new LedgerConfig(ORIGIN, new NoteSigner("n", SigningKey.generate()), AuthorPolicy.anyKey(),
        RecordLimits.DEFAULT, new StepClock()), LedgerStores.openRocksDb(ledgerDir));
    openQueries();
  }

  void openQueries() {
    queries = EpcisQueries.open(ledger, projectionDir);
    server = LedgerHttpServer.start(ledger, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        queries.httpComponents());
  }

  void closeQueries() {
    server.close();
    queries.close();
  }

  /** Appends one event of a document; returns its ledger index. */
  long append(JsonNode event, JsonNode context) {
    RecordBody body = EpcisRecords.toBody(ORIGIN, ORG, event, context);
    long index = ledger.append(Records.sign(body.toByteArray(), author)).index();
    var stored = EpcisRecords.fromLeaf(ledger.entry(index).leaf());
    if (appended.stream().noneMatch(a -> a.index == index)) {
      appended.add(new Appended(index, stored.event(), Instant.ofEpochMilli(stored.recordTimeUnixMillis())));
    }
    return index;
  }

  /** Appends an event given as JSON text, with the standard context. */
  long append(String eventJson) {
    try {
      return append(JSON.readTree(eventJson), JSON.readTree("[\"" + QueryDocuments.EPCIS_CONTEXT + "\"]"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void awaitCaughtUp() {
    try {
      queries.awaitCaughtUp(ledger.head().size(), Duration.ofSeconds(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (TimeoutException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  // ---- the GS1 examples ----

  /** shared/testdata/epcis/examples, found by walking up from the working directory. */
  static Path examplesDir() {
    for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared/testdata/epcis/examples");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return fail("shared/testdata/epcis/examples not found above " + Paths.get("").toAbsolutePath()
        + ": the GS1 EPCIS examples are needed (see shared/testdata)");
  }

  /** Appends every event of every EPCISDocument example that capture accepts; returns how many. */
  int appendAllExamples() {
    List<Path> files;
    try (Stream<Path> s = Files.list(examplesDir())) {
      files = s.filter(p -> p.toString().endsWith(".jsonld")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int documents = 0;
    int events = 0;
    for (Path f : files) {
      JsonNode doc;
      try {
        doc = JSON.readTree(f.toFile());
      } catch (IOException e) {
        throw new UncheckedIOException("example " + f + " is not JSON", e);
      }
      if (!"EPCISDocument".equals(doc.path("type").asText())) {
        continue;
      }
      documents++;
      for (JsonNode event : doc.path("epcisBody").path("eventList")) {
        try {
          append(event, doc.get("@context"));
          events++;
        } catch (IllegalArgumentException e) {
          // capture refuses it (an identifier it cannot read, say): not ours to store
        }
      }
    }
    assertTrue(documents >= 40, "EPCISDocument examples: got " + documents + ", want at least 40");
    return events;
  }

  // ---- HTTP ----

  HttpResponse<String> get(String pathAndQuery) {
    return get(URI.create(server.baseUri().toString() + pathAndQuery.replaceFirst("^/", "")));
  }

  HttpResponse<String> get(URI uri) {
    try {
      return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code /events?...} for these parameters, values percent-encoded. */
  static String eventsPath(Map<String, String> params) {
    StringBuilder sb = new StringBuilder("/events");
    char sep = '?';
    for (Map.Entry<String, String> e : params.entrySet()) {
      sb.append(sep).append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8).replace("+", "%20"));
      sep = '&';
    }
    return sb.toString();
  }

  static JsonNode json(HttpResponse<String> r) {
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON (HTTP " + r.statusCode() + "): " + r.body(), e);
    }
  }

  /** Every event of a query over HTTP, following the next links; fails on a repeated event. */
  List<JsonNode> queryAll(Map<String, String> params) {
    List<JsonNode> out = new ArrayList<>();
    URI next = URI.create(server.baseUri().toString() + eventsPath(params).substring(1));
    int pages = 0;
    while (next != null) {
      HttpResponse<String> r = get(next);
      if (r.statusCode() != 200) {
        throw new AssertionError("GET " + next + ": HTTP " + r.statusCode() + ": " + r.body());
      }
      JsonNode doc = json(r);
      doc.path("epcisBody").path("queryResults").path("resultsBody").path("eventList").forEach(out::add);
      next = r.headers().firstValue("Link").map(QueryFixture::nextLink).orElse(null);
      if (++pages > 10_000) {
        throw new AssertionError("more than 10,000 pages for " + params);
      }
    }
    return out;
  }

  static URI nextLink(String link) {
    if (!link.startsWith("<") || !link.endsWith(">; rel=\"next\"")) {
      throw new AssertionError("Link header: got " + link + ", want <url>; rel=\"next\"");
    }
    return URI.create(link.substring(1, link.indexOf('>')));
  }

  static long ledgerIndex(JsonNode event) {
    return event.path("bt:ledger").path("index").asLong(-1);
  }

  @Override
  public void close() {
    closeQueries();
    ledger.close();
  }
}
