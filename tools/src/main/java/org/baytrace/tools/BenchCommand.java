package org.baytrace.tools;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.baytrace.api.ledger.v1.ClusterStatus;
import org.baytrace.api.ledger.v1.GetClusterStatusRequest;
import org.baytrace.api.ledger.v1.LedgerServiceGrpc;
import org.baytrace.api.ledger.v1.LedgerServiceLimits;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.ledger.crypto.KeyFiles;
import org.baytrace.ledger.crypto.PublicKey;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.record.Records;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"A bounded load generator for a node on this machine (loopback only).",
        "Measures this machine's Ed25519 verify rate over all cores (the ceiling for a node that checks every"
            + " signature), signs --records records with a key the node's registry accepts, streams them, and"
            + " prints records/s and latency. The last line is one line for scripts:",
        "  bench: N records, R rec/s, p50 X ms, p99 Y ms, verify ceiling C/s, ratio R/C, members M, cluster ratio R/(C/M)",
        "where M is how many members verify and store each record (the node's voting members, asked over gRPC; 1 for a",
        "single node): with all of them on this machine, C/M is the most records/s it can verify M times over.",
        "With --rate N it is a steady background load instead: it appends N records/s on one stream at the"
            + " times a fixed schedule gives (open loop: a record that is late because the node is slow does not"
            + " delay the schedule), for --duration or --records, measures no verify ceiling, and its last line is",
        "  bench: rate N/s, M records in S s, achieved A rec/s, p50 X ms, p99 Y ms, max Z ms",
        "where the latency of each record runs from its scheduled send time to its answer. A node that cannot keep",
        "up gets fewer records (sending stops a second after --duration) and a lower achieved rate."})
final class BenchCommand implements Callable<Integer> {
  @Mixin TargetOption target;

  @Option(names = "--records", defaultValue = "20000", description = "Records to append (default ${DEFAULT-VALUE}).")
  int records;

  @Option(names = "--warmup", defaultValue = "20000",
      description = "Records sent first and not measured, so the node's JIT is warm (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = {"-k", "--key"}, defaultValue = "data/node.key", paramLabel = "FILE",
      description = "Author key registered at the node (default ${DEFAULT-VALUE}: the embedded node's own key).")
  Path keyFile;

  @Option(names = "--org", defaultValue = "local", description = "Author organisation of that key (default ${DEFAULT-VALUE}).")
  String org;

  @Option(names = "--streams", defaultValue = "2", description = "Concurrent Append streams (default ${DEFAULT-VALUE}).")
  int streams;

  @Option(names = "--in-flight", defaultValue = "512", description = "Records in flight per stream (default ${DEFAULT-VALUE}).")
  int inFlight;

  @Option(names = "--batch", defaultValue = "100", description = {
      "Records per message on the AppendBatch stream (default ${DEFAULT-VALUE}); 1 uses the Append",
      "stream, one message per record."})
  int batch;

  @Option(names = "--subjects", defaultValue = "1000", description = "Distinct subjects the records name (default ${DEFAULT-VALUE}).")
  int subjects;

  @Option(names = "--rate", paramLabel = "N", description = {
      "Append at a steady N records/s (open-loop pacing on one stream, each scheduled record sent in the",
      "next message) instead of as fast as the node takes them; --streams and --batch do not apply."})
  Integer rate;

  @Option(names = "--duration", paramLabel = "TIME", description = {
      "With --rate: run this long (e.g. 90, 90s, 5m) instead of for --records; the records are",
      "rate × duration."})
  String duration;

  /** The longest --duration, so that the records signed beforehand fit in memory. */
  static final long MAX_RATE_RECORDS = 5_000_000;

  @Override
  public Integer call() throws Exception {
    if (records < 1 || records > 5_000_000 || warmup < 0 || warmup > 1_000_000 || streams < 1 || inFlight < 1
        || subjects < 1 || batch < 1 || batch > LedgerServiceLimits.MAX_APPEND_BATCH_RECORDS || batch > inFlight) {
      throw new CliException(BayTrace.USAGE, "--records must be 1..5,000,000, --warmup 0..1,000,000, --batch 1.."
          + LedgerServiceLimits.MAX_APPEND_BATCH_RECORDS
          + " and at most --in-flight; --streams, --in-flight, --subjects positive");
    }
    long rateRecords = 0;
    if (rate != null || duration != null) {
      rateRecords = rateRecords();
    }
    String host = target.target.substring(0, Math.max(0, target.target.lastIndexOf(':')));
    if (!InetAddress.getByName(host).isLoopbackAddress()) {
      throw new CliException(BayTrace.USAGE, "--target: bench only loads a node on this machine (loopback), got " + host);
    }
    SigningKey key;
    try {
      key = KeyFiles.loadPrivate(keyFile);
    } catch (IOException e) {
      throw new CliException(BayTrace.IO_ERROR, "cannot read key " + keyFile + ": " + e.getMessage()
          + " (pass --key with a key registered at the node)");
    }
    int cores = Runtime.getRuntime().availableProcessors();
    if (rate != null) {
      return paced(key, cores, (int) rateRecords);
    }
    System.err.printf("bench: measuring Ed25519 verify rate on %d cores...%n", cores);
    double ceiling = verifyRate(key, cores);
    System.err.printf("bench: verify ceiling %.0f/s%n", ceiling);

    ManagedChannel ch = target.channel();
    try {
      int members = askMembers(ch); // first, with a long deadline: connecting is slow on a loaded machine
      String origin = AppendCommand.askOrigin(ch);
      System.err.printf("bench: signing %,d records for %s...%n", records, origin);
      byte[][] signed = sign(key, origin, cores, records + warmup);
      if (warmup > 0) {
        // The node's JIT compiles its hot paths during the first tens of thousands of records;
        // measuring then would measure the compiler.
        System.err.printf("bench: warm-up: %,d records (not measured)...%n", warmup);
        stream(ch, signed, 0, warmup, new long[warmup]);
      }
      long[] latencyNanos = new long[records];
      System.err.printf("bench: streaming %,d records on %d stream(s), %d in flight each, %d per message...%n",
          records, streams, inFlight, batch);
      long start = System.nanoTime();
      stream(ch, signed, warmup, records, latencyNanos);
      double secs = (System.nanoTime() - start) / 1e9;
      Arrays.sort(latencyNanos);
      double rate = records / secs;
      System.out.printf("bench: %d records, %.0f rec/s, p50 %.1f ms, p99 %.1f ms, verify ceiling %.0f/s, ratio %.2f,"
          + " members %d, cluster ratio %.2f%n",
          records, rate, latencyNanos[records / 2] / 1e6, latencyNanos[(int) Math.min(records - 1, (long) (records * 0.99))] / 1e6,
          ceiling, rate / ceiling, members, rate / (ceiling / members));
      return BayTrace.OK;
    } finally {
      TargetOption.close(ch);
    }
  }

  /**
   * How many members verify and store each record: the voting members the node names (every one
   * re-verifies each record it applies), 1 for a single node. A node without the call is taken as
   * a single node, and the bench says so.
   */
  static int askMembers(ManagedChannel ch) {
    try {
      ClusterStatus status = LedgerServiceGrpc.newBlockingStub(ch).withDeadlineAfter(60, TimeUnit.SECONDS)
          .getClusterStatus(GetClusterStatusRequest.getDefaultInstance());
      int n = Math.max(1, status.getMembersCount());
      System.err.printf("bench: %d member(s) verify each record: %s (leader %s)%n", n, status.getMembersList(),
          status.getLeader().isEmpty() ? "none yet" : status.getLeader());
      return n;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
        throw new CliException(BayTrace.IO_ERROR, "cannot ask the node for its members: " + e.getStatus().getCode() + ": "
            + e.getStatus().getDescription());
      }
      System.err.println("bench: the node does not say who its members are (an older node): counting 1");
      return 1;
    }
  }

  /** The records a --rate run appends: rate × --duration, or --records. */
  private long rateRecords() {
    if (rate == null) {
      throw new CliException(BayTrace.USAGE, "--duration: only with --rate (a steady load); without it, give --records");
    }
    if (rate < 1 || rate > 100_000) {
      throw new CliException(BayTrace.USAGE, "--rate: got " + rate + ", want 1..100,000 records/s");
    }
    if (duration == null) {
      return records;
    }
    long seconds = parseSeconds(duration);
    long n = seconds * rate;
    if (seconds < 1 || n > MAX_RATE_RECORDS) {
      throw new CliException(BayTrace.USAGE, "--duration: got " + duration + ", want at least 1 s and at most "
          + MAX_RATE_RECORDS + " records (--rate × seconds)");
    }
    return n;
  }

  /** Seconds of a duration written as {@code 90}, {@code 90s}, {@code 5m} or {@code 1h}. */
  static long parseSeconds(String text) {
    String t = text.trim();
    long unit = 1;
    if (t.endsWith("s")) {
      t = t.substring(0, t.length() - 1);
    } else if (t.endsWith("m")) {
      unit = 60;
      t = t.substring(0, t.length() - 1);
    } else if (t.endsWith("h")) {
      unit = 3600;
      t = t.substring(0, t.length() - 1);
    }
    try {
      return Math.multiplyExact(Long.parseLong(t), unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new CliException(BayTrace.USAGE, "--duration: got " + text + ", want seconds such as 90, 90s, 5m or 1h");
    }
  }

  /**
   * A steady load: record {@code i} is due at {@code start + i / rate}; whatever is due is sent in
   * one message, so a slow answer never delays the schedule (open loop) unless --in-flight records
   * are unanswered. Latency runs from the due time, so lateness counts against the node.
   */
  private int paced(SigningKey key, int cores, int count) throws Exception {
    ManagedChannel ch = target.channel();
    try {
      String origin = AppendCommand.askOrigin(ch);
      System.err.printf("bench: signing %,d records for %s...%n", count + warmup, origin);
      byte[][] signed = sign(key, origin, cores, count + warmup);
      if (warmup > 0) {
        System.err.printf("bench: warm-up: %,d records (not measured)...%n", warmup);
        stream(ch, signed, 0, warmup, new long[warmup]);
      }
      System.err.printf("bench: appending %,d records at %,d/s (%.1f s), %d in flight at most...%n",
          count, rate, count / (double) rate, inFlight);
      long[] latencyNanos = new long[count];
      AtomicLong refused = new AtomicLong();
      AtomicLong done = new AtomicLong();
      String[] firstErrorText = new String[1];
      Progress progress = new Progress("bench");
      double nanosPerRecord = 1e9 / rate;
      long deadline = duration == null ? 0 : parseSeconds(duration) * 1_000_000_000L;
      int sent = 0;
      long start = System.nanoTime();
      Status failure;
      try (AppendClient client = new AppendClient(ch, inFlight, Math.min(inFlight, LedgerServiceLimits.MAX_APPEND_BATCH_RECORDS))) {
        int next = 0;
        while (next < count) {
          long now = System.nanoTime();
          if (deadline != 0 && now - start >= deadline + 1_000_000_000L) {
            break; // a second past --duration: a node that could not keep up gets fewer records
          }
          int due = (int) Math.min(count, (long) ((now - start) / nanosPerRecord) + 1);
          for (; next < due; next++) {
            if (deadline != 0 && (next & 63) == 0 && System.nanoTime() - start >= deadline + 1_000_000_000L) {
              break; // submit blocks while --in-flight records are unanswered: the deadline holds there too
            }
            int n = next;
            long scheduled = start + (long) (n * nanosPerRecord);
            client.submit(warmup + n, signed[warmup + n], r -> {
              latencyNanos[n] = System.nanoTime() - scheduled;
              done.incrementAndGet();
              if (!r.hasAppended() && refused.getAndIncrement() == 0) {
                firstErrorText[0] = r.getError().getMessage();
              }
            });
          }
          client.flush();
          progress.tick(next, done.get());
          long wake = start + (long) (next * nanosPerRecord);
          long sleep = wake - System.nanoTime();
          if (sleep > 0) {
            LockSupport.parkNanos(sleep);
          }
        }
        sent = next;
        failure = client.finish(300);
      }
      double secs = (System.nanoTime() - start) / 1e9;
      if (failure != null) {
        throw new CliException(BayTrace.IO_ERROR, "append stream failed: " + failure.getCode() + ": " + failure.getDescription());
      }
      if (refused.get() > 0) {
        throw new CliException(BayTrace.FAILED, refused.get() + " records refused; first: " + firstErrorText[0]
            + " (is --key registered at the node for --org " + org + "?)");
      }
      if (sent < count) {
        System.err.printf("bench: the node took %,d of the %,d records scheduled in --duration%n", sent, count);
      }
      long[] answered = Arrays.copyOf(latencyNanos, Math.max(1, sent));
      Arrays.sort(answered);
      int n = answered.length;
      System.out.printf("bench: rate %d/s, %d records in %.1f s, achieved %.0f rec/s, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
          rate, sent, secs, sent / secs, answered[n / 2] / 1e6, answered[(int) Math.min(n - 1, (long) (n * 0.99))] / 1e6,
          answered[n - 1] / 1e6);
      return BayTrace.OK;
    } finally {
      TargetOption.close(ch);
    }
  }

  /** Streams {@code signed[from .. from+count)} and records each record's latency. */
  private void stream(ManagedChannel ch, byte[][] signed, int from, int count, long[] latencyNanos) throws Exception {
    AtomicLong refused = new AtomicLong();
    AtomicLong done = new AtomicLong();
    String[] firstErrorText = new String[1];
    ExecutorService pool = Executors.newFixedThreadPool(streams);
    List<Future<Status>> results = new ArrayList<>();
    for (int s = 0; s < streams; s++) {
      int stream = s;
      results.add(pool.submit(() -> {
        try (AppendClient client = new AppendClient(ch, inFlight, batch)) {
          for (int i = stream; i < count; i += streams) {
            int n = i;
            long sent = System.nanoTime();
            client.submit(from + n, signed[from + n], r -> {
              latencyNanos[n] = System.nanoTime() - sent;
              done.incrementAndGet();
              if (!r.hasAppended() && refused.getAndIncrement() == 0) {
                firstErrorText[0] = r.getError().getMessage();
              }
            });
          }
          return client.finish(300);
        }
      }));
    }
    Thread ticker = new Thread(() -> {
      Progress p = new Progress("bench");
      while (done.get() < count && !Thread.currentThread().isInterrupted()) {
        p.tick(done.get());
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    ticker.setDaemon(true);
    ticker.start();
    try {
      for (Future<Status> f : results) {
        Status st = f.get();
        if (st != null) {
          throw new CliException(BayTrace.IO_ERROR, "append stream failed: " + st.getCode() + ": " + st.getDescription());
        }
      }
    } finally {
      ticker.interrupt();
      pool.shutdown();
    }
    if (refused.get() > 0) {
      throw new CliException(BayTrace.FAILED, refused.get() + " records refused; first: " + firstErrorText[0]
          + " (is --key registered at the node for --org " + org + "?)");
    }
  }

  private byte[][] sign(SigningKey key, String origin, int threads, int total) throws Exception {
    byte[][] out = new byte[total][];
    long runId = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> parts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t;
        parts.add(pool.submit(() -> {
          for (int i = first; i < total; i += threads) {
            String content = "{\"bench\":" + i + ",\"temperatureC\":" + (i % 40 - 20) + "}";
            RecordBody body = RecordInput.body(origin, org, "bench.Sample",
                List.of("urn:baytrace:bench:subject:" + (i % subjects)), System.currentTimeMillis(), "application/json",
                content.getBytes(StandardCharsets.UTF_8), (runId + ":" + i).getBytes(StandardCharsets.UTF_8));
            out[i] = Records.sign(body.toByteArray(), key);
          }
        }));
      }
      for (Future<?> f : parts) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    return out;
  }

  /** Ed25519 verifications per second over all cores, BouncyCastle, ~2 s of work after warm-up. */
  static double verifyRate(SigningKey key, int threads) throws Exception {
    PublicKey pub = key.publicKey();
    byte[][] msgs = new byte[256][];
    byte[][] sigs = new byte[256][];
    for (int i = 0; i < msgs.length; i++) {
      msgs[i] = Records.signedMessage(("bench message " + i + " ".repeat(300)).getBytes(StandardCharsets.UTF_8));
      sigs[i] = key.sign(msgs[i]);
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      runVerify(pool, threads, pub, msgs, sigs, 500_000_000L); // warm-up
      long t0 = System.nanoTime();
      long n = runVerify(pool, threads, pub, msgs, sigs, 2_000_000_000L);
      return n / ((System.nanoTime() - t0) / 1e9);
    } finally {
      pool.shutdown();
    }
  }

  private static long runVerify(ExecutorService pool, int threads, PublicKey pub, byte[][] msgs, byte[][] sigs, long nanos)
      throws Exception {
    long end = System.nanoTime() + nanos;
    List<Future<Long>> parts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      parts.add(pool.submit(() -> {
        long n = 0;
        while (System.nanoTime() < end) {
          int i = (int) (n % msgs.length);
          pub.verify(msgs[i], sigs[i]);
          n++;
        }
        return n;
      }));
    }
    long total = 0;
    for (Future<Long> f : parts) {
      total += f.get();
    }
    return total;
  }
}
