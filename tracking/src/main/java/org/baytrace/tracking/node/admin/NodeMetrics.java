package org.baytrace.tracking.node.admin;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.StorageStats;
import org.baytrace.ledger.leaf.LeafCodec;
import org.baytrace.ledger.replication.RaftStatus;
import org.baytrace.ledger.verify.VerificationException;

/**
 * The node's metrics, in its own Prometheus registry (one per node, so that two nodes in one JVM,
 * as in tests, do not share counters). Counters are fed by {@link MeteredAppender} and
 * {@link HttpMetricsFilter}; gauges read the ledger, the sequencer, the Raft member, capture and
 * RocksDB at scrape time, from sources bound as the node comes up ({@code bind...}): a source not
 * (yet) bound reports nothing. Names and meanings are listed in docs/OPERATIONS.md.
 */
public final class NodeMetrics {
  /** Prometheus text format 0.0.4, what every scraper accepts (the writer's own media type, spelled out for Grizzly). */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private static final String[] RAFT_ROLES = {"LEADER", "FOLLOWER", "CANDIDATE", "LISTENER"};

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private final Counter appends;
  private final Histogram appendLatency;
  private final Counter httpRequests;
  private final Histogram httpLatency;
  private final StorageStatsCache storage = new StorageStatsCache();
  private volatile Ledger ledger;
  private volatile long newestCheckpointMillis = -1;
  private volatile IntSupplier pendingRecords;
  private volatile IntSupplier verifyQueue;
  private volatile Supplier<Optional<RaftStatus>> raft;
  private volatile IntSupplier captureRunning;
  private volatile LongSupplier captureCreated;
  private volatile Scrub scrub;

  public NodeMetrics() {
    appends = Counter.builder().name("baytrace_appends_total")
        .help("Records submitted for append, by outcome (appended, duplicate, refused) and refusal reason (the error code)")
        .labelNames("outcome", "reason").register(registry);
    // Present from the start at 0, so that rate() works from the first scrape after a restart.
    appends.initLabelValues("appended", "");
    appends.initLabelValues("duplicate", "");
    appendLatency = Histogram.builder().name("baytrace_append_latency_seconds")
        .help("Time from submitting a record (or group) to its durable answer").unit(Unit.SECONDS).classicOnly()
        .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
        .register(registry);
    httpRequests = Counter.builder().name("baytrace_http_requests_total")
        .help("HTTP requests by route template, method and status").labelNames("route", "method", "status")
        .register(registry);
    httpLatency = Histogram.builder().name("baytrace_http_request_duration_seconds")
        .help("HTTP request handling time by route template").unit(Unit.SECONDS).classicOnly()
        .classicUpperBounds(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5).labelNames("route").register(registry);

    gauge("baytrace_tree_size", "Entries in the ledger (its tree size)", cb -> {
      Ledger l = ledger;
      if (l != null) {
        cb.call(l.head().size());
      }
    });
    gauge("baytrace_checkpoint_age_seconds", "Seconds since this node signed its newest checkpoint", cb -> {
      long at = newestCheckpointMillis;
      if (at >= 0) {
        cb.call(Math.max(0, System.currentTimeMillis() - at) / 1000.0);
      }
    });
    gauge("baytrace_checkpoint_cosigned_size", "Tree size of the newest checkpoint a quorum of members signed", cb -> {
      Ledger l = ledger;
      if (l != null && l.cosignedSize() >= 0) {
        cb.call(l.cosignedSize());
      }
    });
    gauge("baytrace_store_format_version", "Format version of the ledger store", cb -> {
      Ledger l = ledger;
      if (l != null) {
        cb.call(l.storeFormatVersion());
      }
    });
    gauge("baytrace_sequencer_pending_records", "Records accepted and not yet answered", cb -> {
      IntSupplier s = pendingRecords;
      if (s != null) {
        cb.call(s.getAsInt());
      }
    });
    gauge("baytrace_verify_queue_length", "Record checks waiting for a verify thread", cb -> {
      IntSupplier s = verifyQueue;
      if (s != null) {
        cb.call(s.getAsInt());
      }
    });
    gauge("baytrace_capture_jobs_running", "EPCIS capture jobs not yet finished", cb -> {
      IntSupplier s = captureRunning;
      if (s != null) {
        cb.call(s.getAsInt());
      }
    });
    CounterWithCallback.builder().name("baytrace_capture_jobs_total").help("EPCIS capture jobs accepted")
        .callback(cb -> {
          LongSupplier s = captureCreated;
          if (s != null) {
            cb.call(s.getAsLong());
          }
        }).register(registry);

    raftMetrics();
    storageMetrics();
    scrubMetrics();
    JvmMetrics.builder().register(registry);
  }

  private void raftMetrics() {
    GaugeWithCallback.builder().name("baytrace_raft_role")
        .help("1 for this member's current Raft role, 0 for the others").labelNames("member", "role")
        .callback(cb -> raftStatus().ifPresent(s -> {
          for (String role : RAFT_ROLES) {
            cb.call(role.equals(s.role()) ? 1 : 0, s.self(), role);
          }
        })).register(registry);
    raftGauge("baytrace_raft_term", "Current Raft term", RaftStatus::term);
    raftGauge("baytrace_raft_commit_index", "Last Raft index this member knows is committed", RaftStatus::commitIndex);
    raftGauge("baytrace_raft_applied_index", "Last Raft index applied to this member's ledger", RaftStatus::appliedIndex);
    raftGauge("baytrace_raft_last_log_index", "Last Raft index in this member's log", RaftStatus::lastLogIndex);
    raftGauge("baytrace_raft_apply_lag", "Raft entries committed but not yet applied here", RaftStatus::applyLag);
    GaugeWithCallback.builder().name("baytrace_raft_has_leader").help("1 if this member knows a leader")
        .labelNames("member").callback(cb -> raftStatus().ifPresent(s -> cb.call(s.leader().isPresent() ? 1 : 0, s.self())))
        .register(registry);
    GaugeWithCallback.builder().name("baytrace_raft_follower_lag")
        .help("On the leader: entries a follower lacks (leader's last index minus its match index)")
        .labelNames("member", "follower").callback(cb -> raftStatus().ifPresent(s -> {
          for (RaftStatus.Follower f : s.followers()) {
            cb.call(Math.max(0, s.lastLogIndex() - f.matchIndex()), s.self(), f.id());
          }
        })).register(registry);
    GaugeWithCallback.builder().name("baytrace_raft_follower_last_contact_seconds")
        .help("On the leader: seconds since a follower last answered").labelNames("member", "follower")
        .callback(cb -> raftStatus().ifPresent(s -> {
          for (RaftStatus.Follower f : s.followers()) {
            cb.call(f.lastContactMillis() / 1000.0, s.self(), f.id());
          }
        })).register(registry);
  }

  private void raftGauge(String name, String help, java.util.function.ToLongFunction<RaftStatus> value) {
    GaugeWithCallback.builder().name(name).help(help).labelNames("member")
        .callback(cb -> raftStatus().ifPresent(s -> cb.call(value.applyAsLong(s), s.self()))).register(registry);
  }

  private Optional<RaftStatus> raftStatus() {
    Supplier<Optional<RaftStatus>> r = raft;
    return r == null ? Optional.empty() : r.get();
  }

  private void storageMetrics() {
    familyGauge("baytrace_store_sst_bytes", "rocksdb.total-sst-files-size: SST files of a column family, obsolete ones included",
        StorageStats.Family::sstBytes);
    familyGauge("baytrace_store_live_sst_bytes", "rocksdb.live-sst-files-size: SST files of the current version",
        StorageStats.Family::liveSstBytes);
    familyGauge("baytrace_store_live_data_bytes", "rocksdb.estimate-live-data-size: the family's data once compacted",
        StorageStats.Family::liveDataBytes);
    familyGauge("baytrace_store_memtable_bytes", "rocksdb.cur-size-all-mem-tables", StorageStats.Family::memtableBytes);
    familyGauge("baytrace_store_estimated_keys", "rocksdb.estimate-num-keys", StorageStats.Family::estimatedKeys);
    familyGauge("baytrace_store_pending_compaction_bytes",
        "rocksdb.estimate-pending-compaction-bytes: bytes compaction still has to rewrite", StorageStats.Family::pendingCompactionBytes);
    gauge("baytrace_store_delayed_write_rate_bytes", "rocksdb.actual-delayed-write-rate: throttled write rate (0: not throttled)",
        cb -> storage.get().ifPresent(s -> cb.call(s.delayedWriteRate())));
    gauge("baytrace_store_writes_stopped", "rocksdb.is-write-stopped: 1 while RocksDB stops writes",
        cb -> storage.get().ifPresent(s -> cb.call(s.writesStopped() ? 1 : 0)));
    gauge("baytrace_store_running_compactions", "rocksdb.num-running-compactions",
        cb -> storage.get().ifPresent(s -> cb.call(s.runningCompactions())));
    CounterWithCallback.builder().name("baytrace_store_write_stalls_total")
        .help("Write stalls since the store opened (rocksdb.cfstats io_stalls), by kind: slowdown or stop").labelNames("kind")
        .callback(cb -> storage.get().ifPresent(s -> {
          cb.call(s.stallsSlowdown(), "slowdown");
          cb.call(s.stallsStop(), "stop");
        })).register(registry);
  }

  private void familyGauge(String name, String help, java.util.function.ToLongFunction<StorageStats.Family> value) {
    GaugeWithCallback.builder().name(name).help(help).labelNames("family")
        .callback(cb -> storage.get().ifPresent(s -> {
          for (StorageStats.Family f : s.families()) {
            cb.call(value.applyAsLong(f), f.name());
          }
        })).register(registry);
  }

  private void scrubMetrics() {
    gauge("baytrace_scrub_verified_entries", "Entries the background scrub verified in its current or last pass", cb -> {
      Scrub s = scrub;
      if (s != null) {
        cb.call(s.verifiedEntries());
      }
    });
    gauge("baytrace_scrub_last_success_timestamp_seconds", "When the background scrub last verified the whole store", cb -> {
      Scrub s = scrub;
      if (s != null && s.lastSuccessMillis() > 0) {
        cb.call(s.lastSuccessMillis() / 1000.0);
      }
    });
    CounterWithCallback.builder().name("baytrace_scrub_failures_total")
        .help("Scrub passes that found the store corrupt").callback(cb -> {
          Scrub s = scrub;
          if (s != null) {
            cb.call(s.failures());
          }
        }).register(registry);
  }

  private void gauge(String name, String help, Consumer<GaugeWithCallback.Callback> callback) {
    GaugeWithCallback.builder().name(name).help(help).callback(callback).register(registry);
  }

  /** The ledger is open: tree size, checkpoints, the store's figures. */
  public void bindLedger(Ledger l) {
    ledger = l;
    storage.ledger = l;
    // The ledger signs a checkpoint with every batch, so the newest entry's record time is when
    // the newest checkpoint was signed; after that the append listener keeps the time.
    long size = l.head().size();
    newestCheckpointMillis = size == 0 ? System.currentTimeMillis() : recordTime(l, size - 1);
    l.onAppend(newSize -> newestCheckpointMillis = System.currentTimeMillis());
  }

  private static long recordTime(Ledger l, long index) {
    try {
      return LeafCodec.decode(l.entry(index).leaf()).recordTimeUnixMillis();
    } catch (VerificationException e) {
      return System.currentTimeMillis();
    }
  }

  public void bindSequencer(IntSupplier pending, IntSupplier verifyQueueLength) {
    pendingRecords = pending;
    verifyQueue = verifyQueueLength;
  }

  public void bindRaft(Supplier<Optional<RaftStatus>> status) {
    raft = status;
  }

  public void bindCapture(IntSupplier running, LongSupplier created) {
    captureRunning = running;
    captureCreated = created;
  }

  public void bindScrub(Scrub s) {
    scrub = s;
  }

  void appended(boolean duplicate, long records, long nanos) {
    appends.labelValues(duplicate ? "duplicate" : "appended", "").inc(records);
    appendLatency.observe(nanos / 1e9);
  }

  void refused(String reason, long records) {
    appends.labelValues("refused", reason).inc(records);
  }

  void httpRequest(String route, String method, int status, long nanos) {
    httpRequests.labelValues(route, method, Integer.toString(status)).inc();
    httpLatency.labelValues(route).observe(nanos / 1e9);
  }

  /** Writes every metric in the Prometheus text format. */
  public void write(OutputStream out) throws IOException {
    writer.write(out, registry.scrape());
  }

  /** One read of the store's properties per scrape at most, not one per metric. */
  private static final class StorageStatsCache {
    private volatile Ledger ledger;
    private volatile StorageStats cached;
    private volatile long readAt;

    Optional<StorageStats> get() {
      Ledger l = ledger;
      if (l == null) {
        return Optional.empty();
      }
      long now = System.nanoTime();
      StorageStats s = cached;
      if (s == null || now - readAt > 500_000_000L) {
        try {
          s = l.storageStats();
        } catch (RuntimeException e) {
          return Optional.empty(); // closed while being scraped
        }
        cached = s;
        readAt = now;
      }
      return Optional.of(s);
    }
  }

  /** Lists metric names in use, for docs and tests. */
  List<String> names() {
    return registry.scrape().stream().map(m -> m.getMetadata().getPrometheusName()).toList();
  }
}
