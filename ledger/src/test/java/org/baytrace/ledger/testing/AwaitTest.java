package org.baytrace.ledger.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {

  @Test
  void until_returnsTheFirstAcceptedValue() {
    AtomicInteger polls = new AtomicInteger();
    int seen = Await.until("three polls", Duration.ofSeconds(5), polls::incrementAndGet, n -> n >= 3);
    assertEquals(3, seen);
  }

  @Test
  void until_timedOut_failsNamingWhatWasAwaitedAndTheLastValue() {
    AssertionError e = assertThrows(AssertionError.class,
        () -> Await.until("the answer", Duration.ofMillis(50), () -> 41, n -> n == 42));
    assertEquals("the answer: not within 50 ms; last seen: 41", e.getMessage());
  }

  @Test
  void until_timedOut_addsTheContextToTheFailure_askingForItOnlyThen() {
    AtomicInteger asked = new AtomicInteger();
    AssertionError e = assertThrows(AssertionError.class, () -> Await.until("the answer", Duration.ofMillis(50),
        () -> 41, n -> n == 42, () -> "\nnode log: " + asked.incrementAndGet()));
    assertEquals("the answer: not within 50 ms; last seen: 41\nnode log: 1", e.getMessage());

    Await.until("the answer", Duration.ofSeconds(5), () -> 42, n -> n == 42, () -> "" + asked.incrementAndGet());
    Await.until("it holds", Duration.ofSeconds(5), () -> true, () -> "" + asked.incrementAndGet());
    assertEquals(1, asked.get(), "the context is not asked for by a wait that succeeds");
  }

  @Test
  void until_aConditionThatNeverHolds_failsWithItsContext() {
    AssertionError e = assertThrows(AssertionError.class,
        () -> Await.until("never", Duration.ofMillis(20), () -> false, () -> "; the page: <p>loading</p>"));
    assertTrue(e.getMessage().startsWith("never: not within 20 ms"), e.getMessage());
    assertTrue(e.getMessage().endsWith("last seen: false; the page: <p>loading</p>"), e.getMessage());
  }

  @Test
  void until_aConditionThatNeverHolds_fails() {
    AssertionError e = assertThrows(AssertionError.class, () -> Await.until("never", Duration.ofMillis(20), () -> false));
    assertTrue(e.getMessage().startsWith("never: not within 20 ms"), e.getMessage());
  }

  @Test
  void until_aProbeThatThrows_failsAtOnceWithTheCause() {
    IOException cause = new IOException("connection refused");
    AssertionError e = assertThrows(AssertionError.class, () -> Await.until("the node answers", Duration.ofSeconds(30), () -> {
      throw cause;
    }, v -> true));
    assertSame(cause, e.getCause());
    assertTrue(e.getMessage().startsWith("the node answers: the probe failed"), e.getMessage());
  }
}
