package org.baytrace.ledger.registry;

import java.util.Locale;

/**
 * How registry and configuration messages show a value: a double-quoted, escaped string (a TOML
 * basic string), abbreviated if long; "nothing" for null. Stateless.
 */
public final class Quote {
  private static final int MAX_SHOWN = 80;

  private Quote() {}

  public static String of(String s) {
    if (s == null) {
      return "nothing";
    }
    String shown = s.length() > MAX_SHOWN ? s.substring(0, MAX_SHOWN - 3) + "..." : s;
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < shown.length(); i++) {
      char c = shown.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        default -> {
          if (Character.isISOControl(c)) {
            sb.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
