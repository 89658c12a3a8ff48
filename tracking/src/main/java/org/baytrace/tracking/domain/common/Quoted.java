package org.baytrace.tracking.domain.common;

/**
 * How error messages show a client's value: in double quotes, cut to a readable length, with
 * quotes, backslashes and control characters escaped, so a hostile value cannot forge a message.
 * Stateless.
 */
public final class Quoted {
  private static final int MAX_SHOWN = 64;

  private Quoted() {}

  public static String of(String raw) {
    String s = raw.length() <= MAX_SHOWN ? raw : raw.substring(0, MAX_SHOWN - 3) + "...";
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (Character.isISOControl(c)) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
