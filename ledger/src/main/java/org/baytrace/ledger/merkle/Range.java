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
   * The perfect subtrees that make up this range, left to right and largest first. The range's
   * hash is their right fold: node(p0, node(p1, ... node(pk-1, pk))). At most 64 nodes.
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
