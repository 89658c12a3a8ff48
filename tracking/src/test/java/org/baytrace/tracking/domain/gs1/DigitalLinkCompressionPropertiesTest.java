package org.baytrace.tracking.domain.gs1;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Compression round trips over every primary key with its qualifiers, data attributes and non-GS1
 * pairs: whatever is compressed decompresses to the same link, attributes and pairs, with and
 * without the optimisation codes.
 */
class DigitalLinkCompressionPropertiesTest {
  /** GS1 AI encodable character set 82. */
  static final String SET82 = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

  static Arbitrary<String> digits(int min, int max) {
    return Arbitraries.strings().withCharRange('0', '9').ofMinLength(min).ofMaxLength(max);
  }

  /** Set-82 text, biased towards the tighter encodings (digits, hex, base64url) now and then. */
  static Arbitrary<String> text(int max) {
    return Arbitraries.oneOf(
        Arbitraries.strings().withChars(SET82).ofMinLength(1).ofMaxLength(max),
        Arbitraries.strings().withChars("0123456789ABCDEF").ofMinLength(1).ofMaxLength(max),
        Arbitraries.strings().withChars("0123456789abcdef").ofMinLength(1).ofMaxLength(max),
        Arbitraries.strings().withChars("ABCXYZabcxyz0189-_").ofMinLength(1).ofMaxLength(max),
        digits(1, max));
  }

  /** A link as AI/value pairs: one primary key and some of its qualifiers, in path order. */
  @Provide
  Arbitrary<List<DigitalLink.Element>> links() {
    Arbitrary<String> lot = text(20);
    Arbitrary<String> serial = text(20);
    Arbitrary<String> cpv = text(20);
    return Arbitraries.oneOf(
        Combinators.combine(digits(14, 14), cpv.injectNull(0.5), lot.injectNull(0.5), serial.injectNull(0.5))
            .as((g, c, l, s) -> elements("01", g, "22", c, "10", l, "21", s)),
        Combinators.combine(digits(14, 14), text(28)).as((g, t) -> elements("01", g, "235", t)),
        Combinators.combine(digits(18, 18), lot.injectNull(0.5), serial.injectNull(0.5))
            .as((g, l, s) -> elements("8006", g, "10", l, "21", s)),
        digits(18, 18).map(v -> elements("00", v)),
        Combinators.combine(digits(13, 13), text(20).injectNull(0.5)).as((g, x) -> elements("414", g, "254", x)),
        digits(13, 13).map(v -> elements("417", v)),
        Combinators.combine(digits(14, 14), text(16).injectNull(0.5))
            .as((g, x) -> elements("8003", g + (x == null ? "" : x))),
        text(30).map(v -> elements("8004", v)),
        text(30).map(v -> elements("401", v)),
        digits(17, 17).map(v -> elements("402", v)),
        Combinators.combine(digits(13, 13), text(17).injectNull(0.5))
            .as((g, x) -> elements("253", g + (x == null ? "" : x))),
        Combinators.combine(digits(13, 13), digits(0, 12)).as((g, x) -> elements("255", g + x)),
        Combinators.combine(Arbitraries.strings().withChars("0123456789ABCXYZ#-/").ofMinLength(1).ofMaxLength(30),
            digits(1, 12).injectNull(0.5)).as((c, s) -> elements("8010", c, "8011", s)),
        Combinators.combine(Arbitraries.of("8017", "8018"), digits(18, 18), digits(1, 10).injectNull(0.5))
            .as((ai, g, s) -> elements(ai, g, "8019", s)));
  }

  static List<DigitalLink.Element> elements(String... aiThenValue) {
    List<DigitalLink.Element> out = new ArrayList<>();
    for (int i = 0; i < aiThenValue.length; i += 2) {
      if (aiThenValue[i + 1] != null) {
        out.add(new DigitalLink.Element(aiThenValue[i], aiThenValue[i + 1]));
      }
    }
    return out;
  }

  /** Data attributes: dates, a measure, a flag, a count, company-internal text. */
  @Provide
  Arbitrary<Map<String, String>> attributes() {
    Arbitrary<String> date = Combinators.combine(Arbitraries.integers().between(0, 99),
        Arbitraries.integers().between(1, 12), Arbitraries.integers().between(0, 28))
        .as((y, m, d) -> String.format("%02d%02d%02d", y, m, d));
    return Combinators.combine(date.injectNull(0.5), digits(6, 6).injectNull(0.5),
        Arbitraries.of("0", "1").injectNull(0.5), digits(1, 8).injectNull(0.5), text(90).injectNull(0.7),
        digits(10, 10).injectNull(0.7))
        .as((exp, net, flag, count, internal, expTime) -> {
          Map<String, String> m = new LinkedHashMap<>();
          putIf(m, "17", exp);
          putIf(m, "3103", net);
          putIf(m, "4321", flag);
          putIf(m, "30", count);
          putIf(m, "91", internal);
          putIf(m, "7003", expTime);
          return m;
        });
  }

  static void putIf(Map<String, String> m, String k, String v) {
    if (v != null) {
      m.put(k, v);
    }
  }

  @Provide
  Arbitrary<Map<String, String>> others() {
    Arbitrary<String> key = Arbitraries.strings().withChars("abcXYZ019-_").ofMinLength(1).ofMaxLength(12)
        .filter(k -> !CheckDigit.isDigits(k));
    Arbitrary<String> value = Arbitraries.strings().ascii().ofMinLength(1).ofMaxLength(40);
    return Arbitraries.maps(key, value).ofMaxSize(3).map(LinkedHashMap::new);
  }

  @Property(tries = 400)
  void compressedLink_decompressesToTheSameLinkAttributesAndPairs(
      @ForAll("links") List<DigitalLink.Element> elements, @ForAll("attributes") Map<String, String> attributes,
      @ForAll("others") Map<String, String> others, @ForAll boolean optimise) {
    DigitalLink link = new DigitalLink(elements);
    String compressed = DigitalLinkCompression.compress(link, attributes, others, optimise);
    assertEquals(link, DigitalLink.parse(compressed));
    String expanded = DigitalLinkCompression.decompress(compressed);
    assertEquals(link, DigitalLink.parse(expanded));
    Map<String, String> gotAttributes = new LinkedHashMap<>();
    Map<String, String> gotOthers = new LinkedHashMap<>();
    int q = expanded.indexOf('?');
    if (q >= 0) {
      for (String pair : expanded.substring(q + 1).split("&")) {
        String[] kv = pair.split("=", 2);
        (DigitalLinkAttributes.isAi(kv[0]) ? gotAttributes : gotOthers).put(kv[0], Ai82.dlDecode("value", kv[1]));
      }
    }
    assertEquals(attributes, gotAttributes);
    assertEquals(others, gotOthers);
    // the same link, attributes and pairs compressed again give the same segment
    assertEquals(compressed, DigitalLinkCompression.compress(DigitalLink.parse(expanded), gotAttributes, gotOthers, optimise));
  }

  @Property(tries = 200)
  void partiallyCompressedLink_namesTheSameKey(
      @ForAll("links") List<DigitalLink.Element> elements, @ForAll boolean optimise) {
    DigitalLink link = new DigitalLink(elements);
    Map<String, String> qualifiers = new LinkedHashMap<>();
    for (DigitalLink.Element e : elements.subList(1, elements.size())) {
      qualifiers.put(e.ai(), e.value());
    }
    if (qualifiers.isEmpty()) {
      return; // a key alone has no partially compressed form
    }
    String partial = "/" + link.primaryAi() + "/" + Ai82.dlEncode(link.primaryValue()) + "/"
        + DigitalLinkCompression.segment(qualifiers, Map.of(), optimise);
    assertEquals(link, DigitalLink.parse(partial), partial);
  }
}
