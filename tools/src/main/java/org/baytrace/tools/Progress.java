package org.baytrace.tools;

/** Prints a progress line to stderr at most once a second. Not thread-safe. */
final class Progress {
  private final String what;
  private final long start = System.nanoTime();
  private long lastPrint = start;

  Progress(String what) {
    this.what = what;
  }

  void tick(long count) {
    tick(count, count);
  }

  /** Reports {@code sent} items, of which {@code answered} are finished. */
  void tick(long sent, long answered) {
    long now = System.nanoTime();
    if (now - lastPrint >= 1_000_000_000L) {
      lastPrint = now;
      double secs = (now - start) / 1e9;
      System.err.printf("baytrace: %s: %,d sent, %,d answered, %,.0f/s%n", what, sent, answered, answered / secs);
    }
  }

  void done(long count) {
    double secs = (System.nanoTime() - start) / 1e9;
    if (secs >= 1) {
      System.err.printf("baytrace: %s: %,d done in %.1f s%n", what, count, secs);
    }
  }
}
