package org.baytrace.tracking.node.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.replication.RaftStatus;

/**
 * Whether the node is ready to serve ({@code GET /readyz}): its store is open, it has finished
 * starting, and, in a cluster, it knows a leader (so a quorum is up) and has applied what is
 * committed up to {@link #MAX_APPLY_LAG} entries. The node fills in its parts as it comes up;
 * before that it is alive ({@code /healthz}) but not ready.
 */
public final class NodeHealth {
  /** Raft entries (batches) a member may trail the commit index by and still be ready. */
  public static final long MAX_APPLY_LAG = 16;

  /** Whether the node is ready, and the detail shown as JSON. */
  public record Readiness(boolean ready, Map<String, Object> detail) {}

  private volatile String phase = "starting";
  private volatile Ledger ledger;
  private volatile Supplier<Optional<RaftStatus>> raft;
  private volatile boolean started;
  private volatile boolean stopping;
  private volatile long restoredFrom = -1; // the backup's tree size while appends wait for the operator

  /** What the node is doing while it starts (shown by /readyz): "opening the store", ... */
  public void phase(String what) {
    phase = what;
  }

  public void bindLedger(Ledger l) {
    ledger = l;
  }

  public void bindRaft(Supplier<Optional<RaftStatus>> status) {
    raft = status;
  }

  /**
   * The data directory was restored from a backup of {@code size} entries and the operator has not
   * confirmed the newest published checkpoint: the node serves reads (ready) but appends nothing.
   */
  public void restoredFrom(long size) {
    restoredFrom = size;
  }

  /** The node has started every part. */
  public void started() {
    started = true;
    phase = "serving";
  }

  /** The node is shutting down: not ready any more. */
  public void stopping() {
    stopping = true;
    phase = "stopping";
  }

  public Readiness readiness() {
    Map<String, Object> detail = new LinkedHashMap<>();
    boolean ready = started && !stopping;
    detail.put("phase", phase);
    Map<String, Object> store = new LinkedHashMap<>();
    Ledger l = ledger;
    if (l == null) {
      store.put("open", false);
      ready = false;
    } else {
      try {
        store.put("open", true);
        store.put("formatVersion", l.storeFormatVersion());
        store.put("treeSize", l.head().size());
      } catch (RuntimeException e) {
        store.put("open", false);
        store.put("error", e.getMessage());
        ready = false;
      }
    }
    if (restoredFrom >= 0) {
      store.put("restoredFromBackupOfSize", restoredFrom);
      store.put("appends", "refused until baytrace restore --accept-published (docs/OPERATIONS.md)");
    }
    detail.put("store", store);
    Supplier<Optional<RaftStatus>> r = raft;
    if (r != null) {
      Map<String, Object> cluster = new LinkedHashMap<>();
      Optional<RaftStatus> status = r.get();
      if (status.isEmpty()) {
        cluster.put("running", false);
        ready = false;
      } else {
        RaftStatus s = status.get();
        boolean quorum = s.leader().isPresent();
        boolean caughtUp = s.applyLag() <= MAX_APPLY_LAG;
        cluster.put("member", s.self());
        cluster.put("role", s.role());
        cluster.put("leader", s.leader().orElse(null));
        cluster.put("term", s.term());
        cluster.put("commitIndex", s.commitIndex());
        cluster.put("appliedIndex", s.appliedIndex());
        cluster.put("inQuorum", quorum);
        cluster.put("caughtUp", caughtUp);
        ready &= quorum && caughtUp;
      }
      detail.put("cluster", cluster);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("ready", ready);
    out.putAll(detail);
    return new Readiness(ready, out);
  }
}
