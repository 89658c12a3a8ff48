package org.baytrace.tracking.domain.epcis.query;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * Byte encodings of the projection's index keys, chosen so that RocksDB's byte order is the order
 * of the values: big-endian longs with the sign bit flipped, doubles in their sortable form, and
 * strings as escaped UTF-8 with a 0x00 terminator (0x00 becomes 0x01 0x01 and 0x01 becomes 0x01
 * 0x02, so a terminated string is never a prefix of a longer one). An index key is the indexed
 * value followed by the 8-byte ledger index of the event. Pure; thread-safe.
 */
final class Keys {
  static final byte[] EMPTY = new byte[0];
  private static final int INDEX_BYTES = 8;

  private Keys() {}

  /** Big-endian, as stored for ledger indexes (never negative, so no sign flip is needed). */
  static byte[] be64(long v) {
    byte[] b = new byte[8];
    for (int i = 7; i >= 0; i--) {
      b[i] = (byte) v;
      v >>>= 8;
    }
    return b;
  }

  static long readBe64(byte[] b, int offset) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[offset + i] & 0xFF);
    }
    return v;
  }

  /** A signed long in byte order. */
  static byte[] signed64(long v) {
    return be64(v ^ Long.MIN_VALUE);
  }

  /** An instant in byte order: 8 bytes of seconds (sign flipped), 4 bytes of nanoseconds. */
  static byte[] time(Instant t) {
    byte[] b = Arrays.copyOf(signed64(t.getEpochSecond()), 12);
    int n = t.getNano();
    b[8] = (byte) (n >>> 24);
    b[9] = (byte) (n >>> 16);
    b[10] = (byte) (n >>> 8);
    b[11] = (byte) n;
    return b;
  }

  /** The sortable 64-bit form of a double (not NaN); -0.0 sorts as 0.0. */
  static long sortableDouble(double d) {
    long bits = Double.doubleToLongBits(d == 0.0 ? 0.0 : d);
    return bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
  }

  /** An escaped, terminated string. */
  static byte[] str(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() + 1);
    escape(s, out);
    out.write(0);
    return out.toByteArray();
  }

  /** An escaped string without terminator: every key whose string starts with {@code s}. */
  static byte[] strPrefix(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    escape(s, out);
    return out.toByteArray();
  }

  private static void escape(String s, ByteArrayOutputStream out) {
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      if (b == 0 || b == 1) {
        out.write(1);
        out.write(b + 1);
      } else {
        out.write(b);
      }
    }
  }

  /** The string at the start of a key written by {@link #str} (up to its 0x00 terminator). */
  static String readStr(byte[] key) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(key.length);
    for (int i = 0; i < key.length; i++) {
      byte b = key[i];
      if (b == 0) {
        break;
      }
      if (b == 1 && i + 1 < key.length) {
        out.write(key[++i] - 1);
      } else {
        out.write(b);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  /** An index key: the value's bytes, then the ledger index. */
  static byte[] indexKey(byte[] value, long ledgerIndex) {
    return concat(value, be64(ledgerIndex));
  }

  /** The ledger index at the end of an index key. */
  static long ledgerIndexOf(byte[] key) {
    if (key.length < INDEX_BYTES) {
      throw new IllegalArgumentException("index key of " + key.length + " bytes, want at least 8");
    }
    return readBe64(key, key.length - INDEX_BYTES);
  }

  /**
   * The smallest key greater than every key that starts with {@code prefix}, or null if there is
   * none (the prefix is all 0xFF).
   */
  static byte[] after(byte[] prefix) {
    byte[] b = prefix.clone();
    for (int i = b.length - 1; i >= 0; i--) {
      if (b[i] != (byte) 0xFF) {
        b[i]++;
        return Arrays.copyOf(b, i + 1);
      }
    }
    return null;
  }

  static int compare(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, b);
  }
}
