package org.baytrace.config;

import org.baytrace.ledger.registry.OrgRegistry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.baytrace.ledger.registry.OrgRegistry.Org;
import org.baytrace.ledger.registry.OrgRegistry.OrgKey;
import org.baytrace.ledger.registry.OrgRegistry.Role;
import org.baytrace.ledger.crypto.KeyFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeConfigTest {
  @TempDir
  Path dir;

  @Test
  void defaults_withoutFile_areTheDocumentedValues() {
    NodeConfig c = NodeConfig.defaults();
    Path cwd = Path.of("").toAbsolutePath();
    assertEquals("baytrace-local", c.nodeName());
    assertEquals("baytrace.local/ledger", c.origin());
    assertEquals(cwd.resolve("data"), c.dataDir());
    assertEquals(cwd.resolve("data/node.key"), c.keyFile());
    assertEquals(HostPort.parse("127.0.0.1:50051"), c.grpcListen());
    assertEquals(HostPort.parse("127.0.0.1:8080"), c.httpListen());
    assertEquals(61440, c.maxRecordBytes());
    assertEquals(1024, c.maxInFlightPerStream());
    assertEquals(1000, c.batchMaxRecords());
    assertEquals(Duration.ofMillis(5), c.batchMaxDelay());
    assertEquals(Runtime.getRuntime().availableProcessors(), c.verifyThreads());
    assertFalse(c.verifyAllOnStart()); // start time must not grow with the ledger
    assertEquals(OpsSettings.DEFAULT, c.ops());
    assertTrue(c.registry().isEmpty());
    assertEquals(List.of(), c.peers());
    assertTrue(c.self().isEmpty());
    assertEquals(61440, c.recordLimits().maxRecordBytes());
  }

  @Test
  void peer_publicKeyFile_givesTheVerifierKeyNamedByThePeerId() throws Exception {
    KeyFiles.savePublic(TestKeys.key(2).publicKey(), dir.resolve("keys/n2.pub"));
    Path file = write("node.toml", """
        [node]
        name = "n1"
        [[peers]]
        id = "n1"
        grpc = "127.0.0.1:50061"
        raft = "127.0.0.1:50071"
        verifier_key = "%s"
        [[peers]]
        id = "n2"
        grpc = "127.0.0.1:50062"
        raft = "127.0.0.1:50072"
        public_key_file = "keys/n2.pub"
        """.formatted(TestKeys.vkey("n1", 1)));
    NodeConfig c = NodeConfig.load(file);
    assertEquals(TestKeys.vkey("n2", 2), c.peers().get(1).verifierKey().encode());
    assertEquals(new HostPort("127.0.0.1", 50072), c.peers().get(1).raft());
    assertEquals(List.of(c.peers().get(1)), c.otherPeers());
  }

  @Test
  void peer_markedNotFounding_isLeftOutOfTheFoundingRegistry_butIsThisNode() throws Exception {
    Path file = write("node.toml", """
        [node]
        name = "joiner"
        [[orgs]]
        id = "org1"
        roles = ["port"]
        keys = [{ public_key = "%s" }]
        [[peers]]
        id = "founder"
        grpc = "127.0.0.1:50061"
        raft = "127.0.0.1:50071"
        verifier_key = "%s"
        [[peers]]
        id = "joiner"
        grpc = "127.0.0.1:50062"
        raft = "127.0.0.1:50072"
        verifier_key = "%s"
        founding = false
        """.formatted(TestKeys.key(3).publicKey().base64(), TestKeys.vkey("founder", 1), TestKeys.vkey("joiner", 2)));
    NodeConfig c = NodeConfig.load(file);
    assertEquals("joiner", c.self().orElseThrow().id());
    assertFalse(c.self().orElseThrow().founding());
    assertTrue(c.peers().get(0).founding(), "founding is the default");
    assertEquals(List.of("founder"), c.foundingRegistry(c.registry()).members().stream().map(m -> m.name()).toList());
  }

  @Test
  void load_emptyFile_givesDefaultsWithPathsBesideTheFile() throws Exception {
    Path file = write("node.toml", "# nothing set\n");
    NodeConfig c = NodeConfig.load(file);
    assertEquals(NodeConfig.defaults().withDataDir(dir.resolve("data")), c);
    assertEquals(dir.resolve("data/node.key"), c.keyFile());
  }

  @Test
  void load_everyKey_isParsed() throws Exception {
    KeyFiles.savePublic(TestKeys.key(2).publicKey(), dir.resolve("keys/customs.pub"));
    Path file = write("node.toml", """
        [node]
        name = "node-2"
        data_dir = "/var/lib/baytrace"
        key_file = "secrets/node-2.key"

        [ledger]
        origin = "baytrace.example/gba/ledger-1"

        [grpc]
        listen = "0.0.0.0:6000"
        allow_plaintext = true

        [http]
        listen = "[::1]:6080"

        [limits]
        max_record_bytes = 65000
        max_in_flight_per_stream = 64

        [sequencer]
        batch_max_records = 250
        batch_max_delay_ms = 0
        verify_threads = 3

        [storage]
        verify_on_start = "head"

        [raft]
        allow_plaintext = true
        max_clock_skew_ms = 5000

        [[orgs]]
        id = "pearl-river-foods"
        name = "Pearl River Foods Co., Ltd."
        roles = ["producer", "carrier"]
        keys = [
          { public_key = "%s", not_before = "2025-01-01T00:00:00Z", not_after = 2027-12-31T08:00:00+08:00 },
        ]
        gs1_company_prefixes = ["6901234", "690555512345"]
        aeo_status = "cn-advanced-certified"

        [[orgs]]
        id = "hk-customs"
        roles = ["customs", "auditor"]

        [[orgs.keys]]
        public_key_file = "keys/customs.pub"

        [[peers]]
        id = "node-1"
        grpc = "10.0.0.1:50051"
        raft = "10.0.0.1:50071"
        verifier_key = "%s"

        [[peers]]
        id = "node-2"
        grpc = "10.0.0.2:50051"
        raft = "10.0.0.2:50071"
        verifier_key = "%s"
        """.formatted(TestKeys.base64(1), TestKeys.vkey("node-1", 11), TestKeys.vkey("node-2", 12)));

    NodeConfig c = NodeConfig.load(file);

    assertEquals("node-2", c.nodeName());
    assertEquals("baytrace.example/gba/ledger-1", c.origin());
    assertEquals(Path.of("/var/lib/baytrace"), c.dataDir());
    assertEquals(dir.resolve("secrets/node-2.key"), c.keyFile());
    assertEquals(new HostPort("0.0.0.0", 6000), c.grpcListen());
    assertEquals(new HostPort("::1", 6080), c.httpListen());
    assertEquals(65000, c.maxRecordBytes());
    assertEquals(64, c.maxInFlightPerStream());
    assertEquals(250, c.batchMaxRecords());
    assertEquals(Duration.ZERO, c.batchMaxDelay());
    assertEquals(3, c.verifyThreads());
    assertFalse(c.verifyAllOnStart());

    Org foods = c.registry().org("pearl-river-foods").orElseThrow();
    assertEquals("Pearl River Foods Co., Ltd.", foods.name());
    assertEquals(Set.of(Role.PRODUCER, Role.CARRIER), foods.roles());
    assertEquals(List.of(new OrgKey(TestKeys.key(1).publicKey(),
        Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2027-12-31T00:00:00Z"))), foods.keys());
    assertEquals(List.of("6901234", "690555512345"), foods.gs1CompanyPrefixes());
    assertEquals("cn-advanced-certified", foods.aeoStatus());

    Org customs = c.registry().org("hk-customs").orElseThrow();
    assertEquals("hk-customs", customs.name(), "name defaults to the id");
    assertEquals(Set.of(Role.CUSTOMS, Role.AUDITOR), customs.roles());
    assertEquals(List.of(OrgKey.of(TestKeys.key(2).publicKey())), customs.keys());
    assertEquals(List.of(), customs.gs1CompanyPrefixes());
    assertEquals(null, customs.aeoStatus());
    assertEquals(List.of("pearl-river-foods", "hk-customs"), c.registry().orgs().stream().map(Org::id).toList());
    assertEquals(customs, c.registry().orgOfKey(TestKeys.key(2).publicKey()).orElseThrow());

    assertEquals(2, c.peers().size());
    Peer p1 = c.peers().get(0);
    assertEquals("node-1", p1.id());
    assertEquals(new HostPort("10.0.0.1", 50051), p1.grpc());
    assertEquals(TestKeys.key(11).publicKey(), p1.verifierKey().publicKey());
    assertEquals("node-2", c.self().orElseThrow().id());
    assertEquals(List.of(p1), c.otherPeers());
  }

  @Test
  void load_relativePaths_resolveAgainstTheConfigFileDirectory() throws Exception {
    Path conf = dir.resolve("etc/baytrace");
    KeyFiles.savePublic(TestKeys.key(1).publicKey(), conf.resolve("keys/a.pub"));
    Path file = write("etc/baytrace/node.toml", """
        [node]
        data_dir = "../../var/data"
        key_file = "secret/node.key"
        [[orgs]]
        id = "a"
        roles = ["producer"]
        keys = [ { public_key_file = "keys/a.pub" } ]
        """);
    NodeConfig c = NodeConfig.load(file);
    assertEquals(dir.resolve("var/data"), c.dataDir());
    assertEquals(conf.resolve("secret/node.key"), c.keyFile());
    assertEquals("a", c.registry().orgOfKey(TestKeys.key(1).publicKey()).orElseThrow().id());
  }

  @Test
  void load_keyFileNotSet_defaultsIntoTheConfiguredDataDir() throws Exception {
    Path file = write("node.toml", "[node]\ndata_dir = \"store\"\n");
    assertEquals(dir.resolve("store/node.key"), NodeConfig.load(file).keyFile());
  }

  @Test
  void withDataDir_movesADefaultKeyFile_keepsAnExplicitOne() throws Exception {
    Path other = dir.resolve("elsewhere");
    NodeConfig byDefault = NodeConfig.load(write("a.toml", ""));
    assertEquals(other.resolve("node.key"), byDefault.withDataDir(other).keyFile());
    assertEquals(other, byDefault.withDataDir(other).dataDir());

    NodeConfig explicit = NodeConfig.load(write("b.toml", "[node]\nkey_file = \"k/node.key\"\n"));
    assertEquals(dir.resolve("k/node.key"), explicit.withDataDir(other).keyFile());
  }

  @Test
  void withListen_replacesOnlyThatAddress() {
    NodeConfig c = NodeConfig.defaults()
        .withGrpcListen(HostPort.parse("127.0.0.2:1"))
        .withHttpListen(HostPort.parse("127.0.0.3:2"));
    assertEquals(HostPort.parse("127.0.0.2:1"), c.grpcListen());
    assertEquals(HostPort.parse("127.0.0.3:2"), c.httpListen());
    assertEquals(NodeConfig.defaults().dataDir(), c.dataDir());
  }

  @Test
  void withRegistry_addsTheNodesOwnOrg() {
    Org own = Org.of("local", Role.OPERATOR, TestKeys.key(1).publicKey());
    NodeConfig c = NodeConfig.defaults().withRegistry(NodeConfig.defaults().registry().withOrg(own));
    assertEquals(own, c.registry().org("local").orElseThrow());
  }

  @Test
  void constructor_breakingARule_namesTheTomlKey() {
    NodeConfig d = NodeConfig.defaults();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new NodeConfig(d.nodeName(),
        d.origin(), d.dataDir(), d.keyFile(), d.grpcListen(), d.httpListen(), 10, d.maxInFlightPerStream(),
        d.batchMaxRecords(), d.batchMaxDelay(), d.verifyThreads(), true, d.registry(), d.peers()));
    assertEquals("limits.max_record_bytes: got 10, want an integer from 256 to 65535", e.getMessage());
  }

  @Test
  void witnesses_areReadWithNameKeyAndUrl() throws Exception {
    org.baytrace.ledger.witness.CosignatureSigner w = new org.baytrace.ledger.witness.CosignatureSigner(
        "customs.example/witness", org.baytrace.ledger.crypto.SigningKey.generate());
    NodeConfig c = NodeConfig.load(write("witnessed.toml", """
        [[witnesses]]
        name = "customs.example/witness"
        key = "%s"
        url = "http://127.0.0.1:8090/"
        """.formatted(w.verifier().encode())));
    assertEquals(1, c.witnesses().size());
    assertEquals("customs.example/witness", c.witnesses().get(0).name());
    assertEquals(w.verifier().encode(), c.witnesses().get(0).key().encode());
    assertEquals("http://127.0.0.1:8090/", c.witnesses().get(0).url().toString());
  }

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }
}
