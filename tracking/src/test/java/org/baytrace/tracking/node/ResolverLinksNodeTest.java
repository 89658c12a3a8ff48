package org.baytrace.tracking.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.baytrace.config.NodeConfig;
import org.baytrace.config.TrustRoots;
import org.baytrace.ledger.registry.GenesisRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node's printed links: {@code [resolver] base_url} is the host that trace codes and QR codes
 * name, and they carry the trust root of the node's ledger, which the node also serves.
 */
class ResolverLinksNodeTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  JsonNode get(BayTraceNode node, String pathAndQuery) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + node.httpPort() + pathAndQuery)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), pathAndQuery + ": " + r.body());
    return JSON.readTree(r.body());
  }

  @Test
  void configuredBaseUrl_andTheLedgersTrustRoot_areWhatPrintedCodesCarry() throws Exception {
    NodeConfig config = LoopbackNodeConfig.in(dir.resolve("data")).withResolverBaseUrl(Optional.of("https://trace.example.com/gba"));
    try (BayTraceNode node = BayTraceNode.start(config, new PrintStream(new ByteArrayOutputStream(), true,
        StandardCharsets.UTF_8))) {
      // The embedded node begins its ledger with its genesis: codes carry the hash of entry 0,
      // and the route also names today's signer, the node's own key (the key-set root older codes carry).
      String root = GenesisRoot.of(config.origin(), node.ledger().entry(0).leaf()).id();
      JsonNode served = get(node, "/v1/resolver/trust-root");
      assertEquals(root, served.path("id").asText());
      assertEquals(GenesisRoot.VERSION, served.path("version").asText());
      assertEquals(TrustRoots.of(config, node.ledger().verifierKey()).id(), served.path("keysId").asText());
      JsonNode code = get(node, "/v1/trace-codes?code="
          + URLEncoder.encode("https://id.gs1.org/01/09506000134352/10/LOT-1", StandardCharsets.UTF_8));
      assertEquals("https://trace.example.com/gba/01/09506000134352/10/LOT-1?trustRoot=" + root,
          code.path("printedLink").asText());
    }
  }
}
