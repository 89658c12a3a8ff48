package org.baytrace.ledger;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Arrays;
import java.util.Objects;
import org.baytrace.api.ledger.v1.RuleSnapshot.Builder;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.crypto.Sha256;
import org.baytrace.ledger.verify.Failure;
import org.baytrace.ledger.verify.VerificationException;

/**
 * One apply rule's state as of a tree size, kept in the store so that a start replays only the
 * entries after it (see {@link ApplyRule.Snapshots}). It belongs to one history: the root at
 * {@code treeSize}; a start uses it only where the store has that root there.
 *
 * <p>Stored format (the one codec of it, {@link #encode} and {@link #decode}): SHA-256 of the
 * {@code baytrace.ledger.v1.RuleSnapshot} message bytes (32 bytes), then those bytes. The hash
 * catches a damaged copy before anything of it is believed.
 *
 * @param rule the rule's snapshot name
 * @param stateVersion the version of the rule's state encoding
 * @param treeSize how many entries the state reflects
 * @param root the tree's root at {@code treeSize}
 * @param state the rule's own encoding of its state (empty for a rule rebuilt from {@code taken})
 * @param taken indexes below {@code treeSize} of the records the rule's state took, increasing
 */
public record RuleSnapshot(String rule, int stateVersion, long treeSize, Hash32 root, byte[] state, long[] taken) {
  public RuleSnapshot {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(root, "root");
    state = state.clone();
    taken = taken.clone();
  }

  @Override
  public byte[] state() {
    return state.clone();
  }

  @Override
  public long[] taken() {
    return taken.clone();
  }

  /** The stored bytes: hash, then the message. Deterministic (no maps, fields in number order). */
  public byte[] encode() {
    Builder b = org.baytrace.api.ledger.v1.RuleSnapshot.newBuilder()
        .setRule(rule)
        .setStateVersion(stateVersion)
        .setTreeSize(treeSize)
        .setRoot(ByteString.copyFrom(root.toByteArray()))
        .setState(ByteString.copyFrom(state));
    for (long t : taken) {
      b.addTaken(t);
    }
    byte[] message = b.build().toByteArray();
    byte[] out = Arrays.copyOf(Sha256.hash(message).toByteArray(), Hash32.LENGTH + message.length);
    System.arraycopy(message, 0, out, Hash32.LENGTH, message.length);
    return out;
  }

  /**
   * Reads stored bytes, checking the hash first and then the shape (root length, indexes
   * increasing and below the tree size).
   *
   * @throws VerificationException ROOT_MISMATCH if the bytes do not hash to the stored hash,
   *     MALFORMED if they are not a snapshot
   */
  public static RuleSnapshot decode(byte[] stored) throws VerificationException {
    if (stored.length < Hash32.LENGTH) {
      throw new VerificationException(Failure.MALFORMED, "snapshot: got " + stored.length + " bytes, want at least "
          + Hash32.LENGTH + " (its hash)");
    }
    byte[] message = Arrays.copyOfRange(stored, Hash32.LENGTH, stored.length);
    Hash32 want = Hash32.of(Arrays.copyOf(stored, Hash32.LENGTH));
    Hash32 got = Sha256.hash(message);
    if (!got.equals(want)) {
      throw new VerificationException(Failure.ROOT_MISMATCH, "snapshot bytes hash to " + got.hex() + ", stored hash "
          + want.hex() + ": the snapshot is damaged");
    }
    org.baytrace.api.ledger.v1.RuleSnapshot m;
    try {
      m = org.baytrace.api.ledger.v1.RuleSnapshot.parseFrom(message);
    } catch (InvalidProtocolBufferException e) {
      throw new VerificationException(Failure.MALFORMED, "snapshot: not a RuleSnapshot message: " + e.getMessage());
    }
    if (m.getRoot().size() != Hash32.LENGTH) {
      throw new VerificationException(Failure.MALFORMED, "snapshot.root: got " + m.getRoot().size() + " bytes, want "
          + Hash32.LENGTH);
    }
    long size = m.getTreeSize();
    if (size < 0) {
      throw new VerificationException(Failure.MALFORMED, "snapshot.tree_size: got " + Long.toUnsignedString(size));
    }
    long[] taken = new long[m.getTakenCount()];
    long previous = -1;
    for (int i = 0; i < taken.length; i++) {
      long t = m.getTaken(i);
      if (t <= previous || t >= size) {
        throw new VerificationException(Failure.MALFORMED, "snapshot.taken[" + i + "]: got " + t + ", want above "
            + previous + " and below the tree size " + size);
      }
      taken[i] = t;
      previous = t;
    }
    return new RuleSnapshot(m.getRule(), m.getStateVersion(), size, Hash32.of(m.getRoot().toByteArray()),
        m.getState().toByteArray(), taken);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RuleSnapshot s && rule.equals(s.rule) && stateVersion == s.stateVersion
        && treeSize == s.treeSize && root.equals(s.root) && Arrays.equals(state, s.state) && Arrays.equals(taken, s.taken);
  }

  @Override
  public int hashCode() {
    return Objects.hash(rule, stateVersion, treeSize, root, Arrays.hashCode(state), Arrays.hashCode(taken));
  }

  @Override
  public String toString() {
    return "RuleSnapshot[" + rule + " v" + stateVersion + " at size " + treeSize + ", " + state.length
        + " state bytes, " + taken.length + " records taken]";
  }
}
