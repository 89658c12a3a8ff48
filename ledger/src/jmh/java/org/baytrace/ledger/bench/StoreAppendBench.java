package org.baytrace.ledger.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.baytrace.ledger.Appended;
import org.baytrace.ledger.LedgerStore;
import org.baytrace.ledger.TreeHead;
import org.baytrace.ledger.store.LedgerStores;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * An append to RocksDB in a temp directory as {@code Ledger} makes it ({@link LedgerStore#prepare},
 * then {@link LedgerStore#commit}): one call is one atomic
 * {@code WriteBatch} written with {@code sync=true}, as in production. Each record is new
 * (new record hash, a new item subject and one of 1,000 lot subjects), so every append does a
 * de-duplication miss and a chain-head look-up for a subject not seen before.
 *
 * <p>The primary score is <b>batches (append calls) per second</b>; the secondary score
 * {@code append:entries} is <b>entries per second</b> (= batches/s × batchSize), which is the
 * figure to compare with the Ed25519 verify rate. With {@code checkpoint=true} every append also
 * signs the new tree head with Ed25519 and stores the note in the same batch, as
 * {@code Ledger.append} does. The store starts empty in each trial and grows through it.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 4)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx4g"})
@State(Scope.Thread)
public class StoreAppendBench {
  @Param({"1", "100", "1000"})
  public int batchSize;

  @Param({"false", "true"})
  public boolean checkpoint;

  private Path dir;
  private LedgerStore store;
  private BenchData.PendingSupply supply;
  private Function<TreeHead, String> signer;

  /** Entries appended, reported by JMH as a rate next to the batch rate. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Entries {
    public long entries;

    @Setup(Level.Iteration)
    public void reset() {
      entries = 0;
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    dir = BenchData.tempDir("append");
    store = LedgerStores.openRocksDb(dir.resolve("ledger"), false, n -> {});
    supply = new BenchData.PendingSupply();
    signer = checkpoint ? BenchData.checkpointSigner() : null;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    store.close();
    BenchData.deleteRecursively(dir);
  }

  @Benchmark
  public List<Appended> append(Entries counter, CpuShare cpu) {
    List<Appended> result = BenchData.append(store, supply.batch(batchSize), signer);
    counter.entries += batchSize;
    return result;
  }
}
