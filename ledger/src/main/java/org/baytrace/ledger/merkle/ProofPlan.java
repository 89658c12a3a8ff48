package org.baytrace.ledger.merkle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.baytrace.ledger.crypto.Hash32;

/**
 * Which subtree hashes make up an RFC 9162 proof, computed without touching storage. A store
 * resolves each {@link Range} to hashes through {@link #resolve}. Stateless.
 */
public final class ProofPlan {
  private ProofPlan() {}

  /** Reads one stored perfect-subtree hash. */
  @FunctionalInterface
  public interface NodeReader<E extends Exception> {
    Hash32 read(NodeId node) throws E;
  }

  /**
   * RFC 9162 §2.1.3.1 PATH(m, D[0:n]) as ranges, leaf-to-root order.
   *
   * @throws IllegalArgumentException unless 0 <= index < size
   */
  public static List<Range> inclusion(long index, long size) {
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException(
          "inclusion proof: got index " + index + " for tree size " + size + ", want index < size");
    }
    List<Range> out = new ArrayList<>();
    path(index, 0, size, out);
    Collections.reverse(out);
    return out;
  }

  private static void path(long m, long begin, long end, List<Range> out) {
    // Records root-to-leaf order; the caller reverses.
    long n = end - begin;
    if (n == 1) {
      return;
    }
    long k = Rfc9162.split(n);
    if (m < k) {
      out.add(new Range(begin + k, end));
      path(m, begin, begin + k, out);
    } else {
      out.add(new Range(begin, begin + k));
      path(m - k, begin + k, end, out);
    }
  }

  /**
   * RFC 9162 §2.1.4.1 PROOF(m, D[0:n]) as ranges. Empty when {@code from == to} or
   * {@code from == 0}; note that {@link MerkleVerifier#verifyConsistency} refuses
   * {@code from == 0}, since a proof from the empty tree proves nothing.
   *
   * @throws IllegalArgumentException unless 0 <= from <= to
   */
  public static List<Range> consistency(long from, long to) {
    if (from < 0 || from > to) {
      throw new IllegalArgumentException(
          "consistency proof: got sizes " + from + " and " + to + ", want 0 <= from <= to");
    }
    List<Range> out = new ArrayList<>();
    if (from == 0 || from == to) {
      return out;
    }
    subproof(from, 0, to, true, out);
    Collections.reverse(out);
    return out;
  }

  private static void subproof(long m, long begin, long end, boolean startFromOldRoot, List<Range> out) {
    // Records root-to-leaf order; the caller reverses.
    long n = end - begin;
    if (m == n) {
      if (!startFromOldRoot) {
        out.add(new Range(begin, end));
      }
      return;
    }
    long k = Rfc9162.split(n);
    if (m <= k) {
      out.add(new Range(begin + k, end));
      subproof(m, begin, begin + k, startFromOldRoot, out);
    } else {
      out.add(new Range(begin, begin + k));
      subproof(m - k, begin + k, end, false, out);
    }
  }

  /**
   * The tree hash MTH(D[begin:end]) of a range from stored perfect-subtree hashes: one read per
   * perfect node.
   *
   * @throws IllegalArgumentException if the range {@link Range#isSubtree() is not a subtree}: its
   *     hash is no fold of stored nodes (such a range is never part of a proof)
   */
  public static <E extends Exception> Hash32 resolve(
      Range range, NodeReader<E> reader) throws E {
    if (!range.isSubtree()) {
      throw new IllegalArgumentException(
          "resolve: got " + range + ", want a subtree (begin a multiple of the smallest power of two >= its length)");
    }
    List<NodeId> nodes = range.perfectNodes();
    Hash32 hash = reader.read(nodes.get(nodes.size() - 1));
    for (int i = nodes.size() - 2; i >= 0; i--) {
      hash = Rfc9162.nodeHash(reader.read(nodes.get(i)), hash);
    }
    return hash;
  }

  /** Resolves every range of a plan. */
  public static <E extends Exception> List<Hash32> resolveAll(
      List<Range> plan, NodeReader<E> reader) throws E {
    List<Hash32> out = new ArrayList<>(plan.size());
    for (Range r : plan) {
      out.add(resolve(r, reader));
    }
    return out;
  }

  /** The root of a tree of {@code size} leaves: EMPTY_ROOT for 0, else MTH(D[0:size]). */
  public static <E extends Exception> Hash32 root(
      long size, NodeReader<E> reader) throws E {
    return size == 0 ? Rfc9162.EMPTY_ROOT : resolve(new Range(0, size), reader);
  }
}
