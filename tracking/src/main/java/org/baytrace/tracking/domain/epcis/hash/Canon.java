package org.baytrace.tracking.domain.epcis.hash;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.baytrace.tracking.domain.gs1.DigitalLink;
import org.baytrace.tracking.domain.gs1.EpcUris;
import org.baytrace.tracking.domain.gs1.InvalidTraceCodeException;

/**
 * The value rules of the event hash (CBV 2.0 §8.9; rules 5 to 18 of the reference description):
 * trimming, bare-string and CURIE vocabulary expansion, old CBV URNs to Web URIs, numbers without
 * trailing zeros, timestamps in UTC at millisecond precision, and GS1 identifiers (EPC URIs,
 * Digital Links on any host) as constrained canonical GS1 Digital Links. Stateless.
 */
final class Canon {
  static final String CBV = "https://ref.gs1.org/cbv/";
  static final String GS1_VOC = "https://gs1.org/voc/";

  /** Case-sensitive lexical order over Unicode code points, i.e. UTF-8 byte order. */
  static final Comparator<String> CODE_POINT_ORDER = Canon::compareCodePoints;

  private static final Pattern BARE_TERM = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");
  private static final Pattern TIMESTAMP =
      Pattern.compile(
          "([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\\.([0-9]+))?"
              + "([Zz]|[+-][0-9]{2}(?::?[0-9]{2})?)");
  private static final DateTimeFormatter UTC_MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'");
  private static final List<String[]> CBV_URNS =
      List.of(
          new String[] {"urn:epcglobal:cbv:bizstep:", CBV + "BizStep-"},
          new String[] {"urn:epcglobal:cbv:disp:", CBV + "Disp-"},
          new String[] {"urn:epcglobal:cbv:btt:", CBV + "BTT-"},
          new String[] {"urn:epcglobal:cbv:sdt:", CBV + "SDT-"},
          new String[] {"urn:epcglobal:cbv:er:", CBV + "ER-"});

  private Canon() {}

  /**
   * The text of a JSON scalar before the value rules: strings as they are, numbers as written
   * (doubles in their shortest form), booleans {@code true}/{@code false}; {@code null} for JSON
   * null and non-scalars.
   */
  static String scalarText(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode() || node.isContainerNode()) {
      return null;
    }
    if (node.isTextual()) {
      return node.asText();
    }
    if (node.isBoolean()) {
      return node.booleanValue() ? "true" : "false";
    }
    if (node.isFloatingPointNumber() && !node.isBigDecimal()) {
      return Double.toString(node.doubleValue());
    }
    if (node.isNumber()) {
      return node.numberValue().toString();
    }
    return node.asText();
  }

  /**
   * Canonical form of a value.
   *
   * @param vocabulary the CBV/GS1 vocabulary a bare JSON-LD term of this field belongs to (e.g.
   *     {@code https://ref.gs1.org/cbv/BizStep-}), or {@code null}
   */
  static String value(String raw, Namespaces namespaces, String vocabulary) {
    String t = raw.strip();
    if (t.isEmpty()) {
      return t;
    }
    if (vocabulary != null && BARE_TERM.matcher(t).matches()) {
      t = vocabulary + t;
    }
    t = namespaces.expandValue(t);
    for (String[] urn : CBV_URNS) {
      if (t.startsWith(urn[0])) {
        t = urn[1] + t.substring(urn[0].length());
        break;
      }
    }
    String number = number(t);
    if (number != null) {
      return number;
    }
    return identifier(t).orElse(t);
  }

  /**
   * A decimal number without trailing zeros: integral values as plain integers, others in the
   * shortest form that reads back as the same double ({@code 0.1}, {@code 12.2}, {@code 1e-05}).
   * Returns {@code null} if {@code t} is not a decimal number.
   */
  static String number(String t) {
    if (!NUMBER.matcher(t).matches()) {
      return null;
    }
    double d = Double.parseDouble(t);
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return null;
    }
    if (d == Math.rint(d)) {
      return new BigDecimal(d).toBigInteger().toString();
    }
    BigDecimal exact = new BigDecimal(d);
    BigDecimal shortest = exact;
    for (int p = 1; p <= 17; p++) {
      BigDecimal candidate = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (candidate.doubleValue() == d) {
        shortest = candidate;
        break;
      }
    }
    shortest = shortest.stripTrailingZeros();
    int exponent = shortest.precision() - shortest.scale() - 1;
    if (exponent >= -4 && exponent < 16) {
      return shortest.toPlainString();
    }
    String digits = shortest.unscaledValue().abs().toString();
    StringBuilder sb = new StringBuilder();
    if (shortest.signum() < 0) {
      sb.append('-');
    }
    sb.append(digits.charAt(0));
    if (digits.length() > 1) {
      sb.append('.').append(digits, 1, digits.length());
    }
    sb.append('e').append(exponent < 0 ? '-' : '+');
    int abs = Math.abs(exponent);
    if (abs < 10) {
      sb.append('0');
    }
    return sb.append(abs).toString();
  }

  /**
   * An xsd:dateTimeStamp in UTC with exactly three decimals ({@code 2005-04-04T02:33:31.116Z});
   * a fourth decimal of 5 to 9 rounds the third up. Text that is not a timestamp with an offset is
   * returned trimmed but otherwise unchanged.
   */
  static String timestamp(String raw) {
    String t = raw.strip();
    Matcher m = TIMESTAMP.matcher(t);
    if (!m.matches()) {
      return t;
    }
    try {
      String fraction = m.group(7) == null ? "" : m.group(7);
      String millis = (fraction + "000").substring(0, 3);
      OffsetDateTime time =
          OffsetDateTime.of(
              LocalDate.of(
                  Integer.parseInt(m.group(1)),
                  Integer.parseInt(m.group(2)),
                  Integer.parseInt(m.group(3))),
              LocalTime.of(
                  Integer.parseInt(m.group(4)),
                  Integer.parseInt(m.group(5)),
                  Integer.parseInt(m.group(6)),
                  Integer.parseInt(millis) * 1_000_000),
              offset(m.group(8)));
      if (fraction.length() > 3 && fraction.charAt(3) >= '5') {
        time = time.plusNanos(1_000_000);
      }
      return UTC_MILLIS.format(time.withOffsetSameInstant(ZoneOffset.UTC));
    } catch (DateTimeException e) {
      return t;
    }
  }

  private static ZoneOffset offset(String text) {
    if (text.equalsIgnoreCase("Z")) {
      return ZoneOffset.UTC;
    }
    String digits = text.replace(":", "");
    int hours = Integer.parseInt(digits.substring(1, 3));
    int minutes = digits.length() > 3 ? Integer.parseInt(digits.substring(3, 5)) : 0;
    return text.charAt(0) == '-'
        ? ZoneOffset.ofHoursMinutes(-hours, -minutes)
        : ZoneOffset.ofHoursMinutes(hours, minutes);
  }

  /**
   * A GS1 identifier as a constrained canonical GS1 Digital Link: on {@code https://id.gs1.org},
   * without query string, without CPV (AI 22), and without the lot (AI 10) when a serial (AI 21)
   * is present. Accepts EPC URIs of every GS1 scheme and Digital Links on any host. Empty if
   * {@code t} is not such an identifier.
   */
  static Optional<String> identifier(String t) {
    try {
      if (EpcUris.isEpcUri(t)) {
        return Optional.of(constrained(EpcUris.toDigitalLink(t)));
      }
      if (t.regionMatches(true, 0, "https://", 0, 8) || t.regionMatches(true, 0, "http://", 0, 7)) {
        return Optional.of(constrained(DigitalLink.parse(t)));
      }
    } catch (InvalidTraceCodeException e) {
      // not a (well-formed) GS1 identifier: the value stays as it is
    }
    return Optional.empty();
  }

  private static String constrained(DigitalLink link) {
    boolean hasSerial = link.qualifier("21").isPresent();
    List<DigitalLink.Element> kept =
        link.elements().stream()
            .filter(e -> !e.ai().equals("22") && !(hasSerial && e.ai().equals("10")))
            .toList();
    return new DigitalLink(kept).toUri();
  }

  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
