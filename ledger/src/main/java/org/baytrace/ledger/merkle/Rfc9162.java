package org.baytrace.ledger.merkle;

import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.crypto.Sha256;

/**
 * RFC 9162 §2.1.1 hashing: leaf hash = SHA-256(0x00 || leaf), node hash =
 * SHA-256(0x01 || left || right), empty tree = SHA-256(""). Stateless.
 */
public final class Rfc9162 {
  public static final byte LEAF_PREFIX = 0x00;
  public static final byte NODE_PREFIX = 0x01;
  /** Root of the empty tree: e3b0c442…b855. */
  public static final Hash32 EMPTY_ROOT = Sha256.hash(new byte[0]);

  private Rfc9162() {}

  public static Hash32 leafHash(byte[] leaf) {
    return Sha256.hash(LEAF_PREFIX, leaf);
  }

  public static Hash32 nodeHash(Hash32 left, Hash32 right) {
    return Sha256.hash(NODE_PREFIX, left, right);
  }

  /** The split point k of RFC 9162 §2.1.1: the largest power of two strictly below {@code n > 1}. */
  static long split(long n) {
    if (n < 2) {
      throw new IllegalArgumentException("split: got n=" + n + ", want n >= 2");
    }
    return Long.highestOneBit(n - 1);
  }
}
