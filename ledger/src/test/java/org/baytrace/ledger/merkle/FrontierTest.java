package org.baytrace.ledger.merkle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.baytrace.ledger.crypto.Hash32;
import org.junit.jupiter.api.Test;

/** The append frontier against the reference tree, for every size up to {@link TestTree#MAX_SIZE}. */
class FrontierTest {
  private final TestTree tree = TestTree.INSTANCE;

  @Test
  void leafHashes_matchTheReferenceLeafHash() {
    for (int i = 0; i < TestTree.MAX_SIZE; i++) {
      assertEquals(ReferenceMerkle.leafHash(tree.leafData.get(i)), tree.leafHashes.get(i));
    }
  }

  @Test
  void root_afterEveryAppend_equalsReferenceMth() {
    for (int size = 0; size <= TestTree.MAX_SIZE; size++) {
      int n = size;
      assertEquals(tree.reference.root(n), tree.frontierRoots.get(n), () -> "MTH(D[0:" + n + "])");
    }
  }

  @Test
  void append_returnsTheLeafThenEachParentItCompletes() {
    for (int index = 0; index < TestTree.MAX_SIZE; index++) {
      List<Frontier.Node> done = tree.appended.get(index);
      // Appending leaf i completes one node per trailing one bit of i, above the leaf itself.
      assertEquals(1 + Long.numberOfTrailingZeros(~(long) index), done.size(), "nodes completed by leaf " + index);
      for (int level = 0; level < done.size(); level++) {
        NodeId id = done.get(level).id();
        assertEquals(level, id.level());
        assertEquals((long) index >>> level, id.index());
        assertEquals(index + 1, id.firstLeaf() + id.leafCount(), "node " + id + " ends at the new leaf");
      }
    }
  }

  @Test
  void append_reportsEveryPerfectSubtreeOnceWithItsReferenceHash() {
    Set<NodeId> expected = new HashSet<>();
    for (int level = 0; (1 << level) <= TestTree.MAX_SIZE; level++) {
      for (long index = 0; (index + 1) << level <= TestTree.MAX_SIZE; index++) {
        expected.add(new NodeId(level, index));
      }
    }
    assertEquals(expected, tree.stored.keySet());
    for (var e : tree.stored.entrySet()) {
      NodeId id = e.getKey();
      int begin = (int) id.firstLeaf();
      int end = (int) (id.firstLeaf() + id.leafCount());
      assertEquals(tree.reference.mth(begin, end), e.getValue(), () -> "stored node " + id);
    }
  }

  @Test
  void load_fromStoredNodes_rebuildsTheFrontierWithOneReadPerSetBit() {
    for (int size = 0; size <= 300; size++) {
      TestTree.CountingReader reader = tree.readerAt(size);
      Frontier loaded = Frontier.load(size, reader);
      assertEquals(size, loaded.size());
      assertEquals(Long.bitCount(size), reader.reads(), "reads to load size " + size);
      assertEquals(tree.reference.root(size), loaded.root(), "root of loaded size " + size);
      // Appending to a loaded frontier continues the same tree.
      for (int next = size; next < Math.min(size + 9, TestTree.MAX_SIZE); next++) {
        loaded.append(tree.leafHashes.get(next));
        assertEquals(tree.reference.root(next + 1), loaded.root(), "size " + size + " loaded, grown to " + (next + 1));
      }
    }
  }

  @Test
  void copy_isIndependentOfTheOriginal() {
    Frontier original = Frontier.empty();
    for (int i = 0; i < 5; i++) {
      original.append(tree.leafHashes.get(i));
    }
    Frontier copy = original.copy();
    Hash32 before = original.root();
    copy.append(tree.leafHashes.get(5));
    assertEquals(before, original.root());
    assertEquals(5, original.size());
    assertEquals(6, copy.size());
    assertNotEquals(before, copy.root());
    assertEquals(tree.reference.root(6), copy.root());
  }

  @Test
  void emptyFrontier_hasTheEmptyRootAndNoReads() {
    Frontier loaded = Frontier.load(0, node -> {
      throw new AssertionError("read " + node);
    });
    assertEquals(Rfc9162.EMPTY_ROOT, loaded.root());
    assertEquals(0, Frontier.empty().size());
  }
}
