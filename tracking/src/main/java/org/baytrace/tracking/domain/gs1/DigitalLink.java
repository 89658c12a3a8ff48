package org.baytrace.tracking.domain.gs1;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A GS1 Digital Link URI (GS1 Digital Link: URI Syntax 1.2) reduced to its identifying path: the
 * primary key and its key qualifiers as AI/value pairs, values percent-decoded. {@link #parse}
 * accepts any host, {@code http} or {@code https}, a relative path ({@code /01/...}), a path
 * prefix before the primary key, the short names of DL 1.1 ({@code /gtin/}, {@code /ser/}, ...),
 * compressed and partially compressed links ({@link DigitalLinkCompression}), and drops the query
 * string and fragment (data attributes are not identity). {@link #toUri}
 * gives the canonical form on {@code https://id.gs1.org}. GTIN-8/12/13 are padded to 14 digits.
 *
 * <p>Parsing checks the structure (which AIs, in which order, digit counts, character sets and
 * lengths) but not check digits; {@link #verifyCheckDigits()} does that. Immutable.
 *
 * @param elements the primary key first, then its qualifiers in path order
 */
public record DigitalLink(List<Element> elements) {
  /** The canonical host of GS1 Digital Link URIs. */
  public static final String CANONICAL_ORIGIN = "https://id.gs1.org";

  /**
   * One path element.
   *
   * @param ai the GS1 application identifier, e.g. {@code 01}
   * @param value the decoded value (a GTIN padded to 14 digits)
   */
  public record Element(String ai, String value) {}

  /**
   * Checks the path and normalises it (a GTIN is padded to 14 digits).
   *
   * @throws InvalidTraceCodeException if the first element is not a primary key, a qualifier does
   *     not belong to it, or a value does not fit its AI
   */
  public DigitalLink {
    if (elements.isEmpty()) {
      throw new InvalidTraceCodeException("Digital Link: no primary key");
    }
    if (!QUALIFIERS.containsKey(elements.get(0).ai())) {
      throw new InvalidTraceCodeException(
          "Digital Link: " + name(elements.get(0).ai()) + " is not a supported primary key");
    }
    List<Element> normalised = new ArrayList<>(elements.size());
    for (Element e : elements) {
      normalised.add(new Element(e.ai(), checkFormat(e.ai(), e.value())));
    }
    checkQualifiers(normalised);
    elements = List.copyOf(normalised);
  }

  /** Primary keys with their allowed qualifier sequences (a path uses a subsequence of one). */
  private static final Map<String, List<List<String>>> QUALIFIERS =
      Map.ofEntries(
          Map.entry("01", List.of(List.of("22", "10", "21"), List.of("235"))),
          Map.entry("8006", List.of(List.of("22", "10", "21"))),
          Map.entry("414", List.of(List.of("254"))),
          Map.entry("8010", List.of(List.of("8011"))),
          Map.entry("00", List.of(List.of())),
          Map.entry("253", List.of(List.of())),
          Map.entry("255", List.of(List.of())),
          Map.entry("401", List.of(List.of())),
          Map.entry("402", List.of(List.of())),
          Map.entry("417", List.of(List.of())),
          Map.entry("8003", List.of(List.of())),
          Map.entry("8004", List.of(List.of())),
          Map.entry("8017", List.of(List.of("8019"))),
          Map.entry("8018", List.of(List.of("8019"))));

  private static final Map<String, String> SHORT_NAMES =
      Map.ofEntries(
          Map.entry("gtin", "01"),
          Map.entry("itip", "8006"),
          Map.entry("cpid", "8010"),
          Map.entry("gln", "414"),
          Map.entry("party", "417"),
          Map.entry("gsrnp", "8017"),
          Map.entry("gsrn", "8018"),
          Map.entry("gcn", "255"),
          Map.entry("sscc", "00"),
          Map.entry("gdti", "253"),
          Map.entry("ginc", "401"),
          Map.entry("gsin", "402"),
          Map.entry("grai", "8003"),
          Map.entry("giai", "8004"),
          Map.entry("cpv", "22"),
          Map.entry("lot", "10"),
          Map.entry("ser", "21"),
          Map.entry("glnx", "254"),
          Map.entry("srin", "8019"));

  private static final Map<String, String> NAMES =
      Map.ofEntries(
          Map.entry("00", "SSCC"),
          Map.entry("01", "GTIN"),
          Map.entry("253", "GDTI"),
          Map.entry("255", "GCN"),
          Map.entry("401", "GINC"),
          Map.entry("402", "GSIN"),
          Map.entry("414", "GLN"),
          Map.entry("417", "party GLN"),
          Map.entry("8003", "GRAI"),
          Map.entry("8004", "GIAI"),
          Map.entry("8006", "ITIP"),
          Map.entry("8010", "CPID"),
          Map.entry("8017", "GSRNP"),
          Map.entry("8018", "GSRN"),
          Map.entry("22", "CPV"),
          Map.entry("10", "lot"),
          Map.entry("21", "serial"),
          Map.entry("235", "TPX"),
          Map.entry("254", "GLN extension"),
          Map.entry("8011", "CPID serial"),
          Map.entry("8019", "SRIN"));

  /** True if {@code ai} is a primary key this class understands. */
  public static boolean isPrimaryKey(String ai) {
    return QUALIFIERS.containsKey(ai);
  }

  /** A short description of an AI for messages, e.g. {@code serial (21)}. */
  static String name(String ai) {
    return NAMES.getOrDefault(ai, "AI") + " (" + ai + ")";
  }

  /** The qualifiers a primary key may have, in path order (the union of its sequences). */
  static List<String> qualifierOrder(String primary) {
    List<String> out = new ArrayList<>();
    for (List<String> sequence : QUALIFIERS.getOrDefault(primary, List.of())) {
      out.addAll(sequence);
    }
    return out;
  }

  /**
   * Parses a Digital Link URI, uncompressed, compressed ({@code https://id.gs1.org/AQnYUc1gmg}) or
   * partially compressed ({@code /01/05412345000013/EEarwSM}); see {@link DigitalLinkCompression}.
   * A compressed link is expanded and then checked as its uncompressed form.
   *
   * @throws InvalidTraceCodeException naming the problem, e.g. a missing primary key, an
   *     unexpected qualifier, a value of the wrong length or character set, or a compressed segment
   *     that does not decode
   */
  public static DigitalLink parse(String uri) {
    String path = pathOf(uri);
    if (!DigitalLinkCompression.isCompressedPath(path)) {
      try {
        return fromPath(path);
      } catch (InvalidTraceCodeException e) {
        throw new InvalidTraceCodeException("Digital Link " + uri + ": " + e.getMessage());
      }
    }
    String expanded;
    try {
      expanded = DigitalLinkCompression.decompress(uri);
    } catch (InvalidTraceCodeException e) {
      if (!DigitalLinkCompression.plainlyCompressed(path)) {
        throw new InvalidTraceCodeException("Digital Link " + uri + ": no GS1 primary key (such as /01/,"
            + " /00/ or /414/) in the path, nor a compressed Digital Link at its end (" + e.getMessage() + ")");
      }
      throw new InvalidTraceCodeException("compressed Digital Link " + uri + ": " + e.getMessage());
    }
    try {
      return fromPath(pathOf(expanded));
    } catch (InvalidTraceCodeException e) {
      throw new InvalidTraceCodeException(
          "compressed Digital Link " + uri + " (decompressed " + expanded + "): " + e.getMessage());
    }
  }

  /** The link of an uncompressed path; messages name the problem but not the URI. */
  private static DigitalLink fromPath(String path) {
    List<String> segments = new ArrayList<>();
    for (String s : path.split("/", -1)) {
      segments.add(s);
    }
    // A leading "/" gives an empty first segment; a trailing "/" an empty last one.
    if (!segments.isEmpty() && segments.get(0).isEmpty()) {
      segments.remove(0);
    }
    if (!segments.isEmpty() && segments.get(segments.size() - 1).isEmpty()) {
      segments.remove(segments.size() - 1);
    }
    InvalidTraceCodeException first = null;
    for (int i = 0; i < segments.size(); i++) {
      String ai = aiOfSegment(segments.get(i));
      if (!QUALIFIERS.containsKey(ai)) {
        continue;
      }
      try {
        return fromSegments(segments.subList(i, segments.size()));
      } catch (InvalidTraceCodeException e) {
        if (first == null) {
          first = e;
        }
      }
    }
    if (first != null) {
      throw first;
    }
    throw new InvalidTraceCodeException("no GS1 primary key (such as /01/, /00/ or /414/) in the path");
  }

  private static String pathOf(String uri) {
    String rest;
    String lower = uri.toLowerCase(Locale.ROOT);
    if (lower.startsWith("https://") || lower.startsWith("http://")) {
      int start = uri.indexOf("//") + 2;
      int slash = uri.indexOf('/', start);
      int end = firstOf(uri, start, "?#");
      if (slash < 0 || (end >= 0 && end < slash)) {
        throw new InvalidTraceCodeException("Digital Link " + uri + ": no path after the host");
      }
      if (slash == start) {
        throw new InvalidTraceCodeException("Digital Link " + uri + ": empty host");
      }
      rest = uri.substring(slash);
    } else if (uri.startsWith("/")) {
      rest = uri;
    } else {
      throw new InvalidTraceCodeException(
          "Digital Link " + uri + ": want http://host/..., https://host/... or a path /{AI}/...");
    }
    int end = firstOf(rest, 0, "?#");
    return end < 0 ? rest : rest.substring(0, end);
  }

  private static int firstOf(String s, int from, String chars) {
    for (int i = from; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  static String aiOfSegment(String segment) {
    return SHORT_NAMES.getOrDefault(segment, segment);
  }

  private static DigitalLink fromSegments(List<String> segments) {
    if (segments.size() % 2 != 0) {
      throw new InvalidTraceCodeException(
          "path /" + String.join("/", segments) + " does not end with a value after its last AI");
    }
    List<Element> elements = new ArrayList<>();
    for (int i = 0; i < segments.size(); i += 2) {
      String ai = aiOfSegment(segments.get(i));
      elements.add(new Element(ai, Ai82.dlDecode(name(ai), segments.get(i + 1))));
    }
    return new DigitalLink(elements);
  }

  private static void checkQualifiers(List<Element> elements) {
    String primary = elements.get(0).ai();
    List<String> got = new ArrayList<>();
    for (int i = 1; i < elements.size(); i++) {
      got.add(elements.get(i).ai());
    }
    for (List<String> allowed : QUALIFIERS.get(primary)) {
      if (isOrderedSubsequence(got, allowed)) {
        return;
      }
    }
    for (String q : got) {
      boolean known = QUALIFIERS.get(primary).stream().anyMatch(l -> l.contains(q));
      if (!known) {
        throw new InvalidTraceCodeException(
            name(q) + " is not a key qualifier of " + name(primary));
      }
    }
    throw new InvalidTraceCodeException(
        "key qualifiers " + got + " of " + name(primary) + " are repeated, combined or out of"
            + " order; want a subsequence of " + QUALIFIERS.get(primary));
  }

  private static boolean isOrderedSubsequence(List<String> got, List<String> allowed) {
    int j = 0;
    for (String g : got) {
      while (j < allowed.size() && !allowed.get(j).equals(g)) {
        j++;
      }
      if (j == allowed.size()) {
        return false;
      }
      j++;
    }
    return true;
  }

  /** Checks a decoded value against its AI's format and returns it (a GTIN padded to 14). */
  static String checkFormat(String ai, String value) {
    String what = name(ai);
    switch (ai) {
      case "00":
      case "8006":
      case "8017":
      case "8018":
        return digits(what, value, 18);
      case "01":
        return gtinDigits(value);
      case "402":
        return digits(what, value, 17);
      case "414":
      case "417":
        return digits(what, value, 13);
      case "253":
        digits(what, prefix(value, 13), 13);
        if (value.length() > 13) {
          Ai82.check(what + " serial component", value.substring(13), 17);
        }
        return value;
      case "255":
        digits(what, prefix(value, 13), 13);
        if (value.length() > 25 || !CheckDigit.isDigits(value)) {
          throw new InvalidTraceCodeException(
              what + " " + value + ": want 13 digits and an optional serial of up to 12 digits");
        }
        return value;
      case "8003":
        digits(what, prefix(value, 14), 14);
        if (value.length() > 14) {
          Ai82.check(what + " serial component", value.substring(14), 16);
        }
        return value;
      case "401":
      case "8004":
        return Ai82.check(what, value, 30);
      case "8010":
        return Ai82.checkCpid(what, value, 30);
      case "8019":
        if (value.length() > 10 || !CheckDigit.isDigits(value)) {
          throw new InvalidTraceCodeException(what + " " + value + ": want 1 to 10 digits");
        }
        return value;
      case "8011":
        if (value.length() > 12 || !CheckDigit.isDigits(value)) {
          throw new InvalidTraceCodeException(what + " " + value + ": want 1 to 12 digits");
        }
        return value;
      case "22":
      case "10":
      case "21":
      case "254":
        return Ai82.check(what, value, 20);
      case "235":
        return Ai82.check(what, value, 28);
      default:
        throw new InvalidTraceCodeException("AI " + ai + " is not supported in a Digital Link path");
    }
  }

  private static String prefix(String value, int n) {
    return value.length() < n ? value : value.substring(0, n);
  }

  private static String digits(String what, String value, int length) {
    if (!CheckDigit.isDigits(value)) {
      throw new InvalidTraceCodeException(
          what + " " + value + ": " + CheckDigit.describeNonDigit(value));
    }
    if (value.length() != length) {
      throw new InvalidTraceCodeException(
          what + " " + value + ": length " + value.length() + ", want " + length + " digits");
    }
    return value;
  }

  private static String gtinDigits(String value) {
    if (!CheckDigit.isDigits(value)) {
      throw new InvalidTraceCodeException("GTIN " + value + ": " + CheckDigit.describeNonDigit(value));
    }
    int n = value.length();
    if (n != 8 && n != 12 && n != 13 && n != 14) {
      throw new InvalidTraceCodeException(
          "GTIN " + value + ": length " + n + ", want 8, 12, 13 or 14 digits");
    }
    return "0".repeat(14 - n) + value;
  }

  /** The primary key's AI, e.g. {@code 01}. */
  public String primaryAi() {
    return elements.get(0).ai();
  }

  /** The primary key's value, e.g. the 14-digit GTIN. */
  public String primaryValue() {
    return elements.get(0).value();
  }

  /** The value of a key qualifier, if the path has it. */
  public Optional<String> qualifier(String ai) {
    for (int i = 1; i < elements.size(); i++) {
      if (elements.get(i).ai().equals(ai)) {
        return Optional.of(elements.get(i).value());
      }
    }
    return Optional.empty();
  }

  /** The AIs of the path in order, e.g. {@code [01, 10, 21]}. */
  public List<String> ais() {
    List<String> out = new ArrayList<>(elements.size());
    for (Element e : elements) {
      out.add(e.ai());
    }
    return out;
  }

  /**
   * Verifies the check digits of the keys in the path (GTIN, SSCC, GLN, GDTI, GCN, GSIN, GRAI,
   * ITIP, GSRN, GSRNP).
   *
   * @throws InvalidTraceCodeException e.g. {@code GTIN 09506000134353: check digit 3, want 2}
   */
  public void verifyCheckDigits() {
    for (Element e : elements) {
      String v = e.value();
      switch (e.ai()) {
        case "00" -> CheckDigit.verify("SSCC", v, 18);
        case "01" -> CheckDigit.verify("GTIN", v, 14);
        case "253" -> CheckDigit.verify("GDTI", v.substring(0, 13), 13);
        case "255" -> CheckDigit.verify("GCN", v.substring(0, 13), 13);
        case "402" -> CheckDigit.verify("GSIN", v, 17);
        case "414" -> CheckDigit.verify("GLN", v, 13);
        case "417" -> CheckDigit.verify("party GLN", v, 13);
        case "8003" -> CheckDigit.verify("GRAI", v.substring(0, 14), 14);
        case "8006" -> CheckDigit.verify("ITIP", v.substring(0, 14), 14);
        case "8017" -> CheckDigit.verify("GSRNP", v, 18);
        case "8018" -> CheckDigit.verify("GSRN", v, 18);
        default -> {
          // no check digit
        }
      }
    }
  }

  /** The canonical URI: {@code https://id.gs1.org/{ai}/{value}...}, values percent-encoded. */
  public String toUri() {
    StringBuilder sb = new StringBuilder(CANONICAL_ORIGIN);
    for (Element e : elements) {
      sb.append('/').append(e.ai()).append('/').append(Ai82.dlEncode(e.value()));
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return toUri();
  }
}
