package org.baytrace.tools;

import java.io.PrintStream;

/**
 * A progress bar for long offline work (fsck, migrate): on a terminal one line redrawn in place,
 * otherwise (a log file, a pipe) a plain line at most every ten seconds. Not thread-safe.
 */
final class ProgressBar {
  private static final int WIDTH = 30;

  private final PrintStream out;
  private final String what;
  private final long total;
  private final boolean terminal;
  private final long start = System.nanoTime();
  private long lastPrint;

  ProgressBar(PrintStream out, String what, long total) {
    this.out = out;
    this.what = what;
    this.total = Math.max(total, 0);
    this.terminal = System.console() != null;
  }

  void update(long done) {
    long now = System.nanoTime();
    if (now - lastPrint < (terminal ? 200_000_000L : 10_000_000_000L) && done < total) {
      return;
    }
    lastPrint = now;
    double secs = Math.max((now - start) / 1e9, 1e-3);
    double rate = done / secs;
    double fraction = total == 0 ? 1 : Math.min(1.0, (double) done / total);
    int filled = (int) Math.round(fraction * WIDTH);
    String eta = rate > 0 && done < total ? String.format(", %.0f s left", (total - done) / rate) : "";
    String line = String.format("baytrace: %s [%s%s] %3.0f%% %,d / %,d entries, %,.0f/s%s", what, "#".repeat(filled),
        " ".repeat(WIDTH - filled), fraction * 100, done, total, rate, eta);
    if (terminal) {
      out.print("\r" + line);
    } else {
      out.println(line);
    }
    out.flush();
  }

  /** Ends the bar's line; returns the seconds it took. */
  double finish() {
    if (terminal && lastPrint != 0) {
      out.println();
    }
    return (System.nanoTime() - start) / 1e9;
  }
}
