package org.baytrace.tracking.domain.gs1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Compressed GS1 Digital Links: the worked examples of GS1's documents and prototype (data file
 * {@code digital-link-compressed.csv}, which names the source of each), and every way a compressed
 * segment can be malformed, each refused naming what is wrong.
 */
class DigitalLinkCompressionTest {

  @ParameterizedTest(name = "{0} = {1} ({2})")
  @CsvFileSource(resources = "digital-link-compressed.csv", delimiter = '|', quoteCharacter = '`')
  void workedExample_decompressesToItsLink_andCompressesBackTheSame(String compressed, String uncompressed, String how) {
    assertEquals(uncompressed, DigitalLinkCompression.decompress(compressed));
    DigitalLink link = DigitalLink.parse(uncompressed);
    assertEquals(link, DigitalLink.parse(compressed), "the compressed link names the same key");
    if (how.startsWith("partial")) {
      return;
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    Map<String, String> others = new LinkedHashMap<>();
    int q = uncompressed.indexOf('?');
    if (q >= 0) {
      for (String pair : uncompressed.substring(q + 1).split("&")) {
        String[] kv = pair.split("=", 2);
        (DigitalLinkAttributes.isAi(kv[0]) ? attributes : others).put(kv[0], kv[1]);
      }
    }
    String again = DigitalLinkCompression.compress(link, attributes, Map.of(), how.startsWith("optimised"));
    String path = compressed.replaceFirst("^https?://[^/]+((/[a-z]+)(?=/))?", "").replaceFirst("\\?.*", "");
    assertEquals(DigitalLink.CANONICAL_ORIGIN + path, again);
  }

  @Test
  void aCompressedLink_isTheSameTraceCodeAsItsUncompressedForm_checkDigitsIncluded() {
    // GS1 General Specifications example keys: GTIN 09506000134352, serial 12345
    String uncompressed = "/01/09506000134352/10/ABC/21/12345";
    String compressed = DigitalLinkCompression.compress(DigitalLink.parse(uncompressed));
    TraceCode code = TraceCode.parse(compressed.substring(DigitalLink.CANONICAL_ORIGIN.length()));
    assertInstanceOf(TraceCode.Sgtin.class, code);
    assertEquals(TraceCode.parse(uncompressed), code);
    // the same link with a wrong check digit is refused as the uncompressed one is
    String wrong = DigitalLinkCompression.compress(DigitalLink.parse("/01/09506000134353/21/12345"));
    InvalidTraceCodeException e = assertThrows(InvalidTraceCodeException.class,
        () -> TraceCode.parse(wrong.substring(DigitalLink.CANONICAL_ORIGIN.length())));
    assertTrue(e.getMessage().contains("GTIN 09506000134353: check digit 3, want 2"), e.getMessage());
  }

  @Test
  void nonGs1Pairs_travelInTheStreamAndComeBackInTheQueryString() {
    DigitalLink link = DigitalLink.parse("/414/9520123456788");
    Map<String, String> others = new LinkedHashMap<>();
    others.put("linkType", "gs1:pip");
    others.put("k1", "v 1&2");
    String compressed = DigitalLinkCompression.compress(link, Map.of("17", "261231"), others, true);
    assertEquals("https://id.gs1.org/414/9520123456788?17=261231&linkType=gs1%3Apip&k1=v%201%262",
        DigitalLinkCompression.decompress(compressed));
  }

  /** base64url of a bit string, zero-padded to a multiple of 6. */
  static String b64(String bits) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    StringBuilder b = new StringBuilder(bits.replace(" ", ""));
    while (b.length() % 6 != 0) {
      b.append('0');
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < b.length(); i += 6) {
      out.append(alphabet.charAt(Integer.parseInt(b.substring(i, i + 6), 2)));
    }
    return out.toString();
  }

  /** A number in a fixed number of bits. */
  static String number(String digits, int bits) {
    String b = new java.math.BigInteger(digits).toString(2);
    return "0".repeat(bits - b.length()) + b;
  }

  @Test
  void bitStringHelper_agreesWithAWorkedExample() {
    // AI 01 then 05412345000013 in 47 bits, as in the GS1 prototype's AQnYUc1gmg
    assertEquals("AQnYUc1gmg", b64("0000 0001 " + number("05412345000013", 47)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    // not base64url
    "/01/05412345000013/EEar.wSM | character '.' at position 5 is not base64url (A-Z a-z 0-9 - _)",
    "/01/05412345000013/EE%2Bar | character '%' at position 3 is not base64url",
    // truncated: the last character of AQnYUc1gmiCNV4JG (GTIN and lot ABC123) cut off
    "/AQnYUc1gmiCNV4J | truncated at bit 71 of 90: 6 hex digits of lot (10) need 24 bits, 19 left",
    "/01/05412345000013/EEarwS | truncated at bit 16 of 36: 6 hex digits of lot (10) need 24 bits, 20 left",
    // GS1's own demo link of an older table: 1A (GTIN, lot, serial, expiry) then code 6D
    "https://example.org/GhFJpRhNutGu2_HPXdJE6A267b8c9d-e0-6ag | got optimisation code 6D, want an AI (two decimal digits), a code of the GS1 Digital Link compression table",
    // trailing bits that are not padding
    "/AQnYUc1gmh | the last 5 bits: got non-zero padding, want zero bits after the last value",
    // the same key twice, two keys, no key
    "/01/05412345000013/AQnYUc1gmg | GTIN (01): got it twice, want each AI at most once",
    "/00/998440410914660971/AQnYUc1gmg | two primary keys [SSCC (00), GTIN (01)], want exactly one",
    "/EEarwSMhC4an0V04 | no primary key among the AIs [lot (10), serial (21)], want exactly one",
  })
  void malformedCompressedLink_isRefusedNamingTheProblem(String uri, String expected) {
    InvalidTraceCodeException e = assertThrows(InvalidTraceCodeException.class, () -> DigitalLink.parse(uri));
    assertTrue(e.getMessage().startsWith("compressed Digital Link " + uri), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "AI digits 04 | 0000 0100 | bits 0-7: got AI digits 04, which begin no GS1 application identifier",
    "AI 31A.. | 0011 0001 1010 0000 | bit 8: AI 31 continues with hex digit A, want a decimal digit",
    "AI 7240 | 0111 0010 0100 0000 000000 | AI 7240: got an AI whose format this resolver does not know",
    "GTIN of 15 digits | 0000 0001 11111111111111111111111111111111111111111111111 | GTIN (01): got the number 140737488355327 in 47 bits, want at most 14 digits",
    "encoding 101 | 0001 0000 101 00001 0000 | lot (10): got encoding indicator 101, want 000 (digits)",
    "lot of 31 | 0001 0000 011 11111 | lot (10): got a length of 31 characters, want at most 20",
    "SRIN of 11 digits | 1001 1011 " + "000000000000000000000000000000000000000000000000000000000000 1011 | SRIN (8019): got a length of 11 digits, want at most 10",
    "empty non-GS1 key | 1111 0000 000 | a non-GS1 key=value pair with an empty key",
  })
  void malformedBitStream_isRefusedNamingTheProblem(String name, String bits, String expected) {
    InvalidTraceCodeException e =
        assertThrows(InvalidTraceCodeException.class, () -> DigitalLinkCompression.decode(b64(bits)));
    assertTrue(e.getMessage().contains(expected), name + ": " + e.getMessage());
  }

  @Test
  void aStreamThatDecodes_isStillCheckedAsItsUncompressedForm() {
    // GLN 5060917510004 (44 bits) then serial 1 (digits, length 1, 4 bits): serial is no GLN qualifier
    String bits = "0100 0001 0100 " + number("5060917510004", 44) + " 0010 0001 000 00001 0001";
    String uri = "/" + b64(bits);
    InvalidTraceCodeException e = assertThrows(InvalidTraceCodeException.class, () -> DigitalLink.parse(uri));
    assertEquals("compressed Digital Link " + uri + " (decompressed /414/5060917510004/21/1): serial (21) is not"
        + " a key qualifier of GLN (414)", e.getMessage());
  }

  @Test
  void anUncompressedPathMissingItsLastValue_isStillReportedSo() {
    InvalidTraceCodeException e =
        assertThrows(InvalidTraceCodeException.class, () -> DigitalLink.parse("/01/09506000134352/ser"));
    assertTrue(e.getMessage().contains("does not end with a value after its last AI"), e.getMessage());
  }

  @Test
  void bitWidths_followTheStandardsFormulas() {
    // ceil(n log2 10 + 0.01): 14 digits (GTIN) take 47 bits, 18 (SSCC) 60, 13 (GLN) 44
    assertEquals(47, DigitalLinkCompression.valueBits(14));
    assertEquals(60, DigitalLinkCompression.valueBits(18));
    assertEquals(44, DigitalLinkCompression.valueBits(13));
    // the + 0.01 matters once: 59 digits take 197 bits, one more than 10^59 needs
    assertEquals(197, DigitalLinkCompression.valueBits(59));
    // ceil(log2 M + 0.01): up to 20 characters in 5 bits, up to 8 digits in 4, up to 90 in 7
    assertEquals(5, DigitalLinkCompression.lengthBits(20));
    assertEquals(4, DigitalLinkCompression.lengthBits(8));
    assertEquals(7, DigitalLinkCompression.lengthBits(90));
  }
}
