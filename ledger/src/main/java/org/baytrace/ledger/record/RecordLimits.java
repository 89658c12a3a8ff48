package org.baytrace.ledger.record;

/**
 * Size limits for one submitted record. Defaults: 64 KiB signed record, 1,000 subjects (an EPCIS aggregation names every child) of at most
 * 512 UTF-8 bytes, 16 signatures, a kind of at most 128 characters.
 */
public record RecordLimits(int maxRecordBytes, int maxSubjects, int maxSubjectBytes, int maxSignatures, int maxKindLength) {
  public static final RecordLimits DEFAULT = new RecordLimits(64 * 1024, 1000, 512, 16, 128);

  public RecordLimits {
    if (maxRecordBytes < 256 || maxSubjects < 1 || maxSubjectBytes < 1 || maxSignatures < 1 || maxKindLength < 1) {
      throw new IllegalArgumentException("record limits must be positive, and maxRecordBytes at least 256");
    }
  }

  public RecordLimits withMaxRecordBytes(int bytes) {
    return new RecordLimits(bytes, maxSubjects, maxSubjectBytes, maxSignatures, maxKindLength);
  }
}
