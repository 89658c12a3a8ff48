package org.baytrace.ledger.sequencer;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.baytrace.ledger.Appended;
import org.baytrace.ledger.record.SignedHere;

/**
 * How a node appends: the local {@link Sequencer} for a single node, or a replicated appender
 * that orders batches through Raft before every node applies them. Callers (the gRPC service,
 * EPCIS capture) do not care which.
 *
 * <p>Implementations are thread-safe. A future completes only once its record is durably stored
 * (and, when replicated, committed by a majority), or exceptionally with a
 * {@link org.baytrace.ledger.error.LedgerException} naming why nothing was stored.
 */
public interface Appender extends AutoCloseable {

  /** Checks and appends one record; a duplicate completes with its first index. */
  CompletableFuture<Appended> submit(byte[] signedRecord);

  /** Checks and appends a group in order, all in one batch, or none of it. */
  CompletableFuture<List<Appended>> submitAll(List<byte[]> signedRecords);

  /**
   * Appends one record signed in this process, as {@link #submit} does, without verifying its
   * signatures again ({@link SignedHere}). The default sends its bytes through {@link #submit}.
   */
  default CompletableFuture<Appended> submitSignedHere(SignedHere record) {
    return submit(record.signedRecordBytes());
  }

  /**
   * Appends a group of records signed in this process, as {@link #submitAll} does, without
   * verifying their signatures again ({@link SignedHere}); every other check still applies.
   * The default sends their bytes through {@link #submitAll}, which verifies them.
   */
  default CompletableFuture<List<Appended>> submitAllSignedHere(List<SignedHere> records) {
    return submitAll(records.stream().map(SignedHere::signedRecordBytes).toList());
  }

  /** Stops taking records and finishes those already accepted. */
  @Override
  void close();
}
