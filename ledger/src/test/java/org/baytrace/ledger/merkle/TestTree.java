package org.baytrace.ledger.merkle;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.baytrace.ledger.crypto.Hash32;

/**
 * A tree of {@link #MAX_SIZE} leaves built the way the store builds it: leaf hashes are fed to a
 * {@link Frontier} and every node it reports complete is kept in a map, as the store keeps them in
 * its {@code tree} column family. Proofs for any smaller size are planned with {@link ProofPlan}
 * and resolved against a reader that only sees the nodes of that size. Alongside it, the same
 * leaves in a {@link ReferenceMerkle}. Built once; immutable afterwards; thread-safe.
 */
final class TestTree {
  static final int MAX_SIZE = 1024;

  /** The shared tree; building it costs a few milliseconds. */
  static final TestTree INSTANCE = new TestTree(MAX_SIZE);

  final List<byte[]> leafData;
  final List<Hash32> leafHashes;
  final ReferenceMerkle reference;
  /** Every node Frontier.append reported, by position. */
  final Map<NodeId, Hash32> stored;
  /** Frontier.root() after 0, 1, ..., MAX_SIZE appends. */
  final List<Hash32> frontierRoots;
  /** Frontier.append's result for each leaf index. */
  final List<List<Frontier.Node>> appended;

  private TestTree(int size) {
    List<byte[]> data = new ArrayList<>(size);
    List<Hash32> hashes = new ArrayList<>(size);
    Map<NodeId, Hash32> nodes = new HashMap<>();
    List<Hash32> roots = new ArrayList<>(size + 1);
    List<List<Frontier.Node>> completed = new ArrayList<>(size);
    Frontier frontier = Frontier.empty();
    roots.add(frontier.root());
    for (int i = 0; i < size; i++) {
      byte[] leaf = ("baytrace test leaf " + i).getBytes(StandardCharsets.UTF_8);
      Hash32 leafHash = Rfc9162.leafHash(leaf);
      data.add(leaf);
      hashes.add(leafHash);
      List<Frontier.Node> done = List.copyOf(frontier.append(leafHash));
      completed.add(done);
      for (Frontier.Node node : done) {
        Hash32 previous = nodes.put(node.id(), node.hash());
        if (previous != null) {
          throw new IllegalStateException("Frontier reported " + node.id() + " twice");
        }
      }
      roots.add(frontier.root());
    }
    this.leafData = Collections.unmodifiableList(data);
    this.leafHashes = List.copyOf(hashes);
    this.reference = new ReferenceMerkle(hashes);
    this.stored = Map.copyOf(nodes);
    this.frontierRoots = List.copyOf(roots);
    this.appended = List.copyOf(completed);
  }

  /**
   * A reader of the tree as it stood at {@code size} leaves: it refuses nodes that reach past
   * {@code size} (they did not exist yet) or were never stored, and counts its reads.
   */
  CountingReader readerAt(long size) {
    return new CountingReader(stored, size);
  }

  /** An inclusion proof planned by ProofPlan and resolved from the stored nodes. */
  List<Hash32> inclusionProof(long index, long size) {
    return ProofPlan.resolveAll(ProofPlan.inclusion(index, size), readerAt(size));
  }

  /** A consistency proof planned by ProofPlan and resolved from the stored nodes. */
  List<Hash32> consistencyProof(long from, long to) {
    return ProofPlan.resolveAll(ProofPlan.consistency(from, to), readerAt(to));
  }

  static List<byte[]> bytes(List<Hash32> hashes) {
    List<byte[]> out = new ArrayList<>(hashes.size());
    for (Hash32 h : hashes) {
      out.add(h.toByteArray());
    }
    return out;
  }

  /** Reads stored nodes of the tree at one size; not thread-safe (it counts). */
  static final class CountingReader implements ProofPlan.NodeReader<RuntimeException> {
    private final Map<NodeId, Hash32> nodes;
    private final long size;
    private int reads;

    CountingReader(Map<NodeId, Hash32> nodes, long size) {
      this.nodes = nodes;
      this.size = size;
    }

    @Override
    public Hash32 read(NodeId node) {
      reads++;
      if (node.firstLeaf() + node.leafCount() > size) {
        throw new AssertionError("read " + node + " which reaches past tree size " + size);
      }
      Hash32 hash = nodes.get(node);
      if (hash == null) {
        throw new AssertionError("read " + node + " which the frontier never stored");
      }
      return hash;
    }

    int reads() {
      return reads;
    }
  }
}
