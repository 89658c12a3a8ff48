package org.baytrace.ledger.merkle;

import static org.baytrace.ledger.merkle.MerkleAssertions.assertRejected;
import static org.baytrace.ledger.merkle.MerkleAssertions.expectedFailure;
import static org.baytrace.ledger.merkle.MerkleAssertions.flip;
import static org.baytrace.ledger.merkle.MerkleAssertions.with;
import static org.baytrace.ledger.merkle.MerkleAssertions.without;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.verify.Failure;

/**
 * jqwik properties over random trees of up to {@link TestTree#MAX_SIZE} leaves: proofs planned
 * from stored nodes equal the reference and verify, and any single-bit flip anywhere (any proof
 * hash, the leaf, either root), any removed or inserted hash, and any wrong index are rejected.
 * Random raw numbers are mapped onto valid choices with modulo, so no try is thrown away.
 */
class MerkleProofPropertiesTest {
  private static final int MAX = TestTree.MAX_SIZE;
  private static final TestTree TREE = TestTree.INSTANCE;
  private static final ReferenceMerkle REF = TREE.reference;

  // ---------------------------------------------------------------------------------------------
  // Inclusion

  @Property
  void inclusionProof_anyTreeAndLeaf_equalsReferencePathAndVerifies(
      @ForAll @IntRange(min = 1, max = MAX) int size, @ForAll @IntRange(min = 0, max = MAX - 1) int rawIndex) {
    int index = rawIndex % size;
    List<Hash32> proof = TREE.inclusionProof(index, size);
    assertEquals(REF.path(index, 0, size), proof);
    assertDoesNotThrow(() -> MerkleVerifier.verifyInclusion(index, size, TREE.leafHashes.get(index),
        TestTree.bytes(proof), REF.root(size)));
  }

  @Property
  void inclusionProof_anySingleBitFlip_isRejectedAsRootMismatch(
      @ForAll @IntRange(min = 1, max = MAX) int size, @ForAll @IntRange(min = 0, max = MAX - 1) int rawIndex,
      @ForAll @IntRange(min = 0, max = 1000) int rawTarget, @ForAll @IntRange(min = 0, max = 255) int bit) {
    int index = rawIndex % size;
    List<byte[]> proof = TestTree.bytes(TREE.inclusionProof(index, size));
    Hash32 leaf = TREE.leafHashes.get(index);
    Hash32 root = REF.root(size);
    int target = rawTarget % (proof.size() + 2);
    if (target < proof.size()) {
      assertRejected(Failure.ROOT_MISMATCH,
          () -> MerkleVerifier.verifyInclusion(index, size, leaf, flip(proof, target, bit), root),
          () -> "proof[" + target + "]");
    } else if (target == proof.size()) {
      assertRejected(Failure.ROOT_MISMATCH,
          () -> MerkleVerifier.verifyInclusion(index, size, leaf.withBitFlipped(bit), proof, root), () -> "leaf");
    } else {
      assertRejected(Failure.ROOT_MISMATCH,
          () -> MerkleVerifier.verifyInclusion(index, size, leaf, proof, root.withBitFlipped(bit)), () -> "root");
    }
  }

  @Property
  void inclusionProof_anyRemovedOrInsertedHash_isRejectedAsShape(
      @ForAll @IntRange(min = 1, max = MAX) int size, @ForAll @IntRange(min = 0, max = MAX - 1) int rawIndex,
      @ForAll @IntRange(min = 0, max = 1000) int rawPosition, @ForAll boolean insert,
      @ForAll @Size(32) byte[] extra) {
    int index = rawIndex % size;
    List<byte[]> proof = TestTree.bytes(TREE.inclusionProof(index, size));
    Hash32 leaf = TREE.leafHashes.get(index);
    Hash32 root = REF.root(size);
    List<byte[]> bad = insert || proof.isEmpty()
        ? with(proof, rawPosition % (proof.size() + 1), extra)
        : without(proof, rawPosition % proof.size());
    assertRejected(Failure.PROOF_SHAPE, () -> MerkleVerifier.verifyInclusion(index, size, leaf, bad, root),
        () -> (insert ? "inserted" : "removed") + " at " + rawPosition);
  }

  @Property
  void inclusionProof_atAnyWrongIndex_isRejected(
      @ForAll @IntRange(min = 2, max = MAX) int size, @ForAll @IntRange(min = 0, max = MAX - 1) int rawIndex,
      @ForAll @IntRange(min = 0, max = MAX) int rawOffset) {
    int index = rawIndex % size;
    int wrong = (index + 1 + rawOffset % (size - 1)) % size;
    List<byte[]> proof = TestTree.bytes(TREE.inclusionProof(index, size));
    assertRejected(expectedFailure(REF.path(wrong, 0, size).size(), proof.size()),
        () -> MerkleVerifier.verifyInclusion(wrong, size, TREE.leafHashes.get(index), proof, REF.root(size)),
        () -> "leaf " + index + " presented as " + wrong);
  }

  // ---------------------------------------------------------------------------------------------
  // Consistency

  @Property
  void consistencyProof_anyPair_equalsReferenceProofAndVerifies(
      @ForAll @IntRange(min = 1, max = MAX) int to, @ForAll @IntRange(min = 1, max = MAX) int rawFrom) {
    int from = 1 + (rawFrom - 1) % to;
    List<Hash32> proof = TREE.consistencyProof(from, to);
    assertEquals(REF.proof(from, to), proof);
    assertDoesNotThrow(() -> MerkleVerifier.verifyConsistency(from, to, REF.root(from), REF.root(to),
        TestTree.bytes(proof)));
  }

  @Property
  void consistencyProof_anySingleBitFlip_isRejectedAsRootMismatch(
      @ForAll @IntRange(min = 1, max = MAX) int to, @ForAll @IntRange(min = 1, max = MAX) int rawFrom,
      @ForAll @IntRange(min = 0, max = 1000) int rawTarget, @ForAll @IntRange(min = 0, max = 255) int bit) {
    int from = 1 + (rawFrom - 1) % to;
    List<byte[]> proof = TestTree.bytes(TREE.consistencyProof(from, to));
    Hash32 root1 = REF.root(from);
    Hash32 root2 = REF.root(to);
    int target = rawTarget % (proof.size() + 2);
    if (target < proof.size()) {
      assertRejected(Failure.ROOT_MISMATCH,
          () -> MerkleVerifier.verifyConsistency(from, to, root1, root2, flip(proof, target, bit)),
          () -> "proof[" + target + "]");
    } else if (target == proof.size()) {
      assertRejected(Failure.ROOT_MISMATCH,
          () -> MerkleVerifier.verifyConsistency(from, to, root1.withBitFlipped(bit), root2, proof), () -> "root1");
    } else {
      assertRejected(Failure.ROOT_MISMATCH,
          () -> MerkleVerifier.verifyConsistency(from, to, root1, root2.withBitFlipped(bit), proof), () -> "root2");
    }
  }

  @Property
  void consistencyProof_anyRemovedOrInsertedHash_isRejectedAsShape(
      @ForAll @IntRange(min = 1, max = MAX) int to, @ForAll @IntRange(min = 1, max = MAX) int rawFrom,
      @ForAll @IntRange(min = 0, max = 1000) int rawPosition, @ForAll boolean insert,
      @ForAll @Size(32) byte[] extra) {
    int from = 1 + (rawFrom - 1) % to;
    List<byte[]> proof = TestTree.bytes(TREE.consistencyProof(from, to));
    List<byte[]> bad = insert || proof.isEmpty()
        ? with(proof, rawPosition % (proof.size() + 1), extra)
        : without(proof, rawPosition % proof.size());
    assertRejected(Failure.PROOF_SHAPE,
        () -> MerkleVerifier.verifyConsistency(from, to, REF.root(from), REF.root(to), bad),
        () -> (insert ? "inserted" : "removed") + " at " + rawPosition);
  }

  @Property
  void consistencyProof_presentedForAnyOtherFirstSize_isRejected(
      @ForAll @IntRange(min = 2, max = MAX) int to, @ForAll @IntRange(min = 1, max = MAX) int rawFrom,
      @ForAll @IntRange(min = 0, max = MAX) int rawOffset) {
    int from = 1 + (rawFrom - 1) % to;
    int wrong = 1 + (from + rawOffset % (to - 1)) % to; // any first size in [1, to] but `from`
    List<byte[]> proof = TestTree.bytes(TREE.consistencyProof(from, to));
    Failure want = wrong == to
        ? (proof.isEmpty() ? Failure.ROOT_MISMATCH : Failure.PROOF_SHAPE)
        : expectedFailure(REF.proof(wrong, to).size(), proof.size());
    assertRejected(want, () -> MerkleVerifier.verifyConsistency(wrong, to, REF.root(from), REF.root(to), proof),
        () -> from + "->" + to + " presented as " + wrong + "->" + to);
  }
}
