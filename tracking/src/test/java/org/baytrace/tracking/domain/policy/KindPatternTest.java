package org.baytrace.tracking.domain.policy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KindPatternTest {
  private static boolean m(String pattern, String kind) {
    return KindPattern.compile(pattern).matches(kind);
  }

  @Test
  void exactPattern_matchesOnlyThatKind() {
    assertTrue(m("customs.Release", "customs.Release"));
    assertFalse(m("customs.Release", "customs.ReleaseX"));
    assertFalse(m("customs.Release", "customs.release"));
    assertFalse(m("customs.Release", "customs.Releas"));
  }

  @Test
  void prefixGlob_matchesEverythingAfterThePrefix_dotsIncluded() {
    assertTrue(m("customs.*", "customs.Release"));
    assertTrue(m("customs.*", "customs."));
    assertTrue(m("customs.*", "customs.a.b"));
    assertFalse(m("customs.*", "customs"));
    assertFalse(m("customs.*", "customsX.Release"));
    assertTrue(m("waterbus.Booking*", "waterbus.BookingRequest"));
    assertFalse(m("waterbus.Booking*", "waterbus.SlotBooking"));
  }

  @Test
  void starsAnywhere_matchTheirPiecesInOrder_withoutOverlap() {
    assertTrue(m("biomaterial.*HandOver*", "biomaterial.HandOver"));
    assertTrue(m("biomaterial.*HandOver*", "biomaterial.CustodyHandOverAccepted"));
    assertFalse(m("biomaterial.*HandOver*", "biomaterial.Handover"));
    assertFalse(m("biomaterial.*HandOver*", "coldchain.HandOver"));
    assertTrue(m("*.Release", "customs.Release"));
    assertFalse(m("*.Release", "customs.Released"));
    assertTrue(m("a*b*c", "abc"));
    assertTrue(m("a*b*c", "a-b-b-c"));
    assertFalse(m("a*b*c", "ac"));
    assertFalse(m("ab*ba", "aba"), "the two pieces may not share the middle 'b'");
    assertFalse(m("a*bc*c", "abc"));
  }

  @Test
  void star_matchesEveryKind() {
    assertTrue(m("*", "anything.AtAll"));
    assertTrue(KindPattern.compile("*").matchesEverything());
    assertTrue(KindPattern.compile("**").matchesEverything());
    assertFalse(KindPattern.compile("epcis.*").matchesEverything());
  }
}
