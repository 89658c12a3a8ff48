package org.baytrace.tracking.node.admin;

import java.util.concurrent.CancellationException;
import java.util.logging.Logger;
import org.baytrace.ledger.LedgerStore;
import org.baytrace.ledger.error.LedgerException;

/**
 * The background scrub: a full verification of the running node's store ({@link
 * LedgerStore#verifyAll}) every {@code interval}, on one daemon thread that rests three times as
 * long as it works, so that appends keep the CPU. Reports through {@link NodeMetrics} (verified
 * entries, last success, failures) and one log line per pass. A store found corrupt is reported,
 * not repaired: the operator stops the node and runs {@code baytrace fsck}.
 */
public final class Scrub implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Scrub.class.getName());
  private static final long MAX_REST_MILLIS = 2_000;

  private final LedgerStore store;
  private final long intervalMillis;
  private final Thread thread;
  private volatile boolean closed;
  private volatile long verifiedEntries;
  private volatile long lastSuccessMillis;
  private volatile long failures;

  private Scrub(LedgerStore store, long intervalMillis, long firstDelayMillis) {
    this.store = store;
    this.intervalMillis = intervalMillis;
    this.thread = new Thread(() -> loop(firstDelayMillis), "baytrace-scrub");
    thread.setDaemon(true);
    thread.setPriority(Thread.MIN_PRIORITY);
  }

  /** Starts scrubbing {@code store} every {@code intervalMillis}, the first pass after {@code firstDelayMillis}. */
  public static Scrub start(LedgerStore store, long intervalMillis, long firstDelayMillis) {
    Scrub s = new Scrub(store, intervalMillis, firstDelayMillis);
    s.thread.start();
    return s;
  }

  long verifiedEntries() {
    return verifiedEntries;
  }

  long lastSuccessMillis() {
    return lastSuccessMillis;
  }

  long failures() {
    return failures;
  }

  private void loop(long firstDelayMillis) {
    long delay = firstDelayMillis;
    while (!closed) {
      try {
        Thread.sleep(delay);
      } catch (InterruptedException e) {
        return;
      }
      delay = intervalMillis;
      pass();
    }
  }

  private void pass() {
    long start = System.currentTimeMillis();
    long[] workedSince = {System.nanoTime()};
    try {
      store.verifyAll(n -> {
        verifiedEntries = n;
        rest(workedSince);
      });
      lastSuccessMillis = System.currentTimeMillis();
      LOG.info(() -> "scrub: verified all " + verifiedEntries + " entries in "
          + (System.currentTimeMillis() - start) / 1000 + " s");
    } catch (CancellationException e) {
      // closing
    } catch (LedgerException e) {
      if (closed) {
        return;
      }
      failures++;
      LOG.severe("scrub: the store is damaged: " + e.getMessage() + "; stop the node and run baytrace fsck");
    }
  }

  // Called between chunks of entries (inside the store's scan): rests three times the time worked.
  private void rest(long[] workedSince) {
    if (closed) {
      throw new CancellationException("node stopping");
    }
    long worked = (System.nanoTime() - workedSince[0]) / 1_000_000;
    try {
      Thread.sleep(Math.min(MAX_REST_MILLIS, 3 * worked));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("node stopping");
    }
    workedSince[0] = System.nanoTime();
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
