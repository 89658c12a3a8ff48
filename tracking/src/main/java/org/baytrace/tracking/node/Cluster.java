package org.baytrace.tracking.node;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.baytrace.api.ledger.v1.GetCheckpointRequest;
import org.baytrace.api.ledger.v1.LedgerServiceGrpc;
import org.baytrace.config.NodeConfig;
import org.baytrace.config.Peer;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.checkpoint.NoteVerifier;
import org.baytrace.ledger.replication.Cosigner;
import org.baytrace.ledger.replication.RaftStatus;
import org.baytrace.ledger.replication.ReplicatedLedger;
import org.baytrace.ledger.sequencer.Sequencer;

/**
 * A node's part in a cluster ({@code [[peers]]} in its config): its Raft membership, which
 * orders and replicates batches, and the cosigner, which collects the other members' signatures
 * on this node's checkpoints over their gRPC {@code GetCheckpoint}. Thread-safe.
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

  private final ReplicatedLedger replicated;
  private final ExecutorService verifiers;
  private final Map<String, ManagedChannel> channels;
  private final ScheduledExecutorService cosigning;
  private final Cosigner cosigner;

  private Cluster(ReplicatedLedger replicated, ExecutorService verifiers, Map<String, ManagedChannel> channels,
      ScheduledExecutorService cosigning, Cosigner cosigner) {
    this.replicated = replicated;
    this.verifiers = verifiers;
    this.channels = channels;
    this.cosigning = cosigning;
    this.cosigner = cosigner;
  }

  /** Joins the ledger's Raft group and starts cosigning; the config must list peers. */
  static Cluster start(NodeConfig config, Ledger ledger, PrintStream log) throws IOException {
    Peer self = config.self().orElseThrow(() -> new IllegalStateException("not a cluster config"));
    List<ReplicatedLedger.Member> members = config.peers().stream()
        .map(p -> new ReplicatedLedger.Member(p.id(), p.raft().toString())).toList();
    ExecutorService verifiers = Executors.newFixedThreadPool(config.verifyThreads(), daemon("baytrace-apply-verify"));
    ReplicatedLedger replicated;
    try {
      replicated = ReplicatedLedger.start(ledger,
          new ReplicatedLedger.Settings(config.dataDir().resolve("raft"), self.id(), members), verifiers);
    } catch (IOException | RuntimeException e) {
      verifiers.shutdownNow();
      throw e;
    }
    log.printf("baytrace: member %s of a %d-node cluster; raft on %s; waiting for a leader%n", self.id(), members.size(),
        self.raft());
    Map<String, ManagedChannel> channels = new HashMap<>();
    Map<String, NoteVerifier> keys = new HashMap<>();
    for (Peer p : config.otherPeers()) {
      channels.put(p.id(), NettyChannelBuilder.forAddress(p.grpc().host(), p.grpc().port()).usePlaintext().build());
      keys.put(p.id(), p.verifierKey());
    }
    Cosigner cosigner = new Cosigner(ledger, keys, (id, size) -> noteAt(channels.get(id), size), members.size() / 2 + 1);
    ScheduledExecutorService cosigning = Executors.newSingleThreadScheduledExecutor(daemon("baytrace-cosign"));
    Cluster cluster = new Cluster(replicated, verifiers, channels, cosigning, cosigner);
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

  private static CompletableFuture<Optional<String>> noteAt(ManagedChannel channel, long size) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return Optional.of(LedgerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(2, TimeUnit.SECONDS)
            .getCheckpoint(GetCheckpointRequest.newBuilder().setTreeSize(size).build()).getNote());
      } catch (StatusRuntimeException e) {
        return Optional.empty(); // down, or not yet at this size: asked again next round
      }
    });
  }

  private void cosignRound() {
    try {
      cosigner.round();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
    channels.values().forEach(ManagedChannel::shutdownNow);
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
