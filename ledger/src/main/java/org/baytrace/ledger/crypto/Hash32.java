package org.baytrace.ledger.crypto;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/** A 32-byte hash (SHA-256 output). Immutable: bytes are copied in and out. */
public final class Hash32 implements Comparable<Hash32> {
  public static final int LENGTH = 32;

  private final byte[] bytes;

  private Hash32(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Wraps a copy of {@code bytes}; throws if it is not exactly 32 bytes long. */
  public static Hash32 of(byte[] bytes) {
    if (bytes == null || bytes.length != LENGTH) {
      throw new IllegalArgumentException(
          "hash: got " + (bytes == null ? "null" : bytes.length + " bytes") + ", want 32 bytes");
    }
    return new Hash32(bytes.clone());
  }

  /** Takes ownership of {@code bytes} without copying; for hashes this package just computed. */
  static Hash32 wrap(byte[] bytes) {
    return new Hash32(bytes);
  }

  public static Hash32 fromHex(String hex) {
    return of(HexFormat.of().parseHex(hex));
  }

  public static Hash32 fromBase64(String base64) {
    return of(Base64.getDecoder().decode(base64));
  }

  public byte[] toByteArray() {
    return bytes.clone();
  }

  /** Feeds the hash into a digest without copying it. */
  public void updateDigest(MessageDigest digest) {
    digest.update(bytes);
  }

  public String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  public String base64() {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** Constant-time comparison. */
  public boolean sameAs(byte[] other) {
    return other != null && MessageDigest.isEqual(bytes, other);
  }

  /** Flips one bit; used by tamper tests and nothing else. */
  public Hash32 withBitFlipped(int bit) {
    byte[] copy = bytes.clone();
    copy[bit / 8] ^= (byte) (1 << (bit % 8));
    return new Hash32(copy);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Hash32 && MessageDigest.isEqual(bytes, ((Hash32) o).bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public int compareTo(Hash32 o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public String toString() {
    return hex();
  }
}
