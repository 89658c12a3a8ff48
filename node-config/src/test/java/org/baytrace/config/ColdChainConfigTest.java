package org.baytrace.config;

import org.baytrace.ledger.registry.OrgRegistry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [coldchain] profiles_file}: a path relative to the node file, kept by the with* copies. */
class ColdChainConfigTest {
  @TempDir Path dir;

  private Path write(String toml) throws Exception {
    Path f = dir.resolve("node.toml");
    Files.writeString(f, toml);
    return f;
  }

  @Test
  void absent_meansTheBuiltInProfiles() throws Exception {
    assertTrue(NodeConfig.defaults().coldChainProfiles().isEmpty());
    assertTrue(NodeConfig.load(write("[node]\nname = \"n\"\n")).coldChainProfiles().isEmpty());
  }

  @Test
  void profilesFile_isResolvedAgainstTheNodeFile_andKeptByCopies() throws Exception {
    NodeConfig c = NodeConfig.load(write("[coldchain]\nprofiles_file = \"profiles/gba.toml\"\n"));
    assertEquals(Optional.of(dir.resolve("profiles/gba.toml")), c.coldChainProfiles());
    assertEquals(c.coldChainProfiles(), c.withDataDir(dir.resolve("d")).withHttpListen(new HostPort("127.0.0.1", 0))
        .withRegistry(OrgRegistry.empty()).withCapture(Optional.empty()).coldChainProfiles());
    assertEquals(Optional.of(dir.resolve("x.toml")),
        NodeConfig.defaults().withColdChainProfiles(Optional.of(dir.resolve("a/../x.toml"))).coldChainProfiles());
  }

  @Test
  void badKeys_areNamed() throws Exception {
    Path f = write("[coldchain]\nprofile_file = \"x.toml\"\n");
    ConfigException e = assertThrows(ConfigException.class, () -> NodeConfig.load(f));
    assertEquals(Optional.of("coldchain.profile_file"), e.key());
    Path g = write("[coldchain]\nprofiles_file = 3\n");
    assertEquals(Optional.of("coldchain.profiles_file"), assertThrows(ConfigException.class, () -> NodeConfig.load(g)).key());
  }
}
