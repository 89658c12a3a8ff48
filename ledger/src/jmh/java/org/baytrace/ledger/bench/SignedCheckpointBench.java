package org.baytrace.ledger.bench;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.baytrace.api.ledger.v1.SignedRecord;
import org.baytrace.ledger.Appended;
import org.baytrace.ledger.AuthorPolicy;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.LedgerConfig;
import org.baytrace.ledger.LedgerStore;
import org.baytrace.ledger.SignedCheckpointFile;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.record.ParsedRecord;
import org.baytrace.ledger.record.RecordLimits;
import org.baytrace.ledger.record.Records;
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
 * What the signed-checkpoint file costs a single node per acknowledged batch: {@link Ledger#append}
 * on RocksDB (one synced write with the signed checkpoint, as a node's sequencer does per batch),
 * with {@code signedCheckpointFile=true} also replacing {@code signed-checkpoint} (temporary file,
 * fsync, rename, directory fsync) before it returns. Compare the two in one run: the ratio is the
 * cost. Records are checked once in set-up (distinct bodies; the check is measured elsewhere).
 *
 * <p>The primary score is acknowledged batches per second; {@code append:entries} is entries per
 * second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx4g"})
@State(Scope.Thread)
public class SignedCheckpointBench {
  @Param({"1", "100"})
  public int batchSize;

  @Param({"false", "true"})
  public boolean signedCheckpointFile;

  private Path dir;
  private Ledger ledger;
  private SignedRecord template;
  private SplittableRandom random;
  private long next;

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
  public void setUp() throws InvalidProtocolBufferException {
    dir = BenchData.tempDir("signed-checkpoint");
    LedgerStore store = LedgerStores.openRocksDb(dir.resolve("ledger"), false, n -> {});
    LedgerConfig config = new LedgerConfig(BenchData.ORIGIN, new NoteSigner("bench.baytrace.example",
        BenchData.authorKey()), AuthorPolicy.anyKey());
    ledger = signedCheckpointFile ? Ledger.open(config, store, SignedCheckpointFile.in(dir), false)
        : Ledger.open(config, store);
    random = new SplittableRandom(7);
    template = SignedRecord.parseFrom(BenchData.typicalSignedRecord(BenchData.authorKey(), 0, random));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    ledger.close();
    BenchData.deleteRecursively(dir);
  }

  // A distinct body under the template's signature: the ledger's append does not verify
  // signatures (the check before it does), so only the bytes and hashes matter here.
  private List<ParsedRecord> batch() {
    List<ParsedRecord> out = new ArrayList<>(batchSize);
    for (int i = 0; i < batchSize; i++) {
      byte[] signed = template.toBuilder().setBody(ByteString.copyFrom(BenchData.typicalBody(next++, random)))
          .build().toByteArray();
      out.add(Records.parse(signed, RecordLimits.DEFAULT));
    }
    return out;
  }

  @Benchmark
  public List<Appended> append(Entries counter, CpuShare cpu) {
    List<Appended> result = ledger.append(batch());
    counter.entries += batchSize;
    return result;
  }
}
