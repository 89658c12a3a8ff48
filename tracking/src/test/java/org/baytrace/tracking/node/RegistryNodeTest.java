package org.baytrace.tracking.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.baytrace.config.NodeConfig;
import org.baytrace.config.NodeKeys;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.registry.Change;
import org.baytrace.ledger.registry.GovernanceRecords;
import org.baytrace.ledger.registry.OrgRegistry;
import org.baytrace.ledger.registry.OrgRegistry.Org;
import org.baytrace.ledger.registry.OrgRegistry.OrgKey;
import org.baytrace.ledger.registry.Proposal;
import org.baytrace.ledger.registry.SignedProposal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry on a running node: the embedded node's own genesis, a key added and
 * revoked by governance records, {@code GET /v1/registry} over real HTTP, and a member whose
 * founding registry differs from the ledger's refused at start with what differs.
 */
class RegistryNodeTest {
  @TempDir Path dir;

  private NodeConfig config() {
    return LoopbackNodeConfig.in(dir);
  }

  private static BayTraceNode start(NodeConfig config) throws Exception {
    return BayTraceNode.start(config, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  private static HttpResponse<String> get(BayTraceNode node, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(BayTraceNode node, String path, String accept) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
        .header("Accept", accept).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static long submit(BayTraceNode node, SigningKey key, Change change) {
    SignedProposal p = SignedProposal.unsigned(Proposal.of(node.ledger().origin(),
        node.governance().state().version(), change, "")).signedBy(BayTraceNode.LOCAL_ORG, key);
    return node.ledger().append(GovernanceRecords.signedRecord(p, BayTraceNode.LOCAL_ORG, key, System.currentTimeMillis()))
        .index();
  }

  @Test
  void genesisAndKeyChanges_areServedAtV1Registry_withTheIndexOfEachChange() throws Exception {
    NodeConfig config = config();
    SigningKey second = SigningKey.generate();
    try (BayTraceNode node = start(config)) {
      SigningKey key = NodeKeys.loadOrGenerate(config);
      assertEquals(0, node.governance().state().adoptedAt(), "the embedded node signed and appended its own genesis");
      long added = submit(node, key, new Change.AddKey(BayTraceNode.LOCAL_ORG, OrgKey.of(second.publicKey())));
      long revoked = submit(node, key, new Change.EndKey(BayTraceNode.LOCAL_ORG, second.publicKey(), true, "leaked"));

      HttpResponse<String> r = get(node, "/v1/registry");
      assertEquals(200, r.statusCode(), r.body());
      JsonNode j = new ObjectMapper().readTree(r.body());
      assertEquals(revoked, j.get("version").asLong());
      assertEquals(1, j.get("governance").get("threshold").asInt());
      JsonNode keys = j.get("organisations").get(0).get("keys");
      assertEquals(2, keys.size());
      JsonNode secondKey = keys.get(1);
      assertEquals(second.publicKey().keyId(), secondKey.get("keyId").asText());
      assertEquals(added, secondKey.get("addedAtIndex").asLong());
      assertEquals(revoked, secondKey.get("revokedAtIndex").asLong());
      assertEquals("leaked", secondKey.get("reason").asText());
      assertEquals(List.of("governance.AdoptRegistry", "governance.AddKey", "governance.RevokeKey"),
          List.of(j.get("changes").get(0).get("kind").asText(), j.get("changes").get(1).get("kind").asText(),
              j.get("changes").get(2).get("kind").asText()));

      JsonNode atAdded = new ObjectMapper().readTree(get(node, "/v1/registry?atIndex=" + added).body());
      assertTrue(atAdded.get("organisations").get(0).get("keys").get(1).get("revokedAtIndex") == null,
          "at the index the key was added it was not yet revoked");
      assertEquals(400, get(node, "/v1/registry?atIndex=99").statusCode());

      byte[] record = org.baytrace.ledger.record.Records.sign(org.baytrace.api.ledger.v1.RecordBody.newBuilder()
          .setOrigin(node.ledger().origin()).setKind("epcis.ObjectEvent").addSubjects("urn:uuid:1")
          .setEventTimeUnixMillis(System.currentTimeMillis()).setAuthorOrg(BayTraceNode.LOCAL_ORG)
          .setContentType("application/json").setContent(com.google.protobuf.ByteString.copyFromUtf8("{}")).build()
          .toByteArray(), second);
      LedgerException e = assertThrows(LedgerException.class, () -> node.ledger().append(record));
      assertTrue(e.getMessage().contains("was revoked at index " + revoked + " (leaked)"), e.getMessage());
    }
  }

  @Test
  void aStepSignedByAKeyRevokedSince_saysSoOnTheConsumerPage_inJsonAndHtml() throws Exception {
    NodeConfig config = config();
    SigningKey next = SigningKey.generate();
    try (BayTraceNode node = start(config)) {
      SigningKey key = NodeKeys.loadOrGenerate(config); // the embedded node captures with it
      String event = "{\"@context\":[\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\"],"
          + "\"type\":\"ObjectEvent\",\"eventTime\":\"2026-11-28T08:00:00+08:00\",\"eventTimeZoneOffset\":\"+08:00\","
          + "\"epcList\":[\"urn:epc:id:sgtin:0614141.107346.2018\"],\"action\":\"OBSERVE\",\"bizStep\":\"shipping\","
          + "\"disposition\":\"in_transit\"}";
      HttpResponse<String> captured = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + node.httpPort() + "/events")).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(event)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(201, captured.statusCode(), captured.body());
      String page = "/01/10614141073464/21/2018";
      JsonNode before = new ObjectMapper().readTree(get(node, page, "application/json").body());
      assertTrue(before.path("journey").get(0).path("revokedKey").isMissingNode(), before.toString());

      submit(node, key, new Change.AddKey(BayTraceNode.LOCAL_ORG, OrgKey.of(next.publicKey())));
      SignedProposal revoke = SignedProposal.unsigned(Proposal.of(node.ledger().origin(), node.governance().state().version(),
          new Change.EndKey(BayTraceNode.LOCAL_ORG, key.publicKey(), true, "disk stolen"), "")).signedBy(BayTraceNode.LOCAL_ORG, next);
      long revoked = node.ledger().append(GovernanceRecords.signedRecord(revoke, BayTraceNode.LOCAL_ORG, next,
          System.currentTimeMillis())).index();

      JsonNode after = new ObjectMapper().readTree(get(node, page, "application/json").body());
      assertEquals("signed by key " + key.publicKey().keyId() + " of org local, a key revoked at index " + revoked
          + " (disk stolen)", after.path("journey").get(0).path("revokedKey").asText(), after.toString());
      String html = get(node, page + "?lang=en", "text/html").body();
      assertTrue(html.contains("class=\"tag fail revoked-key\"") && html.contains("signed by a key revoked since"), html);
    }
  }

  @Test
  void aMemberWhoseFoundingRegistryDiffers_doesNotStart_andSaysWhatDiffers() throws Exception {
    NodeConfig config = config();
    try (BayTraceNode node = start(config)) {
      assertEquals(0, node.governance().state().adoptedAt());
    }
    SigningKey key = NodeKeys.loadOrGenerate(config);
    NodeConfig other = config.withRegistry(OrgRegistry.of(List.of(
        new Org(BayTraceNode.LOCAL_ORG, "This node's own organisation", Set.of(OrgRegistry.Role.OPERATOR),
            List.of(OrgKey.of(key.publicKey())), List.of(), null),
        Org.of("macao-customs", OrgRegistry.Role.CUSTOMS, SigningKey.generate().publicKey()))));
    LedgerException e = assertThrows(LedgerException.class, () -> start(other));
    assertEquals(LedgerError.REGISTRY_MISMATCH, e.error());
    assertTrue(e.getMessage().contains("org \"macao-customs\" is in this member's registry but not on the ledger"),
        e.getMessage());
    try (BayTraceNode again = start(config)) { // the founding configuration starts as before
      assertEquals(0, again.governance().state().adoptedAt());
    }
  }
}
