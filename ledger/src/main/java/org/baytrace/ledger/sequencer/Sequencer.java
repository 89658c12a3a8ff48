package org.baytrace.ledger.sequencer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.baytrace.ledger.Appended;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.record.ParsedRecord;
import org.baytrace.ledger.record.SignedHere;

/**
 * The append path of one node: records are checked (signatures, policy) on a pool of
 * {@code verifyThreads} threads, then one writer thread appends them in batches of at most
 * {@code batchMaxRecords}, waiting at most {@code maxLinger} for a batch to fill. Each batch is one
 * synced write; a record's future completes only after its batch is on disk. Records are appended
 * in the order they were submitted (checks run in parallel, but the writer takes them in order),
 * so a client streaming a subject's events sees them chained in its own order.
 *
 * <p>Thread-safe. At most {@code maxPending} records may be in the pipeline; beyond that
 * {@link #submit} fails fast with TOO_MANY_REQUESTS rather than queueing without bound.
 */
public final class Sequencer implements Appender {
  private static final Logger LOG = Logger.getLogger(Sequencer.class.getName());

  /**
   * Submitted records: their checks run on the pool, the writer waits for them in order. An
   * atomic group is appended all together in one batch, or not at all.
   */
  private record Item(List<CompletableFuture<ParsedRecord>> checks, boolean atomic,
      CompletableFuture<List<Appended>> result) {}

  /**
   * Where batches go: the local ledger, or a replication log that every node applies from.
   * {@code apply} is called by the sequencer's one writer thread, in order.
   */
  @FunctionalInterface
  public interface BatchSink {
    /**
     * Applies (or proposes) checked groups as one batch; the future completes with one outcome
     * per group, in order, once the batch is durable, or fails if nothing of it was stored.
     */
    CompletableFuture<List<Ledger.GroupOutcome>> apply(List<List<ParsedRecord>> groups);
  }

  /** Checks one record as received (shape, origin, signatures, policy); thread-safe. */
  @FunctionalInterface
  public interface RecordChecker {
    ParsedRecord check(byte[] signedRecord);

    /**
     * Checks a record signed in this process; the default checks its bytes as any record's. A
     * ledger's checker skips the second verification of its signatures ({@link Ledger#check(SignedHere)}).
     */
    default ParsedRecord check(SignedHere signed) {
      return check(signed.signedRecordBytes());
    }
  }

  /** {@link Ledger#check(byte[])} for records from outside, {@link Ledger#check(SignedHere)} for records signed here. */
  public static RecordChecker checkerOf(Ledger ledger) {
    return new RecordChecker() {
      @Override
      public ParsedRecord check(byte[] signedRecord) {
        return ledger.check(signedRecord);
      }

      @Override
      public ParsedRecord check(SignedHere signed) {
        return ledger.check(signed);
      }
    };
  }

  private final RecordChecker checker;
  private final BatchSink sink;
  private final Semaphore inFlight;
  private final int maxBatchesInFlight;
  private final ExecutorService verifiers;
  private final BlockingQueue<Item> submitted;
  private final Object submitOrder = new Object();
  private final Semaphore pending;
  private final int maxPending;
  private final int batchMaxRecords;
  private final long lingerNanos;
  private final Thread writer;
  private Item carried; // writer thread only: taken from the queue but did not fit the last batch
  private volatile boolean closed;

  /** A single node's sequencer: batches are appended to {@code ledger}, one synced write each. */
  public Sequencer(Ledger ledger, int verifyThreads, int batchMaxRecords, Duration maxLinger, int maxPending) {
    this(checkerOf(ledger), localSink(ledger), verifyThreads, batchMaxRecords, maxLinger, maxPending, 1);
  }

  /**
   * A sequencer whose batches go to {@code sink}, with at most {@code maxBatchesInFlight} batches
   * not yet completed (a replication log pipelines several; the local ledger takes one at a time).
   */
  public Sequencer(RecordChecker checker, BatchSink sink, int verifyThreads, int batchMaxRecords, Duration maxLinger,
      int maxPending, int maxBatchesInFlight) {
    if (verifyThreads < 1 || batchMaxRecords < 1 || maxPending < 1 || maxLinger.isNegative() || maxBatchesInFlight < 1) {
      throw new IllegalArgumentException("sequencer: threads, batch size, max pending and batches in flight must be positive");
    }
    this.checker = checker;
    this.sink = sink;
    this.inFlight = new Semaphore(maxBatchesInFlight);
    this.maxBatchesInFlight = maxBatchesInFlight;
    this.batchMaxRecords = batchMaxRecords;
    this.lingerNanos = maxLinger.toNanos();
    this.pending = new Semaphore(maxPending);
    this.maxPending = maxPending;
    this.submitted = new ArrayBlockingQueue<>(maxPending);
    this.verifiers = Executors.newFixedThreadPool(verifyThreads, named("baytrace-verify"));
    this.writer = named("baytrace-writer").newThread(this::writeLoop);
    writer.start();
  }

  /**
   * Checks and appends one record. The future completes with where it landed (the first copy's
   * index for a duplicate), or exceptionally with a {@link LedgerException} naming why it was
   * refused; nothing is stored for a refused record.
   */
  @Override
  public CompletableFuture<Appended> submit(byte[] signedRecord) {
    return enqueue(List.of(signedRecord), false).thenApply(list -> list.get(0));
  }

  /**
   * Checks a group of records and appends them all in one synced batch, in order, or none of them:
   * if any is refused, the future fails with that record's error (its message names its position)
   * and nothing is stored.
   */
  @Override
  public CompletableFuture<List<Appended>> submitAll(List<byte[]> signedRecords) {
    if (signedRecords.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    return enqueue(signedRecords, true);
  }

  /** As {@link #submit}, for a record signed in this process (see {@link #submitAllSignedHere}). */
  @Override
  public CompletableFuture<Appended> submitSignedHere(SignedHere record) {
    return enqueue(List.of(record), false, (signed, checked) -> check(() -> checker.check(signed), checked), false)
        .thenApply(list -> list.get(0));
  }

  /**
   * As {@link #submitAll}, for records signed in this process: checked on the caller's thread
   * without a second verification of their signatures ({@link RecordChecker#check(SignedHere)}).
   */
  @Override
  public CompletableFuture<List<Appended>> submitAllSignedHere(List<SignedHere> records) {
    if (records.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    return enqueue(records, true, (signed, checked) -> check(() -> checker.check(signed), checked), false);
  }

  private CompletableFuture<List<Appended>> enqueue(List<byte[]> records, boolean atomic) {
    return enqueue(records, atomic, (record, checked) -> check(() -> checker.check(record), checked), true);
  }

  /** How one submitted record gets checked: {@code checked} completes with the record or its refusal. */
  @FunctionalInterface
  private interface Check<T> {
    void run(T record, CompletableFuture<ParsedRecord> checked);
  }

  /**
   * Queues records in submission order; their checks run on the verify pool ({@code pooled}) or
   * here, on the caller's thread.
   */
  private <T> CompletableFuture<List<Appended>> enqueue(List<T> records, boolean atomic, Check<T> check,
      boolean pooled) {
    CompletableFuture<List<Appended>> result = new CompletableFuture<>();
    if (closed) {
      result.completeExceptionally(new LedgerException(LedgerError.CLOSED, "node is shutting down; retry on another node"));
      return result;
    }
    if (!pending.tryAcquire(records.size())) {
      result.completeExceptionally(new LedgerException(LedgerError.TOO_MANY_REQUESTS,
          "append queue full; slow down or retry later"));
      return result;
    }
    result.whenComplete((a, e) -> pending.release(records.size()));
    List<CompletableFuture<ParsedRecord>> checks = new ArrayList<>(records.size());
    records.forEach(r -> checks.add(new CompletableFuture<>()));
    Item item = new Item(checks, atomic, result);
    if (!pooled) {
      for (int i = 0; i < records.size(); i++) {
        check.run(records.get(i), checks.get(i));
      }
    }
    try {
      synchronized (submitOrder) {
        // Never more items than permits, so this never fails; it fixes the records' place in line.
        submitted.add(item);
        for (int i = 0; pooled && i < records.size(); i++) {
          T record = records.get(i);
          CompletableFuture<ParsedRecord> checked = checks.get(i);
          verifiers.execute(() -> check.run(record, checked));
        }
      }
    } catch (RejectedExecutionException e) {
      checks.forEach(c -> c.completeExceptionally(new LedgerException(LedgerError.CLOSED, "node is shutting down")));
    }
    return result;
  }

  private static void check(java.util.function.Supplier<ParsedRecord> check, CompletableFuture<ParsedRecord> checked) {
    try {
      checked.complete(check.get());
    } catch (LedgerException e) {
      checked.completeExceptionally(e);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "unexpected error checking a record", e);
      checked.completeExceptionally(new LedgerException(LedgerError.MALFORMED_RECORD,
          "record could not be checked: " + e.getClass().getSimpleName() + ": " + e.getMessage()));
    }
  }

  private void writeLoop() {
    List<Item> batch = new ArrayList<>();
    while (!closed || !submitted.isEmpty() || carried != null) {
      try {
        Item first = carried != null ? carried : submitted.poll(100, TimeUnit.MILLISECONDS);
        carried = null;
        if (first == null) {
          continue;
        }
        batch.add(first);
        int records = first.checks().size();
        long deadline = System.nanoTime() + lingerNanos;
        while (records < batchMaxRecords) {
          Item next = submitted.poll();
          if (next == null) {
            long left = deadline - System.nanoTime();
            next = left > 0 ? submitted.poll(left, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
              break;
            }
          }
          if (records + next.checks().size() > batchMaxRecords) {
            carried = next; // a group too big for this batch starts the next one
            break;
          }
          batch.add(next);
          records += next.checks().size();
        }
      } catch (InterruptedException e) {
        if (batch.isEmpty()) {
          continue;
        }
      }
      write(batch);
      batch.clear();
    }
  }

  private void write(List<Item> batch) {
    // Wait for each check in submission order; records (and groups) refused there drop out here.
    List<List<ParsedRecord>> groups = new ArrayList<>(batch.size());
    List<Item> checked = new ArrayList<>(batch.size());
    for (Item item : batch) {
      List<ParsedRecord> group = awaitChecks(item);
      if (group != null) {
        groups.add(group);
        checked.add(item);
      }
    }
    if (groups.isEmpty()) {
      return;
    }
    try {
      inFlight.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail(checked, groups.size(), new LedgerException(LedgerError.CLOSED, "node is shutting down"));
      return;
    }
    CompletableFuture<List<Ledger.GroupOutcome>> applied;
    try {
      applied = sink.apply(groups);
    } catch (RuntimeException e) {
      applied = CompletableFuture.failedFuture(e);
    }
    applied.whenComplete((outcomes, error) -> {
      inFlight.release();
      if (error == null) {
        complete(checked, outcomes);
      } else {
        fail(checked, groups.size(), error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
      }
    });
  }

  private static void complete(List<Item> items, List<Ledger.GroupOutcome> outcomes) {
    for (int i = 0; i < items.size(); i++) {
      Ledger.GroupOutcome o = outcomes.get(i);
      Item item = items.get(i);
      if (o.refusal() != null) {
        item.result().completeExceptionally(item.atomic() ? groupRefused(o.refusal()) : o.refusal());
      } else {
        item.result().complete(o.appended());
      }
    }
  }

  private static void fail(List<Item> items, int groups, Throwable error) {
    LedgerException le;
    if (error instanceof LedgerException e) {
      LOG.log(Level.SEVERE, "append of a batch of " + groups + " groups failed: " + e, e);
      le = e;
    } else {
      LOG.log(Level.SEVERE, "append of a batch of " + groups + " groups failed", error);
      le = new LedgerException(LedgerError.STORE_IO, "append failed: " + error.getMessage(), error);
    }
    items.forEach(i -> i.result().completeExceptionally(le));
  }

  /** The item's checked records in order, or null after failing its result with the first refusal. */
  private static List<ParsedRecord> awaitChecks(Item item) {
    List<ParsedRecord> checked = new ArrayList<>(item.checks().size());
    for (int i = 0; i < item.checks().size(); i++) {
      try {
        checked.add(item.checks().get(i).join());
      } catch (CompletionException e) {
        Throwable refused = e.getCause() != null ? e.getCause() : e;
        if (item.atomic() && refused instanceof LedgerException le) {
          refused = new LedgerException(le.error(), "record " + i + " of the group: " + le.getMessage()
              + "; nothing in the group was stored", le);
        }
        item.result().completeExceptionally(refused);
        return null;
      }
    }
    return checked;
  }

  private static LedgerException groupRefused(LedgerException e) {
    return new LedgerException(e.error(), e.getMessage() + "; nothing in the group was stored", e);
  }

  /** Records accepted and not yet answered (being checked, waiting for the writer, or being written). */
  public int pendingRecords() {
    return maxPending - pending.availablePermits();
  }

  /** The most records that may be pending before {@link #submit} refuses with TOO_MANY_REQUESTS. */
  public int maxPendingRecords() {
    return maxPending;
  }

  /** Checks waiting for a thread of the verify pool. */
  public int verifyQueueLength() {
    return verifiers instanceof ThreadPoolExecutor pool ? pool.getQueue().size() : 0;
  }

  /** Appends each batch to the local ledger, stamped with the ledger clock's time. */
  public static BatchSink localSink(Ledger ledger) {
    return groups -> {
      try {
        return CompletableFuture.completedFuture(ledger.appendGroups(groups, ledger.config().clock().millis()));
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    };
  }

  /** Stops taking records, finishes the ones already accepted, and stops the threads. */
  @Override
  public void close() {
    closed = true;
    verifiers.shutdown();
    try {
      verifiers.awaitTermination(30, TimeUnit.SECONDS);
      writer.join(30_000);
      // Batches still on their way (replicated) complete before close returns.
      if (!inFlight.tryAcquire(maxBatchesInFlight, 30, TimeUnit.SECONDS)) {
        LOG.warning("closing with batches still in flight after 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
