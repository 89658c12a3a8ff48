package org.baytrace.tracking.node.resolver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.ledger.AuthorPolicy;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.LedgerConfig;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.record.Records;
import org.baytrace.ledger.store.LedgerStores;
import org.baytrace.tracking.domain.epcis.record.EpcisRecords;
import org.baytrace.tracking.node.http.LedgerHttpServer;

/**
 * A real ledger on RocksDB in a temp dir with the durian trace appended as signed EPCIS records,
 * served with the resolver on a loopback port, and an HTTP client for it.
 */
final class ResolverFixture implements AutoCloseable {
  static final String ORIGIN = "baytrace.test/resolver";

  final SigningKey author = SigningKey.generate();
  final NoteSigner node;
  final Path dir;
  Ledger ledger;
  LedgerHttpServer server;
  Resolver resolver;
  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  /** Ledger index of each appended event, in append order. */
  final List<Long> indexes = new ArrayList<>();

  ResolverFixture(Path dir) {
    this(dir, new NoteSigner("test-node", SigningKey.generate()));
  }

  /** A ledger signed by {@code node}: two fixtures with one node key are two histories of one ledger. */
  ResolverFixture(Path dir, NoteSigner node) {
    this.dir = dir;
    this.node = node;
    ledger = Ledger.open(new LedgerConfig(ORIGIN, node, AuthorPolicy.anyKey()), LedgerStores.openRocksDb(dir));
  }

  /** Appends the durian trace: the lot's events, then the box and pallet events. */
  ResolverFixture withDurianTrace() {
    // a record of another kind about the lot, which the page must skip
    ledger.append(Records.sign(RecordBody.newBuilder().setOrigin(ORIGIN).setKind("coldchain.Note")
        .addSubjects(DurianTrace.LOT_DL).setEventTimeUnixMillis(1_795_000_000_000L).setAuthorOrg("th-durian-coop")
        .setNonce(com.google.protobuf.ByteString.copyFromUtf8("note-1")).setContentType("text/plain")
        .setContent(com.google.protobuf.ByteString.copyFromUtf8("not an EPCIS event")).build().toByteArray(), author));
    DurianTrace.lotEvents().forEach(this::append);
    DurianTrace.itemAndPalletEvents().forEach(this::append);
    return this;
  }

  long append(ObjectNode event) {
    RecordBody body = EpcisRecords.toBody(ORIGIN, "th-durian-coop", event, DurianTrace.CONTEXT);
    long index = ledger.append(Records.sign(body.toByteArray(), author)).index();
    indexes.add(index);
    return index;
  }

  /** Starts serving with the resolver over the ledger. */
  ResolverFixture serve() {
    return serve(l -> Resolver.overLedger(l));
  }

  ResolverFixture serve(Function<Ledger, Resolver> resolverFactory) {
    resolver = resolverFactory.apply(ledger);
    server = LedgerHttpServer.start(ledger, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        resolver.httpComponents());
    return this;
  }

  /** Stops the server and closes the ledger, so that the store can be changed behind its back. */
  void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
    if (ledger != null) {
      ledger.close();
      ledger = null;
    }
  }

  /** Reopens the ledger without re-verifying every entry (as a node started without --verify-all). */
  ResolverFixture reopenUnverified() {
    ledger = Ledger.open(new LedgerConfig(ORIGIN, node, AuthorPolicy.anyKey()),
        LedgerStores.openRocksDb(dir, false, n -> {}));
    return this;
  }

  URI uri(String pathAndQuery) {
    return server.baseUri().resolve(pathAndQuery.startsWith("/") ? pathAndQuery.substring(1) : pathAndQuery);
  }

  HttpResponse<String> get(String pathAndQuery, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathAndQuery)).GET();
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b, HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<byte[]> getBytes(String pathAndQuery) {
    return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** The page as JSON. */
  JsonNode json(String pathAndQuery, String... headers) {
    List<String> h = new ArrayList<>(List.of("Accept", "application/json"));
    h.addAll(List.of(headers));
    HttpResponse<String> r = get(pathAndQuery, h.toArray(String[]::new));
    if (r.statusCode() != 200) {
      throw new AssertionError("GET " + pathAndQuery + ": " + r.statusCode() + " " + r.body());
    }
    return parse(r);
  }

  static JsonNode parse(HttpResponse<String> r) {
    try {
      return DurianTrace.JSON.readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON (" + r.statusCode() + "): " + r.body(), e);
    }
  }

  <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
    try {
      return client.send(request.timeout(Duration.ofSeconds(20)).build(), handler);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String header(HttpResponse<?> r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }

  @Override
  public void close() {
    stop();
  }
}
