package org.baytrace.tracking.node.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.baytrace.tracking.domain.gs1.TraceCode;
import org.baytrace.tracking.node.resolver.TraceEvent.Relation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Pure parts: subjects to read, content negotiation, escaping. */
class ResolverUnitTest {
  static final String G = "https://id.gs1.org/01/08850123000010";

  @Test
  void subjectsOf_itemWithLot_readsItsForms_thenLot_thenProduct() {
    Map<String, Relation> s = LedgerTraceSource.subjectsOf(TraceCode.parse("/01/08850123000010/10/L1/21/S1"));
    assertEquals(List.of(G + "/10/L1/21/S1", G + "/21/S1", G + "/10/L1", G), List.copyOf(s.keySet()));
    assertEquals(List.of(Relation.DIRECT, Relation.DIRECT, Relation.CLASS, Relation.CLASS), List.copyOf(s.values()));
  }

  @Test
  void subjectsOf_lot_product_sscc() {
    assertEquals(Map.of(G + "/10/L1", Relation.DIRECT, G, Relation.CLASS),
        LedgerTraceSource.subjectsOf(TraceCode.parse("urn:epc:class:lgtin:885012300.0001.L1")));
    assertEquals(Map.of(G, Relation.DIRECT), LedgerTraceSource.subjectsOf(TraceCode.parse("/01/8850123000010")));
    assertEquals(Map.of("https://id.gs1.org/00/069012340000001235", Relation.DIRECT),
        LedgerTraceSource.subjectsOf(TraceCode.parse("/00/069012340000001235")));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "null", value = {
      "null | null | HTML",
      "*/* | null | HTML",
      "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8 | null | HTML",
      "application/json | null | JSON",
      "application/json, text/html | null | HTML",
      "text/html;q=0.5, application/json | null | JSON",
      "application/* | null | JSON",
      "application/linkset+json | null | LINKSET",
      "application/linkset+json, application/json;q=0.9 | null | LINKSET",
      "image/png | null | HTML",
      "text/html;q=0, application/json;q=0 | null | HTML",
      "garbage;;;, /, a/ | null | HTML",
      "application/json;q=x, text/html;q=0.1 | null | HTML",
      "text/html | json | JSON",
      "application/json | html | HTML",
      "application/json | xml | JSON",
  })
  void want_byFormatParameterThenAccept(String accept, String format, Responses.Want want) {
    assertEquals(want, Responses.want(accept, format));
  }

  @Test
  void jsonErrors_onlyForClientsThatPreferJson() {
    assertTrue(Responses.wantsJsonError("application/json", null));
    assertTrue(Responses.wantsJsonError("application/problem+json", null));
    assertFalse(Responses.wantsJsonError(null, null));
    assertFalse(Responses.wantsJsonError("*/*", null));
    assertFalse(Responses.wantsJsonError("text/html,*/*;q=0.8", null));
    assertTrue(Responses.wantsJsonError("text/html", "json"));
  }

  @Test
  void esc_escapesMarkupAndQuotes() {
    assertEquals("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;", HtmlPages.esc("<script>alert('x')</script> & \""));
    assertEquals("", HtmlPages.esc(null));
  }
}
