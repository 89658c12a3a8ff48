package org.baytrace.tracking.node.resolver;

import static org.baytrace.tracking.node.resolver.DurianTrace.LOT_PATH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.tracking.domain.gs1.DigitalLink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shopper's phone verifies the consumer page itself (issue 20): headless Chromium opens pages
 * a real ledger serves (RocksDB, the node's HTTP server) through a test-only tampering proxy, and
 * the test reads what the page says once its script ran. A good ledger verifies "on this phone";
 * a node that serves a tampered entry, a wrong proof, a checkpoint signed by another key, keys
 * other than the code's trust root, altered page facts, or a history inconsistent with the
 * checkpoint the phone remembered is caught, each naming its check. The script's Merkle code runs
 * over the transparency-dev vectors in the same browser.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PhoneVerificationChromiumIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Duration WAIT = Duration.ofSeconds(30);
  static final String DONE = "document.getElementById('phone-check').dataset.state !== 'pending'";

  Path dir;
  String chromium;
  ResolverFixture node;
  TamperingProxy proxy;
  String root;

  @BeforeAll
  void start(@TempDir Path dir) throws IOException {
    this.dir = dir;
    chromium = ResolverChromiumIT.findChromium();
    Files.createDirectories(dir.resolve("chromium"));
    node = new ResolverFixture(dir.resolve("ledger")).withDurianTrace().serve();
    proxy = new TamperingProxy(node.server.baseUri());
    root = node.resolver.trustRoot().id();
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

  DevToolsChromium browser(String acceptLanguage, String... extra) throws IOException {
    return new DevToolsChromium(chromium, dir.resolve("chromium"), acceptLanguage, extra);
  }

  /** The page of the lot as the QR code links it: with the trust root. */
  String lotPage() {
    return LOT_PATH + "?" + Resolver.TRUST_ROOT_PARAM + "=" + root;
  }

  String visit(DevToolsChromium b, String pathAndQuery) throws InterruptedException {
    String tab = b.open(proxy.uri(pathAndQuery));
    try {
      return b.domWhen(tab, DONE, WAIT);
    } finally {
      b.closeTab(tab);
    }
  }

  static String state(String dom) {
    return attribute(dom, "data-state");
  }

  static String attribute(String dom, String name) {
    Matcher m = Pattern.compile("<section id=\"phone-check\"[^>]*\\s" + name + "=\"([^\"]*)\"").matcher(dom);
    return m.find() ? m.group(1) : null;
  }

  /** The failure lines the page lists, each "check label: detail". */
  static List<String> failures(String dom) {
    Matcher section = Pattern.compile("<section id=\"phone-check\".*?</section>", Pattern.DOTALL).matcher(dom);
    assertTrue(section.find(), dom);
    return Pattern.compile("<li data-check=\"[a-z]+\">([^<]*)</li>").matcher(section.group()).results()
        .map(r -> r.group(1)).toList();
  }

  @Test
  void goodLedger_isVerifiedOnThePhone_inEnglishSimplifiedAndTraditionalChinese() throws Exception {
    for (String[] c : List.of(new String[] {"en-US,en", "✓ Verified on this phone", "en"},
        new String[] {"zh-CN,zh", "✓ 已在本机验证", "zh-Hans"}, new String[] {"zh-TW,zh", "✓ 已在本機驗證", "zh-Hant"})) {
      try (DevToolsChromium b = browser(c[0])) {
        String dom = visit(b, lotPage());
        assertEquals("verified", state(dom), c[0] + ": " + failures(dom) + "\n" + dom);
        assertTrue(dom.contains(c[1]), c[0] + ": " + dom);
        assertEquals(c[2], attribute(dom, "lang"), dom);
        assertEquals(List.of(), failures(dom));
        assertFalse(dom.contains("phone-corrected") || dom.contains("phone-failed"), dom);
      }
    }
  }

  @Test
  void qrCode_carriesTheTrustRoot_thatTheNodesKeysHashTo() throws Exception {
    String qr = node.resolver.qrContent(DigitalLink.parse(LOT_PATH));
    assertEquals("https://id.gs1.org" + LOT_PATH + "?trustRoot=" + root, qr);
    JsonNode served = ResolverFixture.parse(node.get("/v1/resolver/trust-root"));
    assertEquals(root, served.path("id").asText());
    assertEquals(node.node.verifier().encode(), served.path("keys").path(0).asText());
    assertEquals(1, served.path("threshold").asInt());
  }

  @Test
  void pageWithoutTheTrustRoot_saysItCouldNotVerifyIndependently() throws Exception {
    try (DevToolsChromium b = browser("en-US,en")) {
      String dom = visit(b, LOT_PATH);
      assertEquals("no-root", state(dom), dom);
      assertTrue(dom.contains("Not verified independently") && dom.contains("no trust root"), dom);
      assertFalse(dom.contains("Verified on this phone"), dom);
    }
  }

  @Test
  void browserWithoutWebCrypto_saysItCannotVerify_insteadOfABadge() throws Exception {
    // Outside a secure context (plain HTTP to a name that is not localhost) browsers hide
    // crypto.subtle, as older phones and some in-app browsers lack Ed25519.
    try (DevToolsChromium b = browser("zh-CN,zh", "--host-resolver-rules=MAP phone.test 127.0.0.1")) {
      String tab = b.open(URI.create("http://phone.test:" + proxy.port() + lotPage()));
      String dom = b.domWhen(tab, DONE, WAIT);
      assertEquals("unsupported", state(dom), dom);
      assertTrue(dom.contains("此浏览器无法验证"), dom);
      assertFalse(dom.contains("已在本机验证"), dom);
    }
  }

  @Test
  void keysThatDoNotHashToTheCodesTrustRoot_areRefused() throws Exception {
    String otherRoot = new org.baytrace.ledger.checkpoint.TrustRoot(ResolverFixture.ORIGIN, 1,
        List.of(new NoteSigner("test-node", SigningKey.generate()).verifier())).id();
    try (DevToolsChromium b = browser("en-US,en")) {
      String dom = visit(b, LOT_PATH + "?trustRoot=" + otherRoot);
      assertEquals("failed", state(dom), dom);
      assertEquals("trust", attribute(dom, "data-failed-checks"), dom);
      assertTrue(failures(dom).get(0).startsWith("Trust root: the keys this node offers hash to " + root
          + ", the code names " + otherRoot), failures(dom).toString());
    }
  }

  @Test
  void tamperedEntry_isCaughtByTheAuthorSignature() throws Exception {
    long index = node.indexes.get(0); // the commissioning event
    proxy.rewrite("/v1/ledger/proofs", (path, body) -> editEntry(body, index, e -> {
      byte[] leaf = Base64.getDecoder().decode(e.path("leaf").asText());
      int at = find(leaf, "Chanthaburi".getBytes(StandardCharsets.UTF_8));
      if (at < 0) {
        at = find(leaf, "commissioning".getBytes(StandardCharsets.UTF_8));
      }
      leaf[at] ^= 0x01;
      e.put("leaf", Base64.getEncoder().encodeToString(leaf));
    }));
    try (DevToolsChromium b = browser("en-US,en")) {
      String dom = visit(b, lotPage());
      assertEquals("failed", state(dom), dom);
      List<String> failures = failures(dom);
      assertTrue(failures.stream().anyMatch(f -> f.startsWith("Author signature: entry " + index + ": signature 1 (key ")
          && f.endsWith("does not verify over the record")), failures.toString());
      assertTrue(failures.stream().anyMatch(f -> f.startsWith("Inclusion proof: entry " + index + ": the proof leads to root")),
          failures.toString());
      assertFalse(dom.contains("Verified on this phone"), dom);
    }
  }

  @Test
  void wrongInclusionProof_isCaught() throws Exception {
    long index = node.indexes.get(2);
    proxy.rewrite("/v1/ledger/proofs", (path, body) -> editEntry(body, index, e -> {
      ArrayNode proof = (ArrayNode) e.path("inclusionProof");
      byte[] h = Base64.getDecoder().decode(proof.get(0).asText());
      h[31] ^= 0x01;
      proof.set(0, Base64.getEncoder().encodeToString(h));
    }));
    try (DevToolsChromium b = browser("en-US,en")) {
      String dom = visit(b, lotPage());
      assertEquals("failed", state(dom), dom);
      assertEquals("inclusion", attribute(dom, "data-failed-checks"), dom);
      assertEquals(1, failures(dom).size(), failures(dom).toString());
      assertTrue(failures(dom).get(0).startsWith("Inclusion proof: entry " + index + ": the proof leads to root"),
          failures(dom).toString());
      assertTrue(dom.contains("data-ledger-index=\"" + index + "\"") && dom.contains("phone-failed"), dom);
    }
  }

  @Test
  void checkpointSignedByAnotherKey_isCaught() throws Exception {
    NoteSigner impostor = new NoteSigner("test-node", SigningKey.generate());
    proxy.rewrite("/v1/ledger/proofs", (path, body) -> {
      ObjectNode n = (ObjectNode) JSON.readTree(body);
      String note = n.path("checkpoint").asText();
      String text = note.substring(0, note.indexOf("\n\n") + 1);
      n.put("checkpoint", text + "\n" + impostor.signatureLine(text));
      return n.toString().getBytes(StandardCharsets.UTF_8);
    });
    try (DevToolsChromium b = browser("zh-TW,zh")) {
      String dom = visit(b, lotPage());
      assertEquals("failed", state(dom), dom);
      assertEquals("checkpoint", attribute(dom, "data-failed-checks"), dom);
      assertEquals(List.of("檢查點簽署: signed by 0 of the trusted keys, want 1 of 1"), failures(dom));
      assertTrue(dom.contains("✗ 本機驗證未通過"), dom);
    }
  }

  @Test
  void alteredPageFacts_areCaught_andThePageShowsWhatTheRecordSays() throws Exception {
    // the node's page claims a cooler reefer than the record holds; proofs and entries are genuine
    Pattern firstTemp = Pattern.compile("(<span class=\"tag temp\">)([^<]*)(</span>)");
    String[] original = new String[1];
    proxy.rewrite("/01/", (path, body) -> {
      String html = new String(body, StandardCharsets.UTF_8);
      Matcher m = firstTemp.matcher(html);
      assertTrue(m.find(), html);
      original[0] = m.group(2);
      return (html.substring(0, m.start(2)) + "4.0 °C" + html.substring(m.end(2))).getBytes(StandardCharsets.UTF_8);
    });
    try (DevToolsChromium b = browser("en-US,en")) {
      String dom = visit(b, lotPage());
      assertEquals("failed", state(dom), dom);
      assertEquals("facts", attribute(dom, "data-failed-checks"), dom);
      assertEquals(1, failures(dom).size(), failures(dom).toString());
      assertTrue(failures(dom).get(0).matches("Page facts: entry \\d+: the page shows temperature \"4\\.0 °C\", the record says \""
          + Pattern.quote(original[0]) + "\""), failures(dom) + " vs " + original[0]);
      assertTrue(dom.contains("<span class=\"tag temp\">" + original[0] + "</span>"), dom);
      assertFalse(dom.contains(">4.0 °C<"), dom);
    }
  }

  @Test
  void history_growingIsConsistent_butARewrittenHistoryIsCaughtOnTheNextVisit(@TempDir Path forkDir) throws Exception {
    try (DevToolsChromium b = browser("en-US,en")) {
      assertEquals("verified", state(visit(b, lotPage())));
      // the ledger grows: the next visit checks a consistency proof from the remembered checkpoint
      node.append(DurianTrace.lotEvents().get(1).put("eventID", "urn:uuid:6c1c2f2e-0099-4a51-bd6a-0bba133845a8"));
      String grown = visit(b, lotPage());
      assertEquals("verified", state(grown), failures(grown).toString());
      // the same ledger (origin and node key) with another history: a node that rewrote its log
      try (ResolverFixture fork = new ResolverFixture(forkDir, node.node)) {
        fork.append(DurianTrace.lotEvents().get(2).put("eventID", "urn:uuid:6c1c2f2e-0098-4a51-bd6a-0bba133845a8"));
        fork.withDurianTrace();
        fork.append(DurianTrace.lotEvents().get(3).put("eventID", "urn:uuid:6c1c2f2e-0097-4a51-bd6a-0bba133845a8"));
        fork.serve();
        assertEquals(root, fork.resolver.trustRoot().id());
        proxy.pointAt(fork.server.baseUri());
        String dom = visit(b, lotPage());
        assertEquals("failed", state(dom), dom);
        assertEquals("consistency", attribute(dom, "data-failed-checks"), dom);
        assertTrue(dom.contains("Warning: the ledger's history changed since this phone last verified it."), dom);
        assertTrue(failures(dom).get(0).startsWith("History since the last visit: the history changed since this phone"
            + " verified tree size " + node.ledger.head().size()), failures(dom).toString());
        // and it keeps warning: a rewritten history never becomes the remembered one
        assertEquals("consistency", attribute(visit(b, lotPage()), "data-failed-checks"));
      }
    }
  }

  @Test
  void checkpointOlderThanTheRememberedOne_isVerifiedAsItsPrefix(@TempDir Path laggingDir) throws Exception {
    // a cluster serves the newest checkpoint a quorum cosigned, which can be older than one the
    // phone verified through another member: the node proves its tree a prefix of the remembered
    try (ResolverFixture lagging = new ResolverFixture(laggingDir).withDurianTrace()) {
      lagging.append(PhoneVerificationBenchIT.event("OTHER-LOT", 0));
      lagging.serve();
      proxy.pointAt(lagging.server.baseUri());
      String page = LOT_PATH + "?trustRoot=" + lagging.resolver.trustRoot().id();
      try (DevToolsChromium b = browser("en-US,en")) {
        assertEquals("verified", state(visit(b, page)));
        long remembered = lagging.ledger.head().size();
        lagging.ledger.markCosigned(remembered - 1);
        JsonNode proofs = ResolverFixture.parse(lagging.get("/v1/ledger/proofs?indexes=1&from=" + remembered));
        assertEquals(remembered - 1, proofs.path("treeSize").asLong());
        assertEquals(remembered, proofs.path("consistency").path("toSize").asLong());
        String dom = visit(b, page);
        assertEquals("verified", state(dom), failures(dom).toString());
      }
    }
  }

  @Test
  void proofsRoute_refusesBadInput() {
    for (String query : List.of("", "?indexes=", "?indexes=1,1", "?indexes=-1", "?indexes=a", "?indexes=1&from=x",
        "?indexes=" + String.join(",", Stream.iterate(0, i -> i + 1).limit(1001).map(String::valueOf).toList()))) {
      var r = node.get("/v1/ledger/proofs" + query);
      assertEquals(400, r.statusCode(), query + ": " + r.body());
      assertTrue(ResolverFixture.header(r, "Content-Type").startsWith("application/problem+json"), query);
    }
    JsonNode ok = ResolverFixture.parse(node.get("/v1/ledger/proofs?indexes=0,1&from=1"));
    assertEquals(2, ok.path("entries").size());
    assertEquals(1, ok.path("consistency").path("fromSize").asLong());
  }

  @Test
  void merkleCode_passesTheTransparencyDevVectors() throws Exception {
    Path files = dir.resolve("merkle-page");
    Files.createDirectories(files);
    for (String name : List.of("merkle-vectors.html", "merkle-vectors.js")) {
      try (InputStream in = getClass().getResourceAsStream("phone/" + name)) {
        Files.write(files.resolve(name), in.readAllBytes());
      }
    }
    ArrayNode vectors = JSON.createArrayNode();
    Path shared = merkleVectors();
    for (String kind : List.of("inclusion", "consistency")) {
      try (Stream<Path> walk = Files.walk(shared.resolve(kind))) {
        for (Path f : walk.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
          ObjectNode v = (ObjectNode) JSON.readTree(f.toFile());
          v.put("kind", kind).put("name", shared.relativize(f).toString());
          vectors.add(v);
        }
      }
    }
    assertTrue(vectors.size() > 150, "vectors: " + vectors.size());
    Files.writeString(files.resolve("vectors.json"), vectors.toString());
    proxy.serveTestFiles(files);
    try (DevToolsChromium b = browser("en-US,en")) {
      String tab = b.open(proxy.uri("/test/merkle-vectors.html"));
      b.domWhen(tab, "document.body.dataset.result", WAIT);
      JsonNode result = JSON.readTree(b.eval(tab, "document.body.dataset.result").asText());
      assertEquals(List.of(), JSON.convertValue(result.path("wrong"), List.class));
      assertEquals(vectors.size(), result.path("passed").asInt());
      assertEquals("bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=", result.path("emptyLeaf").asText());
    }
  }

  @Test
  void checkpointSignatures_needKDistinctTrustedSignersOfN() throws Exception {
    NoteSigner a = new NoteSigner("member-a", SigningKey.generate());
    NoteSigner b = new NoteSigner("member-b", SigningKey.generate());
    NoteSigner c = new NoteSigner("member-c", SigningKey.generate());
    NoteSigner stranger = new NoteSigner("member-d", SigningKey.generate());
    org.baytrace.ledger.checkpoint.TrustRoot trust = new org.baytrace.ledger.checkpoint.TrustRoot("baytrace.test/cluster", 2,
        List.of(a.verifier(), b.verifier(), c.verifier()));
    String text = new org.baytrace.ledger.checkpoint.Checkpoint("baytrace.test/cluster", 5,
        org.baytrace.ledger.crypto.Sha256.hash(new byte[] {1})).text();
    String other = new org.baytrace.ledger.checkpoint.Checkpoint("baytrace.test/other", 5,
        org.baytrace.ledger.crypto.Sha256.hash(new byte[] {1})).text();
    String forgedB = b.signatureLine(text).substring(0, b.signatureLine(text).lastIndexOf(' ') + 1)
        + c.signatureLine(text).substring(c.signatureLine(text).lastIndexOf(' ') + 1);
    ArrayNode cases = JSON.createArrayNode();
    java.util.function.BiConsumer<String, String> add = (name, note) -> {
      ObjectNode t = JSON.createObjectNode().put("id", trust.id()).put("origin", trust.origin())
          .put("threshold", trust.threshold());
      trust.keys().forEach(k -> t.withArray("keys").add(k.encode()));
      cases.addObject().put("name", name).put("note", note).set("trust", t);
    };
    add.accept("a and b", text + "\n" + a.signatureLine(text) + b.signatureLine(text));
    add.accept("all three, a stranger too", text + "\n" + stranger.signatureLine(text) + c.signatureLine(text)
        + a.signatureLine(text) + b.signatureLine(text));
    add.accept("a only", text + "\n" + a.signatureLine(text));
    add.accept("a twice", text + "\n" + a.signatureLine(text) + a.signatureLine(text));
    add.accept("a and a stranger", text + "\n" + a.signatureLine(text) + stranger.signatureLine(text));
    add.accept("a and a forged b", text + "\n" + a.signatureLine(text) + forgedB);
    add.accept("another ledger", other + "\n" + a.signatureLine(other) + b.signatureLine(other));
    Path files = dir.resolve("checkpoint-page");
    Files.createDirectories(files);
    for (String name : List.of("checkpoint-cases.html", "checkpoint-cases.js")) {
      try (InputStream in = getClass().getResourceAsStream("phone/" + name)) {
        Files.write(files.resolve(name), in.readAllBytes());
      }
    }
    Files.writeString(files.resolve("checkpoint-cases.json"), cases.toString());
    proxy.serveTestFiles(files);
    try (DevToolsChromium br = browser("en-US,en")) {
      String tab = br.open(proxy.uri("/test/checkpoint-cases.html"));
      br.domWhen(tab, "document.body.dataset.result", WAIT);
      JsonNode r = JSON.readTree(br.eval(tab, "document.body.dataset.result").asText());
      assertEquals("[\"member-a\",\"member-b\"]", r.get(0).path("signers").toString(), r.toString());
      assertEquals("[\"member-a\",\"member-b\",\"member-c\"]", r.get(1).path("signers").toString(), r.toString());
      for (int i = 2; i <= 5; i++) {
        assertEquals("checkpoint: signed by 1 of the trusted keys, want 2 of 3", r.get(i).path("error").asText(),
            r.get(i).toString());
      }
      assertEquals("checkpoint: origin \"baytrace.test/other\", want the trust root's \"baytrace.test/cluster\"",
          r.get(6).path("error").asText());
    }
  }

  static Path merkleVectors() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared/testdata/merkle");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return fail("no shared/testdata/merkle above " + Path.of("").toAbsolutePath());
  }

  interface EntryEdit {
    void apply(ObjectNode entry);
  }

  static byte[] editEntry(byte[] body, long index, EntryEdit edit) throws IOException {
    ObjectNode n = (ObjectNode) JSON.readTree(body);
    for (JsonNode e : n.path("entries")) {
      if (e.path("index").asLong() == index) {
        edit.apply((ObjectNode) e);
        return n.toString().getBytes(StandardCharsets.UTF_8);
      }
    }
    throw new AssertionError("entry " + index + " not in the proofs: " + n);
  }

  static int find(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
