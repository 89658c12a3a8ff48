package org.baytrace.tracking.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.baytrace.config.HttpLimits;
import org.baytrace.config.NodeConfig;
import org.baytrace.config.ServerTls;
import org.baytrace.config.Transport;
import org.baytrace.ledger.tls.Certificates;
import org.baytrace.ledger.tls.TlsIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow TLS clients on the HTTPS listener: a TLS handshake holds no worker thread while it waits
 * for the client, and one that does not complete within {@code http.idle_timeout_s} of the
 * connection's opening is closed, even when the client keeps trickling bytes of its hello. No
 * timing assertions: sockets wait generously and the test checks what the server did.
 */
class SlowTlsHandshakesTest {
  /** A TLS handshake record header announcing a 512-byte ClientHello. */
  private static final byte[] HELLO_HEADER = {0x16, 0x03, 0x01, 0x02, 0x00};
  private static final int HELLO_BYTES = 512;

  @TempDir
  Path dir;

  @Test
  void sixteenTricklingTlsHandshakes_leaveTheHttpsCheckpointAnswered_andAreClosedBeforeTheirHelloIsComplete()
      throws Exception {
    TlsIdentity ca = Certificates.newCa("BayTrace test CA", "BayTrace", Duration.ofDays(1));
    TlsIdentity server = Certificates.issue(ca, Certificates.Use.SERVER, "node", "BayTrace", List.of("127.0.0.1"),
        Duration.ofDays(1));
    Transport tls = new Transport(Optional.empty(), false,
        Optional.of(new ServerTls(server, dir.resolve("server.pem"), List.of(), ServerTls.ClientAuth.NONE)),
        false, Optional.empty(), false, Transport.DEFAULT_MAX_CLOCK_SKEW);
    HttpLimits limits = new HttpLimits(HttpLimits.DEFAULT.maxBodyBytes(), HttpLimits.DEFAULT.bodyTimeoutMillis(), 2,
        HttpLimits.DEFAULT.workerThreads(), HttpLimits.DEFAULT.maxRequestMemoryBytes(),
        HttpLimits.DEFAULT.writesPerMinutePerOrg(), HttpLimits.DEFAULT.writeBurstPerOrg());
    NodeConfig config = LoopbackNodeConfig.in(dir.resolve("data"))
        .withTransport(tls).withHttpLimits(limits);
    try (BayTraceNode node = BayTraceNode.start(config,
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
      List<Socket> tricklers = new ArrayList<>();
      AtomicIntegerArray sent = new AtomicIntegerArray(16);
      ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();
      try {
        for (int i = 0; i < 16; i++) {
          Socket s = new Socket(InetAddress.getLoopbackAddress(), node.httpPort());
          s.setSoTimeout(120_000);
          s.getOutputStream().write(HELLO_HEADER);
          s.getOutputStream().flush();
          tricklers.add(s);
        }
        // One more byte of each hello every 200 ms: a 512-byte hello would take over 100 s.
        drip.scheduleWithFixedDelay(() -> {
          for (int i = 0; i < tricklers.size(); i++) {
            if (sent.get(i) < HELLO_BYTES - 1 && write(tricklers.get(i), (byte) 0x01)) {
              sent.incrementAndGet(i);
            }
          }
        }, 0, 200, TimeUnit.MILLISECONDS);

        HttpResponse<String> checkpoint = httpsClient(ca).send(HttpRequest.newBuilder(
            URI.create("https://127.0.0.1:" + node.httpPort() + "/v1/ledger/checkpoint")).header("Accept", "text/plain")
            .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, checkpoint.statusCode(), checkpoint.body());
        assertTrue(checkpoint.body().startsWith(NodeConfig.DEFAULT_ORIGIN + "\n"), checkpoint.body());

        for (int i = 0; i < tricklers.size(); i++) {
          assertTrue(closedByServer(tricklers.get(i)), "trickling handshake " + i + " was closed by the server");
          assertTrue(sent.get(i) < HELLO_BYTES - 1, "closed before its hello was complete (" + sent.get(i) + " bytes)");
        }
        System.out.printf("trickling TLS handshakes: closed by the server after %s hello bytes each%n", sent);
      } finally {
        drip.shutdownNow();
        for (Socket s : tricklers) {
          s.close();
        }
      }
    }
  }

  /** True once the server closed the connection (end of stream or reset); false if it stays open past the socket timeout. */
  private static boolean closedByServer(Socket s) {
    try {
      while (true) {
        if (s.getInputStream().read() < 0) {
          return true;
        }
      }
    } catch (SocketException e) {
      return true; // reset by the server
    } catch (IOException e) {
      return false; // timed out: still open
    }
  }

  private static boolean write(Socket s, byte b) {
    try {
      OutputStream out = s.getOutputStream();
      out.write(b);
      out.flush();
      return true;
    } catch (IOException e) {
      return false; // the server closed it
    }
  }

  private static HttpClient httpsClient(TlsIdentity ca) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca.chain().get(0));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(30)).build();
  }
}
