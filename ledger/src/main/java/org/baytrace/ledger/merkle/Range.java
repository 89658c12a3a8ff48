package org.baytrace.ledger.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * Leaves {@code [begin, end)} whose RFC 9162 tree hash MTH(D[begin:end]) a proof needs. Every
 * range a proof names is a node of the RFC tree: either a perfect subtree or a right-edge node,
 * which is the fold of a few perfect subtrees (see {@link #perfectNodes()}).
 */
public record Range(long begin, long end) {
  public Range {
    if (begin < 0 || end <= begin) {
      throw new IllegalArgumentException("range: got [" + begin + ", " + end + ")");
    }
  }

  /**
   * Whether this range is a subtree: {@code begin} is a multiple of the smallest power of two that
   * is at least its length, so the range is the left part of one node of any tree that holds it.
   * Every node of an RFC 9162 tree is one, and so is every range a proof names. Only for these is
   * MTH(D[begin:end]) the right fold of {@link #perfectNodes()}.
   */
  public boolean isSubtree() {
    if (begin == 0) {
      return true;
    }
    long length = end - begin;
    long bitCeil = length == 1 ? 1 : 1L << (64 - Long.numberOfLeadingZeros(length - 1)); // 1L << 63 wraps, the mask still works
    return (begin & (bitCeil - 1)) == 0;
  }

  /**
   * The perfect subtrees that make up this range, left to right and largest first. If the range
   * {@link #isSubtree() is a subtree}, its hash is their right fold:
   * node(p0, node(p1, ... node(pk-1, pk))). At most 64 nodes.
   */
  public List<NodeId> perfectNodes() {
    List<NodeId> nodes = new ArrayList<>(4);
    long at = begin;
    while (at < end) {
      long size = Long.highestOneBit(end - at);
      if (at != 0) {
        size = Math.min(size, Long.lowestOneBit(at));
      }
      int level = Long.numberOfTrailingZeros(size);
      nodes.add(new NodeId(level, at >>> level));
      at += size;
    }
    return nodes;
  }
}
