package org.baytrace.tracking.node.witness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.ledger.AuthorPolicy;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.LedgerConfig;
import org.baytrace.ledger.TestRecords;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.checkpoint.SignedNote;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.record.Records;
import org.baytrace.ledger.store.LedgerStores;
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
 * Slow uploaders against a witness ({@code baytrace witness}) over real HTTP: connections
 * trickling {@code POST /add-checkpoint} bodies hold no thread, so a ledger's add-checkpoint is
 * still cosigned while they hold on, and each trickling connection is ended with 408 at its body
 * deadline; a body larger than a witness reads is refused 413 before it is read, and a connection
 * that never completes its headers is closed at the idle timeout. No timing assertions: the
 * deadline is generous and sockets wait for what the witness answers.
 */
class WitnessSlowClientsTest {
  private static final String ORIGIN = "nansha-port.example/ledger";
  private static final int TRICKLERS = 16;

  @TempDir
  Path dir;

  final NoteSigner ledgerKey = new NoteSigner("nansha-port", SigningKey.generate());
  final CosignatureSigner witnessKey = new CosignatureSigner("customs.example/witness", SigningKey.generate());
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
  Ledger ledger;

  @BeforeEach
  void openLedger() throws Exception {
    ledger = Ledger.open(new LedgerConfig(ORIGIN, ledgerKey, AuthorPolicy.anyKey()), LedgerStores.openRocksDb(dir.resolve("ledger")));
    SigningKey author = SigningKey.generate();
    for (int i = 0; i < 3; i++) {
      RecordBody body = TestRecords.body("org1", List.of("lot-" + i), "n" + i).setOrigin(ORIGIN).build();
      ledger.append(Records.sign(body.toByteArray(), author));
    }
  }

  @AfterEach
  void closeLedger() {
    ledger.close();
  }

  WitnessServer start(WitnessServer.Guards guards) throws IOException {
    Witness w = new Witness(witnessKey, Map.of(ORIGIN, List.of(ledgerKey.verifier())), WitnessState.open(dir.resolve("state")),
        Clock.systemUTC());
    return WitnessServer.start(w, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), guards,
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  @Test
  void sixteenTricklingAddCheckpoints_leaveACheckpointCosigned_andAreEndedWith408AtTheirDeadline() throws Exception {
    // Deadline generous enough that the cosigning below happens while every trickler still holds.
    try (WitnessServer witness = start(new WitnessServer.Guards(20_000, 30))) {
      List<Socket> tricklers = new ArrayList<>();
      ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();
      try {
        String prefix = new AddCheckpoint(0, List.of(), ledger.checkpointAt(3)).encode();
        for (int i = 0; i < TRICKLERS; i++) {
          tricklers.add(openUpload(witness, prefix.length()));
        }
        // One byte of a well-formed body every 2 s: each would complete only after its deadline.
        int[] sent = new int[1];
        drip.scheduleWithFixedDelay(() -> {
          int at = sent[0]++;
          tricklers.forEach(s -> write(s, prefix.substring(at, at + 1)));
        }, 0, 2, TimeUnit.SECONDS);

        HttpResponse<String> cosigned = post(witness, new AddCheckpoint(0, List.of(), ledger.checkpointAt(3)).encode());
        assertEquals(200, cosigned.statusCode(), cosigned.body());
        CosignatureVerifier.verifyAtLeast(SignedNote.parse(ledger.checkpointAt(3) + cosigned.body()),
            List.of(witnessKey.verifier()), 1);
        HttpResponse<String> key = http.send(HttpRequest.newBuilder(uri(witness, "/")).timeout(Duration.ofSeconds(60))
            .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(witnessKey.verifier().encode() + "\n", key.body());
        for (Socket s : tricklers) {
          assertEquals(0, s.getInputStream().available(), "a trickling upload is still being received, not answered");
        }

        for (Socket s : tricklers) {
          String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8); // until closed
          assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
          assertTrue(answer.contains("--body-timeout-ms"), answer);
        }
      } finally {
        drip.shutdownNow();
        for (Socket s : tricklers) {
          s.close();
        }
      }
      // The witness still cosigns the next checkpoint.
      RecordBody body = TestRecords.body("org1", List.of("lot-3"), "n3").setOrigin(ORIGIN).build();
      ledger.append(Records.sign(body.toByteArray(), SigningKey.generate()));
      HttpResponse<String> next = post(witness, new AddCheckpoint(3, ledger.consistencyProof(3, 4), ledger.checkpointAt(4))
          .encode());
      assertEquals(200, next.statusCode(), next.body());
    }
  }

  @Test
  void aBodyLargerThanAWitnessReads_isRefused413_beforeItIsRead() throws Exception {
    try (WitnessServer witness = start(WitnessServer.Guards.DEFAULT);
        Socket s = openUpload(witness, AddCheckpoint.MAX_BYTES + 1L)) {
      String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
      assertTrue(answer.contains("Content-Type: text/plain"), answer);
      assertTrue(answer.contains("want at most " + AddCheckpoint.MAX_BYTES + " bytes"), answer);
    }
  }

  @Test
  void aChunkedBodyLargerThanAWitnessReads_isRefused413() throws Exception {
    try (WitnessServer witness = start(WitnessServer.Guards.DEFAULT);
        Socket s = new Socket(InetAddress.getLoopbackAddress(), witness.port())) {
      s.setSoTimeout(120_000);
      write(s, "POST /add-checkpoint HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n");
      String chunk = "x".repeat(16 * 1024);
      for (int i = 0; i <= AddCheckpoint.MAX_BYTES / chunk.length(); i++) {
        write(s, Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n");
      }
      String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
    }
  }

  @Test
  void aConnectionThatNeverCompletesItsHeaders_isClosedAfterTheIdleTimeout() throws Exception {
    try (WitnessServer witness = start(new WitnessServer.Guards(10_000, 1));
        Socket s = new Socket(InetAddress.getLoopbackAddress(), witness.port())) {
      s.setSoTimeout(120_000);
      write(s, "POST /add-checkpoint HTTP/1.1\r\nHost: 127.0.0.1\r\n");
      assertEquals(-1, s.getInputStream().read(), "closed without an answer");
      HttpResponse<String> key = http.send(HttpRequest.newBuilder(uri(witness, "/")).timeout(Duration.ofSeconds(60))
          .GET().build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, key.statusCode());
    }
  }

  @Test
  void aWellFormedBodySentAfterItsHeaders_isCosigned() throws Exception {
    try (WitnessServer witness = start(WitnessServer.Guards.DEFAULT)) {
      String body = new AddCheckpoint(0, List.of(), ledger.checkpointAt(3)).encode();
      try (Socket s = openUpload(witness, body.getBytes(StandardCharsets.UTF_8).length)) {
        write(s, body.substring(0, 10));
        Thread.sleep(200); // lets the headers and the first bytes arrive apart from the rest
        write(s, body.substring(10));
        String answer = readAnswer(s);
        assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
        String cosignature = answer.substring(answer.indexOf("\r\n\r\n") + 4);
        CosignatureVerifier.verifyAtLeast(SignedNote.parse(ledger.checkpointAt(3) + cosignature),
            List.of(witnessKey.verifier()), 1);
      }
    }
  }

  /** A connection that sent the headers of a POST /add-checkpoint of {@code length} bytes and no body yet. */
  private static Socket openUpload(WitnessServer witness, long length) throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), witness.port());
    s.setSoTimeout(120_000);
    write(s, "POST /add-checkpoint HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + length + "\r\n\r\n");
    return s;
  }

  /** Reads one answer with a Content-Length body, without waiting for the connection to close. */
  private static String readAnswer(Socket s) throws IOException {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    var in = s.getInputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        return got.toString(StandardCharsets.UTF_8);
      }
      got.write(b);
      String text = got.toString(StandardCharsets.UTF_8);
      int end = text.indexOf("\r\n\r\n");
      if (end >= 0) {
        int at = text.toLowerCase(java.util.Locale.ROOT).indexOf("content-length: ");
        int length = Integer.parseInt(text.substring(at + 16, text.indexOf("\r\n", at)).trim());
        got.write(in.readNBytes(length));
        return got.toString(StandardCharsets.UTF_8);
      }
    }
  }

  private static void write(Socket s, String text) {
    try {
      OutputStream out = s.getOutputStream();
      out.write(text.getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      // the server closed it; the assertions say whether it should have
    }
  }

  private HttpResponse<String> post(WitnessServer witness, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(witness, "/add-checkpoint")).timeout(Duration.ofSeconds(60))
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static URI uri(WitnessServer witness, String path) {
    return URI.create("http://127.0.0.1:" + witness.port() + path);
  }
}
