package org.baytrace.ledger.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.baytrace.ledger.crypto.Sha256;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.junit.jupiter.api.Test;

/**
 * What the pipelined append promises while a batch is between its write and its sync: nothing of
 * it is visible or answered, a second batch naming its records is answered with them once both are
 * durable, and a failed write or sync stops the store without publishing anything. The key-value
 * store under it is the in-memory one with a sync (or write) that the test holds or breaks.
 */
class PipelinedAppendTest {
  private static final long TIME = 1_764_000_000_000L;

  /** The in-memory key-value store, with a sync that waits for the test and can be made to fail. */
  private static final class HeldKvStore implements KvStore {
    final MemoryKvStore kv = new MemoryKvStore();
    final CountDownLatch syncEntered = new CountDownLatch(1);
    final CountDownLatch releaseSync = new CountDownLatch(1);
    final CountDownLatch writeEntered = new CountDownLatch(1);
    final CountDownLatch releaseWrite = new CountDownLatch(1);
    final AtomicInteger syncs = new AtomicInteger();
    volatile boolean holdSync;
    volatile boolean failSync;
    volatile boolean holdAndFailWrite;

    @Override
    public byte[] get(Column column, byte[] key) {
      return kv.get(column, key);
    }

    @Override
    public List<byte[]> multiGet(Column column, List<byte[]> keys) {
      return kv.multiGet(column, keys);
    }

    @Override
    public void scan(Column column, byte[] from, byte[] to, Visitor visitor) {
      kv.scan(column, from, to, visitor);
    }

    @Override
    public byte[][] last(Column column, byte[] from, byte[] to) {
      return kv.last(column, from, to);
    }

    @Override
    public List<byte[][]> lastBefore(Column column, List<byte[]> keys) {
      return kv.lastBefore(column, keys);
    }

    @Override
    public void write(KvBatch batch) {
      writeUnsynced(batch);
      sync();
    }

    @Override
    public void writeUnsynced(KvBatch batch) {
      if (holdAndFailWrite) {
        writeEntered.countDown();
        await(releaseWrite);
        throw new LedgerException(LedgerError.STORE_IO, "test: the disk is gone");
      }
      kv.writeUnsynced(batch);
    }

    @Override
    public void sync() {
      syncs.incrementAndGet();
      if (holdSync) {
        syncEntered.countDown();
        await(releaseSync);
      }
      if (failSync) {
        throw new LedgerException(LedgerError.STORE_IO, "test: fsync failed");
      }
    }

    @Override
    public void close() {
      kv.close();
    }

    private static void await(CountDownLatch latch) {
      try {
        assertTrue(latch.await(30, TimeUnit.SECONDS), "the test never released the store");
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  private static PendingRecord record(String nonce, String subject) {
    return new PendingRecord(("signed:" + nonce).getBytes(StandardCharsets.UTF_8),
        Sha256.hash(("body:" + nonce).getBytes(StandardCharsets.UTF_8)), List.of(subject));
  }

  private static String note(TreeHead head) {
    return "note for size " + head.size();
  }

  // A thread of its own for each append: they must run at the same time, whatever the pool size.
  private static CompletableFuture<List<Appended>> appendInBackground(LedgerStore store, List<PendingRecord> batch) {
    return CompletableFuture.supplyAsync(() -> store.append(batch, TIME, PipelinedAppendTest::note),
        task -> new Thread(task, "append").start());
  }

  private static void assertStillWaiting(CompletableFuture<?> append) throws Exception {
    assertThrows(TimeoutException.class, () -> append.get(300, TimeUnit.MILLISECONDS),
        "answered before its batch was synced");
  }

  @Test
  void aBatchWaitingForItsSync_isNeitherVisibleNorAnswered_andADuplicateWaitsForIt() throws Exception {
    HeldKvStore kv = new HeldKvStore();
    try (LedgerStore store = new KvLedgerStore(kv, "held", false, n -> {})) {
      kv.holdSync = true;
      CompletableFuture<List<Appended>> first = appendInBackground(store, List.of(record("a", "lot-1"), record("b", "lot-1")));
      assertTrue(kv.syncEntered.await(30, TimeUnit.SECONDS), "first batch never reached its sync");

      // Written but not durable: readers see the empty store, and the append has not answered.
      assertStillWaiting(first);
      assertEquals(0, store.size());
      assertFalse(store.indexOfRecord(record("a", "lot-1").recordHash()).isPresent());
      assertEquals(List.of(), store.subjectHistory("lot-1", 0, 10));
      assertFalse(store.checkpoint(2).isPresent(), "a checkpoint of a size not yet durable");
      assertFalse(store.latestCheckpoint().isPresent());
      assertEquals(LedgerError.INDEX_OUT_OF_RANGE, assertThrows(LedgerException.class, () -> store.entry(0)).error());
      // Full verification covers the published tree; the written batch's rows are not corruption.
      store.verifyAll(n -> {});

      // A second batch repeats one of those records: it gets the first batch's index, and an
      // answer only once that index is durable too.
      CompletableFuture<List<Appended>> second = appendInBackground(store, List.of(record("b", "lot-1"), record("c", "lot-1")));
      assertStillWaiting(second);

      kv.releaseSync.countDown();
      List<Appended> firstResults = first.get(30, TimeUnit.SECONDS);
      List<Appended> secondResults = second.get(30, TimeUnit.SECONDS);
      assertEquals(List.of(0L, 1L), firstResults.stream().map(Appended::index).toList());
      assertFalse(firstResults.get(1).duplicate());
      assertEquals(new Appended(1, firstResults.get(1).leafHash(), true), secondResults.get(0));
      assertEquals(2, secondResults.get(1).index());
      assertEquals(3, store.size());
      assertEquals(note(store.head()), store.latestCheckpoint().orElseThrow());
      // The chain of lot-1 runs through both batches: the second links to the first's last entry.
      assertEquals(List.of(0L, 1L, 2L), store.subjectHistory("lot-1", 0, 10).stream().map(StoredEntry::index).toList());
      store.verifyAll(n -> {});
    }
  }

  @Test
  void appendsWithAReplicationPosition_areNotSyncedUntilSyncIsCalled() {
    HeldKvStore kv = new HeldKvStore();
    try (LedgerStore store = new KvLedgerStore(kv, "replicated", false, n -> {})) {
      int syncsBefore = kv.syncs.get(); // opening a new store writes its format
      store.append(List.of(record("a", "lot-1")), TIME, PipelinedAppendTest::note, new LogPosition(1, 1));
      store.append(List.of(record("b", "lot-1")), TIME, PipelinedAppendTest::note, new LogPosition(1, 2));
      assertEquals(syncsBefore, kv.syncs.get(), "the replication log is the durable copy: no sync per batch");
      assertEquals(2, store.size(), "applied batches are readable at once");
      assertEquals(new LogPosition(1, 2), store.appliedPosition().orElseThrow());

      store.sync();
      assertEquals(syncsBefore + 1, kv.syncs.get(), "sync() makes them durable before the log is purged");
      store.append(List.of(record("c", "lot-1")), TIME, PipelinedAppendTest::note);
      assertEquals(syncsBefore + 2, kv.syncs.get(), "an append without a position is synced");
    }
  }

  @Test
  void aFailedSync_answersWithTheError_publishesNothing_andStopsFurtherAppends() {
    HeldKvStore kv = new HeldKvStore();
    try (LedgerStore store = new KvLedgerStore(kv, "failing-sync", false, n -> {})) {
      store.append(List.of(record("before", "lot-1")), TIME, PipelinedAppendTest::note);
      TreeHead before = store.head();
      kv.failSync = true;

      LedgerException failed = assertThrows(LedgerException.class,
          () -> store.append(List.of(record("lost", "lot-1")), TIME, PipelinedAppendTest::note));
      assertEquals(LedgerError.STORE_IO, failed.error());
      assertTrue(failed.getMessage().contains("fsync failed"), failed.getMessage());
      assertEquals(before, store.head(), "nothing of the failed batch is published");
      assertFalse(store.indexOfRecord(record("lost", "lot-1").recordHash()).isPresent());

      kv.failSync = false;
      LedgerException stopped = assertThrows(LedgerException.class,
          () -> store.append(List.of(record("after", "lot-1")), TIME, PipelinedAppendTest::note));
      assertEquals(LedgerError.STORE_IO, stopped.error());
      assertTrue(stopped.getMessage().contains("reopen"), stopped.getMessage());
      assertEquals(before, store.head());
      assertEquals(before.size(), store.entry(0).index() + 1, "what was durable is still readable");
    }
  }

  @Test
  void aFailedWrite_failsTheBatchStagedBehindIt_andPublishesNeither() throws Exception {
    HeldKvStore kv = new HeldKvStore();
    try (LedgerStore store = new KvLedgerStore(kv, "failing-write", false, n -> {})) {
      int syncsBefore = kv.syncs.get(); // opening a new store writes its format
      kv.holdAndFailWrite = true;
      CompletableFuture<List<Appended>> first = appendInBackground(store, List.of(record("a", "lot-1")));
      assertTrue(kv.writeEntered.await(30, TimeUnit.SECONDS), "first batch never reached its write");
      // Staged on top of the first batch (its entry links to it), waiting for its turn to write.
      CompletableFuture<List<Appended>> second = appendInBackground(store, List.of(record("b", "lot-1")));
      assertStillWaiting(second);

      kv.releaseWrite.countDown();
      for (CompletableFuture<List<Appended>> append : List.of(first, second)) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> append.get(30, TimeUnit.SECONDS));
        LedgerException cause = (LedgerException) e.getCause();
        assertEquals(LedgerError.STORE_IO, cause.error(), cause.getMessage());
      }
      assertEquals(0, store.size());
      assertEquals(syncsBefore, kv.syncs.get(), "nothing after a failed write is synced as if it were stored");
    }
  }
}
