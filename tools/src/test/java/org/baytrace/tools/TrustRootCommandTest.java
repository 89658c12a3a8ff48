package org.baytrace.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.baytrace.ledger.checkpoint.NoteVerifier;
import org.baytrace.ledger.checkpoint.TrustRoot;
import org.baytrace.ledger.crypto.KeyFiles;
import org.baytrace.ledger.crypto.SigningKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code baytrace trust-root}: the id QR codes carry, from a node's configuration and key. */
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
}
