package org.baytrace.config;

import org.baytrace.ledger.registry.OrgRegistry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.baytrace.ledger.registry.OrgRegistry.Org;
import org.baytrace.ledger.registry.OrgRegistry.Role;
import org.baytrace.ledger.crypto.KeyFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [capture]}: the org captured EPCIS events are recorded as, and its key file. */
class CaptureConfigTest {
  @TempDir
  Path dir;

  /** Two orgs: acme signs with key 1, customs with key 2. */
  private static final String ORGS = """
      [[orgs]]
      id = "acme"
      roles = ["producer"]
      keys = [ { public_key = "%s" } ]

      [[orgs]]
      id = "customs"
      roles = ["customs"]
      keys = [ { public_key = "%s" } ]
      """.formatted(TestKeys.base64(1), TestKeys.base64(2));

  @BeforeEach
  void keyFiles() throws IOException {
    KeyFiles.savePrivate(TestKeys.key(1), dir.resolve("keys/acme.key"));
    KeyFiles.savePrivate(TestKeys.key(2), dir.resolve("keys/customs.key"));
  }

  @Test
  void absent_byDefault() throws Exception {
    assertTrue(NodeConfig.defaults().capture().isEmpty());
    assertTrue(NodeConfig.load(write("[node]\nname = \"n\"\n")).capture().isEmpty());
  }

  @Test
  void orgAndKeyFile_areRead_relativeToTheConfigFile() throws Exception {
    NodeConfig c = NodeConfig.load(write(ORGS + "\n[capture]\norg = \"acme\"\nkey_file = \"keys/acme.key\"\n"));
    CaptureIdentity capture = c.capture().orElseThrow();
    assertEquals("acme", capture.org());
    assertEquals(dir.resolve("keys/acme.key"), capture.keyFile());
    assertEquals(TestKeys.key(1).publicKey(), capture.key().publicKey());
    assertFalse(capture.toString().contains("PRIVATE"), capture.toString());
    assertEquals(capture, c.withDataDir(dir.resolve("elsewhere")).capture().orElseThrow(), "kept by with* copies");
  }

  @Test
  void unknownOrg_isRefused_namingTheKnownOnes() throws Exception {
    Path file = write(ORGS + "\n[capture]\norg = \"acmee\"\nkey_file = \"keys/acme.key\"\n");
    ConfigException e = assertThrows(ConfigException.class, () -> NodeConfig.load(file));
    assertEquals(file + ": capture.org: got \"acmee\", want the id of an org in [[orgs]] [acme, customs]", e.getMessage());
  }

  @Test
  void withoutOrgs_theMessageSaysToLeaveCaptureOut() throws Exception {
    Path file = write("[capture]\norg = \"local\"\nkey_file = \"keys/acme.key\"\n");
    ConfigException e = assertThrows(ConfigException.class, () -> NodeConfig.load(file));
    assertEquals(Optional.of("capture.org"), e.key());
    assertTrue(e.problem().contains("leave [capture] out"), e.problem());
  }

  @Test
  void keyOfAnotherOrg_isRefused_namingBothOrgsAndTheKey() throws Exception {
    Path file = write(ORGS + "\n[capture]\norg = \"acme\"\nkey_file = \"keys/customs.key\"\n");
    ConfigException e = assertThrows(ConfigException.class, () -> NodeConfig.load(file));
    String id2 = TestKeys.key(2).keyId();
    assertEquals(file + ": capture.key_file: " + dir.resolve("keys/customs.key") + ": holds key " + id2
        + ", want one of the keys of org \"acme\" [" + TestKeys.key(1).keyId() + "]; it is registered to org \"customs\"",
        e.getMessage());
  }

  @Test
  void unregisteredKey_isRefused() throws Exception {
    KeyFiles.savePrivate(TestKeys.key(3), dir.resolve("keys/stray.key"));
    Path file = write(ORGS + "\n[capture]\norg = \"acme\"\nkey_file = \"keys/stray.key\"\n");
    ConfigException e = assertThrows(ConfigException.class, () -> NodeConfig.load(file));
    assertEquals(Optional.of("capture.key_file"), e.key());
    assertTrue(e.problem().endsWith("; it is not registered"), e.problem());
  }

  @Test
  void missingKeys_andMissingFile_andOpenPermissions_areRefused() throws Exception {
    Path noOrg = write(ORGS + "\n[capture]\nkey_file = \"keys/acme.key\"\n");
    assertEquals(noOrg + ": capture.org: missing, want the id of the org in [[orgs]] that captured events are recorded as",
        assertThrows(ConfigException.class, () -> NodeConfig.load(noOrg)).getMessage());

    Path noKey = write(ORGS + "\n[capture]\norg = \"acme\"\n");
    assertEquals(Optional.of("capture.key_file"), assertThrows(ConfigException.class, () -> NodeConfig.load(noKey)).key());

    Path missing = write(ORGS + "\n[capture]\norg = \"acme\"\nkey_file = \"keys/nope.key\"\n");
    assertEquals(missing + ": capture.key_file: " + dir.resolve("keys/nope.key") + ": no such file",
        assertThrows(ConfigException.class, () -> NodeConfig.load(missing)).getMessage());

    Path key = dir.resolve("keys/acme.key");
    if (Files.getFileStore(key).supportsFileAttributeView("posix")) {
      Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
      Path open = write(ORGS + "\n[capture]\norg = \"acme\"\nkey_file = \"keys/acme.key\"\n");
      ConfigException e = assertThrows(ConfigException.class, () -> NodeConfig.load(open));
      assertEquals(Optional.of("capture.key_file"), e.key());
      assertTrue(e.problem().contains("accessible by others"), e.problem());
    }
  }

  @Test
  void unknownKeyInCapture_suggestsTheKnownOne() throws Exception {
    Path file = write(ORGS + "\n[capture]\norg = \"acme\"\nkeyfile = \"keys/acme.key\"\n");
    ConfigException e = assertThrows(ConfigException.class, () -> NodeConfig.load(file));
    assertEquals(file + ": capture.keyfile: unknown key in [capture]; did you mean \"key_file\"?", e.getMessage());
  }

  @Test
  void withRegistry_rechecksTheCaptureOrg() throws Exception {
    NodeConfig c = NodeConfig.load(write(ORGS + "\n[capture]\norg = \"acme\"\nkey_file = \"keys/acme.key\"\n"));
    OrgRegistry onlyCustoms = OrgRegistry.of(java.util.List.of(Org.of("customs", Role.CUSTOMS, TestKeys.key(2).publicKey())));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.withRegistry(onlyCustoms));
    assertTrue(e.getMessage().startsWith("capture.org: got \"acme\""), e.getMessage());
    assertTrue(c.withCapture(Optional.empty()).withRegistry(onlyCustoms).capture().isEmpty());
  }

  private Path write(String text) throws IOException {
    return Files.writeString(dir.resolve("node.toml"), text);
  }
}
