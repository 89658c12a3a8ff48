package org.baytrace.ledger.merkle;

import java.util.ArrayList;
import java.util.List;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.verify.Failure;
import org.baytrace.ledger.verify.VerificationException;

/**
 * RFC 9162 §2.1.3.2 and §2.1.4.2 proof verification. Pure functions: shape is checked first (index
 * below size, 32-byte hashes, the proof length the sizes imply), then hashes. Sizes and indexes
 * are unsigned 64-bit values carried in {@code long}; values of 2^63 and above are refused as
 * PROOF_SHAPE.
 */
public final class MerkleVerifier {
  private MerkleVerifier() {}

  /** Verifies that {@code leafHash} is leaf {@code index} of the tree of {@code size} with {@code root}. */
  public static void verifyInclusion(long index, long size, Hash32 leafHash, List<byte[]> proof, Hash32 root)
      throws VerificationException {
    Hash32 computed = rootFromInclusionProof(index, size, leafHash, proof);
    if (!computed.equals(root)) {
      throw new VerificationException(Failure.ROOT_MISMATCH,
          "inclusion proof for leaf " + index + " at size " + size + ": computed root " + computed.hex()
              + ", want " + root.hex());
    }
  }

  /** The root that an inclusion proof leads to; callers compare it with a trusted root. */
  public static Hash32 rootFromInclusionProof(long index, long size, Hash32 leafHash, List<byte[]> proof)
      throws VerificationException {
    if (index < 0 || size < 0 || index >= size) {
      throw new VerificationException(Failure.PROOF_SHAPE,
          "inclusion proof: index " + Long.toUnsignedString(index) + " is not below tree size "
              + Long.toUnsignedString(size));
    }
    int want = inclusionProofLength(index, size);
    List<Hash32> hashes = toHashes(proof, want, "inclusion proof for leaf " + index + " at size " + size);
    long fn = index;
    long sn = size - 1;
    Hash32 r = leafHash;
    for (Hash32 p : hashes) {
      if ((fn & 1) == 1 || fn == sn) {
        r = Rfc9162.nodeHash(p, r);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      } else {
        r = Rfc9162.nodeHash(r, p);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    return r;
  }

  /**
   * Verifies that the tree of {@code size1} with {@code root1} is a prefix of the tree of
   * {@code size2} with {@code root2}.
   */
  public static void verifyConsistency(long size1, long size2, Hash32 root1, Hash32 root2, List<byte[]> proof)
      throws VerificationException {
    String what = "consistency proof " + Long.toUnsignedString(size1) + " -> " + Long.toUnsignedString(size2);
    int given = proof == null ? 0 : proof.size();
    if (size1 < 0 || size2 < 0 || size1 > size2) {
      throw new VerificationException(Failure.PROOF_SHAPE, what + ": first size exceeds second");
    }
    if (size1 == size2 || size1 == 0) {
      if (given != 0) {
        throw new VerificationException(Failure.PROOF_SHAPE,
            what + ": got " + given + " hashes, want an empty proof");
      }
      if (size1 == size2 && !root1.equals(root2)) {
        throw new VerificationException(Failure.ROOT_MISMATCH,
            what + ": equal sizes but roots differ: " + root1.hex() + " vs " + root2.hex());
      }
      return;
    }
    int shift = Long.numberOfTrailingZeros(size1);
    int inner = innerProofSize(size1 - 1, size2) - shift;
    int border = Long.bitCount((size1 - 1) >>> shift >>> inner);
    boolean seeded = size1 == (1L << shift);
    int want = (seeded ? 0 : 1) + inner + border;
    List<Hash32> hashes = toHashes(proof, want, what);
    List<Hash32> path = new ArrayList<>(hashes.size() + 1);
    if (seeded) {
      path.add(root1);
    }
    path.addAll(hashes);

    long fn = size1 - 1;
    long sn = size2 - 1;
    while ((fn & 1) == 1) {
      fn >>>= 1;
      sn >>>= 1;
    }
    Hash32 fr = path.get(0);
    Hash32 sr = path.get(0);
    for (int i = 1; i < path.size(); i++) {
      Hash32 c = path.get(i);
      if (sn == 0) {
        throw new VerificationException(Failure.PROOF_SHAPE, what + ": proof longer than the tree is deep");
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = Rfc9162.nodeHash(c, fr);
        sr = Rfc9162.nodeHash(c, sr);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      } else {
        sr = Rfc9162.nodeHash(sr, c);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    if (sn != 0) {
      throw new VerificationException(Failure.PROOF_SHAPE, what + ": proof shorter than the tree is deep");
    }
    if (!fr.equals(root1)) {
      throw new VerificationException(Failure.ROOT_MISMATCH,
          what + ": computed first root " + fr.hex() + ", want " + root1.hex());
    }
    if (!sr.equals(root2)) {
      throw new VerificationException(Failure.ROOT_MISMATCH,
          what + ": computed second root " + sr.hex() + ", want " + root2.hex());
    }
  }

  /** Number of hashes in an inclusion proof for {@code index} in a tree of {@code size}. */
  public static int inclusionProofLength(long index, long size) {
    int inner = innerProofSize(index, size);
    return inner + Long.bitCount(index >>> inner);
  }

  // Levels where the paths to leaf `index` and to the last leaf diverge.
  private static int innerProofSize(long index, long size) {
    return 64 - Long.numberOfLeadingZeros(index ^ (size - 1));
  }

  private static List<Hash32> toHashes(List<byte[]> proof, int want, String what) throws VerificationException {
    int got = proof == null ? 0 : proof.size();
    if (got != want) {
      throw new VerificationException(Failure.PROOF_SHAPE, what + ": got " + got + " hashes, want " + want);
    }
    List<Hash32> out = new ArrayList<>(got);
    for (int i = 0; i < got; i++) {
      byte[] h = proof.get(i);
      if (h == null || h.length != Hash32.LENGTH) {
        throw new VerificationException(Failure.PROOF_SHAPE,
            what + ": hash " + i + " has " + (h == null ? 0 : h.length) + " bytes, want 32");
      }
      out.add(Hash32.of(h));
    }
    return out;
  }
}
