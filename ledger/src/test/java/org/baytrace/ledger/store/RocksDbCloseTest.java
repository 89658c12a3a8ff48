package org.baytrace.ledger.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.baytrace.ledger.Appended;
import org.baytrace.ledger.LedgerStore;
import org.baytrace.ledger.PendingRecord;
import org.baytrace.ledger.crypto.Sha256;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.testing.Await;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing a RocksDB store while other threads append to it and read from it: close waits for
 * the native calls in progress (freeing RocksDB's handles under them would crash the process),
 * every later call fails with CLOSED, and the store reopens with every acknowledged entry.
 */
class RocksDbCloseTest {
  private static final long TIME = 1_764_000_000_000L;

  @TempDir Path dir;

  @RepeatedTest(5)
  void closeWhileAppendingAndReading_laterCallsFailWithClosed_andEveryAcknowledgedEntryIsKept() throws Exception {
    LedgerStore store = LedgerStores.openRocksDb(dir);
    AtomicLong acknowledged = new AtomicLong(-1); // highest index an append returned
    ConcurrentLinkedQueue<Throwable> endings = new ConcurrentLinkedQueue<>();
    ExecutorService threads = Executors.newFixedThreadPool(3);
    List<Future<?>> running = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      int writer = t;
      running.add(threads.submit(() -> {
        try {
          for (int b = 0; ; b++) {
            List<PendingRecord> batch = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
              byte[] bytes = ("writer " + writer + " batch " + b + " record " + i).getBytes(StandardCharsets.UTF_8);
              batch.add(new PendingRecord(bytes, Sha256.hash(bytes), List.of("lot-" + (i % 7), "item-" + writer + "-" + b + "-" + i)));
            }
            List<Appended> appended;
            synchronized (store) { // writers take turns, as the ledger's write lock makes them
              appended = StoreAppends.append(store, batch, TIME, null);
            }
            for (Appended a : appended) {
              acknowledged.accumulateAndGet(a.index(), Math::max);
            }
          }
        } catch (Throwable e) {
          endings.add(e);
        }
      }));
    }
    running.add(threads.submit(() -> {
      try {
        while (true) {
          long size = store.size();
          if (size > 0) {
            store.entry(size - 1);
            store.inclusionProof(size / 2, size);
            store.subjectHistory("lot-3", 0, 20);
          }
        }
      } catch (Throwable e) {
        endings.add(e);
      }
    }));
    Await.until("2,000 appends acknowledged", Duration.ofSeconds(60), () -> acknowledged.get() >= 2_000);
    store.close();
    for (Future<?> f : running) {
      f.get(30, TimeUnit.SECONDS);
    }
    threads.shutdown();

    assertEquals(3, endings.size());
    for (Throwable e : endings) {
      LedgerException le = assertInstanceOf(LedgerException.class, e, () -> "a call after close ended with " + e);
      assertEquals(LedgerError.CLOSED, le.error(), le::toString);
    }
    try (LedgerStore reopened = LedgerStores.openRocksDb(dir)) { // verifies every entry, link and subject row
      long kept = acknowledged.get();
      assertTrue(reopened.size() > kept, () -> "size " + reopened.size() + " after acknowledging index " + kept);
      reopened.entry(kept);
    }
  }
}
