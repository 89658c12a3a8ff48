package org.baytrace.ledger.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.baytrace.ledger.crypto.Hash32;

/**
 * A naive RFC 9162 Merkle tree over a list of leaf hashes, written straight from the pseudocode of
 * RFC 9162 §2.1.1 (MTH), §2.1.3.1 (PATH) and §2.1.4.1 (PROOF/SUBPROOF), and of the Merkle Tree
 * Certificates draft (SUBTREE_PROOF). It shares no code with the production package: it hashes with
 * its own {@link MessageDigest} and finds split points by counting. Tree hashes of ranges are
 * memoised, which changes speed, not answers. Thread-safe.
 */
final class ReferenceMerkle {
  private final List<Hash32> leaves;
  private final Map<Long, Hash32> memo = new HashMap<>();

  ReferenceMerkle(List<Hash32> leafHashes) {
    this.leaves = List.copyOf(leafHashes);
  }

  int size() {
    return leaves.size();
  }

  static Hash32 leafHash(byte[] data) {
    MessageDigest d = sha256();
    d.update((byte) 0x00);
    d.update(data);
    return Hash32.of(d.digest());
  }

  static Hash32 nodeHash(Hash32 left, Hash32 right) {
    MessageDigest d = sha256();
    d.update((byte) 0x01);
    d.update(left.toByteArray());
    d.update(right.toByteArray());
    return Hash32.of(d.digest());
  }

  static Hash32 emptyRoot() {
    return Hash32.of(sha256().digest());
  }

  /** k: the largest power of two smaller than n, for n > 1; by counting, not by bit tricks. */
  static int split(int n) {
    int k = 1;
    while (k * 2 < n) {
      k *= 2;
    }
    return k;
  }

  /** MTH(D[begin:end]). */
  Hash32 mth(int begin, int end) {
    int n = end - begin;
    if (n == 0) {
      return emptyRoot();
    }
    if (n == 1) {
      return leaves.get(begin);
    }
    long key = ((long) begin << 32) | end;
    synchronized (memo) {
      Hash32 known = memo.get(key);
      if (known != null) {
        return known;
      }
    }
    int k = split(n);
    Hash32 hash = nodeHash(mth(begin, begin + k), mth(begin + k, end));
    synchronized (memo) {
      memo.put(key, hash);
    }
    return hash;
  }

  /** MTH(D[0:n]). */
  Hash32 root(int n) {
    return mth(0, n);
  }

  /** PATH(m, D[begin:end]), m relative to begin; leaf to root. */
  List<Hash32> path(int m, int begin, int end) {
    int n = end - begin;
    if (n == 1) {
      return new ArrayList<>();
    }
    int k = split(n);
    List<Hash32> out;
    if (m < k) {
      out = path(m, begin, begin + k);
      out.add(mth(begin + k, end));
    } else {
      out = path(m - k, begin + k, end);
      out.add(mth(begin, begin + k));
    }
    return out;
  }

  /** PROOF(m, D[0:n]) = SUBPROOF(m, D[0:n], true). */
  List<Hash32> proof(int m, int n) {
    return subproof(m, 0, n, true);
  }

  /** SUBPROOF(m, D[begin:end], b), m relative to begin. */
  List<Hash32> subproof(int m, int begin, int end, boolean b) {
    int n = end - begin;
    if (m == n) {
      List<Hash32> out = new ArrayList<>();
      if (!b) {
        out.add(mth(begin, end));
      }
      return out;
    }
    int k = split(n);
    List<Hash32> out;
    if (m <= k) {
      out = subproof(m, begin, begin + k, b);
      out.add(mth(begin + k, end));
    } else {
      out = subproof(m - k, begin + k, end, false);
      out.add(mth(begin, begin + k));
    }
    return out;
  }

  /** The subtree inclusion proof of the MTC draft: PATH(index - start, D[start:end]). */
  List<Hash32> subtreeInclusionProof(int index, int start, int end) {
    return path(index - start, start, end);
  }

  /** SUBTREE_PROOF(start, end, D[0:n]) of the MTC draft, for a valid non-empty subtree. */
  List<Hash32> subtreeProof(int start, int end, int n) {
    return subtreeSubproof(start, end, 0, n, true);
  }

  // SUBTREE_SUBPROOF(start, end, D[begin:stop], b), start and end relative to begin.
  private List<Hash32> subtreeSubproof(int start, int end, int begin, int stop, boolean b) {
    int n = stop - begin;
    if (start == 0 && end == n) {
      List<Hash32> out = new ArrayList<>();
      if (!b) {
        out.add(mth(begin, stop));
      }
      return out;
    }
    int k = split(n);
    List<Hash32> out;
    if (end <= k) {
      out = subtreeSubproof(start, end, begin, begin + k, b);
      out.add(mth(begin + k, stop));
    } else if (start >= k) {
      out = subtreeSubproof(start - k, end - k, begin + k, stop, b);
      out.add(mth(begin, begin + k));
    } else {
      // start < k < end: only possible for start == 0 in a valid subtree; RFC 9162 "m > k".
      if (start != 0) {
        throw new IllegalArgumentException("not a subtree: [" + start + ", " + end + ") of " + n);
      }
      out = subtreeSubproof(0, end - k, begin + k, stop, false);
      out.add(mth(begin, begin + k));
    }
    return out;
  }

  /**
   * Whether [start, end) is a subtree in the MTC draft's sense, by its meaning rather than by
   * bit tricks: it is non-empty and some aligned block of 2^j leaves starts at {@code start} and
   * holds all of it.
   */
  static boolean isSubtree(long start, long end) {
    if (start < 0 || start >= end) {
      return false;
    }
    for (int j = 0; j < 63; j++) {
      long block = 1L << j;
      if (start % block == 0 && end - start <= block) {
        return true;
      }
    }
    return start == 0;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
