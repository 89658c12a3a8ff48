package org.baytrace.ledger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.verify.VerificationException;

/**
 * The ledger's side of {@link ApplyRule.Snapshots}: which stored snapshot a rule may start from,
 * the indexes of the records each rule without a state encoding took, and the snapshots to
 * write. A snapshot is used only if its hash, its rule's name and version, and the store's root
 * at its tree size all match; anything else is reported and the rule replays the whole log.
 *
 * <p>Thread-safety: not thread-safe; the {@link Ledger} calls it under its write lock.
 */
final class RuleSnapshots {
  private static final Logger LOG = Logger.getLogger(RuleSnapshots.class.getName());
  /** One installed rule that keeps snapshots, and the records its state took so far. */
  static final class Kept {
    final ApplyRule rule;
    final ApplyRule.Snapshots spec;
    private long[] taken = new long[16];
    private int count;

    Kept(ApplyRule rule, ApplyRule.Snapshots spec) {
      this.rule = rule;
      this.spec = spec;
    }

    /** Records that the rule's state took the record at {@code index}, if it does. */
    void offer(AppliedRecord applied) {
      if (spec.takes(applied.record())) {
        if (count == taken.length) {
          taken = Arrays.copyOf(taken, count * 2);
        }
        taken[count++] = applied.index();
      }
    }

    RuleSnapshot snapshot(TreeHead head) {
      byte[] state = spec.encodeState().orElse(new byte[0]);
      return new RuleSnapshot(spec.name(), spec.version(), head.size(), head.root(), state, Arrays.copyOf(taken, count));
    }
  }

  private final List<Kept> kept = new ArrayList<>();
  private long writtenAt = -1; // tree size of the last snapshots written or loaded

  /** The stored snapshot {@code spec} may start from, or empty with the reason in {@code report}. */
  static Optional<RuleSnapshot> usable(LedgerStore store, ApplyRule.Snapshots spec, List<String> report) {
    Optional<byte[]> bytes;
    try {
      bytes = store.ruleSnapshot(spec.name());
    } catch (LedgerException e) { // a damaged file of the snapshots family: the log decides
      report.add("rule " + spec.name() + ": snapshot not used (it cannot be read: " + e.getMessage()
          + "): replaying every entry");
      return Optional.empty();
    }
    if (bytes.isEmpty()) {
      report.add("rule " + spec.name() + ": no snapshot stored: replaying every entry");
      return Optional.empty();
    }
    Optional<String> problem = problem(store, bytes.get(), spec.name(), spec.version());
    if (problem.isPresent()) {
      report.add("rule " + spec.name() + ": snapshot not used (" + problem.get() + "): replaying every entry");
      return Optional.empty();
    }
    try {
      return Optional.of(RuleSnapshot.decode(bytes.get()));
    } catch (VerificationException e) {
      throw new IllegalStateException(e); // problem() decoded it already
    }
  }

  /**
   * What is wrong with a stored snapshot for this store, or empty if it is sound: damaged bytes,
   * another rule or version ({@code version} &lt; 0: any), a size beyond the store, or another
   * root at its size. For starts and fsck.
   */
  static Optional<String> problem(LedgerStore store, byte[] stored, String name, int version) {
    RuleSnapshot s;
    try {
      s = RuleSnapshot.decode(stored);
    } catch (VerificationException e) {
      return Optional.of("damaged: " + e.detail());
    }
    if (!s.rule().equals(name)) {
      return Optional.of("damaged: it names rule \"" + s.rule() + "\", stored under \"" + name + "\"");
    }
    if (version >= 0 && s.stateVersion() != version) {
      return Optional.of("state version: got " + s.stateVersion() + ", want " + version);
    }
    long size = store.size();
    if (s.treeSize() > size) {
      return Optional.of("it is of tree size " + s.treeSize() + ", beyond the store's " + size);
    }
    Hash32 root;
    try {
      root = store.rootAt(s.treeSize());
    } catch (LedgerException e) {
      return Optional.of("the store's root at size " + s.treeSize() + " cannot be read: " + e.getMessage());
    }
    if (!root.equals(s.root())) {
      return Optional.of("its root at size " + s.treeSize() + " is " + s.root().hex() + ", the store's " + root.hex()
          + ": another history");
    }
    return Optional.empty();
  }

  void keep(Kept k) {
    kept.add(k);
  }

  /** Every record a batch stored, in log order. */
  void offer(AppliedRecord applied) {
    for (Kept k : kept) {
      k.offer(applied);
    }
  }

  boolean isEmpty() {
    return kept.isEmpty();
  }

  long writtenAt() {
    return writtenAt;
  }

  void loadedAt(long size) {
    writtenAt = writtenAt < 0 ? size : Math.min(writtenAt, size);
  }

  /**
   * Writes the snapshots as {@link #write} does, after a batch is already stored: a failure is
   * logged, never thrown, so it cannot turn a stored batch into an error (or stop a cluster
   * member's apply); the next threshold tries again, and a start without them replays more.
   */
  void writeAfterCommit(LedgerStore store, TreeHead head) {
    try {
      write(store, head);
    } catch (LedgerException e) {
      LOG.warning("apply rules' snapshots at tree size " + head.size() + " not written: " + e.getMessage());
    }
  }

  /** Writes the snapshots of every kept rule as of {@code head} (the store's current head). */
  void write(LedgerStore store, TreeHead head) {
    if (kept.isEmpty()) {
      return;
    }
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (Kept k : kept) {
      out.put(k.spec.name(), k.snapshot(head).encode());
    }
    store.putRuleSnapshots(out);
    writtenAt = head.size();
  }
}
