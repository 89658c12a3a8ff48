package org.baytrace.tracking.domain.customs;

import java.util.List;

/**
 * Count, median and 90th percentile of durations, in hours. Median: the middle value, or the
 * mean of the two middle values for an even count. 90th percentile: nearest rank, the
 * ⌈0.9·n⌉-th smallest value. Immutable.
 */
public record Stats(int count, double medianHours, double p90Hours) {
  public static final double HOUR_MILLIS = 3_600_000.0;

  /** Statistics of durations in milliseconds; null when there are none. */
  public static Stats of(List<Long> millis) {
    if (millis.isEmpty()) {
      return null;
    }
    long[] v = millis.stream().mapToLong(Long::longValue).sorted().toArray();
    int n = v.length;
    double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + (double) v[n / 2]) / 2;
    long p90 = v[(int) Math.ceil(0.9 * n) - 1];
    return new Stats(n, median / HOUR_MILLIS, p90 / HOUR_MILLIS);
  }
}
