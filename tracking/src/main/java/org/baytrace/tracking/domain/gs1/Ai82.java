package org.baytrace.tracking.domain.gs1;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The GS1 AI encodable character set 82 (GS1 General Specifications Figure 7.11-1) used by
 * alphanumeric AI values such as batch/lot (10), serial (21) and GLN extension (254), and the two
 * escapings of such values: EPC URI (TDS §5: {@code " % & / < > ?} as {@code %22 %25 %26 %2F %3C
 * %3E %3F}) and GS1 Digital Link URI path segments (percent-encoding). Stateless.
 */
final class Ai82 {
  private static final String SPECIALS = "!\"%&'()*+,-./:;<=>?_";
  /** Characters an EPC URI must escape (the others of set 82 appear as they are). */
  private static final String EPC_ESCAPED = "\"%&/<>?";
  /** Characters that stay unescaped in a canonical Digital Link path segment (besides A-Za-z0-9). */
  private static final String DL_PLAIN = "-._~';=";
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private Ai82() {}

  static boolean isAllowed(char c) {
    return (c >= '0' && c <= '9')
        || (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || SPECIALS.indexOf(c) >= 0;
  }

  /**
   * Checks a decoded alphanumeric AI value.
   *
   * @param what names the field for the message, e.g. {@code serial}
   * @throws InvalidTraceCodeException if empty, longer than {@code maxLength} or holding a
   *     character outside set 82
   */
  static String check(String what, String value, int maxLength) {
    if (value.isEmpty()) {
      throw new InvalidTraceCodeException(what + ": empty, want 1 to " + maxLength + " characters");
    }
    if (value.length() > maxLength) {
      throw new InvalidTraceCodeException(
          what + " \"" + value + "\": length " + value.length() + ", want at most " + maxLength
              + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!isAllowed(c)) {
        throw new InvalidTraceCodeException(
            what + " \"" + value + "\": character " + describe(c) + " at position " + (i + 1)
                + " is not in the GS1 AI encodable character set 82");
      }
    }
    return value;
  }

  /** Checks a value of AI 8010 (component/part identifier: digits, upper case, '#', '-', '/'). */
  static String checkCpid(String what, String value, int maxLength) {
    if (value.isEmpty() || value.length() > maxLength) {
      throw new InvalidTraceCodeException(
          what + " \"" + value + "\": length " + value.length() + ", want 1 to " + maxLength
              + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == '#' || c == '-' || c == '/')) {
        throw new InvalidTraceCodeException(
            what + " \"" + value + "\": character " + describe(c) + " at position " + (i + 1)
                + " is not in the GS1 AI encodable character set 39");
      }
    }
    return value;
  }

  /**
   * Decodes an EPC URI component: {@code %XX} escapes become characters; characters that the
   * URI must escape may not appear raw.
   */
  static String epcDecode(String what, String escaped) {
    StringBuilder out = new StringBuilder(escaped.length());
    for (int i = 0; i < escaped.length(); i++) {
      char c = escaped.charAt(i);
      if (c == '%') {
        int v = hexPair(escaped, i);
        if (v < 0) {
          throw new InvalidTraceCodeException(
              what + " \"" + escaped + "\": bad escape at position " + (i + 1)
                  + ", want % and two hex digits");
        }
        out.append((char) v);
        i += 2;
      } else if (EPC_ESCAPED.indexOf(c) >= 0) {
        throw new InvalidTraceCodeException(
            what + " \"" + escaped + "\": character " + describe(c) + " at position " + (i + 1)
                + " must be escaped in an EPC URI");
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Escapes a set-82 value for an EPC URI (TDS Table A-1). */
  static String epcEncode(String raw) {
    StringBuilder out = new StringBuilder(raw.length() + 8);
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (EPC_ESCAPED.indexOf(c) >= 0) {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * Percent-encodes a value for a canonical GS1 Digital Link path segment: letters, digits and
   * {@code - . _ ~ ' ; =} stay as they are, every other character is encoded as UTF-8 bytes
   * with upper-case hex (so {@code ! " % & ( ) * + , / : < > ? #} and space are encoded).
   */
  static String dlEncode(String raw) {
    StringBuilder out = new StringBuilder(raw.length() + 8);
    byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
    for (byte b : bytes) {
      int v = b & 0xFF;
      char c = (char) v;
      if (v < 0x80
          && ((c >= '0' && c <= '9')
              || (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || DL_PLAIN.indexOf(c) >= 0)) {
        out.append(c);
      } else {
        out.append('%').append(HEX[v >> 4]).append(HEX[v & 0xF]);
      }
    }
    return out.toString();
  }

  /** Percent-decodes a URI path segment as UTF-8. */
  static String dlDecode(String what, String segment) {
    if (segment.indexOf('%') < 0) {
      return segment;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '%') {
        int v = hexPair(segment, i);
        if (v < 0) {
          throw new InvalidTraceCodeException(
              what + " \"" + segment + "\": bad percent-encoding at position " + (i + 1)
                  + ", want % and two hex digits");
        }
        bytes.write(v);
        i += 2;
      } else {
        byte[] enc = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(enc, 0, enc.length);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static int hexPair(String s, int percentAt) {
    if (percentAt + 2 >= s.length()) {
      return -1;
    }
    int hi = Character.digit(s.charAt(percentAt + 1), 16);
    int lo = Character.digit(s.charAt(percentAt + 2), 16);
    return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
  }

  static String describe(char c) {
    if (c < 0x20 || c == 0x7F || Character.isWhitespace(c)) {
      return String.format("U+%04X", (int) c);
    }
    return "'" + c + "'";
  }
}
