package org.baytrace.ledger.testing;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits in a test for what another thread, node or process makes true: polls until a condition
 * holds or the timeout passes, then fails with what was awaited and the last value seen. The one
 * way tests wait; no test writes its own sleep loop.
 *
 * <p>A probe that throws fails the wait at once with its exception as the cause (a probe that
 * may fail while a server starts catches that itself). A {@code context} supplier, where given,
 * is asked only when the wait fails and its text is added to the failure: what helps to find out
 * why (the logs of the processes waited for, the page as it stands). Stateless and thread-safe.
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
    until(what, timeout, condition::holds, Boolean::booleanValue, () -> "");
  }

  /**
   * Polls until {@code condition} holds.
   *
   * @throws AssertionError naming {@code what}, followed by {@code context}'s text, if it does not
   *     hold within {@code timeout}
   */
  public static void until(String what, Duration timeout, Condition condition, Supplier<String> context) {
    until(what, timeout, condition::holds, Boolean::booleanValue, context);
  }

  /**
   * Polls {@code probe} until {@code done} accepts its value, and returns that value.
   *
   * @throws AssertionError naming {@code what} and the last value read if none is accepted
   *     within {@code timeout}
   */
  public static <T> T until(String what, Duration timeout, Probe<T> probe, Predicate<? super T> done) {
    return until(what, timeout, probe, done, () -> "");
  }

  /**
   * Polls {@code probe} until {@code done} accepts its value, and returns that value.
   *
   * @throws AssertionError naming {@code what} and the last value read, followed by {@code
   *     context}'s text, if none is accepted within {@code timeout}
   */
  public static <T> T until(String what, Duration timeout, Probe<T> probe, Predicate<? super T> done,
      Supplier<String> context) {
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
        throw new AssertionError(what + ": not within " + timeout.toMillis() + " ms; last seen: " + value
            + context.get());
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
