package org.baytrace.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.baytrace.ledger.registry.Governance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code [governance]}: the genesis file of a new ledger, the governing organisations and the
 * threshold k of n that the founding registry carries; each refused with the key and the range.
 */
class GovernanceConfigTest {
  private static final String ORGS = """
      [[orgs]]
      id = "nansha-customs"
      roles = ["customs"]
      keys = [ { public_key = "$K1" } ]

      [[orgs]]
      id = "nansha-port"
      roles = ["port"]
      keys = [ { public_key = "$K2" } ]

      [[orgs]]
      id = "pearl-barge"
      roles = ["barge_operator"]
      keys = [ { public_key = "$K3" } ]
      """;

  @TempDir Path dir;

  private Path write(String toml) throws Exception {
    Path f = dir.resolve("node.toml");
    Files.writeString(f, ORGS.replace("$K1", TestKeys.base64(1)).replace("$K2", TestKeys.base64(2))
        .replace("$K3", TestKeys.base64(3)) + toml);
    return f;
  }

  private static Governance founding(NodeConfig c) {
    return c.foundingRegistry(c.registry()).governance();
  }

  @Test
  void absent_meansNoGenesisFile_everyOrgGoverns_andAMajorityDecides() throws Exception {
    NodeConfig c = NodeConfig.load(write(""));
    assertEquals(Optional.empty(), c.governance().genesis());
    assertEquals(new Governance(2, List.of("nansha-customs", "nansha-port", "pearl-barge")), founding(c));
  }

  @Test
  void threshold_orgs_andGenesis_becomeTheFoundingRegistrysGovernance() throws Exception {
    NodeConfig c = NodeConfig.load(write("""
        [governance]
        genesis = "genesis.json"
        threshold = 1
        orgs = ["nansha-customs", "pearl-barge"]
        """));
    assertEquals(Optional.of(dir.resolve("genesis.json")), c.governance().genesis(), "relative to the file");
    assertEquals(new Governance(1, List.of("nansha-customs", "pearl-barge")), founding(c));
    assertEquals(new Governance(3, List.of("nansha-customs", "nansha-port", "pearl-barge")),
        founding(NodeConfig.load(write("[governance]\nthreshold = 3\n"))));
  }

  @Test
  void aThresholdAboveTheNumberOfGoverningOrgs_isRefused_namingTheRange() throws Exception {
    Path four = write("[governance]\nthreshold = 4\n");
    ConfigException e = assertThrows(ConfigException.class, () -> NodeConfig.load(four));
    assertEquals(Optional.of("governance.threshold"), e.key());
    assertTrue(e.getMessage().contains("got 4, want 1 to 3 (the number of governing organisations"
        + " [nansha-customs, nansha-port, pearl-barge])"), e.getMessage());
    Path twoOfOne = write("[governance]\nthreshold = 2\norgs = [\"nansha-port\"]\n");
    assertTrue(assertThrows(ConfigException.class, () -> NodeConfig.load(twoOfOne)).getMessage()
        .contains("got 2, want 1 to 1"));
    Path zero = write("[governance]\nthreshold = 0\n");
    assertEquals(Optional.of("governance.threshold"), assertThrows(ConfigException.class, () -> NodeConfig.load(zero)).key());
  }

  @Test
  void aGoverningOrgOutsideTheRegistry_oraDuplicate_isRefused() throws Exception {
    Path stranger = write("[governance]\norgs = [\"nansha-customs\", \"macao-customs\"]\n");
    ConfigException e = assertThrows(ConfigException.class, () -> NodeConfig.load(stranger));
    assertEquals(Optional.of("governance.orgs[1]"), e.key());
    assertTrue(e.getMessage().contains("got \"macao-customs\", want the id of an org of [[orgs]]"), e.getMessage());
    Path twice = write("[governance]\norgs = [\"nansha-port\", \"nansha-port\"]\n");
    assertEquals(Optional.of("governance.orgs"), assertThrows(ConfigException.class, () -> NodeConfig.load(twice)).key());
    Path none = write("[governance]\norgs = []\n");
    assertEquals(Optional.of("governance.orgs"), assertThrows(ConfigException.class, () -> NodeConfig.load(none)).key());
  }

  @Test
  void withoutOrgs_thresholdIsRefused_theEmbeddedNodesOwnOrgGovernsAlone() throws Exception {
    Path f = dir.resolve("embedded.toml");
    Files.writeString(f, "[governance]\nthreshold = 1\n");
    ConfigException e = assertThrows(ConfigException.class, () -> NodeConfig.load(f));
    assertEquals(Optional.of("governance.threshold"), e.key());
    assertTrue(e.getMessage().contains("registers no organisation"), e.getMessage());
  }
}
