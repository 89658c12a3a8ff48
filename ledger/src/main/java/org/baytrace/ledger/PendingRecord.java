package org.baytrace.ledger;

import java.util.List;
import java.util.Set;
import org.baytrace.ledger.crypto.Hash32;

/**
 * A record the ledger has verified and wants appended: the exact SignedRecord bytes, its identity
 * for de-duplication (SHA-256 of the body), the subjects it names, in order, and its record time
 * if it already has one (an entry copied from another member), else -1 for the batch's time.
 */
public record PendingRecord(byte[] signedRecord, Hash32 recordHash, List<String> subjects, long recordTimeUnixMillis) {
  /** A new record: it gets the record time of the batch it is appended in. */
  public PendingRecord(byte[] signedRecord, Hash32 recordHash, List<String> subjects) {
    this(signedRecord, recordHash, subjects, -1);
  }

  public PendingRecord {
    signedRecord = signedRecord.clone();
    subjects = List.copyOf(subjects);
    if (subjects.isEmpty()) {
      throw new IllegalArgumentException("pending record: want at least one subject");
    }
    for (String s : subjects) {
      if (s.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("pending record: subject contains NUL");
      }
    }
    if (Set.copyOf(subjects).size() != subjects.size()) {
      throw new IllegalArgumentException("pending record: a subject is named twice in " + subjects);
    }
  }

  @Override
  public byte[] signedRecord() {
    return signedRecord.clone();
  }
}
