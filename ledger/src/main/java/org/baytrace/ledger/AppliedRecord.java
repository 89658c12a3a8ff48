package org.baytrace.ledger;

import java.util.Objects;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.record.ParsedRecord;

/**
 * A record as the ledger stored it: the record, its index and leaf hash, and the record time the
 * ledger stamped on its entry. What {@link ApplyRule}s see once a record is part of the log.
 */
public record AppliedRecord(ParsedRecord record, long index, Hash32 leafHash, long recordTimeUnixMillis) {
  public AppliedRecord {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(leafHash, "leafHash");
  }
}
