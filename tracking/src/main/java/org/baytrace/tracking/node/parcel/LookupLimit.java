package org.baytrace.tracking.node.parcel;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The limit on parcel look-ups, which each cost one Argon2id derivation: a token bucket per client
 * address ({@code perMinute} a minute, bursts of {@code burst}), so that guessing codes over HTTP
 * is as slow as the derivation makes it offline, and at most {@code concurrent} derivations at
 * once, so that look-ups cannot take every core or much memory from the node. Thread-safe.
 */
final class LookupLimit {
  /** Buckets kept before idle ones are dropped. */
  static final int MAX_ADDRESSES = 10_000;

  private final double tokensPerNano;
  private final int burst;
  private final LongSupplier nanoClock;
  private final Semaphore derivations;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  LookupLimit(int perMinute, int burst, int concurrent, LongSupplier nanoClock) {
    this.tokensPerNano = perMinute / 60e9;
    this.burst = burst;
    this.nanoClock = nanoClock;
    this.derivations = new Semaphore(concurrent, true);
  }

  /** Takes a token for {@code address}: 0, or the whole seconds until one is there. */
  long take(String address) {
    long now = nanoClock.getAsLong();
    if (buckets.size() >= MAX_ADDRESSES) {
      buckets.values().removeIf(b -> b.full(now));
    }
    long waitNanos = buckets.computeIfAbsent(address, a -> new Bucket(burst, now)).take(now);
    return waitNanos <= 0 ? 0 : Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
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
    return (int) Math.round(tokensPerNano * 60e9);
  }

  private final class Bucket {
    private double tokens;
    private long last;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.last = now;
    }

    synchronized long take(long now) {
      tokens = Math.min(burst, tokens + (now - last) * tokensPerNano);
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return (long) Math.ceil((1 - tokens) / tokensPerNano);
    }

    synchronized boolean full(long now) {
      return tokens + (now - last) * tokensPerNano >= burst;
    }
  }
}
