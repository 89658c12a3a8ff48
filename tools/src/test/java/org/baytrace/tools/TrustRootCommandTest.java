package org.baytrace.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.baytrace.config.NodeConfig;
import org.baytrace.ledger.checkpoint.NoteVerifier;
import org.baytrace.ledger.checkpoint.TrustRoot;
import org.baytrace.ledger.crypto.KeyFiles;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.registry.GenesisRoot;
import org.baytrace.tracking.node.BayTraceNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code baytrace trust-root}: the id QR codes carry: a ledger's genesis root, asked of its node,
 * or the key-set root of a node's configuration and key.
 */
class TrustRootCommandTest {
  @TempDir Path dir;

  Path config(String extra) throws Exception {
    Path file = dir.resolve("node.toml");
    Files.writeString(file, """
        [node]
        name = "shop-node"
        data_dir = "data"
        key_file = "node.key"
        [ledger]
        origin = "baytrace.test/shop"
        """ + extra);
    return file;
  }

  @Test
  void singleNode_printsTheIdOfItsOwnKey_andWithTextWhatItHashes() throws Exception {
    SigningKey key = SigningKey.generate();
    KeyFiles.savePrivate(key, dir.resolve("node.key"));
    Path file = config("");
    TrustRoot want = TrustRoot.singleNode("baytrace.test/shop", new NoteVerifier("shop-node", key.publicKey()));
    Cli.Result r = Cli.run("trust-root", "--config", file.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(want.id() + "\n", r.out());
    Cli.Result text = Cli.run("trust-root", "--config", file.toString(), "--text");
    assertEquals(want.id() + "\n" + want.canonicalText(), text.out());
    assertTrue(text.out().contains("\nthreshold 1\nvkey shop-node+"), text.out());
  }

  @Test
  void singleNodeWithoutItsKey_saysToStartItFirst_andPrintsNoId() throws Exception {
    Cli.Result r = Cli.run("trust-root", "--config", config("").toString());
    assertEquals(BayTrace.IO_ERROR, r.exitCode());
    assertEquals("", r.out());
    assertTrue(r.err().contains("no node key") && r.err().contains("start it once first"), r.err());
  }

  @Test
  void cluster_needsAMajorityOfEveryMembersKey() throws Exception {
    StringBuilder peers = new StringBuilder();
    List<NoteVerifier> keys = new java.util.ArrayList<>();
    for (String id : List.of("shop-node", "port-node", "customs-node")) {
      NoteVerifier v = new NoteVerifier(id, SigningKey.generate().publicKey());
      keys.add(v);
      peers.append("[[peers]]\nid = \"").append(id).append("\"\ngrpc = \"127.0.0.1:").append(50061 + keys.size())
          .append("\"\nraft = \"127.0.0.1:").append(50071 + keys.size()).append("\"\nverifier_key = \"")
          .append(v.encode()).append("\"\n");
    }
    Cli.Result r = Cli.run("trust-root", "--config", config(peers.toString()).toString(), "--text");
    assertEquals(0, r.exitCode(), r.err());
    TrustRoot want = new TrustRoot("baytrace.test/shop", 2, keys);
    assertEquals(want.id() + "\n" + want.canonicalText(), r.out());
  }

  Path nodeConfig(String extra) throws Exception {
    return config("""
        [grpc]
        listen = "127.0.0.1:0"
        [http]
        listen = "127.0.0.1:0"
        """ + extra);
  }

  static BayTraceNode start(Path config) throws Exception {
    return BayTraceNode.start(NodeConfig.load(config), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  @Test
  void ledgerThatBeginsWithItsGenesis_printsTheHashOfEntry0_whichTheNodesCodesCarry() throws Exception {
    try (BayTraceNode node = start(nodeConfig(""))) {
      String target = "127.0.0.1:" + node.grpcPort();
      GenesisRoot want = GenesisRoot.of("baytrace.test/shop", node.ledger().entry(0).leaf());
      Cli.Result r = Cli.run("trust-root", "--target", target);
      assertEquals(0, r.exitCode(), r.err());
      assertEquals(want.id() + "\n", r.out());
      Cli.Result text = Cli.run("trust-root", "--target", target, "--text");
      assertEquals(want.id() + "\n" + want.canonicalText(), text.out());
      assertTrue(text.out().contains("\nbaytrace/trust-root/v2\norigin baytrace.test/shop\ngenesis "), text.out());
    }
  }

  @Test
  void ledgerWithoutEntries_saysItsGenesisIsNotThereYet_andPrintsNoId() throws Exception {
    Path pub = dir.resolve("shop.key.pub");
    KeyFiles.savePublic(SigningKey.generate().publicKey(), pub);
    // [[orgs]] without a genesis file: the ledger begins empty and adopts its registry later
    Path config = nodeConfig("[[orgs]]\nid = \"shop\"\nname = \"Shop\"\nroles = [\"producer\"]\nkeys = [{ public_key_file = \""
        + pub + "\" }]\n");
    try (BayTraceNode node = start(config)) {
      Cli.Result r = Cli.run("trust-root", "--target", "127.0.0.1:" + node.grpcPort());
      assertEquals(BayTrace.FAILED, r.exitCode(), r.out());
      assertEquals("", r.out());
      assertTrue(r.err().contains("holds no entry yet"), r.err());
    }
  }
}
