package org.baytrace.ledger.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.baytrace.ledger.LedgerStore;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.store.LedgerStores;
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
 * Proofs from a RocksDB store of {@code entries} entries (one million by default), built once per
 * fork in batches of 1,000 with sync, then reopened (without full verification) so reads go
 * through a freshly opened database. Each call asks for a proof at a uniformly random index
 * (or old size) against the full tree size. Scores are proofs per second on one thread.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx4g"})
@State(Scope.Benchmark)
public class ProofBench {
  @Param({"1000000"})
  public long entries;

  private Path dir;
  private LedgerStore store;
  private long size;

  @Setup(Level.Trial)
  public void setUp() {
    dir = BenchData.tempDir("proofs");
    Path ledger = dir.resolve("ledger");
    long start = System.nanoTime();
    try (LedgerStore building = LedgerStores.openRocksDb(ledger, false, n -> {})) {
      BenchData.fill(building, new BenchData.PendingSupply(), entries, 1_000);
    }
    long built = System.nanoTime();
    store = LedgerStores.openRocksDb(ledger, false, n -> {});
    size = store.size();
    if (size != entries) {
      throw new IllegalStateException("store has " + size + " entries, want " + entries);
    }
    System.out.printf("built %,d entries in %.1f s (%,.0f entries/s with sync per batch of 1,000)%n",
        entries, (built - start) / 1e9, entries / ((built - start) / 1e9));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    store.close();
    BenchData.deleteRecursively(dir);
  }

  /** Inclusion proof of a random entry in the whole tree (20 hashes at one million). */
  @Benchmark
  public List<Hash32> inclusionProof(CpuShare cpu) {
    return store.inclusionProof(ThreadLocalRandom.current().nextLong(size), size);
  }

  /** Consistency proof from a random earlier size to the whole tree. */
  @Benchmark
  public List<Hash32> consistencyProof(CpuShare cpu) {
    return store.consistencyProof(1 + ThreadLocalRandom.current().nextLong(size - 1), size);
  }
}
