package org.baytrace.tracking.node.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per key (an organisation, a client address): each refills at {@code perMinute}
 * tokens a minute up to {@code burst}, and each request takes one. At most {@code maxKeys} buckets
 * are kept; beyond that, full (idle) ones are dropped, as a full bucket is what a new key gets.
 * Thread-safe.
 */
public final class TokenBuckets {
  private final double tokensPerNano;
  private final int burst;
  private final int maxKeys;
  private final LongSupplier nanoClock;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  public TokenBuckets(int perMinute, int burst, int maxKeys, LongSupplier nanoClock) {
    this.tokensPerNano = perMinute / 60e9;
    this.burst = burst;
    this.maxKeys = maxKeys;
    this.nanoClock = nanoClock;
  }

  /** Takes a token for {@code key}: 0, or the whole seconds (at least 1) until one is there. */
  public long take(String key) {
    long now = nanoClock.getAsLong();
    if (buckets.size() >= maxKeys) {
      buckets.values().removeIf(b -> b.full(now));
    }
    long waitNanos = buckets.computeIfAbsent(key, k -> new Bucket(burst, now)).take(now);
    return waitNanos <= 0 ? 0 : Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
  }

  public int perMinute() {
    return (int) Math.round(tokensPerNano * 60e9);
  }

  public int burst() {
    return burst;
  }

  private final class Bucket {
    private double tokens;
    private long last;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.last = now;
    }

    /** Takes a token and returns 0, or returns the nanoseconds until one is there. */
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
