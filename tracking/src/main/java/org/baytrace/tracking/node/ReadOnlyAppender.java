package org.baytrace.tracking.node;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.baytrace.ledger.Appended;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.sequencer.Appender;

/**
 * The appender of a node that must append nothing (a data directory restored from a backup and
 * not yet confirmed): every record is refused with the same error, which says why and what the
 * operator does about it. Thread-safe.
 */
final class ReadOnlyAppender implements Appender {
  private final LedgerException refusal;

  ReadOnlyAppender(LedgerException refusal) {
    this.refusal = refusal;
  }

  @Override
  public CompletableFuture<Appended> submit(byte[] signedRecord) {
    return CompletableFuture.failedFuture(refusal);
  }

  @Override
  public CompletableFuture<List<Appended>> submitAll(List<byte[]> signedRecords) {
    return CompletableFuture.failedFuture(refusal);
  }

  @Override
  public void close() {}
}
