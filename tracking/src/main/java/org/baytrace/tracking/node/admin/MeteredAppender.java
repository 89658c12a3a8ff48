package org.baytrace.tracking.node.admin;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.baytrace.ledger.Appended;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.record.SignedHere;
import org.baytrace.ledger.sequencer.Appender;

/**
 * An {@link Appender} that counts what becomes of every record (appended, duplicate, refused and
 * why) and times each call from submission to its durable answer. Thread-safe.
 */
public final class MeteredAppender implements Appender {
  private final Appender inner;
  private final NodeMetrics metrics;

  public MeteredAppender(Appender inner, NodeMetrics metrics) {
    this.inner = inner;
    this.metrics = metrics;
  }

  @Override
  public CompletableFuture<Appended> submit(byte[] signedRecord) {
    long start = System.nanoTime();
    return metered(start, inner.submit(signedRecord));
  }

  @Override
  public CompletableFuture<Appended> submitSignedHere(SignedHere record) {
    long start = System.nanoTime();
    return metered(start, inner.submitSignedHere(record));
  }

  @Override
  public CompletableFuture<List<Appended>> submitAll(List<byte[]> signedRecords) {
    long start = System.nanoTime();
    return metered(start, inner.submitAll(signedRecords), signedRecords.size());
  }

  @Override
  public CompletableFuture<List<Appended>> submitAllSignedHere(List<SignedHere> records) {
    long start = System.nanoTime();
    return metered(start, inner.submitAllSignedHere(records), records.size());
  }

  private CompletableFuture<Appended> metered(long start, CompletableFuture<Appended> appended) {
    return appended.whenComplete((a, e) -> {
      if (e == null) {
        metrics.appended(a.duplicate(), 1, System.nanoTime() - start);
      } else {
        metrics.refused(reason(e), 1);
      }
    });
  }

  private CompletableFuture<List<Appended>> metered(long start, CompletableFuture<List<Appended>> appended, int records) {
    return appended.whenComplete((list, e) -> {
      if (e == null) {
        long duplicates = list.stream().filter(Appended::duplicate).count();
        long took = System.nanoTime() - start;
        if (duplicates > 0) {
          metrics.appended(true, duplicates, took);
        }
        if (list.size() > duplicates) {
          metrics.appended(false, list.size() - duplicates, took);
        }
      } else {
        metrics.refused(reason(e), records);
      }
    });
  }

  /** The refusal's error code (e.g. SIGNATURE_INVALID), or INTERNAL for anything else. */
  static String reason(Throwable e) {
    Throwable t = e;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t instanceof LedgerException le ? le.error().name() : "INTERNAL";
  }

  @Override
  public void close() {
    inner.close();
  }
}
