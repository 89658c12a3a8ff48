package org.baytrace.ledger.merkle;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.verify.Failure;
import org.baytrace.ledger.verify.VerificationException;

/**
 * RFC 9162 §2.1.3.2 and §2.1.4.2 proof verification: one entry point per proof kind,
 * {@link #verifyInclusion} and {@link #verifyConsistency}. Pure functions, thread-safe.
 *
 * <p>Shape is checked first (index below size, sizes in range, 32-byte hashes, the proof length the
 * sizes imply) and fails with {@link Failure#PROOF_SHAPE}; then hashes, which fail with
 * {@link Failure#ROOT_MISMATCH}. Sizes and indexes are unsigned 64-bit values carried in
 * {@code long}; values of 2^63 and above (negative longs) are refused as PROOF_SHAPE.
 *
 * <p>Proof hashes are taken as they came off the wire: each must be 32 bytes long (PROOF_SHAPE
 * otherwise). Where the sizes make a proof trivial (equal sizes), nothing is hashed and the two
 * roots are compared, as RFC 9162 §2.1.4.2 and transparency-dev do.
 */
public final class MerkleVerifier {
  private MerkleVerifier() {}

  // ---------------------------------------------------------------------------------------------
  // Inclusion (RFC 9162 §2.1.3.2)

  /** Verifies that {@code leafHash} is leaf {@code index} of the tree of {@code size} with {@code root}. */
  public static void verifyInclusion(long index, long size, Hash32 leafHash, List<byte[]> proof, Hash32 root)
      throws VerificationException {
    Objects.requireNonNull(root, "root");
    Hash32 computed = rootFromInclusionProof(index, size, leafHash, proof);
    if (!computed.equals(root)) {
      throw new VerificationException(Failure.ROOT_MISMATCH,
          "inclusion proof for leaf " + u(index) + " at size " + u(size) + ": computed root " + computed.hex()
              + ", want " + root.hex());
    }
  }

  /**
   * As {@link #verifyInclusion(long, long, Hash32, List, Hash32)}, with the leaf hash and root as
   * received; each must be 32 bytes (the shape the golden vectors check).
   */
  static void verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root)
      throws VerificationException {
    Supplier<String> what = () -> "inclusion proof for leaf " + u(index) + " at size " + u(size);
    checkIndex(index, size, "inclusion proof");
    Hash32 leaf = hash(leafHash, what, "leaf hash");
    Hash32 want = hash(root, what, "root");
    verifyInclusion(index, size, leaf, proof, want);
  }

  /** The root that an inclusion proof leads to; callers compare it with a trusted root. */
  static Hash32 rootFromInclusionProof(long index, long size, Hash32 leafHash, List<byte[]> proof)
      throws VerificationException {
    Objects.requireNonNull(leafHash, "leafHash");
    checkIndex(index, size, "inclusion proof");
    int want = inclusionProofLength(index, size);
    List<Hash32> hashes = toHashes(proof, want, () -> "inclusion proof for leaf " + u(index) + " at size " + u(size));
    return chainInclusion(index, size, leafHash, hashes);
  }

  // ---------------------------------------------------------------------------------------------
  // Consistency (RFC 9162 §2.1.4.2)

  /**
   * Verifies that the tree of {@code size1} with {@code root1} is a prefix of the tree of
   * {@code size2} with {@code root2}. Requires {@code 0 < size1 <= size2}: a proof from the empty
   * tree proves nothing and is refused (PROOF_SHAPE), as transparency-dev refuses it. Equal sizes
   * need an empty proof and equal roots.
   */
  public static void verifyConsistency(long size1, long size2, Hash32 root1, Hash32 root2, List<byte[]> proof)
      throws VerificationException {
    Objects.requireNonNull(root1, "root1");
    Objects.requireNonNull(root2, "root2");
    verifyConsistency(size1, size2, root1.toByteArray(), root2.toByteArray(), proof);
  }

  /**
   * As {@link #verifyConsistency(long, long, Hash32, Hash32, List)}, with the roots as received.
   * When {@code size1 == size2} the roots are only compared, byte for byte; otherwise each must be
   * 32 bytes.
   */
  static void verifyConsistency(long size1, long size2, byte[] root1, byte[] root2, List<byte[]> proof)
      throws VerificationException {
    Supplier<String> what = () -> "consistency proof " + u(size1) + " -> " + u(size2);
    checkSize(size1, what, "first size");
    checkSize(size2, what, "second size");
    if (size1 > size2) {
      throw new VerificationException(Failure.PROOF_SHAPE,
          what.get() + ": first size " + size1 + " exceeds second size " + size2);
    }
    if (size1 == 0) {
      throw new VerificationException(Failure.PROOF_SHAPE,
          what.get() + ": first size is 0; a proof from the empty tree proves nothing");
    }
    if (size1 == size2) {
      requireEmptyProof(proof, what);
      requireSameRoots(root1, root2, what);
      return;
    }
    Hash32 old = hash(root1, what, "first root");
    Hash32 want = hash(root2, what, "second root");
    int length = consistencyProofLength(size1, size2);
    List<Hash32> hashes = toHashes(proof, length, what);
    Hash32 computed = chainConsistency(size1, size2, old, hashes, what, "first root");
    if (!computed.equals(want)) {
      throw new VerificationException(Failure.ROOT_MISMATCH,
          what.get() + ": computed second root " + computed.hex() + ", want " + want.hex());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Proof lengths

  /** Number of hashes in an inclusion proof for {@code index} in a tree of {@code size}, {@code 0 <= index < size}. */
  static int inclusionProofLength(long index, long size) {
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException(
          "inclusion proof length: got index " + index + " for tree size " + size + ", want 0 <= index < size");
    }
    int inner = innerProofSize(index, size);
    return inner + Long.bitCount(index >>> inner);
  }

  /** Number of hashes in a consistency proof from {@code size1} to {@code size2}, {@code 0 < size1 < size2}. */
  static int consistencyProofLength(long size1, long size2) {
    if (size1 <= 0 || size1 >= size2) {
      throw new IllegalArgumentException(
          "consistency proof length: got sizes " + size1 + " and " + size2 + ", want 0 < size1 < size2");
    }
    int shift = Long.numberOfTrailingZeros(size1);
    int inner = innerProofSize(size1 - 1, size2);
    int border = Long.bitCount((size1 - 1) >>> inner);
    boolean seeded = size1 == Long.lowestOneBit(size1);
    return (seeded ? 0 : 1) + (inner - shift) + border;
  }

  // ---------------------------------------------------------------------------------------------
  // Hash chains; the caller has checked the proof length.

  // RFC 9162 §2.1.3.2 steps 2-5.
  private static Hash32 chainInclusion(long index, long size, Hash32 seed, List<Hash32> hashes) {
    long fn = index;
    long sn = size - 1;
    Hash32 r = seed;
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

  // RFC 9162 §2.1.4.2 steps 2-8 for 0 < size1 < size2: checks the first root, returns the second.
  private static Hash32 chainConsistency(
      long size1, long size2, Hash32 root1, List<Hash32> hashes, Supplier<String> what, String firstName)
      throws VerificationException {
    List<Hash32> path = new ArrayList<>(hashes.size() + 1);
    if (size1 == Long.lowestOneBit(size1)) {
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
        throw new VerificationException(Failure.PROOF_SHAPE, what.get() + ": proof longer than the tree is deep");
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
      throw new VerificationException(Failure.PROOF_SHAPE, what.get() + ": proof shorter than the tree is deep");
    }
    if (!fr.equals(root1)) {
      throw new VerificationException(Failure.ROOT_MISMATCH,
          what.get() + ": computed " + firstName + " " + fr.hex() + ", want " + root1.hex());
    }
    return sr;
  }

  // ---------------------------------------------------------------------------------------------
  // Shape checks

  private static void checkIndex(long index, long size, String what) throws VerificationException {
    if (index < 0 || size < 0 || index >= size) {
      throw new VerificationException(Failure.PROOF_SHAPE,
          what + ": index " + u(index) + " is not below tree size " + u(size)
              + (index < 0 || size < 0 ? " (values of 2^63 and above are refused)" : ""));
    }
  }

  private static void checkSize(long value, Supplier<String> what, String name) throws VerificationException {
    if (value < 0) {
      throw new VerificationException(Failure.PROOF_SHAPE,
          what.get() + ": " + name + " " + u(value) + " is 2^63 or more, want below 2^63");
    }
  }

  private static void requireEmptyProof(List<byte[]> proof, Supplier<String> what) throws VerificationException {
    int given = proof == null ? 0 : proof.size();
    if (given != 0) {
      throw new VerificationException(Failure.PROOF_SHAPE,
          what.get() + ": got " + given + " hashes, want an empty proof");
    }
  }

  private static void requireSameRoots(byte[] root1, byte[] root2, Supplier<String> what) throws VerificationException {
    if (root1 == null || root2 == null || !MessageDigest.isEqual(root1, root2)) {
      throw new VerificationException(Failure.ROOT_MISMATCH,
          what.get() + ": nothing to prove between equal trees, but the roots differ: " + hex(root1) + " vs "
              + hex(root2));
    }
  }

  private static Hash32 hash(byte[] bytes, Supplier<String> what, String name) throws VerificationException {
    if (bytes == null || bytes.length != Hash32.LENGTH) {
      throw new VerificationException(Failure.PROOF_SHAPE,
          what.get() + ": " + name + " has " + (bytes == null ? 0 : bytes.length) + " bytes, want 32");
    }
    return Hash32.of(bytes);
  }

  private static List<Hash32> toHashes(List<byte[]> proof, int want, Supplier<String> what)
      throws VerificationException {
    int got = proof == null ? 0 : proof.size();
    if (got != want) {
      throw new VerificationException(Failure.PROOF_SHAPE, what.get() + ": got " + got + " hashes, want " + want);
    }
    List<Hash32> out = new ArrayList<>(got);
    for (int i = 0; i < got; i++) {
      byte[] h = proof.get(i);
      if (h == null || h.length != Hash32.LENGTH) {
        throw new VerificationException(Failure.PROOF_SHAPE,
            what.get() + ": proof hash " + i + " has " + (h == null ? 0 : h.length) + " bytes, want 32");
      }
      out.add(Hash32.of(h));
    }
    return out;
  }

  // Levels where the paths to leaf `index` and to the last leaf diverge.
  private static int innerProofSize(long index, long size) {
    return bitLength(index ^ (size - 1));
  }

  private static int bitLength(long x) {
    return 64 - Long.numberOfLeadingZeros(x);
  }

  private static String u(long value) {
    return Long.toUnsignedString(value);
  }

  private static String hex(byte[] bytes) {
    return bytes == null ? "null" : HexFormat.of().formatHex(bytes);
  }
}
