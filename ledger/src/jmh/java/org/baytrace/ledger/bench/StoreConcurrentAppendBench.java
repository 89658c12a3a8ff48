package org.baytrace.ledger.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.baytrace.ledger.store.Appended;
import org.baytrace.ledger.store.LedgerStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * {@link StoreAppendBench} with two threads appending to one RocksDB store, as a node's writer
 * does when it hands over the next batch before the last one is synced: each call is still one
 * batch that is synced before the call returns, but one batch is staged while the one before it
 * is written and synced (the store's group commit may cover both with one sync). Each thread
 * appends its own new records; the lot subjects are shared. Scores are summed over the threads.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 4)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx4g"})
@Threads(2)
public class StoreConcurrentAppendBench {
  /** The store all threads append to, and the parameters. */
  @State(Scope.Benchmark)
  public static class SharedStore {
    @Param({"100", "1000"})
    public int batchSize;

    @Param({"false", "true"})
    public boolean checkpoint;

    Path dir;
    LedgerStore store;
    LedgerStore.CheckpointSigner signer;

    @Setup(Level.Trial)
    public void setUp() {
      dir = BenchData.tempDir("concurrent-append");
      store = LedgerStore.openRocksDb(dir.resolve("ledger"), false, n -> {});
      signer = checkpoint ? BenchData.checkpointSigner() : null;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      store.close();
      BenchData.deleteRecursively(dir);
    }
  }

  /** This thread's records: ids and item subjects from a range of its own. */
  @State(Scope.Thread)
  public static class Supply {
    BenchData.PendingSupply records;

    @Setup(Level.Trial)
    public void setUp(ThreadParams thread) {
      records = new BenchData.PendingSupply((long) thread.getThreadIndex() << 40);
    }
  }

  @Benchmark
  public List<Appended> append(SharedStore shared, Supply supply, StoreAppendBench.Entries counter, CpuShare cpu) {
    List<Appended> result = shared.store.append(supply.records.batch(shared.batchSize), BenchData.RECORD_TIME, shared.signer);
    counter.entries += shared.batchSize;
    return result;
  }
}
