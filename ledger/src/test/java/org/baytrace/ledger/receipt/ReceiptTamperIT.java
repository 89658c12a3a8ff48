package org.baytrace.ledger.receipt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The slow, thorough run of {@link ReceiptTamperTest}: every one-bit flip and the all-bits flip of
 * every byte, and all 255 other values of every checkpoint byte.
 */
class ReceiptTamperIT extends ReceiptTamperTest {
  @Override
  int[] masks() {
    return new int[] {0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0xff};
  }

  @Test
  void everyValueOfEveryCheckpointByte_isRejected() {
    byte[] note = honest.checkpoint().getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < note.length; i++) {
      for (int value = 0; value < 256; value++) {
        if (value != (note[i] & 0xff)) {
          assertCheckpointChangeRejected(note, i, value);
        }
      }
    }
    assertEquals(List.of(), accepted.size() > 20 ? accepted.subList(0, 20) : accepted, accepted.size() + " accepted");
  }
}
