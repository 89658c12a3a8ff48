package org.baytrace.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A passphrase-encrypted key made by {@code baytrace keygen --encrypt}, used as a node's key and
 * by {@code baytrace append}, in separate processes with the passphrase in
 * {@code BAYTRACE_KEY_PASSPHRASE}; without it the node refuses to start and names the variable.
 */
class EncryptedKeyIT {
  private static final Map<String, String> PASSPHRASE = Map.of("BAYTRACE_KEY_PASSPHRASE", "river mouth 1842");

  @TempDir
  Path dir;

  @Test
  void keygenEncrypt_keyIsEncrypted_andTheNodeAndAppendReadItWithThePassphrase() throws Exception {
    Path key = dir.resolve("keys/node.key");
    Result keygen = run(PASSPHRASE, "keygen", "--out", key.toString(), "--encrypt");
    assertEquals(0, keygen.exit(), keygen.output());
    String pem = Files.readString(key, StandardCharsets.US_ASCII);
    assertTrue(pem.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"), pem);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key.getParent())));

    Path config = dir.resolve("node.toml");
    Files.writeString(config, "[node]\ndata_dir = \"data\"\nkey_file = \"keys/node.key\"\n");
    try (NodeProcess node = NodeProcess.startWithEnvironment(dir, PASSPHRASE, "--config", config.toString())) {
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("data"))));
      Path records = dir.resolve("records.jsonl");
      Files.writeString(records, "{\"kind\":\"epcis.ObjectEvent\",\"subjects\":[\"https://id.gs1.org/01/09506000134352/10/L1\"],"
          + "\"eventTime\":\"2026-11-28T08:00:00Z\",\"content\":{\"bizStep\":\"shipping\"}}\n");
      Result append = run(PASSPHRASE, "append", "-t", "127.0.0.1:" + node.grpcPort, "--key", key.toString(),
          "--org", "local", "--file", records.toString());
      assertEquals(0, append.exit(), append.output());
    }
  }

  @Test
  void nodeWithAnEncryptedKey_andNoPassphrase_refusesToStart_namingTheVariable() throws Exception {
    Path key = dir.resolve("node.key");
    assertEquals(0, run(PASSPHRASE, "keygen", "--out", key.toString(), "--encrypt").exit());
    Path config = dir.resolve("node.toml");
    Files.writeString(config, "[node]\ndata_dir = \"data\"\nkey_file = \"node.key\"\n[grpc]\nlisten = \"127.0.0.1:0\"\n"
        + "[http]\nlisten = \"127.0.0.1:0\"\n");
    Result node = run(Map.of(), "node", "--config", config.toString());
    assertNotEquals(0, node.exit(), node.output());
    assertTrue(node.output().contains("BAYTRACE_KEY_PASSPHRASE"), node.output());
  }

  private record Result(int exit, String output) {}

  /** Runs the tools jar in its own process with these environment variables, no terminal. */
  private Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-jar", NodeProcess.toolsJar().toAbsolutePath().toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().remove("BAYTRACE_KEY_PASSPHRASE");
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "process did not end: " + out);
    return new Result(p.exitValue(), out);
  }
}
