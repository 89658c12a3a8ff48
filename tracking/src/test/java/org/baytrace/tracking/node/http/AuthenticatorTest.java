package org.baytrace.tracking.node.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.baytrace.config.HttpAccess;
import org.baytrace.config.HttpAccess.ClientCertificate;
import org.baytrace.config.HttpAccess.Token;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which org a request proves: bearer tokens by their configured SHA-256, client certificates (as
 * the TLS layer verified them) by fingerprint or subject, anonymous only where allowed. The
 * certificates are real X.509 certificates made by the JDK's keytool.
 */
class AuthenticatorTest {
  private static final String FOODS_TOKEN = HttpAccess.newToken();
  private static X509Certificate portCert;
  private static X509Certificate customsCert;
  private static X509Certificate strangerCert;

  @BeforeAll
  static void certificates(@TempDir Path dir) throws Exception {
    portCert = certificate(dir, "port", "CN=nansha-port,O=Nansha Port,C=CN");
    customsCert = certificate(dir, "customs", "CN=gongbei-customs,O=Gongbei Customs,C=CN");
    strangerCert = certificate(dir, "stranger", "CN=stranger,O=Nobody,C=CN");
  }

  /** A self-signed ECDSA P-256 certificate with this subject, made by keytool. */
  static X509Certificate certificate(Path dir, String alias, String subject) throws Exception {
    Path store = dir.resolve(alias + ".p12");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
        "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", subject, "-validity", "30",
        "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, "changeit".toCharArray());
    }
    return (X509Certificate) ks.getCertificate(alias);
  }

  private static Authenticator authenticator() {
    return Authenticator.of(new HttpAccess(List.of(Token.of("pearl-river-foods", FOODS_TOKEN)), List.of(
        new ClientCertificate("nansha-port", null, "CN=nansha-port, O=Nansha Port, C=CN"),
        new ClientCertificate("gongbei-customs", Authenticator.fingerprint(customsCert).toUpperCase(java.util.Locale.ROOT)
            .replaceAll("(..)(?!$)", "$1:"), null))));
  }

  private static Caller caller(Authenticator.Outcome o) {
    return assertInstanceOf(Authenticator.Authenticated.class, o, o::toString).caller();
  }

  @Test
  void bearerToken_provesItsOrg_andAnyOtherTokenProvesNothing() {
    assertEquals(new Caller("pearl-river-foods", Caller.TOKEN), caller(authenticator().authenticate("Bearer " + FOODS_TOKEN, List.of())));
    assertEquals("pearl-river-foods", caller(authenticator().authenticate("bearer  " + FOODS_TOKEN + " ", List.of())).org());
    assertInstanceOf(Authenticator.Invalid.class, authenticator().authenticate("Bearer " + HttpAccess.newToken(), List.of()));
    assertInstanceOf(Authenticator.Invalid.class, authenticator().authenticate("Bearer " + FOODS_TOKEN + "x", List.of()));
    Authenticator.Outcome basic = authenticator().authenticate("Basic dXNlcjpwYXNz", List.of());
    assertTrue(((Authenticator.Invalid) basic).detail().contains("want Bearer"), basic.toString());
  }

  @Test
  void configHoldsOnlyTheTokensHash() {
    Token t = Token.of("pearl-river-foods", FOODS_TOKEN);
    assertEquals(64, t.sha256().length());
    assertTrue(!t.configLine().contains(FOODS_TOKEN) && t.configLine().contains(t.sha256()), t.configLine());
  }

  @Test
  void clientCertificate_provesItsOrg_bySubjectOrByFingerprint() {
    assertEquals(new Caller("nansha-port", Caller.CERTIFICATE), caller(authenticator().authenticate(null, List.of(portCert))));
    assertEquals(new Caller("gongbei-customs", Caller.CERTIFICATE), caller(authenticator().authenticate(null, List.of(customsCert))));
  }

  @Test
  void unmappedCertificate_orACertificateAndATokenOfDifferentOrgs_proveNothing() {
    Authenticator.Outcome o = authenticator().authenticate(null, List.of(strangerCert));
    assertTrue(((Authenticator.Invalid) o).detail().contains("CN=stranger"), o.toString());
    o = authenticator().authenticate("Bearer " + FOODS_TOKEN, List.of(portCert));
    assertTrue(((Authenticator.Invalid) o).detail().contains("send one credential"), o.toString());
  }

  @Test
  void noCredential_isMissing_unlessAnonymousIsTaken() {
    assertInstanceOf(Authenticator.Missing.class, authenticator().authenticate(null, List.of()));
    assertEquals(new Caller("local", Caller.ANONYMOUS_LOCAL),
        caller(authenticator().withAnonymous("local").authenticate(null, List.of())));
    // A credential still counts when anonymous writes are taken.
    assertEquals("pearl-river-foods", caller(authenticator().withAnonymous("local").authenticate("Bearer " + FOODS_TOKEN, List.of())).org());
  }

  @Test
  void writesAndCaptureJobReads_actForAnOrg_otherReadsDoNot() {
    assertTrue(CallerFilter.actsForAnOrg("POST", "capture"));
    assertTrue(CallerFilter.actsForAnOrg("POST", "events"));
    assertTrue(CallerFilter.actsForAnOrg("DELETE", "anything/new"));
    assertTrue(CallerFilter.actsForAnOrg("GET", "capture"));
    assertTrue(CallerFilter.actsForAnOrg("GET", "capture/id1-00"));
    assertTrue(!CallerFilter.actsForAnOrg("GET", "events") && !CallerFilter.actsForAnOrg("OPTIONS", "capture")
        && !CallerFilter.actsForAnOrg("GET", "v1/ledger/checkpoint"));
  }
}
