package org.baytrace.ledger.bench;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.baytrace.ledger.Appended;
import org.baytrace.ledger.LedgerStore;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.leaf.Leaf;
import org.baytrace.ledger.leaf.LeafCodec;
import org.baytrace.ledger.merkle.Frontier;
import org.baytrace.ledger.merkle.Rfc9162;
import org.baytrace.ledger.store.LedgerStores;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-entry cost of growing the tree, in memory, with no I/O: (a) RFC 9162 leaf hash of a
 * typical LogEntry plus {@link Frontier#append} (the pure core), and (b) a whole
 * an append ({@link LedgerStore#prepare}, {@link LedgerStore#commit}) of one record on {@link LedgerStore#inMemory()} (entry encoding,
 * de-duplication, subject chains, tree nodes, tree head; no checkpoint). Scores are entries per
 * second on one thread. Each iteration starts from an empty tree or store.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx4g"})
@State(Scope.Thread)
public class TreeAppendBench {
  private byte[] leaf;
  private Frontier frontier;
  private BenchData.PendingSupply supply;
  private LedgerStore memoryStore;

  @Setup(Level.Trial)
  public void setUpTrial() {
    byte[] signed = BenchData.typicalSignedRecord(BenchData.authorKey(), 1, new SplittableRandom(1));
    Hash32 previous = Rfc9162.leafHash(new byte[] {1});
    leaf = LeafCodec.encode(123_456, BenchData.RECORD_TIME,
        List.of(new Leaf.Link(BenchData.itemSubject(1), null), new Leaf.Link(BenchData.lotSubject(1), previous)), signed);
    supply = new BenchData.PendingSupply();
  }

  @Setup(Level.Iteration)
  public void setUpIteration() {
    frontier = Frontier.empty();
    memoryStore = LedgerStores.inMemory();
  }

  @TearDown(Level.Iteration)
  public void tearDownIteration() {
    memoryStore.close();
  }

  /** Leaf hash of a typical LogEntry (about 600 bytes) and the frontier update it causes. */
  @Benchmark
  public List<Frontier.Node> leafHashAndFrontierAppend(CpuShare cpu) {
    return frontier.append(Rfc9162.leafHash(leaf));
  }

  /** One record appended to the in-memory store (one batch of one, no checkpoint). */
  @Benchmark
  public List<Appended> inMemoryStoreAppend(CpuShare cpu) {
    return BenchData.append(memoryStore, List.of(supply.next()), null);
  }
}
