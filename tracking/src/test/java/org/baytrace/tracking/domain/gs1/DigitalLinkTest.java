package org.baytrace.tracking.domain.gs1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DigitalLinkTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "https://id.gs1.org/01/09506000134352|https://id.gs1.org/01/09506000134352",
        "https://id.gs1.org/01/9506000134352|https://id.gs1.org/01/09506000134352",
        "https://example.com/01/96385074/21/1|https://id.gs1.org/01/00000096385074/21/1",
        "http://brand.example.com/shop/01/036000291452/10/L1?17=201231#top"
            + "|https://id.gs1.org/01/00036000291452/10/L1",
        "/01/09506000134352/10/ABC/21/12345/|https://id.gs1.org/01/09506000134352/10/ABC/21/12345",
        "https://example.com/gtin/09780345418913/ser/765tz?abc=211121"
            + "|https://id.gs1.org/01/09780345418913/21/765tz",
        "https://id.gs1.org/01/09506000134352/21/A%2fb%21|https://id.gs1.org/01/09506000134352/21/A%2Fb%21",
        "https://id.gs1.org/01/09506000134352/21/a'b;c=d|https://id.gs1.org/01/09506000134352/21/a'b;c=d",
        "https://id.gs1.org/00/095060001343999998|https://id.gs1.org/00/095060001343999998",
        "https://id.gs1.org/414/9506000134352/254/32a%2Fb|https://id.gs1.org/414/9506000134352/254/32a%2Fb",
        "https://id.gs1.de/8003/040123450007718765|https://id.gs1.org/8003/040123450007718765",
        "https://id.example.com/253/4012345000054987|https://id.gs1.org/253/4012345000054987",
        "https://id.example.org/8004/401234599999|https://id.gs1.org/8004/401234599999"
      })
  void parse_toUri_isCanonical(String uri, String canonical) {
    assertEquals(canonical, DigitalLink.parse(uri).toUri());
  }

  @Test
  void parse_givesDecodedValuesInPathOrder() {
    DigitalLink link = DigitalLink.parse("/01/09506000134352/10/A%21B/21/x%2Fy");
    assertEquals(List.of("01", "10", "21"), link.ais());
    assertEquals("09506000134352", link.primaryValue());
    assertEquals("x/y", link.qualifier("21").orElseThrow());
    assertEquals(java.util.Optional.empty(), link.qualifier("22"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "https://example.com/about/us|Digital Link https://example.com/about/us: no GS1"
            + " primary key (such as /01/, /00/ or /414/) in the path",
        "https://example.com|Digital Link https://example.com: no path after the host",
        "ftp://example.com/01/09506000134352|Digital Link ftp://example.com/01/09506000134352:"
            + " want http://host/..., https://host/... or a path /{AI}/...",
        "/01/09506000134352/21|Digital Link /01/09506000134352/21: path /01/09506000134352/21"
            + " does not end with a value after its last AI",
        "/01/0950600013|Digital Link /01/0950600013: GTIN 0950600013: length 10, want 8, 12, 13"
            + " or 14 digits",
        "/00/09506000134399999|Digital Link /00/09506000134399999: SSCC (00) 09506000134399999:"
            + " length 17, want 18 digits",
        "/00/095060001343999998/21/1|Digital Link /00/095060001343999998/21/1: serial (21) is"
            + " not a key qualifier of SSCC (00)",
        "/01/09506000134352/21/S/10/L|Digital Link /01/09506000134352/21/S/10/L: key qualifiers"
            + " [21, 10] of GTIN (01) are repeated, combined or out of order; want a subsequence"
            + " of [[22, 10, 21], [235]]",
        "/01/09506000134352/21/123456789012345678901|Digital Link"
            + " /01/09506000134352/21/123456789012345678901: serial (21) \"123456789012345678901\":"
            + " length 21, want at most 20 characters",
        "/01/09506000134352/10/A%20B|Digital Link /01/09506000134352/10/A%20B: lot (10) \"A B\":"
            + " character U+0020 at position 2 is not in the GS1 AI encodable character set 82",
        "/01/09506000134352/10/A%2|Digital Link /01/09506000134352/10/A%2: lot (10) \"A%2\": bad"
            + " percent-encoding at position 2, want % and two hex digits",
        "/414/950600013435X|Digital Link /414/950600013435X: GLN (414) 950600013435X: character"
            + " 'X' at position 13 is not a digit"
      })
  void parse_malformed_isRejectedWithReason(String uri, String message) {
    InvalidTraceCodeException e =
        assertThrows(InvalidTraceCodeException.class, () -> DigitalLink.parse(uri));
    assertEquals(message, e.getMessage());
  }

  @Test
  void verifyCheckDigits_namesTheKey() {
    DigitalLink link = DigitalLink.parse("https://id.gs1.org/01/09506000134353/21/1");
    InvalidTraceCodeException e =
        assertThrows(InvalidTraceCodeException.class, link::verifyCheckDigits);
    assertEquals("GTIN 09506000134353: check digit 3, want 2", e.getMessage());
    DigitalLink sscc = DigitalLink.parse("/00/095060001343999999");
    e = assertThrows(InvalidTraceCodeException.class, sscc::verifyCheckDigits);
    assertEquals("SSCC 095060001343999999: check digit 9, want 8", e.getMessage());
    DigitalLink.parse("/414/9506000134352/254/1").verifyCheckDigits();
  }

  @Test
  void constructor_rejectsNonPrimaryFirstElement() {
    InvalidTraceCodeException e =
        assertThrows(
            InvalidTraceCodeException.class,
            () -> new DigitalLink(List.of(new DigitalLink.Element("21", "1"))));
    assertEquals("Digital Link: serial (21) is not a supported primary key", e.getMessage());
    assertThrows(InvalidTraceCodeException.class, () -> new DigitalLink(List.of()));
  }
}
