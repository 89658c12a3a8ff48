package org.baytrace.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.baytrace.ledger.crypto.KeyFiles;
import org.baytrace.ledger.crypto.SigningKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeKeysTest {
  @TempDir
  Path dir;

  @Test
  void loadOrGenerate_generatesOnce_thenReloadsTheSameKey() throws IOException {
    NodeConfig config = NodeConfig.defaults().withDataDir(dir.resolve("data"));
    Path file = dir.resolve("data/node.key");
    assertFalse(Files.exists(file));

    SigningKey first = NodeKeys.loadOrGenerate(config);
    assertTrue(Files.exists(file));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    byte[] written = Files.readAllBytes(file);

    SigningKey again = NodeKeys.loadOrGenerate(config);
    assertEquals(first.publicKey(), again.publicKey());
    assertEquals(first, again);
    assertEquals(new String(written, StandardCharsets.US_ASCII),
        Files.readString(file), "reloading leaves the file as it was");
  }

  @Test
  void loadOrGenerate_keyReadableByOthers_isRefused() throws IOException {
    NodeConfig config = NodeConfig.defaults().withDataDir(dir);
    NodeKeys.loadOrGenerate(config);
    Files.setPosixFilePermissions(config.keyFile(), PosixFilePermissions.fromString("rw-r--r--"));
    IOException e = assertThrows(IOException.class, () -> NodeKeys.loadOrGenerate(config));
    assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
  }

  @Test
  void loadOrGenerate_notAKey_isRefused_notOverwritten() throws IOException {
    NodeConfig config = NodeConfig.defaults().withDataDir(dir);
    Files.writeString(config.keyFile(), "hello\n");
    Files.setPosixFilePermissions(config.keyFile(), PosixFilePermissions.fromString("rw-------"));
    assertThrows(IOException.class, () -> NodeKeys.loadOrGenerate(config));
    assertEquals("hello\n", Files.readString(config.keyFile()));
  }

  @Test
  void loadOrGenerate_inACluster_loadsTheKeyItsPeerEntryNames() throws Exception {
    KeyFiles.savePrivate(TestKeys.key(1), dir.resolve("data/node.key"));
    NodeConfig config = NodeConfig.load(cluster(1));
    assertEquals(TestKeys.key(1).publicKey(), NodeKeys.loadOrGenerate(config).publicKey());
  }

  @Test
  void loadOrGenerate_inACluster_withAnotherKey_isRefused() throws Exception {
    KeyFiles.savePrivate(TestKeys.key(7), dir.resolve("data/node.key"));
    NodeConfig config = NodeConfig.load(cluster(1));
    IOException e = assertThrows(IOException.class, () -> NodeKeys.loadOrGenerate(config));
    assertTrue(e.getMessage().contains("holds key " + TestKeys.key(7).keyId()), e.getMessage());
    assertTrue(e.getMessage().contains(TestKeys.key(1).keyId()), e.getMessage());
  }

  @Test
  void loadOrGenerate_inACluster_withoutAKeyFile_generatesNothing() throws Exception {
    NodeConfig config = NodeConfig.load(cluster(1));
    NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> NodeKeys.loadOrGenerate(config));
    assertTrue(e.getMessage().contains("must be put here, not generated"), e.getMessage());
    assertFalse(Files.exists(config.keyFile()));
  }

  private Path cluster(int keyOfN1) throws IOException {
    return Files.writeString(dir.resolve("node.toml"), """
        [node]
        name = "n1"
        [raft]
        allow_plaintext = true
        [[peers]]
        id = "n1"
        grpc = "10.0.0.1:50051"
        raft = "10.0.0.1:50071"
        verifier_key = "%s"
        [[peers]]
        id = "n2"
        grpc = "10.0.0.2:50051"
        raft = "10.0.0.2:50071"
        verifier_key = "%s"
        """.formatted(TestKeys.vkey("n1", keyOfN1), TestKeys.vkey("n2", 2)));
  }
}
