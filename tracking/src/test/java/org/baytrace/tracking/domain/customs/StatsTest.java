package org.baytrace.tracking.domain.customs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Median and nearest-rank p90 against a naive computation, for every size up to 200. */
class StatsTest {
  static final double H = 3_600_000.0;

  /** Naive median: sort, then the middle one or the mean of the middle two. */
  static double naiveMedian(List<Long> values) {
    List<Long> s = new ArrayList<>(values);
    s.sort(null);
    int n = s.size();
    return (n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2.0) / H;
  }

  /** Naive p90: the smallest value with at least 90 % of the values at or below it. */
  static double naiveP90(List<Long> values) {
    for (long candidate : values.stream().sorted().toList()) {
      long atOrBelow = values.stream().filter(v -> v <= candidate).count();
      if (atOrBelow * 10 >= 9L * values.size()) {
        return candidate / H;
      }
    }
    throw new AssertionError();
  }

  @Test
  void matchesNaive_forEverySizeUpTo200() {
    Random random = new Random(42);
    for (int n = 1; n <= 200; n++) {
      List<Long> values = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        values.add((long) random.nextInt(200 * 3_600_000) - 3_600_000); // a few negative (pre-arrival lodgement)
      }
      Stats s = Stats.of(values);
      assertEquals(n, s.count());
      assertEquals(naiveMedian(values), s.medianHours(), 1e-9, "n=" + n);
      assertEquals(naiveP90(values), s.p90Hours(), 1e-9, "n=" + n);
    }
  }

  @Test
  void knownAnswers() {
    assertEquals(new Stats(1, 2.0, 2.0), Stats.of(List.of(2 * 3_600_000L)));
    Stats ten = Stats.of(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L).stream().map(h -> h * 3_600_000L).toList());
    assertEquals(5.5, ten.medianHours());
    assertEquals(9.0, ten.p90Hours());
    assertNull(Stats.of(List.of()));
  }
}
