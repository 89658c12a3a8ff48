package org.baytrace.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.baytrace.ledger.checkpoint.NoteVerifier;
import org.baytrace.ledger.crypto.KeyFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line without a node: help, keygen, usage errors and exit codes. */
class CommandLineTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"node", "keygen", "append", "get", "receipt", "checkpoint", "trust-root", "consistency", "verify", "witness", "bench", "demo", "fsck", "compact", "migrate", "backup", "restore"})
  void everyCommand_hasHelp(String command) {
    Cli.Result r = Cli.run(command, "--help");
    assertEquals(0, r.exitCode());
    assertTrue(r.out().contains("Usage: baytrace " + command), r.out());
  }

  @Test
  void topLevelHelp_listsCommandsAndExitCodes() {
    Cli.Result r = Cli.run("--help");
    assertEquals(0, r.exitCode());
    for (String c : List.of("node", "keygen", "append", "verify", "bench")) {
      assertTrue(r.out().contains(c), c);
    }
    assertTrue(r.out().contains("Exit codes:"));
  }

  @Test
  void keygen_writesOwnerOnlyPrivateKey_andPrintsVerifierKey() throws Exception {
    Path key = dir.resolve("keys/acme.key");
    Cli.Result r = Cli.run("keygen", "--out", key.toString(), "--name", "acme-node");
    assertEquals(0, r.exitCode(), r.err());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    var loaded = KeyFiles.loadPrivate(key);
    assertEquals(loaded.publicKey(), KeyFiles.loadPublic(dir.resolve("keys/acme.key.pub")));
    assertTrue(r.out().contains("key id:      " + loaded.keyId()));
    String vkeyLine = r.out().lines().filter(l -> l.startsWith("verifier key: ")).findFirst().orElseThrow();
    assertEquals(new NoteVerifier("acme-node", loaded.publicKey()), NoteVerifier.parse(vkeyLine.substring(14)));

    Cli.Result again = Cli.run("keygen", "--out", key.toString());
    assertEquals(BayTrace.IO_ERROR, again.exitCode());
    assertTrue(again.err().contains("already exists"), again.err());
    assertEquals(loaded, KeyFiles.loadPrivate(key), "an existing key is never overwritten");
  }

  @Test
  void usageErrors_exitWith2() {
    assertEquals(BayTrace.USAGE, Cli.run("receipt").exitCode());
    assertEquals(BayTrace.USAGE, Cli.run("nosuchcommand").exitCode());
    assertEquals(BayTrace.USAGE, Cli.run("verify", "r.json", "--trust", "not-a-key").exitCode());
  }

  @Test
  void witness_withABodyTimeoutOutOfRange_exitsWith2_namingTheFlag() {
    Cli.Result r = Cli.run("witness", "--name", "customs.example/witness", "--key", "never-made.key",
        "--log", "x.example/ledger=k", "--body-timeout-ms", "5");
    assertEquals(BayTrace.USAGE, r.exitCode());
    assertTrue(r.err().contains("--body-timeout-ms: got 5, want 100..3600000"), r.err());
    assertFalse(Files.exists(Path.of("never-made.key")), "no key file is made");
  }

  @Test
  void clientCommand_withoutNode_saysHowToStartOne() {
    Cli.Result r = Cli.run("checkpoint", "--target", "127.0.0.1:1");
    assertEquals(BayTrace.IO_ERROR, r.exitCode());
    assertTrue(r.err().contains("baytrace node"), r.err());
  }
}
