package org.baytrace.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.baytrace.ledger.registry.OrgRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [resolver] base_url}: the Digital Link domain QR codes name; id.gs1.org when absent. */
class ResolverConfigTest {
  @TempDir Path dir;

  private Path write(String toml) throws Exception {
    Path f = dir.resolve("node.toml");
    Files.writeString(f, toml);
    return f;
  }

  @Test
  void absent_meansGs1sGlobalResolver() throws Exception {
    assertTrue(NodeConfig.defaults().resolverBaseUrl().isEmpty());
    assertTrue(NodeConfig.load(write("[node]\nname = \"n\"\n")).resolverBaseUrl().isEmpty());
  }

  @Test
  void baseUrl_isRead_andKeptByCopies() throws Exception {
    NodeConfig c = NodeConfig.load(write("[resolver]\nbase_url = \"https://trace.example.com/gba\"\n"));
    assertEquals(Optional.of("https://trace.example.com/gba"), c.resolverBaseUrl());
    assertEquals(c.resolverBaseUrl(), c.withDataDir(dir.resolve("d")).withHttpListen(new HostPort("127.0.0.1", 0))
        .withRegistry(OrgRegistry.empty()).withCapture(Optional.empty()).withWitnesses(List.of()).resolverBaseUrl());
    assertEquals(Optional.of("http://127.0.0.1:8080"),
        NodeConfig.defaults().withResolverBaseUrl(Optional.of("http://127.0.0.1:8080")).resolverBaseUrl());
  }

  @Test
  void badBaseUrls_areRefusedNamingTheKey() throws Exception {
    for (String bad : List.of("ftp://x.example", "https://x.example/?a=1", "https://x.example/#f", "/relative",
        "https://例子.example", "trace.example.com")) {
      Path f = write("[resolver]\nbase_url = \"" + bad + "\"\n");
      ConfigException e = assertThrows(ConfigException.class, () -> NodeConfig.load(f), bad);
      assertEquals(Optional.of("resolver.base_url"), e.key(), bad);
    }
    Path typo = write("[resolver]\nbaseurl = \"https://x.example\"\n");
    assertEquals(Optional.of("resolver.baseurl"), assertThrows(ConfigException.class, () -> NodeConfig.load(typo)).key());
  }
}
