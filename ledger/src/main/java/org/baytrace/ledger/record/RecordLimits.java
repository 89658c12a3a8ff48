package org.baytrace.ledger.record;

/**
 * Size limits for one submitted record. Defaults: 60 KiB signed record, 1,000 subjects (an EPCIS aggregation names every child) of at most
 * 512 UTF-8 bytes, 16 signatures, a kind of at most 128 characters.
 *
 * <p>Whatever the limits, the log entry a record becomes (the record with its index, record time
 * and one link per subject) is at most {@link #MAX_LOG_ENTRY_BYTES}: C2SP tlog-tiles entry bundles
 * carry each entry after a 16-bit length (DESIGN §3.2). The default leaves room for about 80
 * subjects' links beside a record of the largest default size.
 */
public record RecordLimits(int maxRecordBytes, int maxSubjects, int maxSubjectBytes, int maxSignatures, int maxKindLength) {
  /** The largest log entry (leaf): a tlog-tiles entry bundle gives each entry a 16-bit length. */
  public static final int MAX_LOG_ENTRY_BYTES = 65_535;
  public static final int DEFAULT_MAX_RECORD_BYTES = 60 * 1024;
  public static final RecordLimits DEFAULT = new RecordLimits(DEFAULT_MAX_RECORD_BYTES, 1000, 512, 16, 128);

  public RecordLimits {
    if (maxRecordBytes < 256 || maxSubjects < 1 || maxSubjectBytes < 1 || maxSignatures < 1 || maxKindLength < 1) {
      throw new IllegalArgumentException("record limits must be positive, and maxRecordBytes at least 256");
    }
  }

  public RecordLimits withMaxRecordBytes(int bytes) {
    return new RecordLimits(bytes, maxSubjects, maxSubjectBytes, maxSignatures, maxKindLength);
  }
}
