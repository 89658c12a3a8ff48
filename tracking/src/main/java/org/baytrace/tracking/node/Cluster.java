package org.baytrace.tracking.node;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.TreeSet;
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
import org.baytrace.ledger.registry.GovernanceRule;
import org.baytrace.ledger.registry.GovernanceState;
import org.baytrace.ledger.registry.Member;
import org.baytrace.ledger.registry.Registry;
import org.baytrace.ledger.registry.RegistryChange;
import org.baytrace.ledger.tls.PinnedMembers;
import java.util.Set;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.checkpoint.NoteVerifier;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.replication.Cosigner;
import org.baytrace.ledger.replication.RaftStatus;
import org.baytrace.ledger.replication.ReplicatedLedger;
import org.baytrace.tracking.node.grpc.LedgerGrpcService;
import org.baytrace.ledger.sequencer.Sequencer;

/**
 * A node's part in a cluster ({@code [[peers]]} in its config): its Raft membership, which
 * orders and replicates batches over the members' mutual TLS, and the cosigner, which collects the
 * other members' signatures on this node's checkpoints by asking them over the same Raft port.
 *
 * <p>Who is a member is the registry's word, not the file's: the registry in force (in the
 * ledger, applied in log order; before its adoption the founding registry of the file) gives
 * the pinned member certificates, the members whose cosignatures count at each tree size, and the
 * Raft configuration, which the leader brings to the registry's members in-process
 * ({@link ReplicatedLedger#reconcileMembers}). Every member looks again after each round of
 * applied entries, so a change committed while a leader fails or a member restarts is finished
 * by whoever leads next. Thread-safe.
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
  /** How often a member compares its pins, queries and (leading) the Raft configuration with the registry. */
  private static final long MEMBERSHIP_INTERVAL_MS = 500;
  /** The Raft storage (log, term and vote, configuration) in the data directory. */
  static final String RAFT_DIR = "raft";

  private final ReplicatedLedger replicated;
  private final ExecutorService verifiers;
  private final ScheduledExecutorService cosigning;
  private final ScheduledExecutorService membership;
  private final Cosigner cosigner;
  private final GovernanceRule governance;
  private final String self;
  private final ReplicatedLedger.Member selfMember;
  private final Optional<PinnedMembers> pins;
  private final Optional<Fingerprint> ownCertificate;
  private final PrintStream log;
  private long registryVersion = Long.MIN_VALUE; // membership thread only: the registry last followed
  private String lastFailure = ""; // membership thread only

  private Cluster(ReplicatedLedger replicated, ExecutorService verifiers, ScheduledExecutorService cosigning,
      ScheduledExecutorService membership, Cosigner cosigner, GovernanceRule governance, ReplicatedLedger.Member self,
      Optional<PinnedMembers> pins, Optional<Fingerprint> ownCertificate, PrintStream log) {
    this.replicated = replicated;
    this.verifiers = verifiers;
    this.cosigning = cosigning;
    this.membership = membership;
    this.cosigner = cosigner;
    this.governance = governance;
    this.self = self.id();
    this.selfMember = self;
    this.pins = pins;
    this.ownCertificate = ownCertificate;
    this.log = log;
  }

  /**
   * Joins the ledger's Raft group and starts cosigning; the config must list peers. {@code restored}: the
   * ledger was restored from this member's backup ({@code baytrace restore --member}), so it is
   * checked against the other members first ({@link ReplicatedLedger#startRestored}).
   */
  static Cluster start(NodeConfig config, Ledger ledger, GovernanceRule governance, PrintStream log, boolean restored)
      throws IOException {
    Peer self = config.self().orElseThrow(() -> new IllegalStateException("not a cluster config"));
    GovernanceState state = governance.state();
    Registry inForce = state.registry();
    boolean joining = inForce.member(self.id()).isEmpty();
    if (joining) {
      refuseIfRemoved(state, self.id());
    }
    ReplicatedLedger.Member selfMember = new ReplicatedLedger.Member(self.id(), self.raft().toString());
    List<ReplicatedLedger.Member> members = withSelf(raftMembers(inForce), selfMember);
    ExecutorService verifiers = Executors.newFixedThreadPool(config.verifyThreads(), daemon("baytrace-apply-verify"));
    ReplicatedLedger.Settings settings = new ReplicatedLedger.Settings(config.dataDir().resolve(RAFT_DIR), self.id(), members)
        .withMaxClockSkew(config.transport().maxClockSkew());
    if (joining) {
      settings = settings.asJoining();
    }
    Optional<PinnedMembers> pins = Optional.empty();
    Optional<Fingerprint> own = Optional.empty();
    if (config.transport().raftTls().isPresent()) {
      RaftTls tls = config.transport().raftTls().get();
      own = Optional.of(tls.identity().fingerprint());
      pins = Optional.of(new PinnedMembers(pinsOf(inForce, own.get()), tls.membersCa()));
      settings = settings.withTls(new MemberTls(tls.identity(), pins.get()));
    }
    ReplicatedLedger replicated;
    try {
      replicated = restored ? ReplicatedLedger.startRestored(ledger, settings, verifiers)
          : ReplicatedLedger.start(ledger, settings, verifiers);
    } catch (IOException | RuntimeException e) {
      verifiers.shutdownNow();
      throw e;
    }
    log.printf("baytrace: member %s of a %d-node cluster; raft on %s (%s; admin on %s); %s%n", self.id(),
        inForce.members().size(), self.raft(), config.transport().raftTls().isPresent()
            ? "mutual TLS, pinned member certificates" : "plaintext",
        replicated.adminAddress().getHostString() + ":" + replicated.adminAddress().getPort(),
        joining ? "joining: not a member in this node's registry yet; waiting for the leader to add it" : "waiting for a leader");
    // Members ask each other for their notes over the Raft port: the members' mutual TLS. The
    // members whose signatures count at a size are the registry's once the entry before it applied.
    Cosigner cosigner = new Cosigner(ledger, size -> verifiersOf(governance.state().registryAt(size - 1)),
        replicated::memberNoteAt);
    ScheduledExecutorService cosigning = Executors.newSingleThreadScheduledExecutor(daemon("baytrace-cosign"));
    ScheduledExecutorService membership = Executors.newSingleThreadScheduledExecutor(daemon("baytrace-membership"));
    Cluster cluster = new Cluster(replicated, verifiers, cosigning, membership, cosigner, governance, selfMember, pins, own,
        log);
    cosigning.scheduleWithFixedDelay(cluster::cosignRound, COSIGN_INTERVAL_MS, COSIGN_INTERVAL_MS, TimeUnit.MILLISECONDS);
    membership.scheduleWithFixedDelay(cluster::followRegistry, MEMBERSHIP_INTERVAL_MS, MEMBERSHIP_INTERVAL_MS,
        TimeUnit.MILLISECONDS);
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

  /**
   * A member the registry removed does not start again on its old data: it would call elections
   * with a configuration the others left behind. To come back it is added again, with a new
   * data directory.
   */
  private static void refuseIfRemoved(GovernanceState state, String self) {
    long lastAsMember = wasMemberAt(state, self);
    if (lastAsMember == Long.MIN_VALUE) {
      return; // never a member: a new member waiting to be added
    }
    RegistryChange removal = state.changes().stream().filter(c -> c.index() > lastAsMember).findFirst().orElseThrow();
    throw new LedgerException(LedgerError.REGISTRY_MISMATCH, "this node (" + self + ") was removed from the group by the"
        + " governance record at index " + removal.index() + " (" + removal.description() + "): a removed member does not"
        + " take part any more. To come back, the governing organisations add it again ('baytrace registry propose"
        + " --add-member'), and it starts with a new data directory");
  }

  /** The index of the last change after which {@code self} was still a member (-1: in the founding registry). */
  private static long wasMemberAt(GovernanceState state, String self) {
    long at = Long.MIN_VALUE;
    if (state.registryAt(-1).member(self).isPresent()) {
      at = -1;
    }
    for (RegistryChange c : state.changes()) {
      if (state.registryAt(c.index()).member(self).isPresent()) {
        at = c.index();
      }
    }
    return at;
  }

  private static List<ReplicatedLedger.Member> raftMembers(Registry r) {
    return r.members().stream().map(m -> new ReplicatedLedger.Member(m.name(), m.raftAddress())).toList();
  }

  private static List<ReplicatedLedger.Member> withSelf(List<ReplicatedLedger.Member> members, ReplicatedLedger.Member self) {
    if (members.stream().anyMatch(m -> m.id().equals(self.id()))) {
      return members;
    }
    List<ReplicatedLedger.Member> all = new ArrayList<>(members);
    all.add(self);
    return all;
  }

  /** The registry's member certificates, and this node's own (it keeps talking to itself's admin port). */
  private static Set<Fingerprint> pinsOf(Registry r, Fingerprint own) {
    Set<Fingerprint> pins = new TreeSet<>(Comparator.comparing(Fingerprint::toString));
    r.members().forEach(m -> m.tlsCertificate().ifPresent(pins::add));
    pins.add(own);
    return Set.copyOf(pins);
  }

  private static Map<String, NoteVerifier> verifiersOf(Registry r) {
    Map<String, NoteVerifier> keys = new HashMap<>();
    r.members().forEach(m -> keys.put(m.name(), m.verifierKey()));
    return keys;
  }

  /**
   * One look at the registry in force: pins its members' certificates (a removed member's
   * handshakes are refused from now on, an added one's admitted), points the members' queries at
   * its members and, if this node leads, makes them the Raft configuration.
   */
  private void followRegistry() {
    try {
      GovernanceState state = governance.state();
      Registry r = state.registry();
      if (state.version() != registryVersion) {
        registryVersion = state.version();
        pins.ifPresent(p -> {
          if (p.repin(pinsOf(r, ownCertificate.orElseThrow()))) {
            log.printf("baytrace: member certificates now pinned: %s (registry at index %d)%n",
                r.members().stream().map(Member::name).toList(), state.version());
          }
        });
        if (r.member(self).isEmpty() && state.version() >= 0 && !r.members().isEmpty()) {
          log.printf("baytrace: this node (%s) is not a member in the registry in force (index %d): it is no longer"
              + " counted among the members, and the leader leaves it out of the Raft group%n", self, state.version());
        }
      }
      List<ReplicatedLedger.Member> members = raftMembers(r);
      replicated.useMembers(withSelf(members, selfMember));
      replicated.reconcileMembers(members).ifPresent(change -> log.printf("baytrace: leader %s changed the %s to the"
          + " registry's members (index %d)%n", self, change, state.version()));
      lastFailure = "";
    } catch (IOException | RuntimeException e) {
      String why = e.getMessage() == null ? e.toString() : e.getMessage();
      if (!why.equals(lastFailure)) { // one line per new problem, not one per half second
        LOG.warning("following the registry's members: " + why + "; trying again");
        lastFailure = why;
      }
    }
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

  /** This member's name, the leader it follows and the voting members, for the gRPC cluster status. */
  LedgerGrpcService.Members members() {
    return new LedgerGrpcService.Members(replicated.self(), replicated.leaderId(), List.copyOf(replicated.votingMemberIds()));
  }

  /** The {@code GET /v1/cluster} status resource. */
  Object statusResource(Ledger ledger) {
    return new ClusterResource(replicated, ledger);
  }

  /** Stops cosigning and leaves the group; call after the sequencer has closed. */
  @Override
  public void close() {
    membership.shutdownNow();
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
