package org.baytrace.tracking.node.parcel;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.baytrace.tracking.node.http.TokenBuckets;

/**
 * The limit on parcel look-ups, which each cost one Argon2id derivation: a token bucket per client
 * address ({@code perMinute} a minute, bursts of {@code burst}), so that guessing codes over HTTP
 * is as slow as the derivation makes it offline, and at most {@code concurrent} derivations at
 * once, so that look-ups cannot take every core or much memory from the node. Thread-safe.
 */
final class LookupLimit {
  /** Buckets kept before idle ones are dropped. */
  static final int MAX_ADDRESSES = 10_000;

  private final TokenBuckets buckets;
  private final Semaphore derivations;

  LookupLimit(int perMinute, int burst, int concurrent, LongSupplier nanoClock) {
    this.buckets = new TokenBuckets(perMinute, burst, MAX_ADDRESSES, nanoClock);
    this.derivations = new Semaphore(concurrent, true);
  }

  /** Takes a token for {@code address}: 0, or the whole seconds until one is there. */
  long take(String address) {
    return buckets.take(address);
  }

  /** Runs one derivation when a slot is free within 10 s; null if none was. */
  <T> T derive(java.util.function.Supplier<T> work) throws InterruptedException {
    if (!derivations.tryAcquire(10, TimeUnit.SECONDS)) {
      return null;
    }
    try {
      return work.get();
    } finally {
      derivations.release();
    }
  }

  int perMinute() {
    return buckets.perMinute();
  }
}
