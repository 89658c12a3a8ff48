package org.baytrace.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code [subscriptions]}: each org's webhook destination prefixes, and the opt-ins for plain http
 * and private addresses (both off when absent).
 */
class SubscriptionsConfigTest {
  @TempDir Path dir;

  private Path write(String toml) throws Exception {
    Path f = dir.resolve("node.toml");
    Files.writeString(f, toml);
    return f;
  }

  @Test
  void absent_meansNoDestinations_httpsOnly_publicAddressesOnly() throws Exception {
    SubscriptionSettings s = NodeConfig.load(write("[node]\nname = \"n\"\n")).subscriptions();
    assertFalse(s.allowHttp());
    assertFalse(s.allowPrivateAddresses());
    assertTrue(s.destinations().isEmpty());
  }

  @Test
  void destinations_areReadPerOrg_andMatchOnlyUnderTheirPrefix() throws Exception {
    NodeConfig c = NodeConfig.load(write("""
        [subscriptions]
        allow_private_addresses = true

        [[subscriptions.destinations]]
        org = "local"
        prefixes = ["https://hooks.example.com/epcis/", "https://erp.example.org/in"]
        """));
    SubscriptionSettings s = c.subscriptions();
    assertTrue(s.allowPrivateAddresses());
    assertEquals(List.of(URI.create("https://hooks.example.com/epcis/"), URI.create("https://erp.example.org/in")),
        s.destinationsOf("local"));
    assertTrue(s.allowedPrefix("local", URI.create("https://hooks.example.com/epcis/cb")).isPresent());
    assertTrue(s.allowedPrefix("local", URI.create("https://erp.example.org/in/x")).isPresent());
    assertTrue(s.allowedPrefix("local", URI.create("https://erp.example.org/inbox")).isEmpty());
    assertTrue(s.allowedPrefix("local", URI.create("https://hooks.example.com.evil.test/epcis/cb")).isEmpty());
    assertTrue(s.allowedPrefix("other", URI.create("https://hooks.example.com/epcis/cb")).isEmpty());
    assertEquals(s, c.withDataDir(dir.resolve("d")).subscriptions());
  }

  @Test
  void badEntries_areRefusedNamingTheKey() throws Exception {
    Path plain = write("[[subscriptions.destinations]]\norg = \"local\"\nprefixes = [\"http://hooks.example.com/\"]\n");
    ConfigException e = assertThrows(ConfigException.class, () -> NodeConfig.load(plain));
    assertEquals(Optional.of("subscriptions.destinations[0].prefixes[0]"), e.key());
    assertTrue(e.getMessage().contains("allow_http"), e.getMessage());
    NodeConfig.load(write("[subscriptions]\nallow_http = true\n[[subscriptions.destinations]]\norg = \"local\"\n"
        + "prefixes = [\"http://hooks.example.com/\"]\n"));
    Path stranger = write("[[subscriptions.destinations]]\norg = \"nobody\"\nprefixes = [\"https://hooks.example.com/\"]\n");
    assertEquals(Optional.of("subscriptions.destinations"),
        assertThrows(ConfigException.class, () -> NodeConfig.load(stranger)).key());
    Path typo = write("[subscriptions]\nallow_private = true\n");
    assertEquals(Optional.of("subscriptions.allow_private"),
        assertThrows(ConfigException.class, () -> NodeConfig.load(typo)).key());
  }
}
