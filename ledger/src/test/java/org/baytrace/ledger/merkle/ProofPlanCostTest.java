package org.baytrace.ledger.merkle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.SplittableRandom;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.crypto.Sha256;
import org.junit.jupiter.api.Test;

/**
 * The store answers proofs from stored perfect-subtree hashes and relies on a proof touching
 * O(log n) of them. These tests count reads through a reader that makes up a hash per node, so
 * they need no tree: a 1,000,000-leaf proof must read at most 2·log2(n) nodes, and even a tree
 * near 2^62 leaves stays within 2·64.
 */
class ProofPlanCostTest {
  private static final long MILLION = 1_000_000L;

  /** Counts reads and checks each node lies inside the tree; answers a made-up hash. */
  private static final class Counter implements ProofPlan.NodeReader<RuntimeException> {
    final long size;
    int reads;

    Counter(long size) {
      this.size = size;
    }

    @Override
    public Hash32 read(NodeId node) {
      reads++;
      assertTrue(node.firstLeaf() + node.leafCount() <= size, () -> node + " lies past size " + size);
      return Sha256.hash(ByteBuffer.allocate(12).putInt(node.level()).putLong(node.index()).array());
    }
  }

  private static int log2Ceil(long n) {
    return 64 - Long.numberOfLeadingZeros(n - 1);
  }

  @Test
  void inclusionProofAtOneMillion_readsAtMostTwiceLog2NStoredNodes() {
    int bound = 2 * log2Ceil(MILLION); // 40
    SplittableRandom random = new SplittableRandom(20261128);
    long[] fixed = {0, 1, MILLION / 2, 524_287, 524_288, MILLION - 2, MILLION - 1};
    int worst = 0;
    for (int k = 0; k < fixed.length + 2000; k++) {
      long index = k < fixed.length ? fixed[k] : random.nextLong(MILLION);
      Counter counter = new Counter(MILLION);
      List<Range> plan = ProofPlan.inclusion(index, MILLION);
      List<Hash32> proof = ProofPlan.resolveAll(plan, counter);
      assertEquals(MerkleVerifier.inclusionProofLength(index, MILLION), proof.size(), "proof length for " + index);
      long leaf = index;
      assertTrue(counter.reads <= bound, () -> "leaf " + leaf + ": " + counter.reads + " reads, want <= " + bound);
      worst = Math.max(worst, counter.reads);
    }
    assertTrue(worst >= log2Ceil(MILLION) - 1, "the count is real: worst case read " + worst + " nodes");
  }

  @Test
  void consistencyProofToOneMillion_readsAtMostTwiceLog2NStoredNodes() {
    int bound = 2 * log2Ceil(MILLION);
    SplittableRandom random = new SplittableRandom(7);
    for (int k = 0; k < 2000; k++) {
      long from = 1 + random.nextLong(MILLION);
      Counter counter = new Counter(MILLION);
      ProofPlan.resolveAll(ProofPlan.consistency(from, MILLION), counter);
      assertTrue(counter.reads <= bound, () -> "from " + from + ": " + counter.reads + " reads, want <= " + bound);
    }
  }

  @Test
  void rootAndFrontierLoadAtOneMillion_readOneNodePerSetBit() {
    Counter root = new Counter(MILLION);
    ProofPlan.root(MILLION, root);
    assertEquals(Long.bitCount(MILLION), root.reads);
    Counter load = new Counter(MILLION);
    Frontier.load(MILLION, load);
    assertEquals(Long.bitCount(MILLION), load.reads);
  }

  @Test
  void proofsInAHugeTree_stayWithinTwoReadsPerLevel() {
    long size = (1L << 62) + 12_345_678_901L;
    SplittableRandom random = new SplittableRandom(62);
    for (int k = 0; k < 200; k++) {
      long index = random.nextLong(size);
      Counter counter = new Counter(size);
      ProofPlan.resolveAll(ProofPlan.inclusion(index, size), counter);
      assertTrue(counter.reads <= 2 * 64, () -> "leaf " + index + ": " + counter.reads + " reads");
      long from = 1 + random.nextLong(size);
      Counter consistency = new Counter(size);
      ProofPlan.resolveAll(ProofPlan.consistency(from, size), consistency);
      assertTrue(consistency.reads <= 2 * 64, () -> "from " + from + ": " + consistency.reads + " reads");
    }
  }
}
