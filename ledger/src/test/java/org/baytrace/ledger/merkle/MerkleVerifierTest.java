package org.baytrace.ledger.merkle;

import static org.baytrace.ledger.merkle.MerkleAssertions.assertRejected;
import static org.baytrace.ledger.merkle.MerkleAssertions.expectedFailure;
import static org.baytrace.ledger.merkle.MerkleAssertions.flip;
import static org.baytrace.ledger.merkle.MerkleAssertions.resized;
import static org.baytrace.ledger.merkle.MerkleAssertions.with;
import static org.baytrace.ledger.merkle.MerkleAssertions.without;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.verify.Failure;
import org.junit.jupiter.api.Test;

/**
 * Verification of the proofs ProofPlan produces for every size up to 300 and every index
 * (inclusion) and every pair up to 150 (consistency), and rejection of tampered ones for every
 * index of the sizes in {@link #INCLUSION_TAMPER_SIZES} and every pair in
 * {@link #CONSISTENCY_TAMPER_SIZES}. Each proof hash is tampered with here, one bit each; the jqwik
 * properties flip arbitrary bits at arbitrary sizes.
 */
class MerkleVerifierTest {
  /**
   * Tree sizes whose every index is tampered with: all up to 64, and a few around 128 and 256 and
   * at 300.
   * Verification of untampered proofs covers every size up to 300; the properties pick at random
   * up to {@link TestTree#MAX_SIZE}.
   */
  static final int[] INCLUSION_TAMPER_SIZES = sizes(64, 100, 127, 128, 129, 255, 256, 257, 300);

  /** Second sizes whose every first size is tampered with: all up to 64, and a few beyond. */
  static final int[] CONSISTENCY_TAMPER_SIZES = sizes(64, 100, 127, 128, 129, 150);

  private final TestTree tree = TestTree.INSTANCE;
  private final ReferenceMerkle ref = tree.reference;

  private static int[] sizes(int allUpTo, int... more) {
    int[] out = new int[allUpTo + more.length];
    for (int n = 1; n <= allUpTo; n++) {
      out[n - 1] = n;
    }
    System.arraycopy(more, 0, out, allUpTo, more.length);
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Inclusion

  @Test
  void inclusionProof_fromPlan_verifiesForEverySizeAndIndex() {
    for (int n = 1; n <= ProofPlanTest.INCLUSION_MAX; n++) {
      Hash32 root = ref.root(n);
      for (int i = 0; i < n; i++) {
        int size = n;
        int index = i;
        Hash32 leaf = tree.leafHashes.get(index);
        List<byte[]> proof = TestTree.bytes(tree.inclusionProof(index, size));
        assertDoesNotThrow(() -> MerkleVerifier.verifyInclusion(index, size, leaf, proof, root),
            () -> index + "/" + size);
        assertDoesNotThrow(
            () -> MerkleVerifier.verifyInclusion(index, size, leaf.toByteArray(), proof, root.toByteArray()));
        assertEquals(root, assertDoesNotThrow(() -> MerkleVerifier.rootFromInclusionProof(index, size, leaf, proof)));
      }
    }
  }

  @Test
  void inclusionProof_tamperedSibling_isRejected() {
    for (int n : INCLUSION_TAMPER_SIZES) {
      Hash32 root = ref.root(n);
      for (int i = 0; i < n; i++) {
        int size = n;
        int index = i;
        Hash32 leaf = tree.leafHashes.get(index);
        List<byte[]> proof = TestTree.bytes(tree.inclusionProof(index, size));
        for (int e = 0; e < proof.size(); e++) {
          int element = e;
          int bit = (index * 7 + element * 13 + size) % 256;
          List<byte[]> bad = flip(proof, element, bit);
          assertRejected(Failure.ROOT_MISMATCH, () -> MerkleVerifier.verifyInclusion(index, size, leaf, bad, root),
              () -> index + "/" + size + " proof[" + element + "] bit " + bit);
        }
      }
    }
  }

  @Test
  void inclusionProof_tamperedLeafOrRoot_isRejected() {
    for (int n : INCLUSION_TAMPER_SIZES) {
      Hash32 root = ref.root(n);
      for (int i = 0; i < n; i++) {
        int size = n;
        int index = i;
        Hash32 leaf = tree.leafHashes.get(index);
        List<byte[]> proof = TestTree.bytes(tree.inclusionProof(index, size));
        int bit = (index * 31 + size) % 256;
        assertRejected(Failure.ROOT_MISMATCH,
            () -> MerkleVerifier.verifyInclusion(index, size, leaf.withBitFlipped(bit), proof, root),
            () -> index + "/" + size + " leaf bit " + bit);
        assertRejected(Failure.ROOT_MISMATCH,
            () -> MerkleVerifier.verifyInclusion(index, size, leaf, proof, root.withBitFlipped(bit)),
            () -> index + "/" + size + " root bit " + bit);
        // Another leaf of the same tree at this index.
        Hash32 other = tree.leafHashes.get((index + 1) % TestTree.MAX_SIZE);
        assertRejected(Failure.ROOT_MISMATCH, () -> MerkleVerifier.verifyInclusion(index, size, other, proof, root),
            () -> index + "/" + size + " wrong leaf");
      }
    }
  }

  @Test
  void inclusionProof_truncatedExtendedOrMalformed_isRejectedAsShape() {
    for (int n : INCLUSION_TAMPER_SIZES) {
      Hash32 root = ref.root(n);
      byte[] rootBytes = root.toByteArray();
      for (int i = 0; i < n; i++) {
        int size = n;
        int index = i;
        Hash32 leaf = tree.leafHashes.get(index);
        List<byte[]> proof = TestTree.bytes(tree.inclusionProof(index, size));
        int len = proof.size();
        assertRejected(Failure.PROOF_SHAPE,
            () -> MerkleVerifier.verifyInclusion(index, size, leaf, with(proof, len, rootBytes), root),
            () -> index + "/" + size + " trailing root");
        assertRejected(Failure.PROOF_SHAPE,
            () -> MerkleVerifier.verifyInclusion(index, size, leaf, with(proof, 0, leaf.toByteArray()), root),
            () -> index + "/" + size + " preceding leaf");
        assertRejected(Failure.PROOF_SHAPE,
            () -> MerkleVerifier.verifyInclusion(index, size, leaf, with(proof, len / 2, new byte[0]), root),
            () -> index + "/" + size + " empty hash inserted");
        if (len > 0) {
          assertRejected(Failure.PROOF_SHAPE,
              () -> MerkleVerifier.verifyInclusion(index, size, leaf, without(proof, len - 1), root),
              () -> index + "/" + size + " truncated");
          assertRejected(Failure.PROOF_SHAPE,
              () -> MerkleVerifier.verifyInclusion(index, size, leaf, without(proof, 0), root),
              () -> index + "/" + size + " first hash removed");
          assertRejected(Failure.PROOF_SHAPE,
              () -> MerkleVerifier.verifyInclusion(index, size, leaf, resized(proof, len - 1, 31), root),
              () -> index + "/" + size + " 31-byte hash");
          assertRejected(Failure.PROOF_SHAPE,
              () -> MerkleVerifier.verifyInclusion(index, size, leaf, resized(proof, 0, 33), root),
              () -> index + "/" + size + " 33-byte hash");
        }
      }
    }
  }

  @Test
  void inclusionProof_atWrongIndex_isRejected() {
    for (int n : INCLUSION_TAMPER_SIZES) {
      Hash32 root = ref.root(n);
      for (int i = 0; i < n; i++) {
        int size = n;
        int index = i;
        Hash32 leaf = tree.leafHashes.get(index);
        List<byte[]> proof = TestTree.bytes(tree.inclusionProof(index, size));
        // Every other index for trees up to 16, the neighbours and index ^ 2 for all.
        for (int j = 0; j < size; j++) {
          if (j == index || (size > 16 && j != index - 1 && j != index + 1 && j != (index ^ 2))) {
            continue;
          }
          int wrong = j;
          assertRejected(expectedFailure(ref.path(wrong, 0, size).size(), proof.size()),
              () -> MerkleVerifier.verifyInclusion(wrong, size, leaf, proof, root),
              () -> "proof for " + index + "/" + size + " presented as leaf " + wrong);
        }
        for (long outside : new long[] {size, size + 1L, Long.MAX_VALUE, -1L, Long.MIN_VALUE}) {
          assertRejected(Failure.PROOF_SHAPE, () -> MerkleVerifier.verifyInclusion(outside, size, leaf, proof, root),
              () -> "proof for " + index + "/" + size + " presented as leaf " + Long.toUnsignedString(outside));
        }
      }
    }
  }

  @Test
  void inclusionProof_malformedWireHashes_areRejectedAsShape() {
    Hash32 root = ref.root(10);
    byte[] leaf = tree.leafHashes.get(3).toByteArray();
    List<byte[]> proof = TestTree.bytes(tree.inclusionProof(3, 10));
    assertRejected(Failure.PROOF_SHAPE,
        () -> MerkleVerifier.verifyInclusion(3, 10, new byte[31], proof, root.toByteArray()), () -> "31-byte leaf");
    assertRejected(Failure.PROOF_SHAPE,
        () -> MerkleVerifier.verifyInclusion(3, 10, (byte[]) null, proof, root.toByteArray()), () -> "null leaf");
    assertRejected(Failure.PROOF_SHAPE,
        () -> MerkleVerifier.verifyInclusion(3, 10, leaf, proof, new byte[0]), () -> "empty root");
    assertRejected(Failure.PROOF_SHAPE,
        () -> MerkleVerifier.verifyInclusion(3, 10, leaf, with(proof, 1, null), root.toByteArray()),
        () -> "null proof hash");
    assertRejected(Failure.PROOF_SHAPE,
        () -> MerkleVerifier.verifyInclusion(3, 10, leaf, null, root.toByteArray()), () -> "null proof");
  }

  @Test
  void inclusionProof_singleLeafTree_isEmptyAndTheLeafIsTheRoot() {
    Hash32 leaf = tree.leafHashes.get(0);
    assertDoesNotThrow(() -> MerkleVerifier.verifyInclusion(0, 1, leaf, List.of(), leaf));
    assertDoesNotThrow(() -> MerkleVerifier.verifyInclusion(0, 1, leaf, null, leaf));
    assertRejected(Failure.PROOF_SHAPE, () -> MerkleVerifier.verifyInclusion(0, 0, leaf, List.of(), Rfc9162.EMPTY_ROOT),
        () -> "nothing is included in the empty tree");
  }

  // ---------------------------------------------------------------------------------------------
  // Consistency

  @Test
  void consistencyProof_fromPlan_verifiesForEveryPair() {
    for (int n = 1; n <= ProofPlanTest.CONSISTENCY_MAX; n++) {
      for (int m = 1; m <= n; m++) {
        int from = m;
        int to = n;
        List<byte[]> proof = TestTree.bytes(tree.consistencyProof(from, to));
        Hash32 root1 = ref.root(from);
        Hash32 root2 = ref.root(to);
        assertDoesNotThrow(() -> MerkleVerifier.verifyConsistency(from, to, root1, root2, proof),
            () -> from + "->" + to);
        assertDoesNotThrow(
            () -> MerkleVerifier.verifyConsistency(from, to, root1.toByteArray(), root2.toByteArray(), proof));
      }
    }
  }

  @Test
  void consistencyProof_tamperedHashOrRoot_isRejected() {
    for (int n : CONSISTENCY_TAMPER_SIZES) {
      for (int m = 1; m <= n; m++) {
        int from = m;
        int to = n;
        List<byte[]> proof = TestTree.bytes(tree.consistencyProof(from, to));
        Hash32 root1 = ref.root(from);
        Hash32 root2 = ref.root(to);
        for (int e = 0; e < proof.size(); e++) {
          int element = e;
          int bit = (from * 5 + to * 3 + element * 11) % 256;
          List<byte[]> bad = flip(proof, element, bit);
          assertRejected(Failure.ROOT_MISMATCH, () -> MerkleVerifier.verifyConsistency(from, to, root1, root2, bad),
              () -> from + "->" + to + " proof[" + element + "] bit " + bit);
        }
        int bit = (from + to) % 256;
        assertRejected(Failure.ROOT_MISMATCH,
            () -> MerkleVerifier.verifyConsistency(from, to, root1.withBitFlipped(bit), root2, proof),
            () -> from + "->" + to + " root1 bit " + bit);
        assertRejected(Failure.ROOT_MISMATCH,
            () -> MerkleVerifier.verifyConsistency(from, to, root1, root2.withBitFlipped(bit), proof),
            () -> from + "->" + to + " root2 bit " + bit);
        if (from < to) {
          assertRejected(Failure.ROOT_MISMATCH, () -> MerkleVerifier.verifyConsistency(from, to, root2, root1, proof),
              () -> from + "->" + to + " swapped roots");
        }
      }
    }
  }

  @Test
  void consistencyProof_truncatedOrExtended_isRejectedAsShape() {
    for (int n : CONSISTENCY_TAMPER_SIZES) {
      for (int m = 1; m <= n; m++) {
        int from = m;
        int to = n;
        List<byte[]> proof = TestTree.bytes(tree.consistencyProof(from, to));
        Hash32 root1 = ref.root(from);
        Hash32 root2 = ref.root(to);
        int len = proof.size();
        assertRejected(Failure.PROOF_SHAPE,
            () -> MerkleVerifier.verifyConsistency(from, to, root1, root2, with(proof, len, root2.toByteArray())),
            () -> from + "->" + to + " trailing root2");
        assertRejected(Failure.PROOF_SHAPE,
            () -> MerkleVerifier.verifyConsistency(from, to, root1, root2, with(proof, 0, root1.toByteArray())),
            () -> from + "->" + to + " preceding root1");
        if (len > 0) {
          assertRejected(Failure.PROOF_SHAPE,
              () -> MerkleVerifier.verifyConsistency(from, to, root1, root2, without(proof, len - 1)),
              () -> from + "->" + to + " truncated");
          assertRejected(Failure.PROOF_SHAPE,
              () -> MerkleVerifier.verifyConsistency(from, to, root1, root2, with(proof, 0, proof.get(0))),
              () -> from + "->" + to + " preceding proof[0]");
          assertRejected(Failure.PROOF_SHAPE,
              () -> MerkleVerifier.verifyConsistency(from, to, root1, root2, resized(proof, 0, 31)),
              () -> from + "->" + to + " 31-byte hash");
          assertRejected(Failure.PROOF_SHAPE,
              () -> MerkleVerifier.verifyConsistency(from, to, root1, root2, List.of()),
              () -> from + "->" + to + " empty proof");
        }
      }
    }
  }

  @Test
  void consistencyProof_presentedForAWrongFirstSize_isRejected() {
    for (int n : CONSISTENCY_TAMPER_SIZES) {
      for (int m = 1; m <= n; m++) {
        int from = m;
        int to = n;
        List<byte[]> proof = TestTree.bytes(tree.consistencyProof(from, to));
        Hash32 root1 = ref.root(from);
        Hash32 root2 = ref.root(to);
        for (int wrong : new int[] {from - 1, from + 1, from ^ 2, from * 2, from / 2}) {
          if (wrong == from) {
            continue;
          }
          Failure want = wrong < 1 || wrong > to ? Failure.PROOF_SHAPE
              : expectedFailure(ref.proof(wrong, to).size(), proof.size());
          assertRejected(want, () -> MerkleVerifier.verifyConsistency(wrong, to, root1, root2, proof),
              () -> "proof " + from + "->" + to + " presented as " + wrong + "->" + to);
        }
      }
    }
  }

  @Test
  void consistencyProof_fromTheEmptyTree_isRefused() {
    for (int n = 0; n <= 8; n++) {
      int to = n;
      assertRejected(Failure.PROOF_SHAPE,
          () -> MerkleVerifier.verifyConsistency(0, to, Rfc9162.EMPTY_ROOT, ref.root(to), List.of()),
          () -> "0->" + to);
    }
  }

  @Test
  void consistencyProof_sizesOutOfOrderOrTooLarge_areRefused() {
    Hash32 r = ref.root(5);
    assertRejected(Failure.PROOF_SHAPE, () -> MerkleVerifier.verifyConsistency(6, 5, r, r, List.of()), () -> "6->5");
    assertRejected(Failure.PROOF_SHAPE, () -> MerkleVerifier.verifyConsistency(1, -1, r, r, List.of()),
        () -> "1->2^64-1");
    assertRejected(Failure.PROOF_SHAPE,
        () -> MerkleVerifier.verifyConsistency(Long.MIN_VALUE, -1, r, r, List.of()), () -> "2^63->2^64-1");
  }

  @Test
  void consistencyProof_equalSizes_needsAnEmptyProofAndEqualRoots() {
    Hash32 r = ref.root(7);
    assertDoesNotThrow(() -> MerkleVerifier.verifyConsistency(7, 7, r, r, List.of()));
    assertDoesNotThrow(() -> MerkleVerifier.verifyConsistency(7, 7, r, r, null));
    assertRejected(Failure.ROOT_MISMATCH,
        () -> MerkleVerifier.verifyConsistency(7, 7, r, r.withBitFlipped(0), List.of()),
        () -> "different roots");
    assertRejected(Failure.PROOF_SHAPE,
        () -> MerkleVerifier.verifyConsistency(7, 7, r, r, List.of(r.toByteArray())), () -> "non-empty proof");
  }
}
