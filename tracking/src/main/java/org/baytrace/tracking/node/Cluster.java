package org.baytrace.tracking.node;

import java.io.IOException;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.baytrace.config.NodeConfig;
import org.baytrace.config.Peer;
import org.baytrace.config.RaftTls;
import org.baytrace.ledger.replication.MemberTls;
import org.baytrace.ledger.tls.Fingerprint;
import org.baytrace.ledger.tls.PinnedTrustManager;
import java.util.Set;
import java.util.stream.Collectors;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.checkpoint.NoteVerifier;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.replication.Cosigner;
import org.baytrace.ledger.replication.RaftStatus;
import org.baytrace.ledger.replication.ReplicatedLedger;
import org.baytrace.ledger.sequencer.Sequencer;

/**
 * A node's part in a cluster ({@code [[peers]]} in its config): its Raft membership, which
 * orders and replicates batches over the members' mutual TLS, and the cosigner, which collects the
 * other members' signatures on this node's checkpoints by asking them over the same Raft port.
 * Thread-safe.
 */
final class Cluster implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Cluster.class.getName());
  // Ratis logs every setting it reads at INFO; an operator needs its warnings only. (Held here:
  // java.util.logging keeps loggers weakly, and a collected logger forgets its level.)
  private static final Logger RATIS_LOG = Logger.getLogger("org.apache.ratis");

  static {
    RATIS_LOG.setLevel(Level.WARNING);
  }
  private static final long COSIGN_INTERVAL_MS = 250;
  /** The Raft storage (log, term and vote, configuration) in the data directory. */
  static final String RAFT_DIR = "raft";

  private final ReplicatedLedger replicated;
  private final ExecutorService verifiers;
  private final ScheduledExecutorService cosigning;
  private final Cosigner cosigner;

  private Cluster(ReplicatedLedger replicated, ExecutorService verifiers, ScheduledExecutorService cosigning,
      Cosigner cosigner) {
    this.replicated = replicated;
    this.verifiers = verifiers;
    this.cosigning = cosigning;
    this.cosigner = cosigner;
  }

  /** Joins the ledger's Raft group and starts cosigning; the config must list peers. */
  static Cluster start(NodeConfig config, Ledger ledger, PrintStream log) throws IOException {
    Peer self = config.self().orElseThrow(() -> new IllegalStateException("not a cluster config"));
    List<ReplicatedLedger.Member> members = config.peers().stream()
        .map(p -> new ReplicatedLedger.Member(p.id(), p.raft().toString())).toList();
    ExecutorService verifiers = Executors.newFixedThreadPool(config.verifyThreads(), daemon("baytrace-apply-verify"));
    ReplicatedLedger.Settings settings = new ReplicatedLedger.Settings(config.dataDir().resolve(RAFT_DIR), self.id(), members)
        .withMaxClockSkew(config.transport().maxClockSkew());
    if (config.transport().raftTls().isPresent()) {
      RaftTls tls = config.transport().raftTls().get();
      Set<Fingerprint> pins = config.peers().stream().map(p -> p.tlsCertificate().orElseThrow()).collect(Collectors.toSet());
      settings = settings.withTls(new MemberTls(tls.identity(), new PinnedTrustManager(pins, tls.membersCa())));
    }
    ReplicatedLedger replicated;
    try {
      replicated = ReplicatedLedger.start(ledger, settings, verifiers);
    } catch (IOException | RuntimeException e) {
      verifiers.shutdownNow();
      throw e;
    }
    log.printf("baytrace: member %s of a %d-node cluster; raft on %s (%s; admin on %s); waiting for a leader%n", self.id(),
        members.size(), self.raft(), config.transport().raftTls().isPresent() ? "mutual TLS, pinned member certificates"
            : "plaintext", replicated.adminAddress().getHostString() + ":" + replicated.adminAddress().getPort());
    Map<String, NoteVerifier> keys = new HashMap<>();
    for (Peer p : config.otherPeers()) {
      keys.put(p.id(), p.verifierKey());
    }
    // Members ask each other for their notes over the Raft port: the members' mutual TLS.
    Cosigner cosigner = new Cosigner(ledger, keys, replicated::memberNoteAt, members.size() / 2 + 1);
    ScheduledExecutorService cosigning = Executors.newSingleThreadScheduledExecutor(daemon("baytrace-cosign"));
    Cluster cluster = new Cluster(replicated, verifiers, cosigning, cosigner);
    cosigning.scheduleWithFixedDelay(cluster::cosignRound, COSIGN_INTERVAL_MS, COSIGN_INTERVAL_MS, TimeUnit.MILLISECONDS);
    PeerWatch watch = new PeerWatch(line -> LOG.info(line));
    cosigning.scheduleWithFixedDelay(() -> {
      try {
        watch.observe(replicated.status());
      } catch (RuntimeException e) {
        LOG.warning("peer watch: " + e); // a status read racing the close
      }
    }, 1, 1, TimeUnit.SECONDS);
    return cluster;
  }

  private void cosignRound() {
    try {
      cosigner.round();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (LedgerException e) {
      if (e.error() == LedgerError.CATCHING_UP) {
        return; // a re-seeded member signs nothing until its copy reaches what it signed before
      }
      LOG.log(Level.WARNING, "cosigning round failed; retrying", e);
    } catch (RuntimeException e) {
      // Peers down or behind are expected: one line, not a stack trace.
      LOG.warning("cosigning round failed; retrying: " + e);
    }
  }

  /** How this node's sequencer checks records (remembering them for the apply of its own batches). */
  Sequencer.RecordChecker checker() {
    return replicated.checker();
  }

  /** Where this node's sequencer sends batches: the Raft group. */
  Sequencer.BatchSink sink() {
    return replicated.sink();
  }

  /** This member's Raft status now (for metrics, readiness and logs). */
  Optional<RaftStatus> status() {
    return replicated.status();
  }

  /** The {@code GET /v1/cluster} status resource. */
  Object statusResource(Ledger ledger, List<String> members) {
    return new ClusterResource(replicated, ledger, members);
  }

  /** Stops cosigning and leaves the group; call after the sequencer has closed. */
  @Override
  public void close() {
    cosigning.shutdownNow();
    replicated.close();
    verifiers.shutdownNow();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
