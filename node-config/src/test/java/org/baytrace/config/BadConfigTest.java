package org.baytrace.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.baytrace.ledger.crypto.KeyFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad value is refused with a message {@code <file>: <key>: <problem>}. In the
 * cases, $K1..$K3 stand for base64 public keys, $V1/$V2 for verifier keys of node "n1"/"n2".
 */
class BadConfigTest {
  @TempDir
  Path dir;

  private static final String ORG = "[[orgs]]\nid = \"acme\"\nroles = [\"producer\"]\nkeys = [ { public_key = \"$K1\" } ]\n";
  private static final String PEER1 = "[[peers]]\nid = \"n1\"\ngrpc = \"10.0.0.1:50051\"\nraft = \"10.0.0.1:50071\"\nverifier_key = \"$V1\"\n";

  @BeforeEach
  void keyFiles() throws IOException {
    KeyFiles.savePublic(TestKeys.key(1).publicKey(), dir.resolve("keys/one.pub"));
    Files.writeString(dir.resolve("keys/garbage.pub"), "not a key\n");
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        // [node]
        bad("[node]\nname = \"my node\"", "node.name", "got \"my node\", want 1 to 255 characters without spaces or '+'"),
        bad("[node]\nname = \"a+b\"", "node.name", "without spaces or '+'"),
        bad("[node]\nname = \"\"", "node.name", "got \"\""),
        bad("[node]\nname = 5", "node.name", "got 5, want a string"),
        bad("[node]\ndata_dir = \"\"", "node.data_dir", "got \"\", want a path"),
        bad("[node]\nkey_file = [\"a\"]", "node.key_file", "got an array [\"a\"], want a string"),
        // [ledger]
        bad("[ledger]\norigin = \"two\\nlines\"", "ledger.origin", "want one line"),
        bad("[ledger]\norigin = \" padded\"", "ledger.origin", "without leading or trailing spaces"),
        bad("[ledger]\norigin = \"\"", "ledger.origin", "got \"\""),
        // [grpc], [http]
        bad("[grpc]\nlisten = \"localhost\"", "grpc.listen", "got \"localhost\", want host:port"),
        bad("[grpc]\nlisten = \"localhost:65536\"", "grpc.listen", "want host:port with a port from 0 to 65535"),
        bad("[grpc]\nlisten = \"::1:50051\"", "grpc.listen", "want [ipv6]:port"),
        bad("[http]\nlisten = 8080", "http.listen", "got 8080, want a string"),
        bad("grpc = \"127.0.0.1:1\"", "grpc", "want a table [grpc]"),
        // [[witnesses]]
        bad("[[witnesses]]\nname = \"w\"\nurl = \"http://127.0.0.1:8090/\"", "witnesses[0].key", "want"),
        bad("[[witnesses]]\nname = \"w\"\nkey = \"w+00000000+AAAA\"\nurl = \"http://127.0.0.1:8090/\"",
            "witnesses[0].key", "want a cosignature/v1 key"),
        // [limits]
        bad("[limits]\nmax_record_bytes = 255", "limits.max_record_bytes", "got 255, want an integer from 256 to 65535"),
        bad("[limits]\nmax_record_bytes = 65536", "limits.max_record_bytes", "want an integer from 256 to 65535"),
        bad("[limits]\nmax_record_bytes = \"64k\"", "limits.max_record_bytes", "got \"64k\", want an integer"),
        bad("[limits]\nmax_record_bytes = 1.5", "limits.max_record_bytes", "got 1.5, want an integer"),
        bad("[limits]\nmax_record_bytes = 99999999999999999999", "limits.max_record_bytes", "want an integer from 256"),
        bad("[limits]\nmax_in_flight_per_stream = 0", "limits.max_in_flight_per_stream", "got 0, want an integer from 1 to 65536"),
        // [sequencer]
        bad("[sequencer]\nbatch_max_records = 0", "sequencer.batch_max_records", "got 0, want an integer from 1 to 100000"),
        bad("[sequencer]\nbatch_max_delay_ms = -1", "sequencer.batch_max_delay_ms", "got -1, want an integer from 0 to 10000"),
        bad("[sequencer]\nverify_threads = 0", "sequencer.verify_threads", "got 0, want an integer from 1 to 1024"),
        bad("[sequencer]\nverify_threads = true", "sequencer.verify_threads", "got true, want an integer"),
        // [storage]
        bad("[storage]\nverify_on_start = \"quick\"", "storage.verify_on_start", "got \"quick\", want one of \"full\" or \"head\""),
        bad("[storage]\nverify_on_start = true", "storage.verify_on_start", "got true, want a string"),
        // [[orgs]]
        bad("[orgs]\nid = \"acme\"", "orgs", "got a table, want an array of tables [[orgs]]"),
        bad(ORG.replace("\"acme\"", "\"Acme\""), "orgs[0].id", "got \"Acme\", want 1 to 63 of a-z, 0-9 and '-'"),
        bad(ORG.replace("\"acme\"", "\"-acme\""), "orgs[0].id", "starting with a letter or digit"),
        bad(ORG.replace("id = \"acme\"\n", ""), "orgs[0].id", "missing, want the org id"),
        bad(ORG + "name = \"\"", "orgs[0].name", "got \"\", want 1 to 200 characters on one line"),
        bad(ORG.replace("[\"producer\"]", "[\"Customs\"]"), "orgs[0].roles[0]", "did you mean \"customs\"?"),
        bad(ORG.replace("[\"producer\"]", "[\"importer\"]"), "orgs[0].roles[0]",
            "got \"importer\", want one of [customs, producer, carrier, barge_operator, port, lab, auditor, operator, packer, processor]"),
        bad(ORG.replace("[\"producer\"]", "[\"producer\", \"producer\"]"), "orgs[0].roles[1]", "\"producer\" is listed twice"),
        bad(ORG.replace("[\"producer\"]", "[]"), "orgs[0].roles", "empty, want at least one of"),
        bad(ORG.replace("[\"producer\"]", "\"producer\""), "orgs[0].roles", "want an array of strings"),
        bad(ORG.replace("roles = [\"producer\"]\n", ""), "orgs[0].roles", "missing"),
        bad(ORG.replace("keys = [ { public_key = \"$K1\" } ]\n", ""), "orgs[0].keys", "missing, want a list of keys"),
        bad(ORG.replace("[ { public_key = \"$K1\" } ]", "[]"), "orgs[0].keys", "empty, want at least one key"),
        bad(ORG.replace("[ { public_key = \"$K1\" } ]", "[ \"$K1\" ]"), "orgs[0].keys[0]", "want a table"),
        bad(ORG.replace("{ public_key = \"$K1\" }", "{ public_key = \"$K1\", public_key_file = \"keys/one.pub\" }"),
            "orgs[0].keys[0]", "got both public_key and public_key_file, want exactly one"),
        bad(ORG.replace("{ public_key = \"$K1\" }", "{ not_after = 2030-01-01T00:00:00Z }"),
            "orgs[0].keys[0]", "got neither, want exactly one of public_key"),
        bad(ORG.replace("$K1", "not*base64"), "orgs[0].keys[0].public_key",
            "got \"not*base64\", want the base64 of a raw 32-byte Ed25519 public key"),
        bad(ORG.replace("$K1", "AAAA"), "orgs[0].keys[0].public_key", "(3 bytes), want the base64 of a raw 32-byte"),
        bad(ORG.replace("public_key = \"$K1\"", "public_key_file = \"keys/missing.pub\""),
            "orgs[0].keys[0].public_key_file", "keys/missing.pub: no such file"),
        bad(ORG.replace("public_key = \"$K1\"", "public_key_file = \"keys/garbage.pub\""),
            "orgs[0].keys[0].public_key_file", "no '-----BEGIN PUBLIC KEY-----' block found"),
        bad(ORG.replace("{ public_key = \"$K1\" }", "{ public_key = \"$K1\", not_after = \"2027-12-31\" }"),
            "orgs[0].keys[0].not_after", "got \"2027-12-31\", want an RFC 3339 date-time with offset"),
        bad(ORG.replace("{ public_key = \"$K1\" }", "{ public_key = \"$K1\", not_before = 1 }"),
            "orgs[0].keys[0].not_before", "got 1, want an RFC 3339 date-time"),
        bad(ORG.replace("{ public_key = \"$K1\" }",
                "{ public_key = \"$K1\", not_before = 2027-01-01T00:00:00Z, not_after = 2026-01-01T00:00:00Z }"),
            "orgs[0].keys[0].not_after", "got 2026-01-01T00:00:00Z, want a time not before not_before (2027-01-01T00:00:00Z)"),
        bad(ORG.replace("{ public_key = \"$K1\" }", "{ public_key = \"$K1\" }, { public_key_file = \"keys/one.pub\" }"),
            "orgs[0].keys[1]", "is listed twice"),
        bad(ORG + "gs1_company_prefixes = [\"12345\"]", "orgs[0].gs1_company_prefixes[0]", "got \"12345\", want 6 to 12 digits"),
        bad(ORG + "gs1_company_prefixes = [\"690123\", \"69012a7\"]", "orgs[0].gs1_company_prefixes[1]", "want 6 to 12 digits"),
        bad(ORG + "gs1_company_prefixes = [6901234]", "orgs[0].gs1_company_prefixes[0]", "got 6901234, want a string"),
        bad(ORG + "aeo_status = \"\"", "orgs[0].aeo_status", "want 1 to 64 characters on one line"),
        // registry-wide rules
        bad(ORG + ORG.replace("$K1", "$K2"), "orgs[1].id", "\"acme\" is already registered by orgs[0]"),
        bad(ORG + ORG.replace("\"acme\"", "\"other\""), "orgs[1].keys[0]",
            "is already registered to org \"acme\"; a key signs for one org only"),
        bad(ORG.replace("{ public_key = \"$K1\" }", "{ public_key_file = \"keys/one.pub\" }") + ORG.replace("\"acme\"", "\"other\""),
            "orgs[1].keys[0]", "is already registered to org \"acme\""),
        bad(ORG + "gs1_company_prefixes = [\"690123\"]\n" + ORG.replace("\"acme\"", "\"other\"").replace("$K1", "$K2")
                + "gs1_company_prefixes = [\"6901234\"]", "orgs[1].gs1_company_prefixes[0]",
            "\"6901234\" overlaps \"690123\" of org \"acme\""),
        // [[peers]]
        bad("[node]\nname = \"n1\"\n" + PEER1.replace("id = \"n1\"\n", ""), "peers[0].id", "missing"),
        bad("[node]\nname = \"n1\"\n" + PEER1.replace("10.0.0.1:50051", "10.0.0.1"), "peers[0].grpc", "want host:port"),
        bad("[node]\nname = \"n1\"\n" + PEER1.replace("10.0.0.1:50051", "10.0.0.1:0"), "peers[0].grpc", "not 0"),
        bad("[node]\nname = \"n1\"\n" + PEER1.replace("verifier_key = \"$V1\"\n", ""), "peers[0]",
            "got neither, want exactly one of verifier_key"),
        bad("[node]\nname = \"n1\"\n" + PEER1 + "public_key_file = \"keys/one.pub\"\n", "peers[0]",
            "got both verifier_key and public_key_file"),
        bad("[node]\nname = \"n1\"\n" + PEER1.replace("$V1", "n1+abc"), "peers[0].verifier_key",
            "got \"n1+abc\": want name+keyhash+key"),
        bad("[node]\nname = \"n1\"\n" + PEER1.replace("$V1", "n1+00000000+$K1"), "peers[0].verifier_key", "want name+keyhash+key"),
        bad("[node]\nname = \"n1\"\n" + PEER1.replace("id = \"n1\"", "id = \"n3\""), "peers[0].verifier_key",
            "names key \"n1\", want the peer id \"n3\""),
        bad("[node]\nname = \"n1\"\n" + PEER1.replace("id = \"n1\"", "id = \"n 1\""), "peers[0].id", "without spaces"),
        bad(PEER1, "node.name", "got \"baytrace-local\", want one of the peer ids [n1]"),
        bad("[node]\nname = \"n1\"\n" + PEER1.replace("\nraft = \"10.0.0.1:50071\"", ""), "peers[0].raft", "missing"),
        bad("[node]\nname = \"n1\"\n" + PEER1.replace("10.0.0.1:50071", "10.0.0.1:50051"), "peers[0].raft", "a port of its own"),
        bad("[node]\nname = \"n1\"\n" + PEER1 + PEER1.replace("\"n1\"", "\"n2\"").replace("$V1", "$V2").replace("10.0.0.1:50051", "10.0.0.2:50051"),
            "peers[1].raft", "\"10.0.0.1:50071\" is already used by peers[0]"),
        bad("[node]\nname = \"n1\"\n" + PEER1 + PEER1.replace("10.0.0.1", "10.0.0.2"), "peers[1].id",
            "\"n1\" is already used by peers[0]"),
        bad("[node]\nname = \"n1\"\n" + PEER1 + PEER1.replace("\"n1\"", "\"n2\"").replace("$V1", "$V2"), "peers[1].grpc",
            "\"10.0.0.1:50051\" is already used by peers[0]"),
        bad("[node]\nname = \"n1\"\n" + PEER1 + PEER1.replace("\"n1\"", "\"n2\"").replace("$V1", "$V1AS2").replace("10.0.0.1", "10.0.0.2"),
            "peers[1].verifier_key", "is already used by peers[0]; each node signs with its own key"));
  }

  private static Arguments bad(String toml, String key, String problem) {
    return Arguments.of(key, toml, problem);
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("badValues")
  void badValue_isRefused_namingFileAndKey(String key, String toml, String problem) throws IOException {
    Path file = Files.writeString(dir.resolve("node.toml"), expand(toml) + "\n");
    ConfigException e = assertThrows(ConfigException.class, () -> NodeConfig.load(file));
    assertEquals(Optional.of(key), e.key(), e.getMessage());
    assertEquals(Optional.of(file), e.file());
    assertTrue(e.getMessage().startsWith(file + ": " + key + ": "), e.getMessage());
    assertTrue(e.problem().contains(problem), () -> "want \"" + problem + "\" in: " + e.getMessage());
  }

  private static String expand(String toml) {
    return toml
        .replace("$V1AS2", TestKeys.vkey("n2", 1))
        .replace("$V1", TestKeys.vkey("n1", 1))
        .replace("$V2", TestKeys.vkey("n2", 2))
        .replace("$K1", TestKeys.base64(1))
        .replace("$K2", TestKeys.base64(2))
        .replace("$K3", TestKeys.base64(3));
  }

  @Test
  void grpcListenWithoutPort_readsAsInTheOperatorsGuide() throws IOException {
    Path file = Files.writeString(dir.resolve("node.toml"), "[grpc]\nlisten = \"localhost\"\n");
    ConfigException e = assertThrows(ConfigException.class, () -> NodeConfig.load(file));
    assertEquals(file + ": grpc.listen: got \"localhost\", want host:port, e.g. \"127.0.0.1:50051\" or \"[::1]:50051\"",
        e.getMessage());
  }

  static Stream<Arguments> unknownKeys() {
    return Stream.of(
        Arguments.of("[grpc]\nlistn = \"127.0.0.1:1\"", "grpc.listn", "unknown key in [grpc]; did you mean \"listen\"?"),
        Arguments.of("[grcp]\nlisten = \"127.0.0.1:1\"", "grcp", "unknown key at the top level; did you mean \"grpc\"?"),
        Arguments.of("[sequencer]\nbatch-max-records = 5", "sequencer.batch-max-records", "unknown key in [sequencer]; did you mean \"batch_max_records\"?"),
        Arguments.of("[limits]\nmaxRecordBytes = 300", "limits.maxRecordBytes", "unknown key in [limits]; did you mean \"max_record_bytes\"?"),
        Arguments.of("listen = \"127.0.0.1:1\"", "listen",
            "unknown key at the top level; did you mean listen in [grpc] or listen in [http] or listen in [admin]?"),
        Arguments.of("[node]\nverify_on_start = \"head\"", "node.verify_on_start",
            "unknown key in [node]; did you mean verify_on_start in [storage]?"),
        Arguments.of("[node]\ncolour = \"blue\"", "node.colour", "unknown key in [node]; known keys: name, data_dir, key_file"),
        Arguments.of(ORG + "role = [\"producer\"]", "orgs[0].role", "unknown key in [orgs]; did you mean \"roles\"?"),
        Arguments.of(ORG.replace("{ public_key =", "{ publickey ="), "orgs[0].keys[0].publickey",
            "unknown key in [orgs.keys]; did you mean \"public_key\"?"),
        Arguments.of("[[peers]]\nid = \"n1\"\naddress = \"h:1\"", "peers[0].address",
            "unknown key in [peers]; known keys: id, grpc, raft, verifier_key, public_key_file, tls_cert_file, tls_fingerprint,"
                + " founding"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("unknownKeys")
  void unknownKey_isRefused_withTheKeyItProbablyMeant(String toml, String key, String problem) throws IOException {
    Path file = Files.writeString(dir.resolve("node.toml"), expand(toml) + "\n");
    ConfigException e = assertThrows(ConfigException.class, () -> NodeConfig.load(file));
    assertEquals(file + ": " + key + ": " + problem, e.getMessage());
  }

  @Test
  void tomlSyntaxError_namesFileLineAndTheLine() throws IOException {
    Path file = Files.writeString(dir.resolve("node.toml"), "[node]\nname = \"a\"\nname = \"b\"\n");
    ConfigException e = assertThrows(ConfigException.class, () -> NodeConfig.load(file));
    assertEquals(Optional.empty(), e.key());
    assertTrue(e.getMessage().startsWith(file + ": line 3: "), e.getMessage());
    assertTrue(e.getMessage().contains("not valid TOML: Duplicate key"), e.getMessage());
    assertTrue(e.getMessage().contains("(the line reads \"name = \\\"b\\\"\")"), e.getMessage());
  }

  @Test
  void missingFile_isRefused_namingIt() {
    Path file = dir.resolve("absent.toml");
    ConfigException e = assertThrows(ConfigException.class, () -> NodeConfig.load(file));
    assertEquals(file + ": no such file (looked for " + file + ")", e.getMessage());
  }

  @Test
  void directory_isRefused() {
    ConfigException e = assertThrows(ConfigException.class, () -> NodeConfig.load(dir));
    assertEquals(dir + ": is a directory, want a TOML file", e.getMessage());
  }

  @Test
  void notUtf8_isRefused() throws IOException {
    Path file = Files.write(dir.resolve("node.toml"), new byte[] {'a', '=', '"', (byte) 0xC3, '"', '\n'});
    ConfigException e = assertThrows(ConfigException.class, () -> NodeConfig.load(file));
    assertEquals(file + ": not UTF-8 text", e.getMessage());
  }

  @Test
  void oversizedFile_isRefusedBeforeParsing() throws IOException {
    Path file = Files.writeString(dir.resolve("node.toml"), "#".repeat(ConfigLoader.MAX_FILE_BYTES + 1));
    ConfigException e = assertThrows(ConfigException.class, () -> NodeConfig.load(file));
    assertTrue(e.getMessage().contains("want at most " + ConfigLoader.MAX_FILE_BYTES), e.getMessage());
  }
}
