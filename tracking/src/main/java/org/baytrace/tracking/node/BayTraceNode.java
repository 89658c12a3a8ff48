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
import org.baytrace.config.OrgRegistry;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.LedgerConfig;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.record.RecordLimits;
import org.baytrace.ledger.sequencer.Appender;
import org.baytrace.ledger.sequencer.Sequencer;
import org.baytrace.ledger.store.LedgerStore;
import org.baytrace.tracking.domain.policy.AuthorPolicies;
import org.baytrace.tracking.node.admin.AdminServer;
import org.baytrace.tracking.node.admin.HttpMetricsFilter;
import org.baytrace.tracking.node.admin.MeteredAppender;
import org.baytrace.tracking.node.admin.NodeHealth;
import org.baytrace.tracking.node.admin.NodeMetrics;
import org.baytrace.tracking.node.admin.RequestIds;
import org.baytrace.tracking.node.admin.Scrub;
import org.baytrace.tracking.node.epcis.capture.EpcisCapture;
import org.baytrace.tracking.node.epcis.capture.EpcisSchema;
import org.baytrace.tracking.node.epcis.query.EpcisQueries;
import org.baytrace.tracking.node.feature.NodeFeature;
import org.baytrace.tracking.node.grpc.LedgerGrpcService;
import org.baytrace.tracking.node.http.LedgerHttpServer;
import org.baytrace.tracking.node.resolver.ColdChainProfile;
import org.baytrace.tracking.node.resolver.Resolver;
import org.baytrace.tracking.node.tracecodes.TraceCodes;

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
  /** Organisation id of the embedded default's own org when the config registers none. */
  public static final String LOCAL_ORG = "local";
  /** The first background scrub waits this long after start: start itself verified what was new. */
  private static final long FIRST_SCRUB_DELAY_MILLIS = 15 * 60 * 1000L;

  private final NodeConfig config;
  private final Ledger ledger;
  private final Appender sequencer;
  private final LedgerGrpcService grpcService;
  private final Server grpc;
  private final LedgerHttpServer http;
  private final EpcisCapture capture; // null when the EPCIS schema was not found
  private final EpcisQueries queries;
  private final List<NodeFeature> features;
  private final Cluster cluster; // null for a single node
  private final AdminServer admin;
  private final NodeHealth health;
  private final Scrub scrub; // null when the scrub is off

  private BayTraceNode(NodeConfig config, Ledger ledger, Appender sequencer, LedgerGrpcService grpcService, Server grpc,
      LedgerHttpServer http, EpcisCapture capture, EpcisQueries queries, List<NodeFeature> features, Cluster cluster,
      AdminServer admin, NodeHealth health, Scrub scrub) {
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
  }

  /**
   * Starts a node; progress (store verification, listening addresses) goes to {@code log}. The
   * admin listener comes up first, so that {@code /readyz} answers "not ready" while the rest starts.
   */
  public static BayTraceNode start(NodeConfig config, PrintStream log) throws IOException {
    SigningKey key = NodeKeys.loadOrGenerate(config);
    OrgRegistry registry = effectiveRegistry(config, key);
    NodeMetrics metrics = new NodeMetrics();
    NodeHealth health = new NodeHealth();
    AdminServer admin;
    try {
      admin = AdminServer.start(config.ops().adminListen().toSocketAddress(), metrics, health);
    } catch (java.io.UncheckedIOException e) {
      throw new IOException("cannot listen on admin address " + config.ops().adminListen()
          + ": address in use; is another node running? (use --admin or [admin] listen to pick another port)", e);
    }
    health.phase("opening the store");
    log.printf("baytrace: opening ledger in %s%n", config.dataDir().toAbsolutePath());
    LedgerStore store;
    long phaseStart = System.nanoTime();
    try {
      store = LedgerStore.openRocksDb(config.dataDir().resolve("ledger"), config.verifyAllOnStart(),
          n -> log.printf("baytrace: verified %,d entries%n", n));
      log.printf("baytrace: store open in %.1f s (format %d, tree size %,d, verified up to %,d)%n", (System.nanoTime() - phaseStart) / 1e9,
          store.formatVersion(), store.size(), store.verifiedSize());
    } catch (RuntimeException e) {
      admin.close();
      throw e;
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
    try {
      RecordLimits limits = RecordLimits.DEFAULT.withMaxRecordBytes(config.maxRecordBytes());
      ledger = Ledger.open(new LedgerConfig(config.origin(), new NoteSigner(config.nodeName(), key),
          AuthorPolicies.forRegistry(registry), limits, Clock.systemUTC()), store);
      // Derived data: rebuilt from the ledger if the directory is missing or stale.
      metrics.bindLedger(ledger);
      health.bindLedger(ledger);
      health.phase("catching up the EPCIS projection");
      phaseStart = System.nanoTime();
      queries = EpcisQueries.open(ledger, config.dataDir().resolve("epcis"));
      log.printf("baytrace: EPCIS projection open in %.1f s%n", (System.nanoTime() - phaseStart) / 1e9);
      health.phase("installing apply rules");
      features = NodeFeatures.create(new NodeFeatures.Context(config, registry, ledger, queries));
      // Before the sequencer: rules see every batch. One pass over the stored entries for all of them.
      phaseStart = System.nanoTime();
      ledger.installAll(features.stream().flatMap(f -> f.applyRules().stream()).toList());
      // Not yet snapshotted with checkpoints: this part of start grows with the ledger (docs/OPERATIONS.md).
      log.printf("baytrace: apply rules rebuilt from %,d entries in %.1f s%n", ledger.head().size(),
          (System.nanoTime() - phaseStart) / 1e9);
      int maxPending = Math.max(4 * config.batchMaxRecords(), 16 * config.maxInFlightPerStream());
      if (config.peers().isEmpty()) {
        sequencer = new Sequencer(ledger, config.verifyThreads(), config.batchMaxRecords(), config.batchMaxDelay(), maxPending);
      } else {
        cluster = Cluster.start(config, ledger, log);
        // Several batches in flight: each waits for a majority's commit, not for a local fsync.
        sequencer = new Sequencer(cluster.checker(), cluster.sink(), config.verifyThreads(), config.batchMaxRecords(),
            config.batchMaxDelay(), maxPending, 8);
        Cluster c = cluster;
        metrics.bindRaft(c::status);
        health.bindRaft(c::status);
      }
      Sequencer seq = sequencer;
      metrics.bindSequencer(seq::pendingRecords, seq::verifyQueueLength);
      appender = new MeteredAppender(sequencer, metrics);
      service = new LedgerGrpcService(ledger, appender, config.maxInFlightPerStream());
      NettyServerBuilder grpcBuilder = NettyServerBuilder.forAddress(config.grpcListen().toSocketAddress())
          // Larger requests are refused by gRPC itself; records between the limit and this size get
          // a per-record RECORD_TOO_LARGE so the stream survives.
          .maxInboundMessageSize(Math.max(4 << 20, 2 * config.maxRecordBytes()))
          .addService(service.definition())
          .addService(queries.grpcService());
      features.forEach(f -> f.grpcServices().forEach(grpcBuilder::addService));
      grpc = grpcBuilder.build().start();
      capture = startCapture(config, key, ledger, appender, log);
      if (capture != null) {
        EpcisCapture cap = capture;
        metrics.bindCapture(cap::runningJobs, cap::jobsCreated);
      }
      Resolver resolver = new Resolver(ledger, new ProjectionTraceSource(ledger, queries), null);
      resolver = NodeFeature.firstService(features, ColdChainProfile.class).map(resolver::withColdChainProfile)
          .orElse(resolver);
      List<Object> components = new ArrayList<>(List.of(resolver.httpComponents()));
      components.addAll(List.of(queries.httpComponents()));
      components.addAll(List.of(TraceCodes.fromRegistry(registry).httpComponents()));
      if (capture != null) {
        components.addAll(List.of(capture.httpComponents()));
      }
      features.forEach(f -> components.addAll(f.httpComponents()));
      if (cluster != null) {
        components.add(cluster.statusResource(ledger, config.peers().stream().map(p -> p.id()).toList()));
      }
      components.add(new HttpMetricsFilter(metrics));
      components.add(new RequestIds());
      LedgerHttpServer http = LedgerHttpServer.start(ledger, config.httpListen().toSocketAddress(), components.toArray());
      if (!config.ops().scrubEvery().isZero()) {
        long every = config.ops().scrubEvery().toMillis();
        scrub = Scrub.start(store, every, Math.min(every, FIRST_SCRUB_DELAY_MILLIS));
        metrics.bindScrub(scrub);
      }
      health.started();
      return new BayTraceNode(config, ledger, appender, service, grpc, http, capture, queries, features, cluster,
          admin, health, scrub);
    } catch (IOException | RuntimeException e) {
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
   * EPCIS capture signs as the configured {@code [capture]} org, or in the embedded default as
   * the node's own org with the node key. It needs GS1's EPCIS JSON schema, which is public data
   * kept outside the project: without it the node runs without capture and says so.
   */
  private static EpcisCapture startCapture(NodeConfig config, SigningKey nodeKey, Ledger ledger, Appender sequencer,
      PrintStream log) throws IOException {
    List<Path> starts = new ArrayList<>();
    starts.add(Path.of("").toAbsolutePath());
    String home = System.getProperty("baytrace.home");
    if (home != null) {
      starts.add(Path.of(home));
    }
    Optional<Path> schemaFile = EpcisSchema.find(starts.toArray(Path[]::new));
    if (schemaFile.isEmpty()) {
      log.printf("baytrace: EPCIS capture is off: %s not found above %s%n", EpcisSchema.SHARED_SCHEMA, starts);
      return null;
    }
    EpcisSchema schema = EpcisSchema.load(schemaFile.get());
    String org = config.capture().map(c -> c.org()).orElse(LOCAL_ORG);
    SigningKey key = config.capture().map(c -> c.key()).orElse(nodeKey);
    if (config.capture().isEmpty() && !config.registry().isEmpty()) {
      log.println("baytrace: EPCIS capture is off: the registry lists organisations but [capture] names none to capture as");
      return null;
    }
    log.printf("baytrace: EPCIS capture as %s (schema %s)%n", org, schemaFile.get());
    return new EpcisCapture(ledger, sequencer, schema, org, key, Clock.systemUTC());
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

  public int grpcPort() {
    return grpc.getPort();
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
