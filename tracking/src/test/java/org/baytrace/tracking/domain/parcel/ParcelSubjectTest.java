package org.baytrace.tracking.domain.parcel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.junit.jupiter.api.Test;

/** The parcel subject: derived from origin, waybill and code alike, and from nothing less. */
class ParcelSubjectTest {
  static final String ORIGIN = "baytrace.test/gba";

  @Test
  void subject_isTheSameForTheSameParcel_howeverTheLabelIsTyped() {
    String s = ParcelSubject.of(ORIGIN, "SF1234567890", "7KQ2M-X9D4T");
    assertTrue(s.matches("urn:baytrace:parcel:[0-9a-f]{64}"), s);
    assertEquals(s, ParcelSubject.of(ORIGIN, " sf 1234-567890 ", "7kq2mx9d4t"));
    assertEquals(s, ParcelSubject.of(ORIGIN, "SF1234567890", "7KQ2M X9D4T"));
    ParcelSubject.check("subject", s);
  }

  @Test
  void subject_changesWithOrigin_waybill_orCode_andHoldsNeither() {
    String s = ParcelSubject.of(ORIGIN, "SF1234567890", "7KQ2M-X9D4T");
    assertNotEquals(s, ParcelSubject.of("baytrace.test/other", "SF1234567890", "7KQ2M-X9D4T"));
    assertNotEquals(s, ParcelSubject.of(ORIGIN, "SF1234567891", "7KQ2M-X9D4T"));
    assertNotEquals(s, ParcelSubject.of(ORIGIN, "SF1234567890", "7KQ2M-X9D4V"));
    assertTrue(!s.contains("1234567890") && !s.toUpperCase().contains("7KQ2M"));
  }

  @Test
  void readingAids_OasZero_IandLasOne() {
    assertEquals(ParcelSubject.of(ORIGIN, "EA123456789CN", "0110A-BCDEF"), ParcelSubject.of(ORIGIN, "EA123456789CN", "OIL0A-BCDEF"));
  }

  @Test
  void malformedWaybillOrCode_isRefused_sayingWhatIsWanted() {
    LedgerException w = assertThrows(LedgerException.class, () -> ParcelSubject.of(ORIGIN, "SF12", "7KQ2M-X9D4T"));
    assertEquals(LedgerError.INVALID_FIELD, w.error());
    assertEquals("waybill: got \"SF12\", want 6 to 40 letters and digits", w.getMessage());
    LedgerException c = assertThrows(LedgerException.class, () -> ParcelSubject.of(ORIGIN, "SF1234567890", "7KQ2M-X9D4"));
    assertTrue(c.getMessage().startsWith("code: got a code that is not 10 symbols of Crockford base32"), c.getMessage());
    assertThrows(LedgerException.class, () -> ParcelSubject.of(ORIGIN, "SF1234567890", "7KQ2M-X9D4U")); // no U
  }

  @Test
  void newCodes_areTenCrockfordSymbols_printedInTwoGroups_andDiffer() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      String c = ParcelSubject.newCode();
      assertTrue(c.matches("[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}"), c);
      assertEquals(c.replace("-", ""), ParcelSubject.code(c));
      seen.add(c);
    }
    assertEquals(200, seen.size());
  }
}
