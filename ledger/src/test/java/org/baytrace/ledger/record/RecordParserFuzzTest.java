package org.baytrace.ledger.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.HashSet;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.verify.VerificationException;

/**
 * Fuzzes the record parser and signature verifier with arbitrary bytes, as a gRPC client or a
 * peer could send them. Seeds: {@code RecordParserFuzzTestInputs/}; see docs/FUZZING.md.
 */
class RecordParserFuzzTest {

  @FuzzTest(maxDuration = "10m")
  void anyBytes_areParsedAndVerified_orRefusedWithALedgerError(byte[] input) {
    ParsedRecord record;
    try {
      record = Records.parse(input, RecordLimits.DEFAULT);
    } catch (LedgerException e) {
      assertNotNull(e.error(), "a refusal names its ledger error");
      return;
    }
    // What the parser promises of a record it accepts.
    assertTrue(input.length <= RecordLimits.DEFAULT.maxRecordBytes());
    assertFalse(record.subjects().isEmpty());
    assertEquals(record.subjects().size(), new HashSet<>(record.subjects()).size(), "subjects are unique");
    assertFalse(record.signatures().isEmpty());
    assertFalse(record.origin().isEmpty());
    assertFalse(record.authorOrg().isEmpty());
    assertArrayEquals(input, record.signedRecordBytes(), "the exact bytes received are kept");
    assertEquals(record.bodyHash(), Records.parse(input, RecordLimits.DEFAULT).bodyHash(), "parsing is deterministic");
    try {
      Records.verifySignatures(record);
    } catch (VerificationException e) {
      assertNotNull(e.failure(), "a failed verification names its check");
    }
  }
}
