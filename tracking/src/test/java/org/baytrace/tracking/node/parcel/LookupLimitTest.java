package org.baytrace.tracking.node.parcel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The look-up limit: a burst per address, then one a refill interval; addresses apart. */
class LookupLimitTest {
  @Test
  void afterTheBurst_anAddressWaits_whileAnotherDoesNot_andTokensComeBackWithTime() {
    AtomicLong now = new AtomicLong(0);
    LookupLimit limit = new LookupLimit(30, 3, 1, now::get);
    for (int i = 0; i < 3; i++) {
      assertEquals(0, limit.take("192.0.2.1"));
    }
    assertEquals(2, limit.take("192.0.2.1")); // 30 a minute: one every 2 s
    assertEquals(0, limit.take("192.0.2.2"));
    now.addAndGet(2_000_000_000L);
    assertEquals(0, limit.take("192.0.2.1"));
    assertEquals(2, limit.take("192.0.2.1"));
  }
}
