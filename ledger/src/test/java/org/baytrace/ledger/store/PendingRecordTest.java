package org.baytrace.ledger.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.baytrace.ledger.PendingRecord;
import org.baytrace.ledger.crypto.Sha256;
import org.junit.jupiter.api.Test;

/**
 * A pending record names each subject once: the store keeps one row per subject and entry, and
 * full verification counts one row per link, so a subject named twice is refused before any store
 * sees it.
 */
class PendingRecordTest {
  private static final byte[] BYTES = "a record".getBytes(StandardCharsets.UTF_8);

  @Test
  void subjectNamedTwice_isRefusedWithTheSubjects() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new PendingRecord(BYTES, Sha256.hash(BYTES), List.of("lot-1", "item-7", "lot-1")));
    assertTrue(e.getMessage().contains("a subject is named twice in [lot-1, item-7, lot-1]"), e::getMessage);
  }

  @Test
  void distinctSubjects_areKeptInOrder() {
    assertEquals(List.of("lot-1", "item-7"), new PendingRecord(BYTES, Sha256.hash(BYTES), List.of("lot-1", "item-7")).subjects());
  }
}
