package org.baytrace.tracking.node.resolver;

import static org.baytrace.tracking.node.resolver.DurianTrace.LOT_PATH;
import static org.baytrace.tracking.node.resolver.PhoneVerificationChromiumIT.JSON;
import static org.baytrace.tracking.node.resolver.PhoneVerificationChromiumIT.attribute;
import static org.baytrace.tracking.node.resolver.PhoneVerificationChromiumIT.failures;
import static org.baytrace.tracking.node.resolver.PhoneVerificationChromiumIT.find;
import static org.baytrace.tracking.node.resolver.PhoneVerificationChromiumIT.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.registry.Change;
import org.baytrace.ledger.registry.Genesis;
import org.baytrace.ledger.registry.GenesisRoot;
import org.baytrace.ledger.registry.Governance;
import org.baytrace.ledger.registry.GovernanceRecords;
import org.baytrace.ledger.registry.GovernanceRule;
import org.baytrace.ledger.registry.Member;
import org.baytrace.ledger.registry.OrgRegistry;
import org.baytrace.ledger.registry.OrgRegistry.Org;
import org.baytrace.ledger.registry.OrgRegistry.OrgKey;
import org.baytrace.ledger.registry.OrgRegistry.Role;
import org.baytrace.ledger.registry.Proposal;
import org.baytrace.ledger.registry.Registry;
import org.baytrace.ledger.registry.SignedProposal;
import org.baytrace.tracking.domain.gs1.DigitalLink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A code printed at genesis keeps verifying on the shopper's phone while the registry changes
 * (issue 20, item 1): headless Chromium opens pages of a real ledger (RocksDB, the node's HTTP
 * server) that begins with its genesis, and its script follows the registry from the root the
 * code carries (the hash of entry 0) through every governance entry to the members who sign
 * today's checkpoint. A node that serves a genesis other than the root's, leaves a governance
 * entry out, or signed a governance record the registry in force never approved is caught, and
 * so is a page that hides a revoked signing key. Each is said in English, Simplified and
 * Traditional Chinese.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PhoneRegistryChromiumIT {
  static final Duration WAIT = PhoneVerificationChromiumIT.WAIT;
  static final String DONE = PhoneVerificationChromiumIT.DONE;
  static final String ORIGIN = ResolverFixture.ORIGIN;
  static final List<String[]> LANGUAGES = List.of(new String[] {"en-US,en", "Registry changes", "Trust root"},
      new String[] {"zh-CN,zh", "登记册变更", "信任根"}, new String[] {"zh-TW,zh", "登記冊變更", "信任根"});

  Path dir;
  String chromium;
  final SigningKey hk = SigningKey.generate();
  final SigningKey gd = SigningKey.generate();
  final SigningKey nodeKey = SigningKey.generate();
  final NoteSigner nodeB = new NoteSigner("node-b", SigningKey.generate());
  ResolverFixture node;
  GovernanceRule rule;
  TamperingProxy proxy;
  String printedAtGenesis;
  String keySetAtGenesis;
  final List<Long> governanceIndexes = new ArrayList<>();
  SigningKey submitter = hk; // hk-customs' key in force, which submits its changes
  SigningKey hk2;

  @BeforeAll
  void start(@TempDir Path dir) throws IOException {
    this.dir = dir;
    chromium = ResolverChromiumIT.findChromium();
    Files.createDirectories(dir.resolve("chromium"));
    node = new ResolverFixture(dir.resolve("ledger"), new NoteSigner("test-node", nodeKey));
    Registry founding = founding(node);
    rule = GovernanceRule.beginningWithGenesis(ORIGIN, founding, OrgRegistry::authorPolicy);
    node.ledger.install(rule);
    node.ledger.append(Genesis.record(genesis(founding), "test-node", nodeKey, 1_795_000_000_000L));
    node.withDurianTrace().serve(l -> Resolver.overLedger(l).withRegistry(rule::state));
    proxy = new TamperingProxy(node.server.baseUri());
    printedAtGenesis = node.resolver.printedTrustRootId();
    keySetAtGenesis = node.resolver.trustRoot().id();
  }

  @AfterEach
  void honest() {
    proxy.clearRewrites();
    proxy.pointAt(node.server.baseUri());
  }

  @AfterAll
  void stop() {
    if (proxy != null) {
      proxy.close();
    }
    if (node != null) {
      node.close();
    }
  }

  Registry founding(ResolverFixture f) {
    OrgRegistry orgs = OrgRegistry.of(List.of(org("hk-customs", Role.CUSTOMS, hk), org("gd-customs", Role.CUSTOMS, gd),
        org("th-durian-coop", Role.PRODUCER, f.author)));
    Member self = new Member("test-node", f.node.verifier(), Optional.empty(), "127.0.0.1:1", "127.0.0.1:2", OrgKey.FOUNDING);
    return new Registry(orgs, List.of(self), new Governance(2, List.of("hk-customs", "gd-customs")));
  }

  static Org org(String id, Role role, SigningKey key) {
    return new Org(id, id, Set.of(role), List.of(OrgKey.of(key.publicKey())), List.of(), null, List.of());
  }

  SignedProposal genesis(Registry founding) {
    return Genesis.propose(ORIGIN, founding, "genesis of the durian ledger").signedBy("hk-customs", hk).signedBy("gd-customs", gd);
  }

  /** Appends a registry change as hk-customs submits it, approved by {@code approvers} (org, key). */
  long govern(ResolverFixture f, long baseIndex, Change change, Object... approvers) {
    SignedProposal sp = SignedProposal.unsigned(Proposal.of(ORIGIN, baseIndex, change, change.describe()));
    for (int i = 0; i < approvers.length; i += 2) {
      sp = sp.signedBy((String) approvers[i], (SigningKey) approvers[i + 1]);
    }
    long index = f.ledger.append(GovernanceRecords.signedRecord(sp, "hk-customs", submitter, 1_795_100_000_000L)).index();
    governanceIndexes.add(index);
    return index;
  }

  /** node-b adds its signature to the newest checkpoint, as a member cosigns, and the node serves it. */
  void cosignedByNodeB() {
    long size = node.ledger.head().size();
    String note = node.ledger.checkpointAt(size);
    node.ledger.storeCosigned(size, note + nodeB.signatureLine(note.substring(0, note.indexOf("\n\n") + 1)));
    node.ledger.markCosigned(size);
  }

  DevToolsChromium browser(String acceptLanguage) throws IOException {
    return new DevToolsChromium(chromium, dir.resolve("chromium"), acceptLanguage);
  }

  String visit(DevToolsChromium b, String root) throws InterruptedException {
    String tab = b.open(proxy.uri(LOT_PATH + "?" + Resolver.TRUST_ROOT_PARAM + "=" + root));
    try {
      return b.domWhen(tab, DONE, WAIT);
    } finally {
      b.closeTab(tab);
    }
  }

  @Test
  @Order(1)
  void codePrintedAtGenesis_isTheHashOfEntry0_andVerifiesOnThePhone() throws Exception {
    assertEquals(GenesisRoot.of(ORIGIN, node.ledger.entry(0).leaf()).id(), printedAtGenesis);
    assertEquals("https://id.gs1.org" + LOT_PATH + "?trustRoot=" + printedAtGenesis,
        node.resolver.qrContent(DigitalLink.parse(LOT_PATH)));
    JsonNode served = ResolverFixture.parse(node.get("/v1/resolver/trust-root"));
    assertEquals(printedAtGenesis, served.path("id").asText());
    assertEquals("baytrace/trust-root/v2", served.path("version").asText());
    assertEquals(keySetAtGenesis, served.path("keysId").asText());
    try (DevToolsChromium b = browser("en-US,en")) {
      String dom = visit(b, printedAtGenesis);
      assertEquals("verified", state(dom), failures(dom) + "\n" + dom);
      assertTrue(dom.contains("signed by 1 of the 1 keys"), dom);
      // a key-set code (v1) for the keys that sign today verifies as well
      String keySet = visit(b, keySetAtGenesis);
      assertEquals("verified", state(keySet), failures(keySet) + "\n" + keySet);
    }
  }

  @Test
  @Order(2)
  void codePrintedAtGenesis_stillVerifies_afterAMemberIsAdded_andAKeyIsRotated() throws Exception {
    long added = govern(node, rule.state().version(), new Change.AddMember(new Member("node-b", nodeB.verifier(),
        Optional.empty(), "127.0.0.1:3", "127.0.0.1:4", OrgKey.FOUNDING)), "hk-customs", hk, "gd-customs", gd);
    cosignedByNodeB();
    try (DevToolsChromium b = browser("en-US,en")) {
      String dom = visit(b, printedAtGenesis);
      assertEquals("verified", state(dom), failures(dom) + "\n" + dom);
      assertTrue(dom.contains("signed by 2 of the 2 keys"), dom); // the member added at index `added` signs too
      // a checkpoint without the new member's signature no longer reaches the registry's quorum
      node.ledger.markCosigned(-1);
      proxy.rewrite("/v1/ledger/proofs", (path, body) -> {
        ObjectNode n = (ObjectNode) JSON.readTree(body);
        String note = n.path("checkpoint").asText();
        n.put("checkpoint", note.substring(0, note.lastIndexOf("— node-b ")));
        return n.toString().getBytes(StandardCharsets.UTF_8);
      });
      String alone = visit(b, printedAtGenesis);
      assertEquals("checkpoint", attribute(alone, "data-failed-checks"), alone);
      assertEquals(List.of("Checkpoint signatures: signed by 1 of the trusted keys, want 2 of 2"), failures(alone));
      proxy.clearRewrites();
      // a key-set code printed at genesis names test-node alone: no longer who signs (ledger README, "Trust root")
      String old = visit(b, keySetAtGenesis);
      assertEquals("trust", attribute(old, "data-failed-checks"), old);

      hk2 = SigningKey.generate();
      govern(node, added, new Change.AddKey("hk-customs", OrgKey.of(hk2.publicKey())), "hk-customs", hk, "gd-customs", gd);
      long retired = govern(node, rule.state().version(), new Change.EndKey("hk-customs", hk.publicKey(), false, "rotated"),
          "hk-customs", hk2, "gd-customs", gd);
      submitter = hk2;
      // the rotated-out key no longer approves; the new one does
      govern(node, retired, new Change.SetGovernance(new Governance(2, List.of("gd-customs", "hk-customs"))),
          "hk-customs", hk2, "gd-customs", gd);
      cosignedByNodeB();
      String rotated = visit(b, printedAtGenesis);
      assertEquals("verified", state(rotated), failures(rotated) + "\n" + rotated);
    }
  }

  @Test
  @Order(3)
  void revokedSigningKey_tagAgreesWithTheRegistryThePhoneFollowed_andAHiddenTagIsCaught() throws Exception {
    long revokedAt = govern(node, rule.state().version(), new Change.EndKey("th-durian-coop", node.author.publicKey(), true,
        "key leaked"), "hk-customs", hk2, "gd-customs", gd);
    cosignedByNodeB();
    try (DevToolsChromium b = browser("en-US,en")) {
      String dom = visit(b, printedAtGenesis);
      assertEquals("verified", state(dom), failures(dom) + "\n" + dom);
      assertTrue(dom.contains("revoked-key") && dom.contains("a key revoked at index " + revokedAt + " (key leaked)"), dom);
      // a node that hides the revocation from the page
      proxy.rewrite("/01/", (path, body) -> new String(body, StandardCharsets.UTF_8)
          .replaceAll("<span class=\"tag fail revoked-key\"[^>]*>[^<]*</span>", "").getBytes(StandardCharsets.UTF_8));
      String hidden = visit(b, printedAtGenesis);
      assertEquals("failed", state(hidden), hidden);
      assertEquals("revocation", attribute(hidden, "data-failed-checks"), hidden);
      List<String> f = failures(hidden);
      assertTrue(f.get(0).matches("Revoked keys: entry \\d+: the page says \"no key revoked\", the registry this phone followed"
          + " says \"signed by key [0-9a-f]{16} of org th-durian-coop, a key revoked at index " + revokedAt + " \\(key leaked\\)\""),
          f.toString());
      assertTrue(hidden.contains("revoked-key") && hidden.contains("signed by a key revoked since"), hidden);
    }
  }

  @Test
  @Order(4)
  void nodeThatLeavesOutAGovernanceEntry_isCaught() throws Exception {
    long left = governanceIndexes.get(0); // the member added: its key would then not count
    proxy.rewrite("/v1/ledger/proofs", (path, body) -> {
      ObjectNode n = (ObjectNode) JSON.readTree(body);
      ArrayNode g = (ArrayNode) n.path("governance");
      for (int i = 0; i < g.size(); i++) {
        if (g.get(i).path("index").asLong() == left) {
          g.remove(i);
        }
      }
      return n.toString().getBytes(StandardCharsets.UTF_8);
    });
    for (String[] lang : LANGUAGES) {
      try (DevToolsChromium b = browser(lang[0])) {
        String dom = visit(b, printedAtGenesis);
        assertEquals("failed", state(dom), dom);
        assertEquals("registry", attribute(dom, "data-failed-checks"), dom);
        String f = failures(dom).get(0);
        assertTrue(f.startsWith(lang[1] + ": governance entry " + governanceIndexes.get(1) + " follows governance entry ")
            && f.endsWith(": the node left out a governance entry between them"), lang[0] + ": " + f);
      }
    }
  }

  @Test
  @Order(5)
  void nodeThatServesAGenesisOtherThanTheRoots_isCaught() throws Exception {
    proxy.rewrite("/v1/ledger/proofs", (path, body) -> {
      ObjectNode n = (ObjectNode) JSON.readTree(body);
      ObjectNode g0 = (ObjectNode) n.path("governance").get(0);
      byte[] leaf = Base64.getDecoder().decode(g0.path("leaf").asText());
      leaf[find(leaf, "durian ledger".getBytes(StandardCharsets.UTF_8))] = 'D';
      g0.put("leaf", Base64.getEncoder().encodeToString(leaf));
      return n.toString().getBytes(StandardCharsets.UTF_8);
    });
    for (String[] lang : LANGUAGES) {
      try (DevToolsChromium b = browser(lang[0])) {
        String dom = visit(b, printedAtGenesis);
        assertEquals("failed", state(dom), dom);
        assertEquals("trust", attribute(dom, "data-failed-checks"), dom);
        String f = failures(dom).get(0);
        assertTrue(f.startsWith(lang[2] + ": the genesis entry this node serves hashes to ")
            && f.endsWith(", the code names " + printedAtGenesis), lang[0] + ": " + f);
      }
    }
  }

  @Test
  @Order(6)
  void governanceRecordWithoutTheApprovalsTheRegistryRequires_isCaught(@TempDir Path forgedDir) throws Exception {
    // a node that appended a member approved by one governing organisation of the two required,
    // and signs checkpoints over it (no governance rule judged its log)
    try (ResolverFixture forged = new ResolverFixture(forgedDir, new NoteSigner("test-node", nodeKey))) {
      forged.ledger.append(Genesis.record(genesis(founding(forged)), "test-node", nodeKey, 1_795_000_000_000L));
      forged.withDurianTrace();
      SigningKey saved = submitter;
      submitter = hk;
      long index;
      try {
        index = govern(forged, 0, new Change.AddMember(new Member("node-x", new NoteSigner("node-x", SigningKey.generate())
            .verifier(), Optional.empty(), "127.0.0.1:5", "127.0.0.1:6", OrgKey.FOUNDING)), "hk-customs", hk);
      } finally {
        submitter = saved;
      }
      forged.serve();
      String root = forged.resolver.printedTrustRootId();
      assertEquals(GenesisRoot.of(ORIGIN, forged.ledger.entry(0).leaf()).id(), root);
      proxy.pointAt(forged.server.baseUri());
      for (String[] lang : LANGUAGES) {
        try (DevToolsChromium b = browser(lang[0])) {
          String dom = visit(b, root);
          assertEquals("failed", state(dom), dom);
          assertEquals("registry", attribute(dom, "data-failed-checks"), dom);
          assertEquals(List.of(lang[1] + ": governance entry " + index + " (governance.AddMember) is not a change the"
              + " registry in force approves: signed by 1 governing organisation(s) [hk-customs], want at least 2 of"
              + " [gd-customs, hk-customs]"), failures(dom));
          assertFalse(dom.contains("Verified on this phone") || dom.contains("已在本机验证") || dom.contains("已在本機驗證"), dom);
        }
      }
    }
  }

  @Test
  @Order(7)
  void nodeThatWithholdsTheNewestGovernanceEntry_isCaughtByAPhoneThatFollowedItBefore() throws Exception {
    long newest = rule.state().version(); // the revocation
    try (DevToolsChromium b = browser("en-US,en")) {
      assertEquals("verified", state(visit(b, printedAtGenesis)));
      // the chain shows no gap when the newest change is left out: only what the phone saw before does
      proxy.rewrite("/v1/ledger/proofs", (path, body) -> {
        ObjectNode n = (ObjectNode) JSON.readTree(body);
        ArrayNode g = (ArrayNode) n.path("governance");
        assertEquals(newest, g.get(g.size() - 1).path("index").asLong());
        g.remove(g.size() - 1);
        return n.toString().getBytes(StandardCharsets.UTF_8);
      });
      String dom = visit(b, printedAtGenesis);
      assertEquals("failed", state(dom), dom);
      assertTrue(attribute(dom, "data-failed-checks").startsWith("registry"), dom);
      assertTrue(failures(dom).contains("Registry changes: the node no longer serves governance entry " + newest
          + ", which this phone followed on an earlier visit: it withholds registry changes"), failures(dom).toString());
    }
  }
}
