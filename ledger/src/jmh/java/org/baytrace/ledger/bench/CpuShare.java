package org.baytrace.ledger.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * How much of each iteration the benchmark thread actually ran on a CPU, reported by JMH as the
 * secondary result {@code cpuPercent}: CPU time in hundredths of a second, which JMH divides by
 * the iteration's seconds, so the figure (printed with the unit "ops/s") is a percentage of one
 * core, averaged over iterations and summed over threads. On a shared machine other processes
 * take CPU time away; dividing a CPU-bound score by {@code cpuPercent / 100} estimates what a
 * whole core would do. Thread-confined, like every {@code Scope.Thread} state.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class CpuShare {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** This thread's CPU time during the iteration, in hundredths of a second. */
  public double cpuPercent;

  private long cpuStart;

  @Setup(Level.Iteration)
  public void start() {
    cpuStart = THREADS.getCurrentThreadCpuTime();
  }

  @TearDown(Level.Iteration)
  public void stop() {
    cpuPercent = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e7;
  }
}
