package org.baytrace.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.baytrace.ledger.crypto.KeyFiles;
import org.baytrace.ledger.tls.Certificates;
import org.baytrace.ledger.tls.Fingerprint;
import org.baytrace.ledger.tls.Pem;
import org.baytrace.ledger.tls.TlsIdentity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [grpc.tls]}, {@code [http.tls]}, {@code [raft.tls]}, pins in {@code [[peers]]}, and the plaintext rule. */
class TransportConfigTest {
  private static final Duration YEAR = Duration.ofDays(365);

  @TempDir Path dir;
  private TlsIdentity n1;
  private TlsIdentity n2;

  @BeforeEach
  void certificates() throws IOException {
    TlsIdentity ca = Certificates.newCa("clients CA", null, YEAR);
    TlsIdentity membersCa = Certificates.newCa("members CA", null, YEAR);
    Files.createDirectories(dir.resolve("tls"));
    Pem.write(ca, dir.resolve("tls/ca.pem"), dir.resolve("tls/ca.key"));
    Pem.write(membersCa, dir.resolve("tls/members-ca.pem"), dir.resolve("tls/members-ca.key"));
    Pem.write(Certificates.issue(ca, Certificates.Use.SERVER, "n1", null, List.of("10.0.0.1"), YEAR),
        dir.resolve("tls/server.pem"), dir.resolve("tls/server.key"));
    n1 = Certificates.issue(membersCa, Certificates.Use.MEMBER, "n1", null, List.of("10.0.0.1"), YEAR);
    n2 = Certificates.issue(membersCa, Certificates.Use.MEMBER, "n2", null, List.of("10.0.0.2"), YEAR);
    Pem.write(n1, dir.resolve("tls/n1.pem"), dir.resolve("tls/n1.key"));
    Pem.write(n2, dir.resolve("tls/n2.pem"), dir.resolve("tls/n2.key"));
    KeyFiles.savePublic(TestKeys.key(1).publicKey(), dir.resolve("n1.pub"));
    KeyFiles.savePublic(TestKeys.key(2).publicKey(), dir.resolve("n2.pub"));
  }

  @Test
  void plaintextBeyondLoopback_isRefused_namingTheKeyAndBothWaysOut() {
    ConfigException e = assertThrows(ConfigException.class, () -> load("[grpc]\nlisten = \"0.0.0.0:50051\"\n"));
    assertTrue(e.getMessage().contains("grpc.listen: got \"0.0.0.0:50051\", not a loopback address, without [grpc.tls]"), e.getMessage());
    assertTrue(e.getMessage().contains("allow_plaintext = true"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> load("[http]\nlisten = \"10.0.0.1:8080\"\n"));
    assertTrue(e.getMessage().contains("http.listen"), e.getMessage());
  }

  @Test
  void plaintextBeyondLoopback_withTheOptIn_loads_andIsListedForTheStartWarning() throws Exception {
    NodeConfig c = load("[grpc]\nlisten = \"0.0.0.0:50051\"\nallow_plaintext = true\n");
    assertEquals(List.of("gRPC on 0.0.0.0:50051"), c.plaintextBeyondLoopback());
    assertEquals(List.of(), NodeConfig.defaults().plaintextBeyondLoopback(), "the embedded default: plaintext on loopback");
  }

  @Test
  void grpcAndHttpTls_areRead_withClientAuthOptionalWhenAClientCaIsGiven() throws Exception {
    NodeConfig c = load("""
        [grpc]
        listen = "0.0.0.0:50051"
        tls = { cert_file = "tls/server.pem", key_file = "tls/server.key", client_ca_file = "tls/ca.pem" }
        [http]
        listen = "0.0.0.0:8080"
        [http.tls]
        cert_file = "tls/server.pem"
        key_file = "tls/server.key"
        """);
    assertEquals(ServerTls.ClientAuth.OPTIONAL, c.transport().grpcTls().orElseThrow().clientAuth());
    assertEquals(ServerTls.ClientAuth.NONE, c.transport().httpTls().orElseThrow().clientAuth());
    assertEquals(2, c.transport().grpcTls().orElseThrow().identity().chain().size(), "certificate and its CA");
    assertEquals(List.of(), c.plaintextBeyondLoopback());
  }

  @Test
  void tlsKeyReadableByOthers_isRefused() throws Exception {
    Files.setPosixFilePermissions(dir.resolve("tls/server.key"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    ConfigException e = assertThrows(ConfigException.class,
        () -> load("[grpc.tls]\ncert_file = \"tls/server.pem\"\nkey_file = \"tls/server.key\"\n"));
    assertTrue(e.getMessage().contains("grpc.tls.key_file") && e.getMessage().contains("chmod 600"), e.getMessage());
  }

  @Test
  void raftTls_pinsEveryPeer_byFileOrFingerprint() throws Exception {
    NodeConfig c = load(RAFT_TLS + peer("n1", 1, "tls_cert_file = \"tls/n1.pem\"")
        + peer("n2", 2, "tls_fingerprint = \"" + n2.fingerprint().hex().toUpperCase().replaceAll("(..)(?!$)", "$1:") + "\""));
    assertEquals(n1.fingerprint(), c.peers().get(0).tlsCertificate().orElseThrow());
    assertEquals(n2.fingerprint(), c.peers().get(1).tlsCertificate().orElseThrow());
    assertEquals(Fingerprint.of(Pem.readCertificates(dir.resolve("tls/members-ca.pem")).get(0)),
        Fingerprint.of(c.transport().raftTls().orElseThrow().membersCa().get(0)));
  }

  @Test
  void raftTls_withAPeerNotPinned_isRefused() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> load(RAFT_TLS + peer("n1", 1, "tls_cert_file = \"tls/n1.pem\"") + peer("n2", 2, "")));
    assertTrue(e.getMessage().contains("peers[1]: no tls_cert_file or tls_fingerprint"), e.getMessage());
  }

  @Test
  void raftTls_whoseCertificateIsNotTheOnePinnedForThisNode_isRefused() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> load(RAFT_TLS + peer("n1", 1, "tls_cert_file = \"tls/n2.pem\"") + peer("n2", 2, "tls_cert_file = \"tls/n2.pem\"")));
    assertTrue(e.getMessage().contains("raft.tls.cert_file"), e.getMessage());
  }

  @Test
  void plaintextRaftBeyondLoopback_isRefused() {
    ConfigException e = assertThrows(ConfigException.class, () -> load("[node]\nname = \"n1\"\n" + peer("n1", 1, "") + peer("n2", 2, "")));
    assertTrue(e.getMessage().contains("peers[0].raft: got \"10.0.0.1:50071\", not a loopback address, without [raft.tls]"),
        e.getMessage());
  }

  private static final String RAFT_TLS = """
      [node]
      name = "n1"
      [raft.tls]
      cert_file = "tls/n1.pem"
      key_file = "tls/n1.key"
      ca_file = "tls/members-ca.pem"
      """;

  private static String peer(String id, int n, String pin) {
    return "\n[[peers]]\nid = \"" + id + "\"\ngrpc = \"10.0.0." + n + ":50051\"\nraft = \"10.0.0." + n + ":50071\"\n"
        + "public_key_file = \"" + id + ".pub\"\n" + pin + "\n";
  }

  private NodeConfig load(String text) throws Exception {
    Path file = dir.resolve("node.toml");
    Files.writeString(file, text);
    return NodeConfig.load(file);
  }
}
