package org.baytrace.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class HostPortTest {
  @ParameterizedTest
  @CsvSource({
      "127.0.0.1:50051, 127.0.0.1, 50051",
      "localhost:8080, localhost, 8080",
      "node-1.baytrace.example:443, node-1.baytrace.example, 443",
      "0.0.0.0:0, 0.0.0.0, 0",
      "[::1]:50051, ::1, 50051",
      "[fe80::1%eth0]:9000, fe80::1%eth0, 9000",
  })
  void parse_wellFormed_roundTrips(String text, String host, int port) {
    HostPort hp = HostPort.parse(text);
    assertEquals(new HostPort(host, port), hp);
    assertEquals(text, hp.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost", "", ":50051", "host:", "host:65536", "host:-1", "host:12a", "::1:50051",
      "[::1]50051", "[::1]", "[localhost]:1", "bad host:1", "under_score:1", "host:123456"})
  void parse_malformed_isRejectedWithGotAndWant(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostPort.parse(text));
    assertTrue(e.getMessage().startsWith("got \"" + text + "\", want "), e.getMessage());
  }

  @Test
  void parse_hostWithoutPort_saysWantHostPort() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostPort.parse("localhost"));
    assertTrue(e.getMessage().startsWith("got \"localhost\", want host:port"), e.getMessage());
  }

  @Test
  void toSocketAddress_keepsHostAndPort() {
    InetSocketAddress a = HostPort.parse("127.0.0.1:50051").toSocketAddress();
    assertEquals(50051, a.getPort());
    assertEquals("127.0.0.1", a.getAddress().getHostAddress());
  }

  @Test
  void constructor_portOutOfRange_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> new HostPort("h", 70000));
  }
}
