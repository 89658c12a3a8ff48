package org.baytrace.config;

import org.baytrace.ledger.registry.OrgRegistry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.baytrace.ledger.registry.OrgRegistry.Org;
import org.baytrace.ledger.registry.OrgRegistry.Role;
import org.baytrace.ledger.crypto.KeyFiles;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.tls.Certificates;
import org.baytrace.ledger.tls.Pem;
import org.baytrace.ledger.tls.TlsIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example files under examples/ load, and they and the README document every key. */
class ExamplesTest {
  private static final Path EXAMPLES = Path.of("examples");

  @TempDir
  Path dir;

  @Test
  void singleNode_loads_andSaysExactlyTheDefaults() throws Exception {
    Path file = copy("single-node.toml");
    NodeConfig c = NodeConfig.load(file);
    assertEquals(NodeConfig.defaults().withDataDir(dir.resolve("data")), c);
  }

  @Test
  void producerAndCustoms_loads_onceItsKeyFilesExist() throws Exception {
    Path file = copy("producer-and-customs.toml");
    Map<String, SigningKey> keys = generateKeyFilesFor(file);
    assertEquals(Set.of("keys/pearl-river-foods.pub", "keys/pearl-river-foods-2025.pub", "keys/gongbei-customs.pub"),
        keys.keySet());

    NodeConfig c = NodeConfig.load(file);

    assertEquals("pearl-river-foods-node", c.nodeName());
    assertEquals("baytrace.example/gba/ledger-1", c.origin());
    assertEquals(List.of("pearl-river-foods", "gongbei-customs"), c.registry().orgs().stream().map(Org::id).toList());
    Org producer = c.registry().org("pearl-river-foods").orElseThrow();
    assertEquals(Set.of(Role.PRODUCER), producer.roles());
    assertEquals(List.of("6901234", "6905555"), producer.gs1CompanyPrefixes());
    assertEquals(Instant.parse("2025-12-31T15:59:59.999Z"), producer.keys().get(1).notAfter());
    assertEquals(producer, c.registry().orgOfKey(keys.get("keys/pearl-river-foods-2025.pub").publicKey()).orElseThrow());
    assertEquals(Set.of(Role.CUSTOMS, Role.AUDITOR), c.registry().org("gongbei-customs").orElseThrow().roles());
    assertEquals("gongbei-customs",
        c.registry().orgOfKey(keys.get("keys/gongbei-customs.pub").publicKey()).orElseThrow().id());
    assertTrue(c.peers().isEmpty());
  }

  @Test
  void producerAndCustoms_withoutItsKeyFiles_namesTheMissingFile() throws Exception {
    Path file = copy("producer-and-customs.toml");
    ConfigException e = assertThrows(ConfigException.class, () -> NodeConfig.load(file));
    assertEquals(file + ": orgs[0].keys[0].public_key_file: " + dir.resolve("keys/pearl-river-foods.pub") + ": no such file",
        e.getMessage());
  }

  @Test
  void examples_commitNoKeyFiles() throws IOException {
    try (var files = Files.walk(EXAMPLES)) {
      List<Path> keyish = files.filter(p -> p.toString().matches(".*\\.(pub|key|pem)$") && !ignoredByGit(p)).toList();
      assertEquals(List.of(), keyish);
    }
  }

  @Test
  void gba3_keepsWhatInitShMakesOutOfGit() throws IOException {
    List<String> ignored = Files.readAllLines(EXAMPLES.resolve("gba-3/.gitignore"));
    assertTrue(ignored.containsAll(List.of("keys/", "tls/", "data/")), ignored.toString());
  }

  /**
   * Whether a directory above {@code file} (up to examples/) is listed as {@code name/} in its
   * parent's .gitignore: keys and certificates made by following the README (init.sh) are never
   * committed, and must not fail the build of a checkout that ran the walkthrough.
   */
  private static boolean ignoredByGit(Path file) {
    for (Path dir = file.getParent(); dir != null && !dir.equals(EXAMPLES); dir = dir.getParent()) {
      Path gitignore = dir.getParent().resolve(".gitignore");
      try {
        if (Files.exists(gitignore) && Files.readAllLines(gitignore).contains(dir.getFileName() + "/")) {
          return true;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return false;
  }

  @Test
  void singleNodeExample_andReadme_documentEveryKey() throws IOException {
    String example = Files.readString(EXAMPLES.resolve("single-node.toml"));
    String readme = Files.readString(Path.of("README.md"));
    List<String> missing = new ArrayList<>();
    ConfigLoader.SCHEMA.forEach((table, keys) -> {
      for (String key : keys) {
        if (table.isEmpty()) {
          continue; // the tables themselves; their keys are checked below
        }
        Pattern assignment = Pattern.compile("(?m)^[#\\s{]*" + Pattern.quote(key) + " = ");
        if (!assignment.matcher(example).find() && !example.contains("{ " + key + " = ") && !example.contains(", " + key + " = ")) {
          missing.add("single-node.toml: " + table + "." + key);
        }
        if (!readme.contains("`" + key + "`")) {
          missing.add("README.md: " + table + "." + key);
        }
      }
    });
    assertEquals(List.of(), missing);
  }

  @Test
  void gba3_threeNodeFiles_describeOneNetwork_onTheDocumentedPorts() throws Exception {
    Files.createDirectories(dir.resolve("gba-3"));
    List<String> names = List.of("nansha-customs", "nansha-port", "pearl-barge");
    List<NodeConfig> configs = new java.util.ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      Path file = Files.copy(EXAMPLES.resolve("gba-3/" + names.get(i) + ".toml"), dir.resolve("gba-3/" + names.get(i) + ".toml"));
      if (i == 0) {
        generateKeyFilesFor(file);
        for (String n : names) { // the node keys, as `baytrace keygen -o keys/<n>-node.key` writes them
          KeyFiles.savePublic(SigningKey.generate().publicKey(), dir.resolve("gba-3/keys/" + n + "-node.key.pub"));
        }
        writeCertificatesAsInitShDoes(dir.resolve("gba-3/tls"), names);
      }
      configs.add(NodeConfig.load(file));
    }
    for (int i = 0; i < names.size(); i++) {
      NodeConfig c = configs.get(i);
      assertEquals(names.get(i), c.nodeName());
      assertEquals(configs.get(0).origin(), c.origin());
      assertEquals(configs.get(0).registry(), c.registry(), "one registry in every file");
      assertEquals(configs.get(0).peers(), c.peers(), "one peer list in every file");
      assertEquals(new HostPort("127.0.0.1", 50061 + i), c.grpcListen());
      assertEquals(new HostPort("127.0.0.1", 8081 + i), c.httpListen());
      assertEquals(c.grpcListen(), c.self().orElseThrow().grpc());
      assertEquals(new HostPort("127.0.0.1", 50071 + i), c.self().orElseThrow().raft());
      assertEquals(new HostPort("127.0.0.1", 9471 + i), c.ops().adminListen(), "three nodes on one machine: an admin port each");
      assertTrue(c.transport().grpcTls().isPresent(), "gRPC serves TLS");
      assertTrue(c.transport().httpTls().isPresent(), "HTTP serves TLS");
      assertTrue(c.transport().raftTls().isPresent(), "Raft is mutual TLS");
      assertTrue(c.peers().stream().allMatch(p -> p.tlsCertificate().isPresent()), "every member's certificate pinned");
    }
    assertEquals(Set.of(Role.CUSTOMS, Role.AUDITOR), configs.get(0).registry().org("nansha-customs").orElseThrow().roles());
    assertEquals(Set.of(Role.BARGE_OPERATOR, Role.CARRIER), configs.get(0).registry().org("pearl-barge").orElseThrow().roles());
  }

  /** The certificates init.sh makes with `baytrace cert`: two CAs, and per node member, server and client. */
  private static void writeCertificatesAsInitShDoes(Path tls, List<String> names) throws IOException {
    Files.createDirectories(tls);
    java.time.Duration year = java.time.Duration.ofDays(365);
    TlsIdentity membersCa = Certificates.newCa("gba-3 members CA", "gba-3", year);
    TlsIdentity ca = Certificates.newCa("gba-3 CA", "gba-3", year);
    Pem.write(membersCa, tls.resolve("members-ca.pem"), tls.resolve("members-ca.key"));
    Pem.write(ca, tls.resolve("ca.pem"), tls.resolve("ca.key"));
    for (String n : names) {
      Pem.write(Certificates.issue(membersCa, Certificates.Use.MEMBER, n, n, List.of("127.0.0.1"), year),
          tls.resolve(n + "-member.pem"), tls.resolve(n + "-member.key"));
      Pem.write(Certificates.issue(ca, Certificates.Use.SERVER, n, n, List.of("127.0.0.1"), year),
          tls.resolve(n + "-server.pem"), tls.resolve(n + "-server.key"));
    }
  }

  private Path copy(String name) throws IOException {
    return Files.copy(EXAMPLES.resolve(name), dir.resolve(name));
  }

  /** Writes a fresh key pair's public key wherever the file names a public_key_file, as keygen would. */
  private static Map<String, SigningKey> generateKeyFilesFor(Path file) throws IOException {
    JsonNode root = new TomlMapper().readTree(Files.readString(file));
    Map<String, SigningKey> out = new HashMap<>();
    for (JsonNode org : root.path("orgs")) {
      for (JsonNode key : org.path("keys")) {
        String rel = key.path("public_key_file").asText("");
        if (!rel.isEmpty()) {
          SigningKey k = SigningKey.generate();
          KeyFiles.savePublic(k.publicKey(), file.getParent().resolve(rel));
          out.put(rel, k);
        }
      }
    }
    assertFalse(out.isEmpty());
    return out;
  }
}
