package org.baytrace.tracking.domain.coldchain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.baytrace.config.ConfigException;
import org.baytrace.config.NodeConfig;
import org.baytrace.tracking.node.coldchain.ColdChainFeature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in profiles, a profiles file applied over them, and every problem named by file and key. */
class CommodityProfilesTest {
  static final Path EXAMPLES = Path.of("..", "node-config", "examples");
  @TempDir Path dir;

  @Test
  void defaults_areTheIssuesCommodities() {
    CommodityProfiles d = CommodityProfiles.defaults();
    assertEquals(List.of("frozen-meat", "chilled-meat", "mango", "durian", "apple"),
        d.all().stream().map(CommodityProfile::id).toList());
    CommodityProfile frozen = d.byId("frozen-meat").orElseThrow();
    assertEquals(-18.0, frozen.maxCelsius());
    assertEquals(-15.0, frozen.toleranceMaxCelsius());
    assertTrue(frozen.toleranceInTransportOnly());
    assertEquals(Duration.ofMinutes(30), frozen.maxContinuousBreach());
    assertEquals(Duration.ofHours(2), frozen.maxAccumulatedBreach());
    CommodityProfile chilled = d.byId("chilled-meat").orElseThrow();
    assertEquals(List.of(0.0, 4.0), List.of(chilled.minCelsius(), chilled.maxCelsius()));
    CommodityProfile mango = d.byId("mango").orElseThrow();
    assertEquals(List.of(10.0, 13.0), List.of(mango.minCelsius(), mango.maxCelsius()));
    CommodityProfile apple = d.byId("apple").orElseThrow();
    assertTrue(apple.minCelsius() <= 0 && apple.maxCelsius() >= 0);
    CommodityProfile durian = d.byId("durian").orElseThrow();
    assertTrue(durian.minCelsius() <= 10 && durian.maxCelsius() >= 10);
  }

  @Test
  void exampleFile_overridesAndAdds_andTheNodeFileNamesIt() throws Exception {
    Path node = dir.resolve("node.toml");
    Files.copy(EXAMPLES.resolve("coldchain-profiles.toml"), dir.resolve("coldchain-profiles.toml"));
    Files.writeString(node, "[coldchain]\nprofiles_file = \"coldchain-profiles.toml\"\n");
    CommodityProfiles p = CommodityProfiles.load(NodeConfig.load(node).coldChainProfiles().orElseThrow());
    assertEquals(6, p.all().size(), "five built in, durian replaced, frozen-beef added");
    assertEquals("Durian (Monthong)", p.byId("durian").orElseThrow().name());
    assertEquals("frozen-beef", p.byGtin("07891234000019").orElseThrow().id());
    assertEquals(Duration.ofMinutes(15), p.byId("frozen-beef").orElseThrow().maxContinuousBreach());
  }

  @Test
  void replaceDefaults_keepsOnlyTheFilesProfiles() throws Exception {
    Path f = write("replace_defaults = true\n[[commodities]]\nid = \"lychee\"\nmin_celsius = 1.0\nmax_celsius = 5.0\n");
    CommodityProfiles p = CommodityProfiles.load(f);
    assertEquals(List.of("lychee"), p.all().stream().map(CommodityProfile::id).toList());
    CommodityProfile l = p.byId("lychee").orElseThrow();
    assertEquals("lychee", l.name());
    assertEquals(1.0, l.toleranceMinCelsius(), "no band: the range");
    assertEquals(null, l.maxContinuousBreach());
    assertFalse(l.toleranceInTransportOnly());
  }

  private Path write(String text) throws Exception {
    Path f = dir.resolve("p.toml");
    Files.writeString(f, text);
    return f;
  }

  private void refused(String text, String message) throws Exception {
    Path f = write(text);
    ConfigException e = assertThrows(ConfigException.class, () -> CommodityProfiles.load(f));
    assertEquals(f + ": " + message, e.getMessage());
  }

  @Test
  void badFiles_areRefused_namingFileKeyAndProblem() throws Exception {
    String head = "[[commodities]]\nid = \"x\"\n";
    refused(head + "min_celsius = 5.0\nmax_celsius = 1.0\n", "commodities[0].max_celsius: got 1.0, want above min_celsius 5.0");
    refused(head + "min_celsius = 1.0\nmax_celsius = 5.0\ntolerance_max_celsius = 4.0\n",
        "commodities[0].tolerance_max_celsius: got 4.0, want at least max_celsius 5.0");
    refused(head + "min_celsius = 1.0\nmax_celsius = 5.0\ntolerance_min_celsius = 2.0\n",
        "commodities[0].tolerance_min_celsius: got 2.0, want at most min_celsius 1.0");
    refused(head + "max_celsius = 5.0\n", "commodities[0].min_celsius: missing, want a temperature in °C");
    refused(head + "min_celsius = \"cold\"\nmax_celsius = 5.0\n", "commodities[0].min_celsius: got \"cold\", want a number (°C)");
    refused(head + "min_celsius = 1.0\nmax_celsius = 5.0\nmax_continuous_breach_seconds = -1\n",
        "commodities[0].max_continuous_breach_seconds: got -1, want whole seconds from 0 to 31536000");
    refused(head + "min_celsius = 1.0\nmax_celsius = 5.0\nmax_celsius_c = 5.0\n",
        "commodities[0].max_celsius_c: unknown key, want one of [id, name, min_celsius, max_celsius, "
            + "tolerance_min_celsius, tolerance_max_celsius, tolerance_in_transport_only, max_continuous_breach_seconds, "
            + "max_accumulated_breach_seconds, gtins]");
    refused(head + "min_celsius = 1.0\nmax_celsius = 5.0\ngtins = [\"123\"]\n", "commodities[0].gtins[0]: got \"123\", want 14 digits");
    refused("[[commodities]]\nid = \"Bad Id\"\nmin_celsius = 1.0\nmax_celsius = 5.0\n",
        "commodities[0].id: got \"Bad Id\", want [a-z0-9][a-z0-9-]{0,62}");
    refused(head + "min_celsius = 1.0\nmax_celsius = 5.0\n" + head + "min_celsius = 1.0\nmax_celsius = 5.0\n",
        "commodities[1].id: \"x\" is already used by commodities[0]");
    refused(head + "min_celsius = 1.0\nmax_celsius = 5.0\ngtins = [\"09506000134352\"]\n[[commodities]]\nid = \"y\"\n"
        + "min_celsius = 1.0\nmax_celsius = 5.0\ngtins = [\"09506000134352\"]\n",
        "commodities[1].gtins[0]: GTIN 09506000134352 already belongs to commodity \"x\"");
    refused("replace_defaults = \"yes\"\n", "replace_defaults: got \"yes\", want true or false");
    refused("comodities = 1\n", "comodities: unknown key, want one of [replace_defaults, commodities]");
  }

  @Test
  void missingFile_isNamed() {
    Path f = dir.resolve("none.toml");
    assertEquals(f + ": no such file", assertThrows(ConfigException.class, () -> CommodityProfiles.load(f)).getMessage());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ColdChainFeature.create(java.util.Optional.of(f)));
    assertEquals(f + ": no such file", e.getMessage(), "the node stops with the same message");
  }
}
