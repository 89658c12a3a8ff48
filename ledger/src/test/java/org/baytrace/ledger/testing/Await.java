package org.baytrace.ledger.testing;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * Waits in a test for what another thread, node or process makes true: polls until a condition
 * holds or the timeout passes, then fails with what was awaited and the last value seen. The one
 * way tests wait; no test writes its own sleep loop.
 *
 * <p>A probe that throws fails the wait at once with its exception as the cause (a probe that
 * may fail while a server starts catches that itself). Stateless and thread-safe.
 */
public final class Await {
  private static final long POLL_MILLIS = 10;

  private Await() {}

  /** A value read again on every poll. */
  @FunctionalInterface
  public interface Probe<T> {
    T read() throws Exception;
  }

  /** A condition tested again on every poll. */
  @FunctionalInterface
  public interface Condition {
    boolean holds() throws Exception;
  }

  /**
   * Polls until {@code condition} holds.
   *
   * @throws AssertionError naming {@code what} if it does not hold within {@code timeout}
   */
  public static void until(String what, Duration timeout, Condition condition) {
    until(what, timeout, condition::holds, Boolean::booleanValue);
  }

  /**
   * Polls {@code probe} until {@code done} accepts its value, and returns that value.
   *
   * @throws AssertionError naming {@code what} and the last value read if none is accepted
   *     within {@code timeout}
   */
  public static <T> T until(String what, Duration timeout, Probe<T> probe, Predicate<? super T> done) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      T value;
      try {
        value = probe.read();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(what + ": interrupted while waiting", e);
      } catch (Exception e) {
        throw new AssertionError(what + ": the probe failed: " + e, e);
      }
      if (done.test(value)) {
        return value;
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new AssertionError(what + ": not within " + timeout.toMillis() + " ms; last seen: " + value);
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(what + ": interrupted while waiting", e);
      }
    }
  }
}
