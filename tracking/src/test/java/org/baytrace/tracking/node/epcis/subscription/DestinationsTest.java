package org.baytrace.tracking.node.epcis.subscription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.baytrace.config.SubscriptionSettings;
import org.junit.jupiter.api.Test;

/**
 * Where an organisation's webhooks may go: under its own prefixes only (not a longer host or a
 * sibling path), https unless plain http is allowed, and only to public addresses, checked again
 * before each delivery so that a name re-pointed at a private address (DNS rebinding) is refused.
 */
class DestinationsTest {
  private static final SubscriptionSettings SETTINGS = new SubscriptionSettings(false, false,
      Map.of("foods", List.of(URI.create("https://hooks.foods.example/epcis"))));

  private final AtomicReference<String> resolvesTo = new AtomicReference<>("93.184.216.34");
  private final Destinations destinations = new Destinations(SETTINGS,
      host -> new InetAddress[] {InetAddress.getByName(resolvesTo.get())});

  @Test
  void aUrlUnderTheOrgsPrefix_onAPublicAddress_isAllowed() throws Exception {
    assertEquals(URI.create("https://hooks.foods.example/epcis/cb"), destinations.check("foods", "https://hooks.foods.example/epcis/cb"));
    assertEquals(URI.create("https://HOOKS.foods.example:443/epcis"), destinations.check("foods", "https://HOOKS.foods.example:443/epcis"));
  }

  @Test
  void otherHostsPathsPortsAndOrgs_areRefused403() {
    for (String dest : List.of("https://hooks.foods.example.evil.test/epcis/cb", "https://hooks.foods.example/epcisx",
        "https://hooks.foods.example/other", "https://hooks.foods.example:8443/epcis/cb",
        "https://hooks.foods.example/epcis/../admin", "http://hooks.foods.example/epcis/cb")) {
      Destinations.Refused r = assertThrows(Destinations.Refused.class, () -> destinations.check("foods", dest), dest);
      assertEquals(403, r.status, dest + ": " + r.getMessage());
    }
    Destinations.Refused other = assertThrows(Destinations.Refused.class,
        () -> destinations.check("reefer", "https://hooks.foods.example/epcis/cb"));
    assertEquals(403, other.status);
    assertTrue(other.getMessage().contains("none are configured"), other.getMessage());
  }

  @Test
  void malformedDestinations_areRefused400() {
    for (String dest : List.of("not a url", "/relative", "ftp://hooks.foods.example/epcis", "https://user@hooks.foods.example/epcis")) {
      Destinations.Refused r = assertThrows(Destinations.Refused.class, () -> destinations.check("foods", dest), dest);
      assertEquals(400, r.status, dest + ": " + r.getMessage());
    }
  }

  @Test
  void aNameThatResolvesToAPrivateAddress_isRefused_alsoWhenItChangesAfterTheCheck() throws Exception {
    URI dest = destinations.check("foods", "https://hooks.foods.example/epcis/cb");
    resolvesTo.set("10.0.0.7"); // rebinding: the same name now points inside
    Destinations.Refused r = assertThrows(Destinations.Refused.class, () -> destinations.checkAddresses(dest));
    assertEquals(403, r.status);
    assertTrue(r.getMessage().contains("10.0.0.7"), r.getMessage());
  }

  @Test
  void loopbackPrivateLinkLocalAndMappedAddresses_areNotPublic() throws Exception {
    for (String a : List.of("127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
        "0.0.0.0", "::1", "fe80::1", "fc00::1", "fd12:3456::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "224.0.0.1",
        "255.255.255.255")) {
      assertFalse(Destinations.isPublic(InetAddress.getByName(a)), a);
    }
    for (String a : List.of("93.184.216.34", "8.8.8.8", "2606:2800:220:1:248:1893:25c8:1946")) {
      assertTrue(Destinations.isPublic(InetAddress.getByName(a)), a);
    }
  }
}
