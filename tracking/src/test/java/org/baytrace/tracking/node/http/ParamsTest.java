package org.baytrace.tracking.node.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.tracking.domain.common.Quoted;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParamsTest {
  @Test
  void nonNegative_acceptsDecimalDigitsUpToLongMax() {
    assertEquals(0, Params.nonNegative("index", "0"));
    assertEquals(42, Params.nonNegative("index", "042"));
    assertEquals(Long.MAX_VALUE, Params.nonNegative("index", "9223372036854775807"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-1", "+1", "1.0", "1e3", " 1", "0x10", "１", "abc"})
  void nonNegative_refusesAnythingButDigits_namingParameterAndValue(String raw) {
    ParameterException e = assertThrows(ParameterException.class, () -> Params.nonNegative("index", raw));
    assertEquals(LedgerError.INVALID_ARGUMENT, e.error());
    assertEquals("index", e.parameter());
    assertEquals("index: got " + Quoted.of(raw) + ", want a non-negative integer", e.getMessage());
  }

  @Test
  void nonNegative_past2To63_saysSo() {
    ParameterException e = assertThrows(ParameterException.class, () -> Params.nonNegative("to", "9223372036854775808"));
    assertEquals("to: got \"9223372036854775808\", want a non-negative integer below 2^63", e.getMessage());
  }

  @Test
  void positive_refusesZero() {
    assertEquals("treeSize: got 0, want a positive integer",
        assertThrows(ParameterException.class, () -> Params.positive("treeSize", "0")).getMessage());
  }

  @Test
  void single_isNullWhenAbsent_andRefusesRepeats() {
    MultivaluedMap<String, String> q = new MultivaluedHashMap<>();
    assertNull(Params.single(q, "from"));
    q.add("from", "1");
    assertEquals("1", Params.single(q, "from"));
    q.add("from", "2");
    ParameterException e = assertThrows(ParameterException.class, () -> Params.single(q, "from"));
    assertEquals("from: given 2 times ([\"1\", \"2\"]), want it once", e.getMessage());
  }

  @Test
  void textualContentTypes_areJsonAndTextInUtf8() {
    for (String t : new String[] {"application/json", "application/ld+json", "text/plain", "TEXT/CSV; charset=UTF-8",
        "application/json; charset=\"utf-8\""}) {
      assertTrue(EntryJson.isTextual(t), t);
    }
    for (String t : new String[] {"application/octet-stream", "application/x-protobuf", "text/plain; charset=iso-8859-1",
        "", "image/png"}) {
      assertFalse(EntryJson.isTextual(t), t);
    }
  }
}
