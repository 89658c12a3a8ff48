package org.baytrace.ledger.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.baytrace.ledger.record.ParsedRecord;
import org.baytrace.ledger.record.RecordLimits;
import org.baytrace.ledger.record.Records;
import org.baytrace.ledger.verify.VerificationException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Checking a typical signed record of about 500 bytes (one signature) as the ledger does before
 * appending: {@code Records.parse} (shape, limits, key decoding, body hash) and
 * {@code Records.verifySignatures}. Scores are records per second on one thread.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx4g"})
@State(Scope.Thread)
public class RecordBench {
  private byte[] signedRecord;

  @Setup
  public void setUp() throws VerificationException {
    signedRecord = BenchData.typicalSignedRecord(BenchData.authorKey(), 1, new SplittableRandom(1));
    if (signedRecord.length < 450 || signedRecord.length > 550) {
      throw new IllegalStateException("typical record: got " + signedRecord.length + " bytes, want about 500");
    }
    Records.verifySignatures(Records.parse(signedRecord, RecordLimits.DEFAULT));
    System.out.println("typical signed record: " + signedRecord.length + " bytes");
  }

  /** Shape checks only, including decoding the author's key point and hashing the body. */
  @Benchmark
  public ParsedRecord parse(CpuShare cpu) {
    return Records.parse(signedRecord, RecordLimits.DEFAULT);
  }

  /** Parse and verify: what admitting one record costs before it reaches the store. */
  @Benchmark
  public ParsedRecord parseAndVerify(CpuShare cpu) throws VerificationException {
    ParsedRecord r = Records.parse(signedRecord, RecordLimits.DEFAULT);
    Records.verifySignatures(r);
    return r;
  }
}
