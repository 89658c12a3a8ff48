package org.baytrace.tracking.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.api.ledger.v1.SignedRecord;
import org.baytrace.config.CaptureIdentity;
import org.baytrace.config.HttpAccess;
import org.baytrace.config.NodeConfig;
import org.baytrace.ledger.registry.OrgRegistry;
import org.baytrace.ledger.registry.OrgRegistry.Org;
import org.baytrace.ledger.registry.OrgRegistry.OrgKey;
import org.baytrace.ledger.registry.OrgRegistry.Role;
import org.baytrace.config.ServerTls;
import org.baytrace.config.Transport;
import org.baytrace.api.ledger.v1.LogEntry;
import org.baytrace.ledger.crypto.KeyFiles;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.tls.Certificates;
import org.baytrace.ledger.tls.TlsIdentity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with client certificates: a partner's EPCIS system writes as the organisation its certificate is mapped to. */
class HttpsClientCertificateTest {
  private static final String BRAND_ITEM = "urn:epc:id:sgtin:0614141.107346.2018";

  @TempDir Path dir;

  private BayTraceNode node;
  private TlsIdentity ca;
  /** The carrier's EPCIS system: a client certificate from the clients' CA. */
  private TlsIdentity reeferSystem;

  @BeforeEach
  void start() throws Exception {
    ca = Certificates.newCa("BayTrace test clients CA", "BayTrace", Duration.ofDays(1));
    TlsIdentity server = Certificates.issue(ca, Certificates.Use.SERVER, "node", "BayTrace", List.of("127.0.0.1"),
        Duration.ofDays(1));
    reeferSystem = Certificates.issue(ca, Certificates.Use.CLIENT, "reefer-epcis", "Bay Reefer", List.of(),
        Duration.ofDays(1));
    SigningKey captureKey = SigningKey.generate();
    Path keyFile = dir.resolve("capture.key");
    KeyFiles.savePrivate(captureKey, keyFile);
    OrgRegistry registry = OrgRegistry.of(List.of(
        new Org("gba-capture", "GBA capture service", Set.of(Role.AUDITOR), List.of(OrgKey.of(captureKey.publicKey())),
            List.of(), null, List.of("*")),
        Org.of("bay-reefer", Role.CARRIER, SigningKey.generate().publicKey())));
    HttpAccess access = new HttpAccess(List.of(),
        List.of(new HttpAccess.ClientCertificate("bay-reefer", sha256(reeferSystem.chain().get(0)), null)));
    Transport tls = new Transport(Optional.empty(), false,
        Optional.of(new ServerTls(server, dir.resolve("server.pem"), List.of(ca.chain().get(0)), ServerTls.ClientAuth.OPTIONAL)),
        false, Optional.empty(), false, Transport.DEFAULT_MAX_CLOCK_SKEW);
    NodeConfig config = LoopbackNodeConfig.in(dir.resolve("data")).withRegistry(registry)
        .withCapture(Optional.of(new CaptureIdentity("gba-capture", keyFile, captureKey))).withHttpAccess(access)
        .withTransport(tls);
    node = BayTraceNode.start(config, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    node.close();
  }

  @Test
  void eventSentWithAMappedClientCertificate_isWrittenForThatOrganisation() throws Exception {
    HttpResponse<String> r = post(client(Optional.of(reeferSystem)));
    assertEquals(201, r.statusCode(), r.body());
    long index = Long.parseLong(r.headers().firstValue("BayTrace-Ledger-Index").orElseThrow());
    RecordBody body = RecordBody.parseFrom(SignedRecord.parseFrom(
        LogEntry.parseFrom(node.ledger().entry(index).leaf()).getSignedRecord()).getBody());
    assertEquals("bay-reefer", body.getSubmittedBy());
  }

  @Test
  void eventSentOverHttpsWithoutACertificateOrToken_is401() throws Exception {
    HttpResponse<String> r = post(client(Optional.empty()));
    assertEquals(401, r.statusCode(), r.body());
  }

  @Test
  void certificateFromTheRightCaButMappedToNoOrganisation_is401() throws Exception {
    TlsIdentity stranger = Certificates.issue(ca, Certificates.Use.CLIENT, "stranger", "Nobody Ltd", List.of(),
        Duration.ofDays(1));
    HttpResponse<String> r = post(client(Optional.of(stranger)));
    assertEquals(401, r.statusCode(), r.body());
  }

  private HttpResponse<String> post(HttpClient client) throws Exception {
    String event = "{\"@context\":[\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\"],"
        + "\"type\":\"ObjectEvent\",\"eventTime\":\"2026-11-28T08:00:00+08:00\",\"eventTimeZoneOffset\":\"+08:00\","
        + "\"epcList\":[\"" + BRAND_ITEM + "\"],\"action\":\"OBSERVE\",\"bizStep\":\"shipping\",\"disposition\":\"in_transit\"}";
    return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + node.httpPort() + "/events"))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/ld+json")
        .POST(HttpRequest.BodyPublishers.ofString(event)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpClient client(Optional<TlsIdentity> identity) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca.chain().get(0));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    if (identity.isPresent()) {
      keys.setKeyEntry("client", identity.get().key(), new char[0], identity.get().chain().toArray(new X509Certificate[0]));
    }
    kmf.init(keys, new char[0]);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).build();
  }

  private static String sha256(X509Certificate c) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
  }
}
