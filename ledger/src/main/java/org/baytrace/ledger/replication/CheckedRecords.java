package org.baytrace.ledger.replication;

import java.util.concurrent.ConcurrentHashMap;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.crypto.Sha256;
import org.baytrace.ledger.record.ParsedRecord;
import org.baytrace.ledger.record.SignedHere;
import org.baytrace.ledger.sequencer.Sequencer;

/**
 * Records this node checked before proposing them, so that applying its own batches does not
 * verify their signatures a second time (a third of the signature work of a three-member group).
 * Every other member still checks every record when it applies it. Keyed by the SHA-256 of the
 * exact SignedRecord bytes; bounded: when full, records are simply checked again at apply.
 *
 * <p>Thread-safe.
 */
final class CheckedRecords {
  private static final int MAX = 200_000;

  private final ConcurrentHashMap<Hash32, ParsedRecord> checked = new ConcurrentHashMap<>();

  /** Wraps a checker so that what it accepts is remembered for {@link #take}. */
  Sequencer.RecordChecker remembering(Sequencer.RecordChecker checker) {
    return new Sequencer.RecordChecker() {
      @Override
      public ParsedRecord check(byte[] bytes) {
        return remember(bytes, checker.check(bytes));
      }

      @Override
      public ParsedRecord check(SignedHere signed) {
        ParsedRecord r = checker.check(signed);
        return remember(r.signedRecordBytes(), r);
      }
    };
  }

  private ParsedRecord remember(byte[] bytes, ParsedRecord r) {
    if (checked.size() < MAX) {
      checked.put(Sha256.hash(bytes), r);
    }
    return r;
  }

  /** The record as this node checked it, if it did; forgotten once taken. */
  ParsedRecord take(byte[] signedRecord) {
    return checked.isEmpty() ? null : checked.remove(Sha256.hash(signedRecord));
  }
}
