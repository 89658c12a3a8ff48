package org.baytrace.tracking.node.http;

import static org.baytrace.tracking.node.http.HttpFixture.header;
import static org.baytrace.tracking.node.http.HttpFixture.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.baytrace.api.ledger.v1.LogEntry;
import org.baytrace.ledger.StoredEntry;
import org.baytrace.ledger.TestRecords;
import org.baytrace.ledger.TreeHead;
import org.baytrace.ledger.checkpoint.Checkpoint;
import org.baytrace.ledger.checkpoint.CheckpointVerifier;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.checkpoint.NoteVerifier;
import org.baytrace.ledger.merkle.MerkleVerifier;
import org.baytrace.ledger.receipt.Receipt;
import org.baytrace.ledger.receipt.ReceiptVerifier;
import org.baytrace.ledger.record.Records;
import org.baytrace.ledger.verify.VerificationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerHttpServerTest {
  static final String SUBJECT_A = "https://id.gs1.org/01/09506000134352/10/批次 A?x=1&y=2#frag";
  static final String SUBJECT_B = "urn:epc:id:sscc:0614141.1234567890";

  @TempDir Path dir;
  HttpFixture f;

  @BeforeEach
  void start() {
    f = new HttpFixture(dir);
    f.append(SUBJECT_A);
    f.append(SUBJECT_B);
    f.append(SUBJECT_A, SUBJECT_B);
    f.append(SUBJECT_B);
    f.append(SUBJECT_A);
  }

  @AfterEach
  void stop() {
    f.close();
  }

  NoteVerifier servedVerifierKey() {
    HttpResponse<String> r = f.get("/v1/ledger/vkeys");
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("text/plain;charset=utf-8", header(r, "Content-Type").replace(" ", "").toLowerCase());
    List<String> lines = r.body().lines().toList();
    assertEquals(1, lines.size(), r.body());
    return NoteVerifier.parse(lines.get(0));
  }

  CheckpointVerifier.Verified fetchCheckpoint(NoteVerifier vkey) throws VerificationException {
    HttpResponse<String> r = f.get("/v1/ledger/checkpoint");
    assertEquals(200, r.statusCode(), r.body());
    return CheckpointVerifier.verify(r.body(), TestRecords.ORIGIN, List.of(vkey), 1);
  }

  @Test
  void vkeys_servesTheNodesVerifierKey() {
    assertEquals(f.node.verifier(), servedVerifierKey());
  }

  @Test
  void vkeys_servesTheStandardForm_evenWhenTheKeyHasAPlus(@TempDir Path other) {
    NoteSigner plus = HttpFixture.nodeSigner(true);
    try (HttpFixture g = new HttpFixture(other, plus)) {
      String line = g.get("/v1/ledger/vkeys").body().strip();
      assertEquals(plus.verifier().encode(), line);
      // name+keyhash+base64(0x01 || key), split as the format allows: the name and the hex hash
      // have no '+', the base64 key may.
      String[] parts = line.split("\\+", 3);
      assertEquals("test-node", parts[0]);
      assertArrayEquals(plus.verifier().keyHash(), java.util.HexFormat.of().parseHex(parts[1]));
      byte[] key = Base64.getDecoder().decode(parts[2]);
      assertEquals(1, key[0]);
      assertArrayEquals(plus.verifier().publicKey().toByteArray(), java.util.Arrays.copyOfRange(key, 1, 33));
    }
  }

  @Test
  void checkpoint_verifiesWithServedKey_andNamesTheCurrentHead() throws Exception {
    HttpResponse<String> r = f.get("/v1/ledger/checkpoint");
    assertEquals(200, r.statusCode());
    assertEquals("text/plain;charset=utf-8", header(r, "Content-Type").replace(" ", "").toLowerCase());
    assertEquals("no-cache", header(r, "Cache-Control"));
    assertEquals("*", header(r, "Access-Control-Allow-Origin"));
    assertEquals(f.ledger.latestCheckpoint(), r.body());

    Checkpoint cp = CheckpointVerifier.verify(r.body(), TestRecords.ORIGIN, List.of(servedVerifierKey()), 1).checkpoint();
    TreeHead head = f.ledger.head();
    assertEquals(5, cp.size());
    assertEquals(head.root(), cp.root());
  }

  @Test
  void checkpoint_atAnOlderTreeSize_isSignedForThatSizesRoot() throws Exception {
    for (long size = 0; size <= 5; size++) {
      HttpResponse<String> r = f.get("/v1/ledger/checkpoint?treeSize=" + size);
      assertEquals(200, r.statusCode(), r.body());
      Checkpoint cp = CheckpointVerifier.verify(r.body(), TestRecords.ORIGIN, List.of(servedVerifierKey()), 1)
          .checkpoint();
      assertEquals(size, cp.size());
      assertEquals(f.ledger.rootAt(size), cp.root());
    }
    assertEquals(f.get("/v1/ledger/checkpoint?treeSize=3").body(), f.get("/v1/ledger/checkpoint?treeSize=3").body(),
        "asking again gives the same note");
  }

  @Test
  void checkpoint_beyondTheTreeOrMalformedSize_isABadRequest() throws Exception {
    for (String q : List.of("6", "99999999999", "-1", "three")) {
      HttpResponse<String> r = f.get("/v1/ledger/checkpoint?treeSize=" + q);
      assertEquals(400, r.statusCode(), q + ": " + r.body());
      assertTrue(json(r).path("detail").asText().startsWith("treeSize: got "), r.body());
    }
  }

  @Test
  void checkpoint_revalidatesWithETag_untilTheLogGrows() {
    HttpResponse<String> first = f.get("/v1/ledger/checkpoint");
    String etag = header(first, "ETag");
    assertNotNull(etag);
    HttpResponse<String> same = f.send(HttpRequest.newBuilder(f.uri("/v1/ledger/checkpoint")).header("If-None-Match", etag));
    assertEquals(304, same.statusCode());
    assertEquals("", same.body());

    f.append(SUBJECT_B);
    HttpResponse<String> grown = f.send(HttpRequest.newBuilder(f.uri("/v1/ledger/checkpoint")).header("If-None-Match", etag));
    assertEquals(200, grown.statusCode());
    assertNotEquals(etag, header(grown, "ETag"));
  }

  @Test
  void head_matchesTheLedger() {
    HttpResponse<String> r = f.get("/v1/ledger/head");
    assertEquals(200, r.statusCode());
    assertEquals("application/json", header(r, "Content-Type"));
    assertEquals("no-cache", header(r, "Cache-Control"));
    JsonNode head = json(r);
    assertEquals(5, head.get("size").asLong());
    assertEquals(f.ledger.head().root().base64(), head.get("rootHash").asText());
  }

  @Test
  void receipt_forEveryIndex_verifiesOfflineWithServedKey() throws Exception {
    ReceiptVerifier verifier = ReceiptVerifier.trusting(List.of(servedVerifierKey()), 1).forOrigin(TestRecords.ORIGIN);
    for (long i = 0; i < 5; i++) {
      HttpResponse<String> r = f.get("/v1/ledger/receipt/" + i);
      assertEquals(200, r.statusCode(), r.body());
      assertEquals("application/json", header(r, "Content-Type"));
      assertEquals("no-cache", header(r, "Cache-Control"));
      ReceiptVerifier.Verified v = verifier.verify(Receipt.fromJson(r.body()));
      assertEquals(i, v.index());
      assertEquals(5, v.checkpoint().checkpoint().size());
      assertEquals(f.ledger.entry(i).leafHash(), v.leafHash());
      assertEquals(f.ledger.receipt(i, 0).toJson(), r.body());
    }
  }

  @Test
  void receipt_atFixedTreeSize_provesInclusionInThatTree_andIsCacheable() throws Exception {
    ReceiptVerifier verifier = ReceiptVerifier.trusting(List.of(servedVerifierKey()), 1).forOrigin(TestRecords.ORIGIN);
    HttpResponse<String> r = f.get("/v1/ledger/receipt/1?treeSize=3");
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(header(r, "Cache-Control").startsWith("public, max-age="), header(r, "Cache-Control"));
    ReceiptVerifier.Verified v = verifier.verify(Receipt.fromJson(r.body()));
    assertEquals(1, v.index());
    assertEquals(3, v.checkpoint().checkpoint().size());
    assertEquals(f.ledger.rootAt(3), v.checkpoint().checkpoint().root());
  }

  @Test
  void consistency_betweenCheckpointsFetchedBeforeAndAfterAppends_verifies() throws Exception {
    NoteVerifier vkey = servedVerifierKey();
    Checkpoint before = fetchCheckpoint(vkey).checkpoint();
    for (int i = 0; i < 6; i++) {
      f.append("more-" + i);
    }
    Checkpoint after = fetchCheckpoint(vkey).checkpoint();
    assertEquals(11, after.size());

    HttpResponse<String> r = f.get("/v1/ledger/consistency?from=" + before.size() + "&to=" + after.size());
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(header(r, "Cache-Control").contains("immutable"));
    JsonNode body = json(r);
    assertEquals(before.size(), body.get("fromSize").asLong());
    assertEquals(after.size(), body.get("toSize").asLong());
    MerkleVerifier.verifyConsistency(before.size(), after.size(), before.root(), after.root(), proof(body));

    // The same proof does not join a tampered older root to the newer one.
    assertThrows(VerificationException.class, () -> MerkleVerifier.verifyConsistency(
        before.size(), after.size(), before.root().withBitFlipped(3), after.root(), proof(body)));
  }

  @Test
  void consistency_ofEqualSizesAndFromZero_isEmpty() throws Exception {
    for (String q : List.of("from=5&to=5", "from=0&to=5", "from=0&to=0")) {
      HttpResponse<String> r = f.get("/v1/ledger/consistency?" + q);
      assertEquals(200, r.statusCode(), q + ": " + r.body());
      assertEquals(0, json(r).get("consistencyProof").size(), q);
    }
  }

  static List<byte[]> proof(JsonNode body) {
    List<byte[]> proof = new ArrayList<>();
    body.get("consistencyProof").forEach(h -> proof.add(Base64.getDecoder().decode(h.asText())));
    return proof;
  }

  @Test
  void entry_servesExactLeafBytes_andADecodedView() throws Exception {
    HttpResponse<String> r = f.get("/v1/ledger/entries/2");
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("application/json", header(r, "Content-Type"));
    assertEquals("public, max-age=31536000, immutable", header(r, "Cache-Control"));
    assertEquals("*", header(r, "Access-Control-Allow-Origin"));
    JsonNode e = json(r);
    StoredEntry stored = f.ledger.entry(2);
    LogEntry log = LogEntry.parseFrom(stored.leaf());

    assertEquals(2, e.get("index").asLong());
    assertEquals(stored.leafHash().hex(), e.get("leafHash").get("hex").asText());
    assertEquals(stored.leafHash().base64(), e.get("leafHash").get("base64").asText());
    assertArrayEquals(stored.leaf(), Base64.getDecoder().decode(e.get("logEntry").asText()));
    assertEquals(Instant.ofEpochMilli(log.getRecordTimeUnixMillis()), Instant.parse(e.get("recordTime").asText()));
    assertEquals(TestRecords.ORIGIN, e.get("origin").asText());
    assertEquals("epcis.ObjectEvent", e.get("kind").asText());
    assertEquals(List.of(SUBJECT_A, SUBJECT_B), texts(e.get("subjects")));
    assertEquals("org1", e.get("authorOrg").asText());
    assertEquals(Instant.ofEpochMilli(1_764_000_000_000L), Instant.parse(e.get("eventTime").asText()));
    assertEquals("application/json", e.get("contentType").asText());
    assertEquals("{\"n\":\"nonce-2\"}", e.get("content").asText());
    assertEquals("utf-8", e.get("contentEncoding").asText());
    assertEquals(1, e.get("signatures").size());
    assertEquals(f.author.keyId(), e.get("signatures").get(0).get("keyId").asText());
    assertEquals(f.author.publicKey().base64(), e.get("signatures").get(0).get("publicKey").asText());

    // Each link names the leaf hash of the subject's previous entry: A was last at 0, B at 1.
    JsonNode links = e.get("links");
    assertEquals(2, links.size());
    assertEquals(SUBJECT_A, links.get(0).get("subject").asText());
    assertEquals(f.ledger.entry(0).leafHash().hex(), links.get(0).get("previousLeafHash").get("hex").asText());
    assertEquals(SUBJECT_B, links.get(1).get("subject").asText());
    assertEquals(f.ledger.entry(1).leafHash().base64(), links.get(1).get("previousLeafHash").get("base64").asText());

    JsonNode first = json(f.get("/v1/ledger/entries/0"));
    assertTrue(first.get("links").get(0).get("previousLeafHash").isNull());
  }

  @Test
  void entry_withBinaryContent_isBase64() {
    byte[] content = {(byte) 0xff, (byte) 0xfe, 0, 1, 2};
    byte[] body = TestRecords.body("org1", List.of("bin"), "binary")
        .setContentType("application/x-protobuf").setContent(ByteString.copyFrom(content)).build().toByteArray();
    long index = f.ledger.append(Records.sign(body, f.author)).index();
    byte[] notUtf8 = {(byte) 0xc3, (byte) 0x28};
    byte[] body2 = TestRecords.body("org1", List.of("bin"), "bad-utf8")
        .setContentType("text/plain").setContent(ByteString.copyFrom(notUtf8)).build().toByteArray();
    long index2 = f.ledger.append(Records.sign(body2, f.author)).index();

    JsonNode e = json(f.get("/v1/ledger/entries/" + index));
    assertEquals("base64", e.get("contentEncoding").asText());
    assertArrayEquals(content, Base64.getDecoder().decode(e.get("content").asText()));
    JsonNode e2 = json(f.get("/v1/ledger/entries/" + index2));
    assertEquals("base64", e2.get("contentEncoding").asText());
    assertArrayEquals(notUtf8, Base64.getDecoder().decode(e2.get("content").asText()));
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  static String encodeSegment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Test
  void subjectHistory_ofAnEncodedDigitalLink_listsItsEntriesInOrder_andTheChainHolds() {
    HttpResponse<String> r = f.get("/v1/ledger/subjects/" + encodeSegment(SUBJECT_A) + "/history");
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("no-cache", header(r, "Cache-Control"));
    assertNull(header(r, "Link"));
    JsonNode list = json(r);
    List<Long> indexes = new ArrayList<>();
    list.forEach(e -> indexes.add(e.get("index").asLong()));
    assertEquals(List.of(0L, 2L, 4L), indexes);
    for (int i = 0; i < list.size(); i++) {
      assertEquals(json(f.get("/v1/ledger/entries/" + indexes.get(i))), list.get(i));
    }
    // The chain: each entry's link for SUBJECT_A names the leaf hash of the one before it.
    for (int i = 1; i < list.size(); i++) {
      JsonNode link = null;
      for (JsonNode l : list.get(i).get("links")) {
        if (l.get("subject").asText().equals(SUBJECT_A)) {
          link = l;
        }
      }
      assertNotNull(link);
      assertEquals(list.get(i - 1).get("leafHash"), link.get("previousLeafHash"));
    }
  }

  @Test
  void subjectHistory_pagesWithNextLinks() {
    List<Long> seen = new ArrayList<>();
    String next = "/v1/ledger/subjects/" + encodeSegment(SUBJECT_B) + "/history?limit=2";
    int pages = 0;
    while (next != null) {
      HttpResponse<String> r = f.get(next);
      assertEquals(200, r.statusCode(), r.body());
      json(r).forEach(e -> seen.add(e.get("index").asLong()));
      String link = header(r, "Link");
      next = null;
      if (link != null) {
        assertTrue(link.endsWith(">; rel=\"next\""), link);
        next = link.substring(1, link.indexOf('>'));
      }
      pages++;
    }
    assertEquals(List.of(1L, 2L, 3L), seen);
    assertEquals(2, pages);
  }

  @Test
  void subjectHistory_ofUnknownSubject_isEmpty() {
    HttpResponse<String> r = f.get("/v1/ledger/subjects/nobody/history");
    assertEquals(200, r.statusCode());
    assertEquals("[]", r.body());
  }

  @Test
  void corsPreflight_allowsReadsFromAnyOrigin() {
    HttpResponse<String> r = f.send(HttpRequest.newBuilder(f.uri("/v1/ledger/entries/0"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", "https://auditor.example")
        .header("Access-Control-Request-Method", "GET"));
    assertTrue(r.statusCode() == 200 || r.statusCode() == 204, r.statusCode() + " " + r.body());
    assertEquals("*", header(r, "Access-Control-Allow-Origin"));
    assertEquals("GET, HEAD, OPTIONS", header(r, "Access-Control-Allow-Methods"));
  }

  @Test
  void head_request_hasHeadersAndNoBody() {
    HttpResponse<String> r = f.send("HEAD", "/v1/ledger/entries/1");
    assertEquals(200, r.statusCode());
    assertEquals("", r.body());
    assertEquals("public, max-age=31536000, immutable", header(r, "Cache-Control"));
  }

  @Test
  void port0_picksAFreePort_andBaseUriNamesIt() {
    assertTrue(f.server.port() > 0);
    assertEquals("http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + f.server.port() + "/",
        f.server.baseUri().toString());
    try (LedgerHttpServer second = LedgerHttpServer.start(f.ledger, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      assertNotEquals(f.server.port(), second.port());
      assertEquals(200, f.send(HttpRequest.newBuilder(second.baseUri().resolve("v1/ledger/head")).GET()).statusCode());
    }
  }

  @Test
  void close_isIdempotent_andFreesThePort() {
    int port = f.server.port();
    f.server.close();
    f.server.close();
    assertThrows(ConnectException.class, () -> {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        s.getOutputStream().write(1);
      }
    });
  }

  @Test
  void startOnABoundPort_failsWithTheAddress() throws IOException {
    InetSocketAddress taken = new InetSocketAddress(InetAddress.getLoopbackAddress(), f.server.port());
    java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class, () -> LedgerHttpServer.start(f.ledger, taken));
    assertTrue(e.getMessage().contains(String.valueOf(f.server.port())), e.getMessage());
  }

  @Test
  void readsLeaveTheLogUnchanged() {
    TreeHead before = f.ledger.head();
    f.get("/v1/ledger/checkpoint");
    f.get("/v1/ledger/receipt/1?treeSize=2");
    f.get("/v1/ledger/consistency?from=1&to=5");
    f.get("/v1/ledger/subjects/" + encodeSegment(SUBJECT_A) + "/history");
    assertEquals(before, f.ledger.head());
  }
}
