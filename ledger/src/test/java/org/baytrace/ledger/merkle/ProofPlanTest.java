package org.baytrace.ledger.merkle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Proof planning from stored perfect-subtree hashes against the reference PATH and PROOF, for
 * every size up to 300 and every index (inclusion) and every pair up to 150 (consistency). The
 * reader refuses nodes that did not exist at the proof's tree size.
 */
class ProofPlanTest {
  static final int INCLUSION_MAX = 300;
  static final int CONSISTENCY_MAX = 150;

  private final TestTree tree = TestTree.INSTANCE;
  private final ReferenceMerkle ref = tree.reference;

  @Test
  void inclusionPlan_resolvedFromStoredNodes_equalsReferencePathForEverySizeAndIndex() {
    for (int n = 1; n <= INCLUSION_MAX; n++) {
      for (int i = 0; i < n; i++) {
        int size = n;
        int index = i;
        assertEquals(ref.path(index, 0, size), tree.inclusionProof(index, size),
            () -> "PATH(" + index + ", D[0:" + size + "])");
      }
    }
  }

  @Test
  void consistencyPlan_resolvedFromStoredNodes_equalsReferenceProofForEveryPair() {
    for (int n = 1; n <= CONSISTENCY_MAX; n++) {
      for (int m = 1; m <= n; m++) {
        int from = m;
        int to = n;
        assertEquals(ref.proof(from, to), tree.consistencyProof(from, to),
            () -> "PROOF(" + from + ", D[0:" + to + "])");
      }
    }
  }

  @Test
  void consistencyPlan_fromEmptyOrToSameSize_isEmpty() {
    for (int n = 0; n <= 20; n++) {
      assertEquals(List.of(), ProofPlan.consistency(0, n));
      assertEquals(List.of(), ProofPlan.consistency(n, n));
    }
  }

  @Test
  void rootPlan_fromStoredNodes_equalsReferenceMthForEverySize() {
    for (int n = 0; n <= TestTree.MAX_SIZE; n++) {
      int size = n;
      assertEquals(ref.root(size), ProofPlan.root(size, tree.readerAt(size)), () -> "MTH(D[0:" + size + "])");
    }
  }

  @Test
  void everyPlannedRange_isANodeOfTheTreeAndResolvesToItsReferenceHash() {
    for (int n = 1; n <= 64; n++) {
      for (int i = 0; i < n; i++) {
        for (Range r : ProofPlan.inclusion(i, n)) {
          assertRangeResolves(r, n);
        }
      }
      for (int m = 1; m <= n; m++) {
        for (Range r : ProofPlan.consistency(m, n)) {
          assertRangeResolves(r, n);
        }
      }
    }
  }

  private void assertRangeResolves(Range r, int size) {
    assertTrue(r.end() <= size, () -> r + " reaches past size " + size);
    assertEquals(ref.mth((int) r.begin(), (int) r.end()), ProofPlan.resolve(r, tree.readerAt(size)), r::toString);
    List<NodeId> nodes = r.perfectNodes();
    assertEquals(r.begin(), nodes.get(0).firstLeaf(), () -> r + " starts at its first node");
    NodeId last = nodes.get(nodes.size() - 1);
    assertEquals(r.end(), last.firstLeaf() + last.leafCount(), () -> r + " ends at its last node");
    for (int k = 1; k < nodes.size(); k++) {
      NodeId prev = nodes.get(k - 1);
      assertEquals(prev.firstLeaf() + prev.leafCount(), nodes.get(k).firstLeaf(), () -> r + " nodes are contiguous");
      assertTrue(prev.level() > nodes.get(k).level(), () -> r + " nodes are largest first");
    }
  }

  @Test
  void isSubtree_rangesNear2To63_followTheDefinition() {
    assertEquals(true, new Range(0, Long.MAX_VALUE).isSubtree());
    assertEquals(true, new Range(1L << 62, (1L << 62) + (1L << 61) + 1).isSubtree());
    assertEquals(false, new Range(1, Long.MAX_VALUE).isSubtree());
    assertEquals(false, new Range(1L << 61, (1L << 62) + 1).isSubtree());
  }

  @Test
  void resolve_everySubtreeRange_equalsReferenceMth() {
    for (int end = 1; end <= 256; end++) {
      for (int begin = 0; begin < end; begin++) {
        Range r = new Range(begin, end);
        assertEquals(ReferenceMerkle.isSubtree(begin, end), r.isSubtree(), r::toString);
        if (r.isSubtree()) {
          assertEquals(ref.mth(begin, end), ProofPlan.resolve(r, tree.readerAt(end)), r::toString);
        }
      }
    }
  }

  @Test
  void resolve_rangeThatIsNoSubtree_isRefusedRatherThanHashedWrongly() {
    // MTH(D[2:7]) splits at 4 leaves, [2, 6) + [6, 7); no fold of stored nodes [2,4) [4,6) [6,7) gives it.
    assertThrows(IllegalArgumentException.class, () -> ProofPlan.resolve(new Range(2, 7), tree.readerAt(7)));
    assertThrows(IllegalArgumentException.class, () -> ProofPlan.resolve(new Range(1, 3), tree.readerAt(3)));
  }

  @Test
  void proofLengths_matchTheReferenceForEverySizeAndIndex() {
    for (int n = 1; n <= INCLUSION_MAX; n++) {
      for (int i = 0; i < n; i++) {
        assertEquals(ref.path(i, 0, n).size(), MerkleVerifier.inclusionProofLength(i, n), "inclusion " + i + "/" + n);
        assertEquals(ref.path(i, 0, n).size(), ProofPlan.inclusion(i, n).size(), "inclusion plan " + i + "/" + n);
      }
    }
    for (int n = 2; n <= CONSISTENCY_MAX; n++) {
      for (int m = 1; m < n; m++) {
        assertEquals(ref.proof(m, n).size(), MerkleVerifier.consistencyProofLength(m, n),
            "consistency " + m + "->" + n);
      }
    }
  }

  @Test
  void inclusionPlan_indexOutsideTheTree_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> ProofPlan.inclusion(0, 0));
    assertThrows(IllegalArgumentException.class, () -> ProofPlan.inclusion(5, 5));
    assertThrows(IllegalArgumentException.class, () -> ProofPlan.inclusion(-1, 5));
    assertThrows(IllegalArgumentException.class, () -> ProofPlan.inclusion(0, -1));
  }

  @Test
  void consistencyPlan_shrinkingOrNegativeSizes_areRefused() {
    assertThrows(IllegalArgumentException.class, () -> ProofPlan.consistency(6, 5));
    assertThrows(IllegalArgumentException.class, () -> ProofPlan.consistency(-1, 5));
    assertThrows(IllegalArgumentException.class, () -> ProofPlan.consistency(1, -1));
  }
}
