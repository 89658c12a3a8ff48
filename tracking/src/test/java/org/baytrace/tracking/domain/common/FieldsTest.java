package org.baytrace.tracking.domain.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.junit.jupiter.api.Test;

/** The one text-field check of the profiles and the one way they refuse a field. */
class FieldsTest {

  @Test
  void textWithinBounds_onOneLine_isAccepted() {
    Fields.text("name", "", 0, 5);
    Fields.text("name", "Pearl", 1, 5);
    Fields.text("name", "珠江 駁船", 1, 5);
  }

  @Test
  void emptyRequiredText_isRefused_asInvalidField() {
    LedgerException e = assertThrows(LedgerException.class, () -> Fields.text("barge_name", "", 1, 100));
    assertEquals(LedgerError.INVALID_FIELD, e.error());
    assertEquals("barge_name: got \"\", want 1 to 100 characters on one line", e.getMessage());
  }

  @Test
  void tooLongText_isRefused_showingTheValueQuoted() {
    LedgerException e = assertThrows(LedgerException.class, () -> Fields.text("reason", "abcdef", 0, 5));
    assertEquals("reason: got \"abcdef\", want 0 to 5 characters on one line", e.getMessage());
  }

  @Test
  void textWithALineBreakOrOtherControlCharacter_isRefused() {
    LedgerException e = assertThrows(LedgerException.class, () -> Fields.text("location", "Nansha\nberth 3", 0, 200));
    assertEquals("location: got \"Nansha\\u000aberth 3\", want 0 to 200 characters on one line", e.getMessage());
    assertThrows(LedgerException.class, () -> Fields.text("location", "C1 control \u0085", 0, 200));
  }

  @Test
  void invalid_saysFieldGotWant() {
    assertEquals("teu: got 0, want 1 to 500", Fields.invalid("teu", "0", "1 to 500").getMessage());
    assertEquals(LedgerError.INVALID_FIELD, Fields.invalid("teu: got 0, want 1 to 500").error());
  }
}
