package org.baytrace.tracking.node.http;

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
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.baytrace.ledger.AuthorPolicy;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.LedgerConfig;
import org.baytrace.ledger.TestRecords;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.store.LedgerStores;

/** A real ledger on RocksDB in a temp dir, served on a loopback port, and an HTTP client for it. */
final class HttpFixture implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  final SigningKey author = SigningKey.generate();
  final NoteSigner node;
  final Ledger ledger;
  final LedgerHttpServer server;
  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private int nonce;

  HttpFixture(Path dir, Object... extras) {
    this(dir, nodeSigner(false), extras);
  }

  HttpFixture(Path dir, NoteSigner node, Object... extras) {
    this.node = node;
    ledger = Ledger.open(new LedgerConfig(TestRecords.ORIGIN, node, AuthorPolicy.anyKey()), LedgerStores.openRocksDb(dir));
    server = LedgerHttpServer.start(ledger, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), extras);
  }

  /**
   * A node signer whose verifier key has (or has not) a '+' in its base64 key part.
   * NoteVerifier.parse splits the whole vkey on '+', so it refuses about half of all random keys
   * (a ledger bug, reported); tests that parse the served vkey with it use a key it can parse.
   */
  static NoteSigner nodeSigner(boolean plusInKey) {
    while (true) {
      NoteSigner signer = new NoteSigner("test-node", SigningKey.generate());
      String keyPart = signer.verifier().encode().split("\\+", 3)[2];
      if (keyPart.contains("+") == plusInKey) {
        return signer;
      }
    }
  }

  /** Appends one record about these subjects; returns its index. */
  long append(String... subjects) {
    return ledger.append(TestRecords.signed(author, "org1", List.of(subjects), "nonce-" + nonce++)).index();
  }

  HttpResponse<String> get(String pathAndQuery) {
    return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET());
  }

  HttpResponse<String> send(String method, String pathAndQuery) {
    return send(HttpRequest.newBuilder(uri(pathAndQuery)).method(method, HttpRequest.BodyPublishers.noBody()));
  }

  HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  URI uri(String pathAndQuery) {
    return server.baseUri().resolve(pathAndQuery.startsWith("/") ? pathAndQuery.substring(1) : pathAndQuery);
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
    }
  }

  static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  @Override
  public void close() {
    server.close();
    ledger.close();
  }
}
