package org.baytrace.ledger.testing;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import org.baytrace.ledger.crypto.Hash32;

/**
 * A deliberately naive RFC 9162 §2.1 implementation, written straight from the definitions with
 * its own SHA-256 (no code shared with the library): MTH, PATH and PROOF by recursion over the
 * leaf hashes. Slow and obviously right; tests compare the real stores against it.
 */
public final class ReferenceMerkle {
  private ReferenceMerkle() {}

  /** SHA-256(0x00 || leaf). */
  public static Hash32 leafHash(byte[] leaf) {
    MessageDigest d = sha256();
    d.update((byte) 0x00);
    d.update(leaf);
    return Hash32.of(d.digest());
  }

  /** MTH(D[0:n]) where {@code leafHashes} are the hashes of D; SHA-256("") for n = 0. */
  public static Hash32 root(List<Hash32> leafHashes) {
    if (leafHashes.isEmpty()) {
      return Hash32.of(sha256().digest());
    }
    return mth(leafHashes, 0, leafHashes.size());
  }

  /** PATH(m, D[0:n]), leaf to root. */
  public static List<Hash32> inclusionProof(int m, List<Hash32> leafHashes) {
    List<Hash32> out = new ArrayList<>();
    path(m, leafHashes, 0, leafHashes.size(), out);
    return out;
  }

  /** PROOF(m, D[0:n]); empty when m is 0 or n. */
  public static List<Hash32> consistencyProof(int m, List<Hash32> leafHashes) {
    List<Hash32> out = new ArrayList<>();
    if (m > 0 && m < leafHashes.size()) {
      subproof(m, leafHashes, 0, leafHashes.size(), true, out);
    }
    return out;
  }

  private static Hash32 mth(List<Hash32> d, int begin, int end) {
    int n = end - begin;
    if (n == 1) {
      return d.get(begin);
    }
    int k = largestPowerOfTwoBelow(n);
    return node(mth(d, begin, begin + k), mth(d, begin + k, end));
  }

  private static void path(int m, List<Hash32> d, int begin, int end, List<Hash32> out) {
    int n = end - begin;
    if (n == 1) {
      return;
    }
    int k = largestPowerOfTwoBelow(n);
    if (m < k) {
      path(m, d, begin, begin + k, out);
      out.add(mth(d, begin + k, end));
    } else {
      path(m - k, d, begin + k, end, out);
      out.add(mth(d, begin, begin + k));
    }
  }

  private static void subproof(int m, List<Hash32> d, int begin, int end, boolean b, List<Hash32> out) {
    int n = end - begin;
    if (m == n) {
      if (!b) {
        out.add(mth(d, begin, end));
      }
      return;
    }
    int k = largestPowerOfTwoBelow(n);
    if (m <= k) {
      subproof(m, d, begin, begin + k, b, out);
      out.add(mth(d, begin + k, end));
    } else {
      subproof(m - k, d, begin + k, end, false, out);
      out.add(mth(d, begin, begin + k));
    }
  }

  private static int largestPowerOfTwoBelow(int n) {
    int k = 1;
    while (k * 2 < n) {
      k *= 2;
    }
    return k;
  }

  private static Hash32 node(Hash32 left, Hash32 right) {
    MessageDigest d = sha256();
    d.update((byte) 0x01);
    d.update(left.toByteArray());
    d.update(right.toByteArray());
    return Hash32.of(d.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
