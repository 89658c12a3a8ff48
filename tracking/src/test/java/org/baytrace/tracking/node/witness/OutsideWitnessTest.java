package org.baytrace.tracking.node.witness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.config.WitnessConfig;
import org.baytrace.ledger.AuthorPolicy;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.LedgerConfig;
import org.baytrace.ledger.LedgerStore;
import org.baytrace.ledger.TestRecords;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.checkpoint.SignedNote;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.record.Records;
import org.baytrace.ledger.store.LedgerStores;
import org.baytrace.ledger.verify.VerificationException;
import org.baytrace.ledger.witness.AddCheckpoint;
import org.baytrace.ledger.witness.CosignatureSigner;
import org.baytrace.ledger.witness.CosignatureVerifier;
import org.baytrace.ledger.witness.Witness;
import org.baytrace.ledger.witness.WitnessState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two ledgers witness each other over real HTTP (a port's ledger witnessed by customs, customs'
 * ledger by the port): each sends its checkpoints with consistency proofs, serves them with the
 * other's cosignature, and a forked checkpoint, though signed with the ledger's own key, is never
 * cosigned, also after the witness restarts from its state on disk.
 */
class OutsideWitnessTest {
  private static final String PORT_ORIGIN = "nansha-port.example/ledger";
  private static final String CUSTOMS_ORIGIN = "customs.example/ledger";

  @TempDir
  Path dir;

  final SigningKey author = SigningKey.generate();
  final SigningKey portNodeKey = SigningKey.generate();
  final NoteSigner portNode = new NoteSigner("nansha-port", portNodeKey);
  final NoteSigner customsNode = new NoteSigner("customs", SigningKey.generate());
  final CosignatureSigner portWitnessKey = new CosignatureSigner("nansha-port.example/witness", SigningKey.generate());
  final CosignatureSigner customsWitnessKey = new CosignatureSigner("customs.example/witness", SigningKey.generate());
  final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
  final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
  final HttpClient http = HttpClient.newHttpClient();

  Ledger port;
  Ledger customs;
  WitnessServer customsWitness; // witnesses the port's ledger
  WitnessServer portWitness; // witnesses customs' ledger
  WitnessPublisher portPublisher;
  WitnessPublisher customsPublisher;
  int nonce;

  @BeforeEach
  void start() throws Exception {
    port = Ledger.open(new LedgerConfig(PORT_ORIGIN, portNode, AuthorPolicy.anyKey()), LedgerStores.openRocksDb(dir.resolve("port")));
    customs = Ledger.open(new LedgerConfig(CUSTOMS_ORIGIN, customsNode, AuthorPolicy.anyKey()),
        LedgerStores.openRocksDb(dir.resolve("customs")));
    customsWitness = startWitness(customsWitnessKey, PORT_ORIGIN, portNode, dir.resolve("customs-witness"));
    portWitness = startWitness(portWitnessKey, CUSTOMS_ORIGIN, customsNode, dir.resolve("port-witness"));
    portPublisher = new WitnessPublisher(port, List.of(config(customsWitnessKey, customsWitness)), log);
    customsPublisher = new WitnessPublisher(customs, List.of(config(portWitnessKey, portWitness)), log);
  }

  @AfterEach
  void stop() {
    portPublisher.close();
    customsPublisher.close();
    customsWitness.close();
    portWitness.close();
    port.close();
    customs.close();
  }

  WitnessServer startWitness(CosignatureSigner key, String origin, NoteSigner logKey, Path state) throws Exception {
    Witness w = new Witness(key, Map.of(origin, List.of(logKey.verifier())), WitnessState.open(state), Clock.systemUTC());
    return WitnessServer.start(w, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), log);
  }

  static WitnessConfig config(CosignatureSigner key, WitnessServer server) {
    return new WitnessConfig(key.name(), key.verifier(), URI.create("http://127.0.0.1:" + server.port() + "/"));
  }

  void append(Ledger ledger, String origin, int n) {
    for (int i = 0; i < n; i++) {
      RecordBody body = TestRecords.body("org1", List.of("lot-" + (nonce % 3)), "n" + nonce++).setOrigin(origin).build();
      ledger.append(Records.sign(body.toByteArray(), author));
    }
  }

  @Test
  void twoLedgers_witnessEachOther_andServeCheckpointsWithTheOthersCosignature() throws Exception {
    append(port, PORT_ORIGIN, 5);
    append(customs, CUSTOMS_ORIGIN, 3);
    assertEquals(List.of(customsWitnessKey.name()), portPublisher.publishNow(), logBytes.toString());
    assertEquals(List.of(portWitnessKey.name()), customsPublisher.publishNow(), logBytes.toString());

    // Grown logs: the next checkpoints go with consistency proofs from the witnessed sizes.
    append(port, PORT_ORIGIN, 4);
    append(customs, CUSTOMS_ORIGIN, 7);
    assertEquals(List.of(customsWitnessKey.name()), portPublisher.publishNow(), logBytes.toString());
    assertEquals(List.of(portWitnessKey.name()), customsPublisher.publishNow(), logBytes.toString());

    for (Object[] c : List.of(new Object[] {port, customsWitnessKey, 9L}, new Object[] {customs, portWitnessKey, 10L})) {
      Ledger ledger = (Ledger) c[0];
      CosignatureSigner witness = (CosignatureSigner) c[1];
      SignedNote served = SignedNote.parse(ledger.latestCheckpoint());
      assertTrue(served.text().contains("\n" + c[2] + "\n"), served.text());
      assertEquals(Set1(witness.name()), CosignatureVerifier.verifyAtLeast(served, List.of(witness.verifier()), 1));
      // A receipt at that size carries the cosignature, so an offline verifier can demand it.
      SignedNote inReceipt = SignedNote.parse(ledger.receipt(0, (Long) c[2]).checkpoint());
      CosignatureVerifier.verifyAtLeast(inReceipt, List.of(witness.verifier()), 1);
      // The other witness's key does not count.
      CosignatureSigner other = witness == portWitnessKey ? customsWitnessKey : portWitnessKey;
      assertThrows(VerificationException.class,
          () -> CosignatureVerifier.verifyAtLeast(inReceipt, List.of(other.verifier()), 1));
    }
    // The earlier checkpoint keeps the cosignature it got.
    CosignatureVerifier.verifyAtLeast(SignedNote.parse(port.checkpointAt(5)), List.of(customsWitnessKey.verifier()), 1);
  }

  @Test
  void forkedCheckpoint_signedByTheLedgersOwnKey_isNeverCosigned_evenAfterARestart() throws Exception {
    append(port, PORT_ORIGIN, 6);
    portPublisher.publishNow();
    String cosignedNote = port.checkpointAt(6);

    // A fork: the same origin and node key, other records.
    try (Ledger fork = Ledger.open(new LedgerConfig(PORT_ORIGIN, new NoteSigner("nansha-port", portNodeKey),
        AuthorPolicy.anyKey()), LedgerStores.openRocksDb(dir.resolve("fork")))) {
      for (int i = 0; i < 9; i++) {
        RecordBody body = TestRecords.body("org1", List.of("forged"), "fork" + i).setOrigin(PORT_ORIGIN).build();
        fork.append(Records.sign(body.toByteArray(), author));
      }
      // Same size, other root: 409 with the size the witness knows.
      HttpResponse<String> sameSize = post(customsWitness, new AddCheckpoint(6, List.of(), fork.checkpointAt(6)));
      assertEquals(409, sameSize.statusCode(), sameSize.body());
      assertEquals("6\n", sameSize.body());
      assertEquals(Witness.SIZE_CONTENT_TYPE, sameSize.headers().firstValue("Content-Type").orElse(""));
      // Larger, with the fork's own consistency proof from 6: it does not lead from the root the witness cosigned.
      HttpResponse<String> larger = post(customsWitness, new AddCheckpoint(6, fork.consistencyProof(6, 9), fork.checkpointAt(9)));
      assertEquals(422, larger.statusCode(), larger.body());
      assertFalse(larger.body().contains("\u2014"), "no cosignature in a refusal");
      // Pretending the witness knows nothing: 409 naming what it knows.
      HttpResponse<String> fromZero = post(customsWitness, new AddCheckpoint(0, List.of(), fork.checkpointAt(9)));
      assertEquals(409, fromZero.statusCode());
      assertEquals("6\n", fromZero.body());

      // The witness restarts from its state on disk: the fork is still refused, the real log still accepted.
      customsWitness.close();
      customsWitness = startWitness(customsWitnessKey, PORT_ORIGIN, portNode, dir.resolve("customs-witness"));
      assertEquals(422, post(customsWitness, new AddCheckpoint(6, fork.consistencyProof(6, 9), fork.checkpointAt(9)))
          .statusCode());
    }
    portPublisher.close(); // from here the test speaks to the witness itself
    append(port, PORT_ORIGIN, 3);
    HttpResponse<String> real = post(customsWitness, new AddCheckpoint(6, port.consistencyProof(6, 9), port.checkpointAt(9)));
    assertEquals(200, real.statusCode(), real.body());
    SignedNote cosigned = SignedNote.parse(port.checkpointAt(9) + real.body());
    CosignatureVerifier.verifyAtLeast(cosigned, List.of(customsWitnessKey.verifier()), 1);
    assertTrue(cosignedNote.contains(customsWitnessKey.name()));
  }

  @Test
  void witness_answersTheSpecsStatuses_forUnknownLogsBadSignaturesAndBadRequests() throws Exception {
    portPublisher.close(); // this test speaks to the witness itself
    append(port, PORT_ORIGIN, 2);
    try (Ledger stranger = Ledger.open(new LedgerConfig("elsewhere.example/ledger", portNode, AuthorPolicy.anyKey()),
        LedgerStores.openRocksDb(dir.resolve("stranger")))) {
      RecordBody body = TestRecords.body("org1", List.of("x"), "s").setOrigin("elsewhere.example/ledger").build();
      stranger.append(Records.sign(body.toByteArray(), author));
      assertEquals(404, post(customsWitness, new AddCheckpoint(0, List.of(), stranger.checkpointAt(1))).statusCode());
    }
    // The port's checkpoint signed with another key of the same name.
    NoteSigner impostor = new NoteSigner("nansha-port", SigningKey.generate());
    String forged = impostor.sign(org.baytrace.ledger.checkpoint.Checkpoint.parse(
        SignedNote.parse(port.checkpointAt(2)).text())).format();
    assertEquals(403, post(customsWitness, new AddCheckpoint(0, List.of(), forged)).statusCode());
    assertEquals(400, post(customsWitness, new AddCheckpoint(3, List.of(), port.checkpointAt(2))).statusCode());
    HttpResponse<String> garbage = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + customsWitness.port()
        + "/add-checkpoint")).POST(HttpRequest.BodyPublishers.ofString("hello")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(400, garbage.statusCode());
    // A first checkpoint with a non-empty proof from size 0 fails the proof.
    assertEquals(422, post(customsWitness, new AddCheckpoint(0, port.consistencyProof(1, 2), port.checkpointAt(2)))
        .statusCode());
    assertEquals(200, post(customsWitness, new AddCheckpoint(0, List.of(), port.checkpointAt(2))).statusCode());
  }

  private static java.util.Set<String> Set1(String s) {
    return java.util.Set.of(s);
  }

  private HttpResponse<String> post(WitnessServer server, AddCheckpoint request) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/add-checkpoint"))
        .POST(HttpRequest.BodyPublishers.ofString(request.encode(), StandardCharsets.UTF_8)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }
}
