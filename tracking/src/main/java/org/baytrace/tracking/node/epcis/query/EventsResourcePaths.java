package org.baytrace.tracking.node.epcis.query;

import java.nio.charset.StandardCharsets;

/** URL path helpers of the query resources. Stateless. */
final class EventsResourcePaths {
  private EventsResourcePaths() {}

  /** Percent-encodes everything but RFC 3986 unreserved characters, so a value is one path segment. */
  static String segment(String s) {
    StringBuilder sb = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_'
          || c == '~') {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return sb.toString();
  }
}
