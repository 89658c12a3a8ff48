package org.baytrace.ledger.merkle;

import java.util.ArrayList;
import java.util.List;
import org.baytrace.ledger.crypto.Hash32;

/**
 * The right edge of a growing tree: one perfect-subtree hash per set bit of the size, largest
 * first (a "compact range" over [0, size)). Appending a leaf needs no reads: it returns the leaf
 * node and every parent it completes, which is what a store must write.
 *
 * <p>Not thread-safe: owned by the log's single writer.
 */
public final class Frontier {
  private final List<Hash32> hashes;
  private long size;

  private Frontier(long size, List<Hash32> hashes) {
    this.size = size;
    this.hashes = hashes;
  }

  public static Frontier empty() {
    return new Frontier(0, new ArrayList<>());
  }

  /** Rebuilds the frontier of a stored tree of {@code size} leaves: one read per set bit. */
  public static <E extends Exception> Frontier load(long size, ProofPlan.NodeReader<E> reader) throws E {
    List<Hash32> hashes = new ArrayList<>();
    if (size > 0) {
      for (NodeId node : new Range(0, size).perfectNodes()) {
        hashes.add(reader.read(node));
      }
    }
    return new Frontier(size, hashes);
  }

  public long size() {
    return size;
  }

  /** A stored node: its position and hash. */
  public record Node(NodeId id, Hash32 hash) {}

  /**
   * Appends a leaf hash. Returns the nodes that became complete, leaf first: the leaf at level 0,
   * then each parent up to the largest subtree it completes.
   */
  public List<Node> append(Hash32 leafHash) {
    List<Node> completed = new ArrayList<>(2);
    long index = size;
    Hash32 hash = leafHash;
    completed.add(new Node(new NodeId(0, index), hash));
    int level = 0;
    // Each trailing one bit of the old size is a left sibling waiting for this subtree.
    while ((index & 1) == 1) {
      Hash32 left = hashes.remove(hashes.size() - 1);
      hash = Rfc9162.nodeHash(left, hash);
      index >>>= 1;
      level++;
      completed.add(new Node(new NodeId(level, index), hash));
    }
    hashes.add(hash);
    size++;
    return completed;
  }

  /** MTH(D[0:size]). */
  public Hash32 root() {
    if (hashes.isEmpty()) {
      return Rfc9162.EMPTY_ROOT;
    }
    Hash32 root = hashes.get(hashes.size() - 1);
    for (int i = hashes.size() - 2; i >= 0; i--) {
      root = Rfc9162.nodeHash(hashes.get(i), root);
    }
    return root;
  }

  public Frontier copy() {
    return new Frontier(size, new ArrayList<>(hashes));
  }
}
