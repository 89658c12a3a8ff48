package org.baytrace.ledger.merkle;

import static org.baytrace.ledger.merkle.MerkleAssertions.assertRejected;
import static org.baytrace.ledger.merkle.MerkleAssertions.expectedFailure;
import static org.baytrace.ledger.merkle.MerkleAssertions.flip;
import static org.baytrace.ledger.merkle.MerkleAssertions.with;
import static org.baytrace.ledger.merkle.MerkleAssertions.without;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.verify.Failure;
import org.junit.jupiter.api.Test;

/**
 * Subtree inclusion and subtree consistency proofs (Merkle Tree Certificates draft) against the
 * reference SUBTREE_PROOF and PATH: consistency for every subtree of every tree up to {@link #MAX}
 * leaves (tampering up to {@link #TAMPER_MAX}), inclusion for every leaf of every subtree ending by
 * {@link #INCLUSION_MAX}. The jqwik properties pick larger trees at random.
 *
 * <p>A proof presented for another tree size is not tested: like RFC 9162 proofs, subtree proofs
 * do not bind the size, and an equally shaped tree of another size verifies. A root is trusted
 * together with its size (a signed checkpoint), which is what binds it.
 */
class SubtreeProofTest {
  static final int MAX = 100;
  /** Trees whose every subtree proof is tampered with. */
  static final int TAMPER_MAX = 64;
  /** Subtree inclusion proofs do not depend on the tree size: every subtree ending by 64. */
  static final int INCLUSION_MAX = 64;

  private final TestTree tree = TestTree.INSTANCE;
  private final ReferenceMerkle ref = tree.reference;

  @Test
  void isValidSubtree_agreesWithTheDefinitionForEveryRange() {
    for (int end = 0; end <= 2 * MAX; end++) {
      for (int start = 0; start <= end + 1; start++) {
        assertEquals(ReferenceMerkle.isSubtree(start, end), MerkleVerifier.isValidSubtree(start, end),
            "[" + start + ", " + end + ")");
      }
    }
    assertEquals(true, MerkleVerifier.isValidSubtree(0, Long.MAX_VALUE));
    assertEquals(true, MerkleVerifier.isValidSubtree(1L << 62, (1L << 62) + (1L << 61) + 1));
    assertEquals(false, MerkleVerifier.isValidSubtree(1, Long.MAX_VALUE));
    assertEquals(false, MerkleVerifier.isValidSubtree(1L << 61, (1L << 62) + 1));
    assertEquals(false, MerkleVerifier.isValidSubtree(-1, 5));
  }

  @Test
  void subtreeConsistencyProof_fromStartZero_isTheRfc9162ConsistencyProof() {
    for (int n = 1; n <= MAX; n++) {
      for (int end = 1; end <= n; end++) {
        assertEquals(ref.proof(end, n), ref.subtreeProof(0, end, n), "[0, " + end + ") -> " + n);
      }
    }
  }

  @Test
  void subtreeConsistencyProof_fromReference_verifiesForEverySubtreeOfEveryTree() {
    for (int n = 1; n <= MAX; n++) {
      Hash32 root = ref.root(n);
      for (int end = 1; end <= n; end++) {
        for (int start = 0; start < end; start++) {
          if (!ReferenceMerkle.isSubtree(start, end)) {
            continue;
          }
          int s = start;
          int e = end;
          int size = n;
          List<byte[]> proof = TestTree.bytes(ref.subtreeProof(s, e, size));
          Hash32 sub = ref.mth(s, e);
          assertDoesNotThrow(() -> MerkleVerifier.verifySubtreeConsistency(s, e, size, sub, root, proof),
              () -> "[" + s + ", " + e + ") -> " + size);
        }
      }
    }
  }

  @Test
  void subtreeConsistencyProof_tampered_isRejected() {
    for (int n = 1; n <= TAMPER_MAX; n++) {
      Hash32 root = ref.root(n);
      for (int end = 1; end <= n; end++) {
        for (int start = 0; start < end; start++) {
          if (!ReferenceMerkle.isSubtree(start, end)) {
            continue;
          }
          int s = start;
          int e = end;
          int size = n;
          List<byte[]> proof = TestTree.bytes(ref.subtreeProof(s, e, size));
          Hash32 sub = ref.mth(s, e);
          String what = "[" + s + ", " + e + ") -> " + size;
          for (int k = 0; k < proof.size(); k++) {
            int element = k;
            int bit = (s + e * 3 + size * 7 + element) % 256;
            assertRejected(Failure.ROOT_MISMATCH,
                () -> MerkleVerifier.verifySubtreeConsistency(s, e, size, sub, root, flip(proof, element, bit)),
                () -> what + " proof[" + element + "] bit " + bit);
          }
          int bit = (s + e + size) % 256;
          assertRejected(Failure.ROOT_MISMATCH,
              () -> MerkleVerifier.verifySubtreeConsistency(s, e, size, sub.withBitFlipped(bit), root, proof),
              () -> what + " subtree root bit " + bit);
          assertRejected(Failure.ROOT_MISMATCH,
              () -> MerkleVerifier.verifySubtreeConsistency(s, e, size, sub, root.withBitFlipped(bit), proof),
              () -> what + " root bit " + bit);
          assertRejected(Failure.PROOF_SHAPE,
              () -> MerkleVerifier.verifySubtreeConsistency(s, e, size, sub, root,
                  with(proof, proof.size(), root.toByteArray())),
              () -> what + " trailing root");
          if (!proof.isEmpty()) {
            assertRejected(Failure.PROOF_SHAPE,
                () -> MerkleVerifier.verifySubtreeConsistency(s, e, size, sub, root, without(proof, proof.size() - 1)),
                () -> what + " truncated");
          }
        }
      }
    }
  }

  @Test
  void subtreeConsistencyProof_invalidSubtree_isRejectedAsShape() {
    Hash32 root = ref.root(MAX);
    for (int end = 1; end <= MAX; end++) {
      for (int start = 1; start < end; start++) {
        if (ReferenceMerkle.isSubtree(start, end)) {
          continue;
        }
        int s = start;
        int e = end;
        assertRejected(Failure.PROOF_SHAPE,
            () -> MerkleVerifier.verifySubtreeConsistency(s, e, MAX, ref.mth(s, e), root,
                TestTree.bytes(ref.proof(e, MAX))),
            () -> "[" + s + ", " + e + ") is not a subtree");
      }
    }
  }

  @Test
  void subtreeConsistencyProof_subtreeBeyondTheTree_isRejectedAsShape() {
    Hash32 sub = ref.mth(8, 16);
    assertRejected(Failure.PROOF_SHAPE,
        () -> MerkleVerifier.verifySubtreeConsistency(8, 16, 15, sub, ref.root(15), List.of()), () -> "end > size");
    assertRejected(Failure.PROOF_SHAPE,
        () -> MerkleVerifier.verifySubtreeConsistency(16, 8, 20, sub, ref.root(20), List.of()), () -> "start > end");
    assertRejected(Failure.PROOF_SHAPE,
        () -> MerkleVerifier.verifySubtreeConsistency(0, -1, -1, sub, sub, List.of()), () -> "2^64-1");
  }

  @Test
  void subtreeConsistencyProof_wholeTree_needsAnEmptyProofAndTheSameRoot() {
    Hash32 root = ref.root(13);
    assertDoesNotThrow(() -> MerkleVerifier.verifySubtreeConsistency(0, 13, 13, root, root, List.of()));
    assertRejected(Failure.ROOT_MISMATCH,
        () -> MerkleVerifier.verifySubtreeConsistency(0, 13, 13, root, root.withBitFlipped(9), List.of()),
        () -> "different roots");
    assertRejected(Failure.PROOF_SHAPE,
        () -> MerkleVerifier.verifySubtreeConsistency(0, 13, 13, root, root, List.of(root.toByteArray())),
        () -> "non-empty proof");
  }

  @Test
  void subtreeConsistencyProof_emptySubtree_isPartOfEveryTree() {
    for (int n = 0; n <= 20; n++) {
      int size = n;
      Hash32 anyRoot = ref.root(size);
      for (int k = 0; k <= size; k++) {
        int at = k;
        assertDoesNotThrow(
            () -> MerkleVerifier.verifySubtreeConsistency(at, at, size, Rfc9162.EMPTY_ROOT, anyRoot, List.of()));
        assertDoesNotThrow(() -> MerkleVerifier.verifySubtreeConsistency(at, at, size,
            Rfc9162.EMPTY_ROOT.toByteArray(), "any bytes".getBytes(StandardCharsets.UTF_8), List.of()));
        assertRejected(Failure.ROOT_MISMATCH,
            () -> MerkleVerifier.verifySubtreeConsistency(at, at, size, anyRoot.withBitFlipped(1), anyRoot, List.of()),
            () -> "[" + at + ", " + at + ") with a non-empty root");
        assertRejected(Failure.PROOF_SHAPE,
            () -> MerkleVerifier.verifySubtreeConsistency(at, at, size, Rfc9162.EMPTY_ROOT, anyRoot,
                List.of(Rfc9162.EMPTY_ROOT.toByteArray())),
            () -> "[" + at + ", " + at + ") with a proof");
      }
      assertRejected(Failure.PROOF_SHAPE,
          () -> MerkleVerifier.verifySubtreeConsistency(size + 1, size + 1, size, Rfc9162.EMPTY_ROOT, anyRoot,
              List.of()),
          () -> "empty subtree past the end of " + size);
    }
  }

  @Test
  void subtreeInclusionProof_fromReference_verifiesAndTamperingIsRejected() {
    for (int end = 1; end <= INCLUSION_MAX; end++) {
      for (int start = 0; start < end; start++) {
        if (!ReferenceMerkle.isSubtree(start, end)) {
          continue;
        }
        int s = start;
        int e = end;
        Hash32 sub = ref.mth(s, e);
        for (int i = s; i < e; i++) {
          int index = i;
          String what = "leaf " + index + " in [" + s + ", " + e + ")";
          Hash32 leaf = tree.leafHashes.get(index);
          List<byte[]> proof = TestTree.bytes(ref.subtreeInclusionProof(index, s, e));
          assertDoesNotThrow(() -> MerkleVerifier.verifySubtreeInclusion(index, s, e, leaf, proof, sub), what);
          assertDoesNotThrow(() -> MerkleVerifier.verifySubtreeInclusion(index, s, e, leaf.toByteArray(), proof,
              sub.toByteArray()), what);
          for (int k = 0; k < proof.size(); k++) {
            int element = k;
            int bit = (index * 3 + e + element * 17) % 256;
            assertRejected(Failure.ROOT_MISMATCH,
                () -> MerkleVerifier.verifySubtreeInclusion(index, s, e, leaf, flip(proof, element, bit), sub),
                () -> what + " proof[" + element + "] bit " + bit);
          }
          int bit = (index + e) % 256;
          assertRejected(Failure.ROOT_MISMATCH,
              () -> MerkleVerifier.verifySubtreeInclusion(index, s, e, leaf.withBitFlipped(bit), proof, sub),
              () -> what + " leaf bit " + bit);
          assertRejected(Failure.ROOT_MISMATCH,
              () -> MerkleVerifier.verifySubtreeInclusion(index, s, e, leaf, proof, sub.withBitFlipped(bit)),
              () -> what + " subtree root bit " + bit);
          assertRejected(Failure.PROOF_SHAPE,
              () -> MerkleVerifier.verifySubtreeInclusion(index, s, e, leaf, with(proof, 0, sub.toByteArray()), sub),
              () -> what + " preceding root");
          for (long outside : new long[] {s - 1L, e, e + 1L, -1L}) {
            if (outside == -1L && s == 0) {
              continue;
            }
            assertRejected(Failure.PROOF_SHAPE,
                () -> MerkleVerifier.verifySubtreeInclusion(outside, s, e, leaf, proof, sub),
                () -> what + " presented as leaf " + Long.toUnsignedString(outside));
          }
          for (int wrong = s; wrong < e; wrong++) {
            if (wrong == index || (e - s > 16 && Math.abs(wrong - index) > 1)) {
              continue;
            }
            int w = wrong;
            assertRejected(expectedFailure(ref.subtreeInclusionProof(w, s, e).size(), proof.size()),
                () -> MerkleVerifier.verifySubtreeInclusion(w, s, e, leaf, proof, sub),
                () -> what + " presented as leaf " + w);
          }
        }
      }
    }
  }

  @Test
  void subtreeInclusionProof_emptyOrInvalidSubtree_isRejectedAsShape() {
    Hash32 leaf = tree.leafHashes.get(3);
    assertRejected(Failure.PROOF_SHAPE,
        () -> MerkleVerifier.verifySubtreeInclusion(3, 3, 3, leaf, List.of(), leaf), () -> "empty subtree");
    assertRejected(Failure.PROOF_SHAPE,
        () -> MerkleVerifier.verifySubtreeInclusion(3, 4, 3, leaf, List.of(), leaf), () -> "start > end");
    assertRejected(Failure.PROOF_SHAPE,
        () -> MerkleVerifier.verifySubtreeInclusion(3, 3, 5, leaf, TestTree.bytes(ref.path(0, 3, 5)), ref.mth(3, 5)),
        () -> "[3, 5) is not a subtree");
    assertRejected(Failure.PROOF_SHAPE,
        () -> MerkleVerifier.verifySubtreeInclusion(1, 1, Long.MIN_VALUE + 2, leaf, List.of(), leaf),
        () -> "end of 2^63 + 2");
  }
}
