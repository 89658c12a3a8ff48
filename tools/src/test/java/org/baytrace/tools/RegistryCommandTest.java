package org.baytrace.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.baytrace.config.NodeConfig;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.crypto.KeyFiles;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.registry.Change;
import org.baytrace.ledger.registry.Proposal;
import org.baytrace.ledger.registry.SignedProposal;
import org.baytrace.tracking.node.BayTraceNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code baytrace registry show | propose | sign | submit} against a real node (RocksDB on a temp
 * dir, gRPC on a loopback port) with three organisations of the Greater Bay Area example: the
 * ledger adopts its registry, a fourth organisation joins, a key is rotated and a leaked one
 * revoked, each change proposed in a file that organisations sign one after another.
 */
class RegistryCommandTest {
  private static final List<String> ORGS = List.of("nansha-customs", "nansha-port", "pearl-barge");

  @TempDir Path dir;

  private Path key(String name) throws Exception {
    SigningKey k = SigningKey.generate();
    Path file = dir.resolve(name + ".key");
    KeyFiles.savePrivate(k, file);
    KeyFiles.savePublic(k.publicKey(), dir.resolve(name + ".key.pub"));
    return file;
  }

  private Path config() throws Exception {
    StringBuilder orgs = new StringBuilder();
    for (String org : ORGS) {
      key(org);
      orgs.append("[[orgs]]\nid = \"").append(org).append("\"\nname = \"").append(org).append(" Ltd\"\nroles = [\"")
          .append(org.equals("pearl-barge") ? "barge_operator" : org.equals("nansha-port") ? "port" : "customs")
          .append("\"]\nkeys = [{ public_key_file = \"").append(dir.resolve(org + ".key.pub")).append("\" }]\n\n");
    }
    Path file = dir.resolve("node.toml");
    Files.writeString(file, """
        [node]
        name = "gba-node"
        data_dir = "%s"
        key_file = "%s"
        [ledger]
        origin = "baytrace.test/gba"
        [grpc]
        listen = "127.0.0.1:0"
        [http]
        listen = "127.0.0.1:0"

        """.formatted(dir.resolve("data"), dir.resolve("node.key")) + orgs);
    return file;
  }

  private static BayTraceNode start(Path config) throws Exception {
    return BayTraceNode.start(NodeConfig.load(config), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  private static Cli.Result ok(String... args) {
    Cli.Result r = Cli.run(args);
    assertEquals(0, r.exitCode(), String.join(" ", args) + "\nout: " + r.out() + "\nerr: " + r.err());
    return r;
  }

  private String k(String name) {
    return dir.resolve(name + ".key").toString();
  }

  /** Proposes, has {@code signers} sign in turn, submits as the first signer; returns the index. */
  private long change(String target, String file, List<String> signers, String... changeOptions) {
    List<String> args = new ArrayList<>(List.of("registry", "propose", "--target", target, "--out", dir.resolve(file).toString()));
    args.addAll(List.of(changeOptions));
    ok(args.toArray(String[]::new));
    for (String org : signers) {
      ok("registry", "sign", dir.resolve(file).toString(), "--org", org, "--key", k(org));
    }
    Cli.Result r = ok("registry", "submit", dir.resolve(file).toString(), "--target", target, "--org", signers.get(0),
        "--key", k(signers.get(0)));
    Matcher m = Pattern.compile("applied at index (\\d+)").matcher(r.out());
    assertTrue(m.find(), r.out());
    return Long.parseLong(m.group(1));
  }

  @Test
  void proposeSignedByAMajoritySubmit_changesTheRegistryThatShowPrints() throws Exception {
    Path config = config();
    try (BayTraceNode node = start(config)) {
      String target = "127.0.0.1:" + node.grpcPort();
      Cli.Result before = Cli.run("registry", "show", "--target", target);
      assertEquals(BayTrace.FAILED, before.exitCode(), before.out());
      assertTrue(before.err().contains("holds no registry yet") && before.err().contains("--adopt-config"), before.err());

      long adopted = change(target, "adopt.json", List.of("nansha-customs", "nansha-port"), "--adopt-config", config.toString());
      assertEquals(0, adopted);
      key("macao-customs");
      long joined = change(target, "macao.json", List.of("pearl-barge", "nansha-customs"), "--add-org", "macao-customs",
          "--name", "Macao Customs Service", "--role", "customs", "--gs1-prefix", "9580001",
          "--public-key", dir.resolve("macao-customs.key.pub").toString(), "--summary", "Macao customs joins");
      String oldBargeKey = KeyFiles.loadPublic(dir.resolve("pearl-barge.key.pub")).keyId();
      Files.move(dir.resolve("pearl-barge.key"), dir.resolve("pearl-barge-old.key"));
      Files.move(dir.resolve("pearl-barge.key.pub"), dir.resolve("pearl-barge-old.key.pub"));
      key("pearl-barge");
      long rotated = change(target, "rotate.json", List.of("nansha-port", "nansha-customs"), "--add-key", "pearl-barge",
          "--public-key", dir.resolve("pearl-barge.key.pub").toString());
      long revoked = change(target, "revoke.json", List.of("pearl-barge", "nansha-port"), "--revoke-key", "pearl-barge",
          "--public-key", dir.resolve("pearl-barge-old.key.pub").toString(), "--reason", "laptop stolen");

      Cli.Result shown = ok("registry", "show", "--target", target);
      assertTrue(shown.out().contains("governance:  2 of [nansha-customs, nansha-port, pearl-barge]"), shown.out());
      assertTrue(shown.out().contains("macao-customs  \"Macao Customs Service\"  roles [customs]  GS1 prefixes [9580001]"),
          shown.out());
      assertTrue(shown.out().contains("key " + oldBargeKey + "  founding key, REVOKED at index " + revoked + " (laptop stolen)"),
          shown.out());
      assertTrue(shown.out().contains("index " + joined + "  governance.AddOrg: add org macao-customs"), shown.out());

      JsonNode j = new ObjectMapper().readTree(ok("registry", "show", "--target", target, "--json").out());
      assertEquals(revoked, j.get("version").asLong());
      JsonNode barge = org(j, "pearl-barge");
      assertEquals(2, barge.get("keys").size());
      assertEquals(rotated, barge.get("keys").get(1).get("addedAtIndex").asLong());
      assertEquals(revoked, barge.get("keys").get(0).get("revokedAtIndex").asLong());
      assertEquals(joined, org(j, "macao-customs").get("keys").get(0).get("addedAtIndex").asLong());
      assertEquals(List.of("nansha-customs", "nansha-port"), signers(j.get("changes").get(0)));

      JsonNode atRotation = new ObjectMapper().readTree(ok("registry", "show", "--target", target, "--json", "--at-index",
          String.valueOf(rotated)).out());
      assertFalse(org(atRotation, "pearl-barge").get("keys").get(0).has("revokedAtIndex"), "not yet revoked at " + rotated);
    }
  }

  @Test
  void genesis_proposedOffline_andSignedByTheFoundingOrgs_isEntry0OfTheNewLedger() throws Exception {
    Path config = config();
    Files.writeString(config, Files.readString(config) + "[governance]\ngenesis = \"genesis.json\"\nthreshold = 2\n");
    String genesis = dir.resolve("genesis.json").toString();
    Cli.Result proposed = ok("registry", "propose", "--genesis", config.toString(), "--out", genesis); // no node asked
    assertTrue(proposed.out().contains("governance.AdoptRegistry") && proposed.out().contains("signed by:  nobody yet"),
        proposed.out());
    assertTrue(proposed.err().contains("[governance] genesis = \"genesis.json\""), proposed.err());
    ok("registry", "sign", genesis, "--org", "nansha-customs", "--key", k("nansha-customs"));

    // One founding org of the two the threshold asks for: the node does not start, and says why.
    LedgerException e = assertThrows(LedgerException.class, () -> start(config));
    assertEquals(LedgerError.NOT_AUTHORISED, e.error());
    assertTrue(e.getMessage().contains("[governance] genesis " + genesis) && e.getMessage().contains("want at least 2 of"),
        e.getMessage());

    ok("registry", "sign", genesis, "--org", "pearl-barge", "--key", k("pearl-barge"));
    try (BayTraceNode node = start(config)) {
      String target = "127.0.0.1:" + node.grpcPort();
      Cli.Result shown = ok("registry", "show", "--target", target);
      assertTrue(shown.out().contains("index 0  governance.AdoptRegistry: adopt the registry of orgs [nansha-customs,"
          + " nansha-port, pearl-barge], governed by 2 of [nansha-customs, nansha-port, pearl-barge]  (signed by"
          + " [nansha-customs, pearl-barge])"), shown.out());
      key("macao-customs");
      long added = change(target, "macao.json", List.of("nansha-port", "nansha-customs"), "--add-org", "macao-customs",
          "--name", "Macao Customs Service", "--role", "customs", "--public-key", dir.resolve("macao-customs.key.pub").toString());
      assertEquals(1, added, "the first change after the genesis");
    }
    // Another threshold in the file than in the ledger's genesis: refused at start, naming the difference.
    Files.writeString(config, Files.readString(config).replace("threshold = 2", "threshold = 3"));
    LedgerException other = assertThrows(LedgerException.class, () -> start(config));
    assertEquals(LedgerError.REGISTRY_MISMATCH, other.error());
    assertTrue(other.getMessage().contains("governance: ledger 2 of [nansha-customs, nansha-port, pearl-barge], this member 3 of"),
        other.getMessage());
  }

  @Test
  void verify_withASavedRegistry_saysTheRecordsKeyWasRevokedLater_andRefusesAnAlteredRegistryFile() throws Exception {
    Path config = config();
    try (BayTraceNode node = start(config)) {
      String target = "127.0.0.1:" + node.grpcPort();
      String http = "http://127.0.0.1:" + node.httpPort();
      change(target, "adopt.json", List.of("nansha-customs", "nansha-port"), "--adopt-config", config.toString());
      Path loading = Path.of("../node-config/examples/gba-3/records/loading.jsonl"); // the README's barge records
      Cli.Result appended = ok("append", "-t", target, "--key", k("pearl-barge"), "--org", "pearl-barge", "--file",
          loading.toString());
      assertTrue(appended.out().contains("line 1: index 1 leaf "), appended.out());
      Path receipt = dir.resolve("receipt.json");
      ok("receipt", "-t", target, "1", "--out", receipt.toString());
      long revoked = change(target, "revoke.json", List.of("nansha-customs", "nansha-port"), "--revoke-key", "pearl-barge",
          "--public-key", dir.resolve("pearl-barge.key.pub").toString(), "--reason", "laptop stolen");
      Path vkeys = Files.writeString(dir.resolve("node.vkeys"), fetch(http + "/v1/ledger/vkeys"));
      Path registry = Files.writeString(dir.resolve("registry.json"), fetch(http + "/v1/registry"));
      String bargeKey = KeyFiles.loadPublic(dir.resolve("pearl-barge.key.pub")).keyId();

      Cli.Result plain = ok("verify", receipt.toString(), "--trust", vkeys.toString());
      assertFalse(plain.out().contains("revoked"), "without a registry nothing is said of revocations: " + plain.out());
      Cli.Result told = ok("verify", receipt.toString(), "--trust", vkeys.toString(), "--registry", registry.toString());
      assertTrue(told.out().contains("ok  registry file: 2 governance records verified against trusted checkpoints"),
          told.out());
      assertTrue(told.out().contains("VERIFIED: entry 1"), told.out());
      assertTrue(told.out().contains("WARNING: signed by key " + bargeKey + " of org pearl-barge, a key revoked at index "
          + revoked + " (laptop stolen)"), told.out());

      // A registry file whose description was altered (the revocation hidden) is refused.
      ObjectMapper json = new ObjectMapper();
      ObjectNode altered = (ObjectNode) json.readTree(Files.readString(registry));
      altered.put("registrySha256", "00".repeat(32));
      Files.writeString(registry, json.writeValueAsString(altered));
      Cli.Result forged = Cli.run("verify", receipt.toString(), "--trust", vkeys.toString(), "--registry", registry.toString());
      assertEquals(BayTrace.FAILED, forged.exitCode(), forged.out());
      assertTrue(forged.out().contains("FAILED: ROOT_MISMATCH: registry file") && forged.out().contains("the file was altered"),
          forged.out());
      // Its evidence without the adoption, or with a receipt's leaf altered: refused too.
      ObjectNode cut = (ObjectNode) json.readTree(fetch(http + "/v1/registry"));
      ((com.fasterxml.jackson.databind.node.ArrayNode) cut.at("/evidence/receipts")).remove(0);
      Files.writeString(registry, json.writeValueAsString(cut));
      Cli.Result partial = Cli.run("verify", receipt.toString(), "--trust", vkeys.toString(), "--registry", registry.toString());
      assertEquals(BayTrace.FAILED, partial.exitCode(), partial.out());
      assertTrue(partial.out().contains("FAILED: CHAIN_BROKEN: registry file: entry " + revoked), partial.out());
    }
  }

  private static String fetch(String url) throws Exception {
    return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
  }

  @Test
  void submit_withTooFewSignatures_isRefusedWithTheNodesReason_andChangesNothing() throws Exception {
    Path config = config();
    try (BayTraceNode node = start(config)) {
      String target = "127.0.0.1:" + node.grpcPort();
      change(target, "adopt.json", List.of("nansha-customs", "pearl-barge"), "--adopt-config", config.toString());
      String file = dir.resolve("threshold.json").toString();
      ok("registry", "propose", "--target", target, "--out", file, "--set-threshold", "3");
      ok("registry", "sign", file, "--org", "nansha-port", "--key", k("nansha-port"));

      Cli.Result r = Cli.run("registry", "submit", file, "--target", target, "--org", "nansha-port", "--key", k("nansha-port"));
      assertEquals(BayTrace.FAILED, r.exitCode(), r.out());
      assertTrue(r.err().contains("the node refused the proposal: PERMISSION_DENIED"), r.err());
      assertTrue(r.err().contains("Collect more signatures"), r.err());
      JsonNode j = new ObjectMapper().readTree(ok("registry", "show", "--target", target, "--json").out());
      assertEquals(0, j.get("version").asLong());
      assertEquals(2, j.get("governance").get("threshold").asInt());

      ok("registry", "sign", file, "--org", "nansha-customs", "--key", k("nansha-customs"));
      Cli.Result again = ok("registry", "submit", file, "--target", target, "--org", "nansha-port", "--key", k("nansha-port"));
      assertTrue(again.out().contains("applied at index"), again.out());
      assertTrue(ok("registry", "show", "--target", target).out().contains("governance:  3 of"));
    }
  }

  @Test
  void sign_refusesATamperedProposalFile_andLeavesItUnsigned() throws Exception {
    key("nansha-customs");
    key("nansha-port");
    key("macao-customs");
    Path file = dir.resolve("p.json");
    ProposalFile.write(file, SignedProposal.unsigned(Proposal.of("baytrace.test/gba", 4,
        new Change.SetOrgPrefixes("macao-customs", List.of("9580001")), "prefixes for Macao")));
    ok("registry", "sign", file.toString(), "--org", "nansha-customs", "--key", k("nansha-customs"));
    ObjectMapper json = new ObjectMapper();
    String signed = Files.readString(file);

    // The readable description no longer matches the bytes the signers sign.
    ObjectNode described = (ObjectNode) json.readTree(signed);
    described.put("change", "set the GS1 company prefixes of macao-customs to [9999999]");
    Files.writeString(file, json.writeValueAsString(described));
    Cli.Result r = Cli.run("registry", "sign", file.toString(), "--org", "nansha-port", "--key", k("nansha-port"));
    assertEquals(BayTrace.FAILED, r.exitCode(), r.out());
    assertTrue(r.err().contains("is not a valid proposal file: change: got") && r.err().contains("the file was altered"), r.err());

    // The proposal bytes altered (a prefix digit): canonical still, but the first signature no longer verifies.
    ObjectNode altered = (ObjectNode) json.readTree(signed);
    byte[] bytes = Base64.getDecoder().decode(altered.get("proposal").asText());
    String asText = new String(bytes, StandardCharsets.ISO_8859_1).replace("9580001", "9580002");
    altered.put("proposal", Base64.getEncoder().encodeToString(asText.getBytes(StandardCharsets.ISO_8859_1)));
    altered.put("proposalId", SignedProposal.unsigned(org.baytrace.ledger.registry.ProposalCodec.decodeProposal(
        asText.getBytes(StandardCharsets.ISO_8859_1))).id().hex());
    altered.put("change", "set the GS1 company prefixes of macao-customs to [9580002]");
    Files.writeString(file, json.writeValueAsString(altered));
    r = Cli.run("registry", "sign", file.toString(), "--org", "nansha-port", "--key", k("nansha-port"));
    assertEquals(BayTrace.FAILED, r.exitCode(), r.out());
    assertTrue(r.err().contains("signatures[0]: by org nansha-customs") && r.err().contains("does not verify"), r.err());
    assertEquals(1, json.readTree(Files.readString(file)).get("signatures").size(), "no signature added");

    // Not a proposal at all.
    Files.writeString(file, "{\"format\":\"baytrace.governance.proposal.v1\",\"proposal\":\"AAEC\",\"signatures\":[]}");
    r = Cli.run("registry", "sign", file.toString(), "--org", "nansha-port", "--key", k("nansha-port"));
    assertEquals(BayTrace.FAILED, r.exitCode(), r.out());
    assertTrue(r.err().contains("is not a valid proposal file"), r.err());
  }

  private static JsonNode org(JsonNode registry, String id) {
    for (JsonNode o : registry.get("organisations")) {
      if (o.get("id").asText().equals(id)) {
        return o;
      }
    }
    throw new AssertionError("no org " + id + " in " + registry);
  }

  private static List<String> signers(JsonNode change) {
    List<String> out = new ArrayList<>();
    change.get("signers").forEach(s -> out.add(s.asText()));
    return out;
  }
}
