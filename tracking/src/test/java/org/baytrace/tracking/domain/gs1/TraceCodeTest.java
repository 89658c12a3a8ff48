package org.baytrace.tracking.domain.gs1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TraceCodeTest {
  /** Company prefixes of GS1's examples and of the EPCIS standard's examples. */
  private static final CompanyPrefixLookup PREFIXES =
      CompanyPrefixLookup.ofKnownPrefixes(
          List.of("9506000", "0614141", "061414", "4012345", "0012345", "095060001343"));

  @Test
  void parse_gs1ExampleSgtin_bothForms() {
    TraceCode dl = TraceCode.parse("https://id.gs1.org/01/09506000134352/21/ABC-1");
    TraceCode.Sgtin sgtin = assertInstanceOf(TraceCode.Sgtin.class, dl);
    assertEquals(new Gtin("09506000134352"), sgtin.gtin());
    assertEquals("ABC-1", sgtin.serial());
    assertNull(sgtin.lot());
    assertEquals("urn:epc:id:sgtin:9506000.013435.ABC-1", dl.toEpcUrn(PREFIXES));
    assertEquals(dl, TraceCode.parse("urn:epc:id:sgtin:9506000.013435.ABC-1"));
  }

  @Test
  void parse_epcisStandardExample_sgtin() {
    TraceCode code = TraceCode.parse("urn:epc:id:sgtin:0614141.107346.2017");
    assertEquals("https://id.gs1.org/01/10614141073464/21/2017", code.toDigitalLink());
    assertEquals("urn:epc:id:sgtin:0614141.107346.2017", code.toEpcUrn(PREFIXES));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // input | canonical Digital Link | EPC URI
        "https://id.gs1.org/01/09506000134352|https://id.gs1.org/01/09506000134352"
            + "|urn:epc:idpat:sgtin:9506000.013435.*",
        "/01/9506000134352/10/LOT-1|https://id.gs1.org/01/09506000134352/10/LOT-1"
            + "|urn:epc:class:lgtin:9506000.013435.LOT-1",
        "https://example.com/gtin/09506000134352/ser/1|https://id.gs1.org/01/09506000134352/21/1"
            + "|urn:epc:id:sgtin:9506000.013435.1",
        "/01/09506000134352/21/A%2fB%26C|https://id.gs1.org/01/09506000134352/21/A%2FB%26C"
            + "|urn:epc:id:sgtin:9506000.013435.A%2FB%26C",
        "/01/09506000134352/21/x!y(z)*|https://id.gs1.org/01/09506000134352/21/x%21y%28z%29%2A"
            + "|urn:epc:id:sgtin:9506000.013435.x!y(z)*",
        "https://id.gs1.org/00/095060001343999998|https://id.gs1.org/00/095060001343999998"
            + "|urn:epc:id:sscc:9506000.0134399999",
        "https://example.com/sscc/106141412345678908|https://id.gs1.org/00/106141412345678908"
            + "|urn:epc:id:sscc:0614141.1234567890",
        "https://id.gs1.org/414/9506000134352|https://id.gs1.org/414/9506000134352"
            + "|urn:epc:id:sgln:9506000.13435.0",
        "/414/9506000134352/254/32a%2Fb|https://id.gs1.org/414/9506000134352/254/32a%2Fb"
            + "|urn:epc:id:sgln:9506000.13435.32a%2Fb",
        "urn:epc:id:sgln:0614141.07346.1234|https://id.gs1.org/414/0614141073467/254/1234"
            + "|urn:epc:id:sgln:0614141.07346.1234",
        "urn:epc:id:sgln:095060001343..0|https://id.gs1.org/414/0950600013439"
            + "|urn:epc:id:sgln:095060001343..0",
        "urn:epc:class:lgtin:0614141.107346.%22x%22|https://id.gs1.org/01/10614141073464/10/%22x%22"
            + "|urn:epc:class:lgtin:0614141.107346.%22x%22",
        "urn:epc:idpat:sgtin:0012345.012345.*|https://id.gs1.org/01/00012345123450"
            + "|urn:epc:idpat:sgtin:0012345.012345.*",
        "urn:epc:id:sscc:0614141.1234567890|https://id.gs1.org/00/106141412345678908"
            + "|urn:epc:id:sscc:0614141.1234567890"
      })
  void parse_convertsBothWays(String input, String digitalLink, String epc) {
    TraceCode code = TraceCode.parse(input);
    assertEquals(digitalLink, code.toDigitalLink());
    assertEquals(epc, code.toEpcUrn(PREFIXES));
    assertEquals(code, TraceCode.parse(digitalLink), "from the Digital Link");
    assertEquals(code, TraceCode.parse(epc), "from the EPC URI");
  }

  @Test
  void parse_lotAndSerial_keepsLotInDigitalLink_butEpcUriCannotCarryIt() {
    TraceCode code =
        TraceCode.parse("https://brand.example.com/01/09506000134352/10/ABC/21/12345?17=201231#x");
    assertEquals("https://id.gs1.org/01/09506000134352/10/ABC/21/12345", code.toDigitalLink());
    assertEquals("urn:epc:id:sgtin:9506000.013435.12345", code.toEpcUrn(PREFIXES));
    assertEquals(
        new TraceCode.Sgtin(new Gtin("09506000134352"), "12345"),
        TraceCode.parse(code.toEpcUrn(PREFIXES)));
  }

  @Test
  void parse_types() {
    assertInstanceOf(TraceCode.ProductClass.class, TraceCode.parse("/01/09506000134352"));
    assertInstanceOf(TraceCode.Lgtin.class, TraceCode.parse("/01/09506000134352/10/1"));
    assertInstanceOf(TraceCode.Sgtin.class, TraceCode.parse("/01/09506000134352/21/1"));
    TraceCode.Sgtin both =
        assertInstanceOf(TraceCode.Sgtin.class, TraceCode.parse("/01/09506000134352/10/L/21/S"));
    assertEquals("L", both.lot());
    assertEquals("S", both.serial());
    assertInstanceOf(TraceCode.Sscc.class, TraceCode.parse("/00/095060001343999998"));
    TraceCode.Gln gln =
        assertInstanceOf(TraceCode.Gln.class, TraceCode.parse("/414/9506000134352/254/7"));
    assertEquals("7", gln.extension());
  }

  @ParameterizedTest
  @CsvSource({
    "https://example.com/about",
    "https://id.gs1.org/8004/4012345ABC345",
    "https://id.gs1.org/01/09506000134352/22/2A/21/1",
    "https://id.gs1.org/01/09506000134352/235/XYZ",
    "urn:epc:id:grai:4012345.00022.334455",
    "urn:epc:id:gid:95100000.12345.400",
    "urn:uuid:2f2c6f45-3c3d-4e7b-9a6b-2b5f1f0c9a11",
    "geo:22.2783,114.1747",
    "urn:epcglobal:cbv:bt:4012345000009:ASN1099"
  })
  void parse_otherIdentifiers_areUnknownAndKeptAsGiven(String uri) {
    TraceCode code = TraceCode.parse(uri);
    assertEquals(new TraceCode.Unknown(uri), code);
    assertEquals(uri, code.toDigitalLink());
    assertEquals(uri, code.toEpcUrn(PREFIXES));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "https://id.gs1.org/01/09506000134353/21/1|Digital Link"
            + " https://id.gs1.org/01/09506000134353/21/1: GTIN 09506000134353: check digit 3,"
            + " want 2",
        "/00/095060001343999999|Digital Link /00/095060001343999999: SSCC 095060001343999999:"
            + " check digit 9, want 8",
        "/414/9506000134353|Digital Link /414/9506000134353: GLN 9506000134353: check digit 3,"
            + " want 2",
        "/01/9506000134352/21/123456789012345678901|Digital Link"
            + " /01/9506000134352/21/123456789012345678901: serial (21) \"123456789012345678901\":"
            + " length 21, want at most 20 characters",
        "/01/09506000134352/10/%C3%A9|Digital Link /01/09506000134352/10/%C3%A9: lot (10) \"é\":"
            + " character 'é' at position 1 is not in the GS1 AI encodable character set 82",
        "/01/09506000134352/21/S/10/L|Digital Link /01/09506000134352/21/S/10/L: key qualifiers"
            + " [21, 10] of GTIN (01) are repeated, combined or out of order; want a subsequence"
            + " of [[22, 10, 21], [235]]",
        "/01/09506000134352/254/1|Digital Link /01/09506000134352/254/1: GLN extension (254) is"
            + " not a key qualifier of GTIN (01)",
        "/products/42|Digital Link /products/42: no GS1 primary key (such as /01/, /00/ or /414/)"
            + " in the path",
        "09506000134352|trace code \"09506000134352\": not a URI; want a GS1 Digital Link"
            + " (https://id.gs1.org/01/... or /01/...), an EPC URI (urn:epc:...) or another"
            + " absolute URI",
        "https://id.gs1.org/01/09506000134352/21/A B|trace code"
            + " \"https://id.gs1.org/01/09506000134352/21/A B\": character U+0020 at position 42"
            + " is not allowed in a URI",
        "urn:epc:id:sgtin:9506000.13435.1|EPC URI urn:epc:id:sgtin:9506000.13435.1: indicator"
            + " and item reference \"13435\": want 6 digits (with the company prefix they make the"
            + " key's fixed length)",
        "urn:epc:id:sscc:9506000.013439999|EPC URI urn:epc:id:sscc:9506000.013439999: serial"
            + " reference \"013439999\": want 10 digits (with the company prefix they make the"
            + " key's fixed length)",
        "urn:epc:id:sgln:9506000.13435|EPC URI urn:epc:id:sgln:9506000.13435: want 3"
            + " dot-separated fields, got 2",
        "urn:epc:class:lgtin:9506000.013435.a/b|EPC URI urn:epc:class:lgtin:9506000.013435.a/b:"
            + " lot \"a/b\": character '/' at position 2 must be escaped in an EPC URI",
        "urn:epc:idpat:sgtin:9506000.*.*|EPC URI urn:epc:idpat:sgtin:9506000.*.*: indicator and"
            + " item reference \"*\": want 6 digits (with the company prefix they make the key's"
            + " fixed length)"
      })
  void parse_malformed_isRejectedWithReason(String code, String message) {
    InvalidTraceCodeException e =
        assertThrows(InvalidTraceCodeException.class, () -> TraceCode.parse(code));
    assertEquals(message, e.getMessage());
  }

  @Test
  void parse_emptyOrNull_isRejected() {
    InvalidTraceCodeException e =
        assertThrows(InvalidTraceCodeException.class, () -> TraceCode.parse(""));
    assertEquals("trace code: empty", e.getMessage());
    assertThrows(NullPointerException.class, () -> TraceCode.parse(null));
  }

  @Test
  void toEpcUrn_unknownCompanyPrefix_isRejected() {
    TraceCode code = TraceCode.parse("https://id.gs1.org/01/04012345111118/21/1");
    CompanyPrefixLookup other = CompanyPrefixLookup.ofKnownPrefixes(List.of("0614141"));
    InvalidTraceCodeException e =
        assertThrows(InvalidTraceCodeException.class, () -> code.toEpcUrn(other));
    assertEquals(
        "GTIN 04012345111118: no known GS1 company prefix starts 4012345111118 (1 prefixes known)",
        e.getMessage());
  }

  @Test
  void toEpcUrn_lookupAnsweringOutOfRange_isRejected() {
    TraceCode code = TraceCode.parse("/00/095060001343999998");
    InvalidTraceCodeException e =
        assertThrows(InvalidTraceCodeException.class, () -> code.toEpcUrn(key -> 13));
    assertEquals(
        "SSCC 095060001343999998: company prefix length 13 from the lookup, want 6 to 12",
        e.getMessage());
  }

  @Test
  void companyPrefixLookup_longestKnownPrefixWins() {
    assertEquals(7, PREFIXES.prefixLength("0614141073467"));
    assertEquals(12, PREFIXES.prefixLength("0950600013437"));
    assertEquals(6, PREFIXES.prefixLength("0614149999990"));
  }

  @Test
  void companyPrefixLookup_badPrefix_isRejected() {
    InvalidTraceCodeException e =
        assertThrows(
            InvalidTraceCodeException.class,
            () -> CompanyPrefixLookup.ofKnownPrefixes(List.of("12345")));
    assertEquals("company prefix \"12345\": want 6 to 12 digits", e.getMessage());
  }

  @Test
  void records_validateTheirFields() {
    Gtin gtin = new Gtin("09506000134352");
    assertThrows(InvalidTraceCodeException.class, () -> new TraceCode.Sgtin(gtin, ""));
    assertThrows(InvalidTraceCodeException.class, () -> new TraceCode.Sgtin(gtin, "a b"));
    assertThrows(InvalidTraceCodeException.class, () -> new TraceCode.Lgtin(gtin, "x".repeat(21)));
    assertThrows(InvalidTraceCodeException.class, () -> new TraceCode.Sscc("12345"));
    assertThrows(InvalidTraceCodeException.class, () -> new TraceCode.Gln("9506000134352", ""));
    assertThrows(NullPointerException.class, () -> new TraceCode.ProductClass(null));
  }

  /**
   * Round trips over random keys: every SGTIN, LGTIN, SSCC and GLN goes to a Digital Link and an
   * EPC URI and back unchanged, for every company prefix length and any set-82 value.
   */
  @Test
  void roundTrip_randomCodes_digitalLinkAndEpcUri() {
    String set82 =
        "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
    Random random = new Random(7);
    for (int n = 0; n < 1000; n++) {
      int cpLength = 6 + random.nextInt(7);
      String body = digits(random, 17);
      String cp = body.substring(1, 1 + cpLength);
      CompanyPrefixLookup lookup = CompanyPrefixLookup.ofKnownPrefixes(List.of(cp));
      String value = chars(random, set82, 1 + random.nextInt(20));
      String value2 = chars(random, set82, 1 + random.nextInt(20));
      Gtin gtin = new Gtin(CheckDigit.append(body.substring(0, 13)));
      List<TraceCode> codes =
          List.of(
              new TraceCode.Sgtin(gtin, value),
              new TraceCode.Sgtin(gtin, value, value2),
              new TraceCode.Lgtin(gtin, value),
              new TraceCode.ProductClass(gtin),
              new TraceCode.Sscc(CheckDigit.append(body)),
              new TraceCode.Gln(CheckDigit.append(body.substring(1, 13))),
              new TraceCode.Gln(CheckDigit.append(body.substring(1, 13)), value.equals("0") ? "1" : value));
      for (TraceCode code : codes) {
        String dl = code.toDigitalLink();
        assertEquals(code, TraceCode.parse(dl), dl);
        String epc = code.toEpcUrn(lookup);
        TraceCode back = TraceCode.parse(epc);
        if (code instanceof TraceCode.Sgtin s && s.lot() != null) {
          assertEquals(new TraceCode.Sgtin(s.gtin(), s.serial()), back, epc);
        } else {
          assertEquals(code, back, epc);
        }
        assertEquals(epc, back.toEpcUrn(lookup));
      }
    }
  }

  private static String digits(Random random, int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append((char) ('0' + random.nextInt(10)));
    }
    return sb.toString();
  }

  private static String chars(Random random, String alphabet, int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
