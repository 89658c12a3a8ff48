package org.baytrace.tracking.node;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.baytrace.config.NodeConfig;
import org.baytrace.config.NodeKeys;
import org.baytrace.config.ServerTls;
import org.baytrace.config.TrustRoots;
import org.baytrace.ledger.ApplyRule;
import org.baytrace.ledger.AuthorPolicy;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.LedgerConfig;
import org.baytrace.ledger.LedgerStore;
import org.baytrace.ledger.SignedCheckpointFile;
import org.baytrace.ledger.backup.Backup;
import org.baytrace.ledger.backup.RestoredMarker;
import org.baytrace.ledger.checkpoint.Checkpoint;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.crypto.KeyFiles;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.record.RecordLimits;
import org.baytrace.ledger.registry.GovernanceRule;
import org.baytrace.ledger.registry.OrgRegistry;
import org.baytrace.ledger.registry.Registry;
import org.baytrace.ledger.sequencer.Appender;
import org.baytrace.ledger.sequencer.Sequencer;
import org.baytrace.ledger.store.LedgerStores;
import org.baytrace.tracking.domain.epcis.record.UniqueEventIdRule;
import org.baytrace.tracking.domain.policy.AuthorPolicies;
import org.baytrace.tracking.domain.policy.EventTimeRule;
import org.baytrace.tracking.node.admin.AdminServer;
import org.baytrace.tracking.node.admin.AdminToken;
import org.baytrace.tracking.node.admin.HttpMetricsFilter;
import org.baytrace.tracking.node.admin.MeteredAppender;
import org.baytrace.tracking.node.admin.NodeHealth;
import org.baytrace.tracking.node.admin.NodeMetrics;
import org.baytrace.tracking.node.admin.RequestIds;
import org.baytrace.tracking.node.admin.Scrub;
import org.baytrace.tracking.node.epcis.capture.CaptureLimits;
import org.baytrace.tracking.node.epcis.capture.EpcisCapture;
import org.baytrace.tracking.node.epcis.capture.EpcisSchema;
import org.baytrace.tracking.node.epcis.query.EpcisQueries;
import org.baytrace.tracking.node.feature.NodeFeature;
import org.baytrace.tracking.node.grpc.ClientCertificates;
import org.baytrace.tracking.node.grpc.LedgerGrpcService;
import org.baytrace.tracking.node.http.Authenticator;
import org.baytrace.tracking.node.http.LedgerHttpServer;
import org.baytrace.tracking.node.http.MemoryBudget;
import org.baytrace.tracking.node.http.RegistryResource;
import org.baytrace.tracking.node.resolver.ColdChainProfile;
import org.baytrace.tracking.node.resolver.JourneyLegs;
import org.baytrace.tracking.node.resolver.Names;
import org.baytrace.tracking.node.resolver.Resolver;
import org.baytrace.tracking.node.tracecodes.TraceCodes;
import org.baytrace.tracking.node.witness.WitnessPublisher;

/**
 * One running BayTrace node: the ledger on RocksDB under the data directory, the append
 * sequencer, the gRPC service and the HTTP read API. The embedded single-node default needs no
 * configuration file: a node key is generated on first start and the node's own organisation
 * ("local") is the registry's only author.
 *
 * <p>Thread-safe; {@link #close()} stops the servers, finishes accepted appends, then closes
 * the store.
 */
public final class BayTraceNode implements AutoCloseable {
  /** The ledger store (RocksDB) in the data directory. */
  static final String LEDGER_DIR = "ledger";
  /** The EPCIS projection (RocksDB), derived from the ledger and rebuilt from it when missing. */
  static final String PROJECTION_DIR = "epcis";
  /** Organisation id of the embedded default's own org when the config registers none. */
  public static final String LOCAL_ORG = NodeConfig.LOCAL_ORG;
  /** The first background scrub waits this long after start: start itself verified what was new. */

  private static final long FIRST_SCRUB_DELAY_MILLIS = 15 * 60 * 1000L;

  private final NodeConfig config;
  private final Ledger ledger;
  private final Appender sequencer;
  private final LedgerGrpcService grpcService;
  private final Server grpc;
  private final LedgerHttpServer http;
  private final EpcisCapture capture; // null when the registry names no org to capture as
  private final EpcisQueries queries;
  private final List<NodeFeature> features;
  private final Cluster cluster; // null for a single node
  private final AdminServer admin;
  private final NodeHealth health;
  private final Scrub scrub; // null when the scrub is off
  private final WitnessPublisher witnesses; // null without [[witnesses]]
  private final GovernanceRule governance;
  private final GenesisEntry genesis; // null when the ledger does not begin with a genesis entry

  private BayTraceNode(NodeConfig config, Ledger ledger, Appender sequencer, LedgerGrpcService grpcService, Server grpc,
      LedgerHttpServer http, EpcisCapture capture, EpcisQueries queries, List<NodeFeature> features, Cluster cluster,
      AdminServer admin, NodeHealth health, Scrub scrub, WitnessPublisher witnesses, GovernanceRule governance,
      GenesisEntry genesis) {
    this.admin = admin;
    this.health = health;
    this.scrub = scrub;
    this.config = config;
    this.ledger = ledger;
    this.sequencer = sequencer;
    this.grpcService = grpcService;
    this.grpc = grpc;
    this.http = http;
    this.capture = capture;
    this.queries = queries;
    this.features = features;
    this.cluster = cluster;
    this.witnesses = witnesses;
    this.governance = governance;
    this.genesis = genesis;
  }

  /**
   * Starts a node; progress (store verification, listening addresses) goes to {@code log}. The
   * admin listener comes up first, so that {@code /readyz} answers "not ready" while the rest starts.
   */
  public static BayTraceNode start(NodeConfig config, PrintStream log) throws IOException {
    // Owner-only from the start: the ledger, projections and keys under it are the node's alone.
    KeyFiles.createOwnerOnlyDirectories(config.dataDir());
    for (String listener : config.plaintextBeyondLoopback()) {
      log.printf("baytrace: WARNING: %s serves plaintext beyond loopback (allow_plaintext = true in the config):"
          + " anyone on the network can read and alter its traffic%n", listener);
    }
    SigningKey key = NodeKeys.loadOrGenerate(config);
    OrgRegistry registry = effectiveRegistry(config, key);
    Registry founding = config.foundingRegistry(registry);
    // Read and checked before anything opens: a genesis of another ledger or registry, or signed
    // by too few founding organisations, is refused with what is wrong with it.
    GenesisEntry genesis = GenesisEntry.of(config, founding, key).orElse(null);
    NodeMetrics metrics = new NodeMetrics();
    NodeHealth health = new NodeHealth();
    AdminServer admin;
    try {
      admin = AdminServer.start(config.ops().adminListen().toSocketAddress(),
          config.ops().adminTls().map(ListenerTls::http).orElse(null), metrics, health);
    } catch (java.io.UncheckedIOException e) {
      throw new IOException("cannot listen on admin address " + config.ops().adminListen()
          + ": address in use; is another node running? (use --admin or [admin] listen to pick another port)", e);
    }
    health.phase("opening the store");
    log.printf("baytrace: opening ledger in %s%n", config.dataDir().toAbsolutePath());
    SignedCheckpointFile signedFile = SignedCheckpointFile.in(config.dataDir());
    Optional<String> signedNote = signedFile.read();
    LedgerStore store;
    long phaseStart = System.nanoTime();
    try {
      store = LedgerStores.openRocksDb(config.dataDir().resolve(LEDGER_DIR), config.verifyAllOnStart(),
          n -> log.printf("baytrace: verified %,d entries%n", n));
      log.printf("baytrace: store open in %.1f s (format %d, tree size %,d, verified up to %,d)%n", (System.nanoTime() - phaseStart) / 1e9,
          store.formatVersion(), store.size(), store.verifiedSize());
    } catch (LedgerException e) {
      admin.close();
      throw asDamage(e, signedFile, signedNote, "cannot be opened");
    } catch (RuntimeException e) {
      admin.close();
      throw e;
    }
    if (signedNote.isEmpty() && store.size() > 0) {
      log.printf("baytrace: warning: no %s in the data directory: taking the store's tree head (size %d) as the newest"
          + " checkpoint this node signed%n", SignedCheckpointFile.NAME, store.size());
    }
    Ledger ledger = null;
    Sequencer sequencer = null;
    Appender appender = null;
    Scrub scrub = null;
    LedgerGrpcService service = null;
    Server grpc = null;
    EpcisCapture capture = null;
    EpcisQueries queries = null;
    List<NodeFeature> features = List.of();
    Cluster cluster = null;
    GovernanceRule governance = null;
    try {
      RecordLimits limits = RecordLimits.DEFAULT.withMaxRecordBytes(config.maxRecordBytes());
      // Authors are judged by the governance rule, in log order, with the registry in force where
      // each record lands; a policy here would judge them outside log order (GovernanceRule).
      ledger = Ledger.open(new LedgerConfig(config.origin(), new NoteSigner(config.nodeName(), key),
          AuthorPolicy.anyKey(), limits, Clock.systemUTC()), store, signedFile, !config.peers().isEmpty());
      RestoredMarker restoredMarker = RestoredMarker.in(config.dataDir());
      Optional<Checkpoint> restored = restoredMarker.read();
      RestoredMarker memberMarker = RestoredMarker.memberIn(config.dataDir());
      Optional<Checkpoint> restoredMember = memberMarker.read();
      if (restoredMember.isPresent() && config.peers().isEmpty()) {
        throw new LedgerException(LedgerError.RESTORED_FROM_BACKUP, "this data directory was restored for a cluster"
            + " member (" + memberMarker.path() + "), but this node's config lists no [[peers]] to catch up from: make"
            + " the directory again with baytrace restore without --member (docs/OPERATIONS.md, \"Restore\")");
      }
      if (restored.isPresent()) {
        if (!config.peers().isEmpty()) {
          throw new LedgerException(LedgerError.RESTORED_FROM_BACKUP, "this cluster member's data directory was restored"
              + " as a single node's (" + restoredMarker.path() + "): make it again with baytrace restore --member, so"
              + " that the member checks its store against the others and catches up from them (docs/OPERATIONS.md,"
              + " \"Restore\")");
        }
        log.printf("baytrace: WARNING: restored from a backup of tree size %,d: serving reads, refusing appends until"
            + " baytrace restore --accept-published (docs/OPERATIONS.md, \"Restore\")%n", restored.get().size());
        health.restoredFrom(restored.get().size());
      }
      admin.bindBackup(ledger, AdminToken.create(config.dataDir()));
      metrics.bindLedger(ledger);
      health.bindLedger(ledger);
      health.phase("installing the governance rule");
      governance = genesis != null
          ? GovernanceRule.beginningWithGenesis(config.origin(), founding, AuthorPolicies::forRegistry)
          : new GovernanceRule(config.origin(), founding, AuthorPolicies::forRegistry);
      phaseStart = System.nanoTime();
      try {
        // First: a record by a key not in force is refused before any domain rule.
        printInstalled(log, "governance rule", ledger.install(governance), phaseStart);
      } catch (LedgerException e) {
        throw asDamage(e, signedFile, signedNote, "cannot be read");
      }
      governance.checkFounding();
      if (genesis == null && ledger.head().size() == 0) {
        log.println("baytrace: no [governance] genesis: this new ledger runs on the founding configuration until a first"
            + " governance record adopts it (baytrace registry propose --adopt-config)");
      }
      health.phase("catching up the EPCIS projection");
      phaseStart = System.nanoTime();
      // Derived data: rebuilt from the ledger if the directory is missing or stale.
      queries = EpcisQueries.open(ledger, config.dataDir().resolve(PROJECTION_DIR));
      log.printf("baytrace: EPCIS projection open in %.1f s%n", (System.nanoTime() - phaseStart) / 1e9);
      health.phase("installing apply rules");
      UniqueEventIdRule eventIds = new UniqueEventIdRule();
      features = NodeFeatures.create(new NodeFeatures.Context(config, registry, ledger, queries));
      List<ApplyRule> rules = new ArrayList<>(List.of(new EventTimeRule(config.eventTimes()), eventIds));
      features.forEach(f -> rules.addAll(f.applyRules()));
      // Before the sequencer: rules see every batch. Each starts from its snapshot; one pass over
      // the entries after the oldest snapshot used serves all of them.
      phaseStart = System.nanoTime();
      try {
        printInstalled(log, "apply rules", ledger.installAll(rules), phaseStart);
      } catch (LedgerException e) { // installing reads stored entries
        throw asDamage(e, signedFile, signedNote, "cannot be read");
      }
      int maxPending = Math.max(4 * config.batchMaxRecords(), 16 * config.maxInFlightPerStream());
      if (config.peers().isEmpty()) {
        sequencer = new Sequencer(ledger, config.verifyThreads(), config.batchMaxRecords(), config.batchMaxDelay(), maxPending);
      } else {
        if (restoredMember.isPresent()) {
          health.phase("checking the restored store against the other members");
          log.printf("baytrace: restored from a backup of tree size %,d: checking it against the other members before"
              + " taking part%n", restoredMember.get().size());
        }
        cluster = Cluster.start(config, ledger, governance, log, restoredMember.isPresent());
        if (restoredMember.isPresent()) {
          Backup.memberChecked(config.dataDir());
          log.printf("baytrace: the restored store is a prefix of the cluster's ledger; catching up from the members,"
              + " serving checkpoints once it holds the tree they had%n");
        }
        // Several batches in flight: each waits for a majority's commit, not for a local fsync.
        sequencer = new Sequencer(cluster.checker(), cluster.sink(), config.verifyThreads(), config.batchMaxRecords(),
            config.batchMaxDelay(), maxPending, 8);
        Cluster c = cluster;
        metrics.bindRaft(c::status);
        health.bindRaft(c::status);
      }
      if (genesis != null && cluster == null && restored.isEmpty()) {
        genesis.appendNow(sequencer, governance, log);
      } else if (genesis != null && cluster != null) {
        Cluster c = cluster;
        genesis.appendWhenLeading(sequencer, governance, () -> c.status()
            .map(s -> s.leader().map(s.self()::equals).orElse(false)).orElse(false), log);
      }
      Sequencer seq = sequencer;
      metrics.bindSequencer(seq::pendingRecords, seq::verifyQueueLength);
      // Every entrance appends through the admission check: strangers and revoked keys are refused
      // before sequencing; the governance rule still judges every record in log order. A node
      // restored from a backup appends nothing until the operator confirms what it published.
      Appender entrance = new Admission(governance, config.origin(), limits, sequencer);
      appender = new MeteredAppender(restored.isPresent()
          ? new ReadOnlyAppender(restoredMarker.refusal(restored.get())) : entrance, metrics);
      Cluster members = cluster;
      service = members == null ? new LedgerGrpcService(ledger, appender, config.maxInFlightPerStream(), config.nodeName())
          : new LedgerGrpcService(ledger, appender, config.maxInFlightPerStream(), members::members);
      NettyServerBuilder grpcBuilder = NettyServerBuilder.forAddress(config.grpcListen().toSocketAddress())
          // Larger requests are refused by gRPC itself; records between the limit and this size get
          // a per-record RECORD_TOO_LARGE so the stream survives.
          .maxInboundMessageSize(Math.max(4 << 20, 2 * config.maxRecordBytes()))
          .intercept(ClientCertificates.INTERCEPTOR)
          .addService(service.definition())
          .addService(queries.grpcService());
      if (config.transport().grpcTls().isPresent()) {
        grpcBuilder.sslContext(ListenerTls.grpc(config.transport().grpcTls().get()));
      }
      features.forEach(f -> f.grpcServices().forEach(grpcBuilder::addService));
      grpc = grpcBuilder.build().start();
      // One allowance for client data: HTTP bodies being received and capture documents in progress.
      MemoryBudget memory = new MemoryBudget(config.httpLimits().maxRequestMemoryBytes());
      capture = startCapture(config, key, ledger, appender, memory, log);
      if (capture != null) {
        capture.heldEventIds(eventIds::heldAt);
        EpcisCapture cap = capture;
        metrics.bindCapture(cap::runningJobs, cap::jobsCreated);
      }
      Resolver resolver = new Resolver(ledger, new ProjectionTraceSource(ledger, queries),
          config.resolverBaseUrl().orElse(null))
          .withTrustRoot(TrustRoots.of(config, ledger.verifierKey()));
      resolver = resolver.withNames(Names.of(queries::masterData));
      GovernanceRule rule = governance;
      resolver = resolver.withRegistry(rule::state);
      resolver = NodeFeature.firstService(features, ColdChainProfile.class).map(resolver::withColdChainProfile)
          .orElse(resolver);
      resolver = resolver.withJourneyLegs(features.stream().flatMap(f -> f.service(JourneyLegs.class).stream()).toList())
          .withOrgNames(id -> registry.org(id).map(OrgRegistry.Org::name).orElse(null));
      List<Object> components = new ArrayList<>(List.of(resolver.httpComponents()));
      components.addAll(List.of(queries.httpComponents()));
      components.addAll(List.of(TraceCodes.fromRegistry(registry).withPrintedLinks(resolver::printedLink).httpComponents()));
      if (capture != null) {
        components.addAll(List.of(capture.httpComponents()));
      }
      features.forEach(f -> components.addAll(f.httpComponents()));
      components.add(new RegistryResource(governance, ledger));
      if (cluster != null) {
        components.add(cluster.statusResource(ledger));
      }
      components.add(new HttpMetricsFilter(metrics));
      components.add(new RequestIds());
      LedgerHttpServer http = LedgerHttpServer.start(ledger, config.httpListen().toSocketAddress(),
          config.transport().httpTls().map(ListenerTls::http).orElse(null),
          new LedgerHttpServer.Guards(config.httpLimits(), memory, Optional.of(authenticator(config, log))),
          components.toArray());
      log.printf("baytrace: gRPC on %s (%s), HTTP on %s (%s)%n", config.grpcListen(), describe(config.transport().grpcTls()),
          config.httpListen(), describe(config.transport().httpTls()));
      if (!config.ops().scrubEvery().isZero()) {
        long every = config.ops().scrubEvery().toMillis();
        scrub = Scrub.start(store, every, Math.min(every, FIRST_SCRUB_DELAY_MILLIS));
        metrics.bindScrub(scrub);
      }
      WitnessPublisher publisher = null;
      if (!config.witnesses().isEmpty()) {
        publisher = new WitnessPublisher(ledger, config.witnesses(), log);
        publisher.schedule();
        log.printf("baytrace: sending checkpoints to witnesses %s%n",
            config.witnesses().stream().map(w -> w.name()).toList());
      }
      health.started();
      return new BayTraceNode(config, ledger, appender, service, grpc, http, capture, queries, features, cluster,
          admin, health, scrub, publisher, governance, genesis);
    } catch (IOException | RuntimeException e) {
      if (genesis != null) {
        genesis.close();
      }
      if (scrub != null) {
        scrub.close();
      }
      if (grpc != null) {
        grpc.shutdownNow();
      }
      if (capture != null) {
        capture.close();
      }
      if (service != null) {
        service.close();
      }
      if (sequencer != null) {
        sequencer.close();
      }
      if (cluster != null) {
        cluster.close();
      }
      features.forEach(NodeFeature::close);
      if (queries != null) {
        queries.close();
      }
      store.close();
      admin.close();
      if (e instanceof java.net.BindException || e.getCause() instanceof java.net.BindException) {
        throw new IOException("cannot listen on " + config.grpcListen() + " or " + config.httpListen()
            + ": address in use; is another node running? (use --grpc/--http to pick other ports)", e);
      }
      throw e;
    }
  }

  /**
   * A store that cannot be opened or read at start, on a node that signed checkpoints before,
   * is refused as not extending them (with what was signed and how to repair); anything else,
   * such as a data directory locked by another node ({@code STORE_LOCKED}), is left as it is.
   */
  private static LedgerException asDamage(LedgerException e, SignedCheckpointFile signedFile, Optional<String> signedNote,
      String what) {
    boolean damage = e.error() == LedgerError.STORE_CORRUPT || e.error() == LedgerError.STORE_IO;
    if (!damage || signedNote.isEmpty()) {
      return e;
    }
    return Ledger.storeDoesNotExtend(signedFile, signedNote.get(), what + ": " + e.getMessage());
  }

  /**
   * EPCIS capture signs as the configured {@code [capture]} org, or in the embedded default as
   * the node's own org with the node key. GS1's EPCIS schema rules come with the node
   * ({@link EpcisSchema}), so capture is on unless the registry names organisations but no
   * {@code [capture]} org.
   */
  private static EpcisCapture startCapture(NodeConfig config, SigningKey nodeKey, Ledger ledger, Appender sequencer,
      MemoryBudget memory, PrintStream log) {
    String org = config.capture().map(c -> c.org()).orElse(LOCAL_ORG);
    SigningKey key = config.capture().map(c -> c.key()).orElse(nodeKey);
    if (config.capture().isEmpty() && !config.registry().isEmpty()) {
      log.println("baytrace: EPCIS capture is off: the registry lists organisations but [capture] names none to capture as");
      return null;
    }
    log.printf("baytrace: EPCIS capture as %s (GS1 EPCIS 2.0 JSON schema rules)%n", org);
    boolean refuse = config.capture().map(c -> c.refuseHashIdMismatch()).orElse(false);
    return new EpcisCapture(ledger, sequencer, EpcisSchema.gs1(), org, key, Clock.systemUTC(), CaptureLimits.DEFAULT,
        refuse, memory);
  }

  /**
   * Who may call the HTTP API as which org: the configured tokens and client certificates; and
   * only in the embedded default (no registry) listening on loopback, anonymous callers as
   * {@value NodeConfig#LOCAL_ORG}.
   */
  /** The start-phase line of installing rules, and one line per rule that keeps snapshots. */
  private static void printInstalled(PrintStream log, String what, Ledger.InstallReport report, long startNanos) {
    report.lines().forEach(line -> log.println("baytrace: " + line));
    log.printf("baytrace: %s installed in %.1f s (%,d stored entries replayed)%n", what,
        (System.nanoTime() - startNanos) / 1e9, report.entriesReplayed());
  }

  static Authenticator authenticator(NodeConfig config, PrintStream log) {
    Authenticator auth = Authenticator.of(config.httpAccess());
    java.net.InetAddress address = config.httpListen().toSocketAddress().getAddress();
    boolean loopback = address != null && address.isLoopbackAddress();
    if (config.registry().isEmpty() && loopback) {
      log.printf("baytrace: HTTP writes without a credential are taken as org %s (embedded default on loopback)%n", LOCAL_ORG);
      return auth.withAnonymous(LOCAL_ORG);
    }
    return auth;
  }

  private static String describe(Optional<ServerTls> tls) {
    return tls.map(t -> "TLS" + switch (t.clientAuth()) {
      case NONE -> "";
      case OPTIONAL -> ", client certificates optional";
      case REQUIRE -> ", client certificates required";
    }).orElse("plaintext");
  }

  private static OrgRegistry effectiveRegistry(NodeConfig config, SigningKey key) {
    if (!config.registry().isEmpty()) {
      return config.registry();
    }
    return config.registry().withOrg(new OrgRegistry.Org(LOCAL_ORG, "This node's own organisation",
        Set.of(OrgRegistry.Role.OPERATOR), List.of(new OrgRegistry.OrgKey(key.publicKey(), null, null)), List.of(), null));
  }

  public NodeConfig config() {
    return config;
  }

  public Ledger ledger() {
    return ledger;
  }

  /** The registry in the ledger: what governs who may write, as the log has made it. */
  public GovernanceRule governance() {
    return governance;
  }

  /** The publisher of checkpoints to outside witnesses; empty without {@code [[witnesses]]}. */
  public java.util.Optional<WitnessPublisher> witnessPublisher() {
    return java.util.Optional.ofNullable(witnesses);
  }

  public int grpcPort() {
    return grpc.getPort();
  }

  /** Every route the node's HTTP server serves. */
  public List<org.baytrace.tracking.node.http.Routes.Route> httpRoutes() {
    return http.routes();
  }

  public int httpPort() {
    return http.port();
  }

  /** The port of the admin listener (metrics, health, readiness). */
  public int adminPort() {
    return admin.port();
  }

  public void awaitTermination() throws InterruptedException {
    grpc.awaitTermination();
  }

  @Override
  public void close() {
    health.stopping();
    if (genesis != null) {
      genesis.close();
    }
    if (witnesses != null) {
      witnesses.close();
    }
    if (scrub != null) {
      scrub.close();
    }
    grpc.shutdown();
    http.close();
    if (capture != null) {
      capture.close();
    }
    try {
      grpc.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    grpc.shutdownNow();
    grpcService.close();
    sequencer.close();
    if (cluster != null) {
      cluster.close();
    }
    features.forEach(NodeFeature::close);
    queries.close();
    ledger.close();
    admin.close();
  }
}
