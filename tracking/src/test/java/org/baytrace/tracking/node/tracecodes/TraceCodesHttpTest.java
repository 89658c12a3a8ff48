package org.baytrace.tracking.node.tracecodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.baytrace.ledger.registry.OrgRegistry;
import org.baytrace.ledger.AuthorPolicy;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.LedgerConfig;
import org.baytrace.ledger.TestRecords;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.store.LedgerStores;
import org.baytrace.tracking.node.http.LedgerHttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Digital Link ↔ EPC URI over HTTP, with company-prefix lengths from the org registry. */
class TraceCodesHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void printedLink_isTheResolversHostWithTheLedgersTrustRoot() throws Exception {
    try (Ledger ledger = Ledger.open(new LedgerConfig(TestRecords.ORIGIN, new NoteSigner("n", SigningKey.generate()),
            AuthorPolicy.anyKey()), LedgerStores.openRocksDb(dir))) {
      org.baytrace.tracking.node.resolver.Resolver resolver =
          new org.baytrace.tracking.node.resolver.Resolver(ledger, c -> List.of(), "https://trace.example.com");
      try (LedgerHttpServer http = LedgerHttpServer.start(ledger, new InetSocketAddress("127.0.0.1", 0),
          TraceCodes.fromRegistry(OrgRegistry.empty()).withPrintedLinks(resolver::printedLink).httpComponents())) {
        JsonNode code = get(http, "urn:epc:id:sgtin:0614141.107346.2018", 200);
        assertEquals("https://trace.example.com/01/10614141073464/21/2018?trustRoot=" + resolver.trustRoot().id(),
            code.path("printedLink").asText());
      }
    }
  }

  @Test
  void conversion_usesTheRegistrysCompanyPrefixes() throws Exception {
    OrgRegistry registry = OrgRegistry.of(List.of(new OrgRegistry.Org("acme", "Acme", Set.of(OrgRegistry.Role.PRODUCER),
        List.of(new OrgRegistry.OrgKey(SigningKey.generate().publicKey(), null, null)), List.of("0614141"), null)));
    try (Ledger ledger = Ledger.open(new LedgerConfig(TestRecords.ORIGIN, new NoteSigner("n", SigningKey.generate()),
            AuthorPolicy.anyKey()), LedgerStores.openRocksDb(dir));
        LedgerHttpServer http = LedgerHttpServer.start(ledger, new InetSocketAddress("127.0.0.1", 0),
            TraceCodes.fromRegistry(registry).httpComponents())) {
      JsonNode fromLink = get(http, "https://id.gs1.org/01/10614141073464/21/2018", 200);
      assertEquals("urn:epc:id:sgtin:0614141.107346.2018", fromLink.path("epcUri").asText());
      JsonNode fromUrn = get(http, "urn:epc:id:sgtin:0614141.107346.2018", 200);
      assertEquals("https://id.gs1.org/01/10614141073464/21/2018", fromUrn.path("digitalLink").asText());

      JsonNode unknownPrefix = get(http, "https://id.gs1.org/01/09506000134352/21/1", 200);
      assertTrue(unknownPrefix.path("epcUri").isNull(), unknownPrefix.toString());
      assertTrue(unknownPrefix.path("epcUriProblem").asText().contains("09506000134352")
          || unknownPrefix.path("epcUriProblem").asText().contains("9506000134352"), unknownPrefix.toString());

      JsonNode urnOfUnregisteredPrefix = get(http, "urn:epc:id:sgtin:9506000.013435.1", 200);
      assertEquals("urn:epc:id:sgtin:9506000.013435.1", urnOfUnregisteredPrefix.path("epcUri").asText(),
          "an EPC URI carries its own prefix length");

      JsonNode badCheckDigit = get(http, "https://id.gs1.org/01/10614141073467/21/2018", 400);
      assertTrue(badCheckDigit.path("detail").asText().contains("check digit"), badCheckDigit.toString());
      get(http, "", 400);
    }
  }

  private static JsonNode get(LedgerHttpServer http, String code, int wantStatus) throws Exception {
    HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
        HttpRequest.newBuilder(URI.create(http.baseUri() + "v1/trace-codes?code="
            + URLEncoder.encode(code, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(wantStatus, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }
}
