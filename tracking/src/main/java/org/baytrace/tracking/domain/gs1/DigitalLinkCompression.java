package org.baytrace.tracking.domain.gs1;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The compressed form of a GS1 Digital Link (GS1 Digital Link Standard: URI Syntax 1.2+, the
 * compression section; GS1's reference code is {@code GS1DigitalLinkCompressionPrototype}): the
 * AI/value pairs of a link packed into a bit stream and written as one base64url path segment,
 * e.g. {@code https://id.gs1.org/AQnYUc1gmiCNV4JG} for {@code /01/05412345000013/10/ABC123}. A
 * partially compressed link keeps its primary key uncompressed and packs the rest
 * ({@code /01/05412345000013/EEarwSM}). Stateless.
 *
 * <p>The bit stream is a sequence of entries, each starting with two hex nibbles {@code h1 h2}:
 *
 * <ul>
 *   <li>both 0-9: an AI; {@link #AI_LENGTH} gives its length (2, 3 or 4 digits) from its first
 *       two, and the further digits follow as nibbles. Its value follows, part by part as the AI's
 *       format ({@link #formatOf}) says;
 *   <li>a code of {@link #OPTIMISATIONS} ({@code 0A} = GTIN with CPV, ..., {@code 9D} = GLN with
 *       extension): the values of that AI sequence follow, without their AIs;
 *   <li>{@code h1 = F}: a non-GS1 {@code key=value} pair: a 7-bit key length (h2 and 3 more bits),
 *       the key in 6-bit base64url characters, then the value as an alphanumeric part with a 7-bit
 *       length.
 * </ul>
 *
 * <p>A numeric part of fixed length L is the number in {@code ceil(L log2 10 + 0.01)} bits; of
 * variable length up to M digits, first the digit count in {@code ceil(log2 M + 0.01)} bits, then
 * the number. An alphanumeric part is a 3-bit encoding indicator, the character count (in {@code
 * ceil(log2 M + 0.01)} bits; none when fixed), then the characters: {@code 000} digits as one
 * number, {@code 001} lower-case hex and {@code 010} upper-case hex in 4 bits each, {@code 011}
 * base64url characters in 6 bits each, {@code 100} 7-bit ASCII. The stream is padded with zero
 * bits to a multiple of 6 and written with the base64url alphabet {@code A-Z a-z 0-9 - _}.
 *
 * <p>The AI formats are those of the GS1 General Specifications §3.2, written here for every AI
 * this project knows (the keys and key qualifiers of {@link DigitalLink}, the data attributes of
 * {@link DigitalLinkAttributes}, and those the optimisation codes name) plus the rules by prefix
 * (31nn-36nn, 39nn, 91-99). An AI outside them cannot be decoded (its value's bit length depends on
 * its format) and is refused by name. Two deliberate differences from the prototype: AI 235 is
 * {@code X..28} as in the General Specifications (the prototype's table reads it as N3 then X..28);
 * and a value written with indicator {@code 000}, or a variable numeric part, keeps its leading
 * zeros (it is padded to the character count the stream carries; the prototype drops them, so
 * serial {@code 0012} would come back as {@code 12}).
 */
public final class DigitalLinkCompression {
  private DigitalLinkCompression() {}

  private static final String BASE64URL =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  private static final String HEX = "0123456789ABCDEF";

  /** Length of a GS1 AI by its first two digits (GS1 General Specifications §3.2). */
  private static final Map<String, Integer> AI_LENGTH = aiLengths();

  private static Map<String, Integer> aiLengths() {
    Map<String, Integer> m = new TreeMap<>();
    for (String p : List.of("00", "01", "02", "10", "11", "12", "13", "15", "16", "17", "20", "21",
        "22", "30", "37", "90", "91", "92", "93", "94", "95", "96", "97", "98", "99")) {
      m.put(p, 2);
    }
    for (String p : List.of("23", "24", "25", "40", "41", "42", "71")) {
      m.put(p, 3);
    }
    for (String p : List.of("31", "32", "33", "34", "35", "36", "39", "43", "70", "72", "80", "81",
        "82")) {
      m.put(p, 4);
    }
    return Map.copyOf(m);
  }

  /**
   * The optimisation codes of the GS1 Digital Link compression table: a code that is not two
   * decimal digits stands for a sequence of AIs whose values follow it.
   */
  static final Map<String, List<String>> OPTIMISATIONS = optimisations();

  private static Map<String, List<String>> optimisations() {
    // insertion order is the table's order, which breaks ties when compressing
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("0A", List.of("01", "22"));
    m.put("0B", List.of("01", "10"));
    m.put("0C", List.of("01", "21"));
    m.put("0D", List.of("01", "17"));
    m.put("0E", List.of("01", "7003"));
    m.put("0F", List.of("01", "30"));
    m.put("1A", List.of("01", "10", "21", "17"));
    m.put("1B", List.of("01", "15"));
    m.put("1C", List.of("01", "11"));
    m.put("1D", List.of("01", "16"));
    m.put("1E", List.of("01", "91"));
    m.put("1F", List.of("01", "10", "15"));
    for (int n = 0; n <= 5; n++) {
      m.put("2" + HEX.charAt(10 + n), List.of("01", "310" + n));
    }
    for (int n = 0; n <= 5; n++) {
      m.put("3" + HEX.charAt(10 + n), List.of("01", "320" + n));
    }
    m.put("9A", List.of("8010", "8011"));
    m.put("9B", List.of("8017", "8019"));
    m.put("9C", List.of("8018", "8019"));
    m.put("9D", List.of("414", "254"));
    for (int n = 0; n <= 9; n++) {
      m.put("A" + n, List.of("01", "392" + n));
    }
    for (int n = 0; n <= 9; n++) {
      m.put("C" + n, List.of("255", "390" + n));
    }
    for (int n = 0; n <= 3; n++) {
      m.put("C" + HEX.charAt(10 + n), List.of("255", "394" + n));
    }
    return Collections.unmodifiableMap(m);
  }

  /** One part of an AI's value: numeric or alphanumeric, of a fixed length or up to a maximum. */
  private record Part(boolean numeric, boolean fixed, int length) {
    static Part of(String spec) {
      boolean numeric = spec.charAt(0) == 'N';
      boolean variable = spec.startsWith("..", 1);
      return new Part(numeric, !variable, Integer.parseInt(spec.substring(variable ? 3 : 1)));
    }
  }

  /** AI formats, parts separated by a space: N14 fixed digits, N..12 up to 12, X..20 set 82. */
  private static final Map<String, String> FORMATS =
      Map.ofEntries(
          // keys and key qualifiers
          Map.entry("00", "N18"), Map.entry("01", "N14"), Map.entry("253", "N13 X..17"),
          Map.entry("255", "N13 N..12"), Map.entry("401", "X..30"), Map.entry("402", "N17"),
          Map.entry("414", "N13"), Map.entry("417", "N13"), Map.entry("8003", "N14 X..16"),
          Map.entry("8004", "X..30"), Map.entry("8006", "N18"), Map.entry("8010", "X..30"),
          Map.entry("8011", "N..12"), Map.entry("8017", "N18"), Map.entry("8018", "N18"),
          Map.entry("8019", "N..10"), Map.entry("22", "X..20"), Map.entry("10", "X..20"),
          Map.entry("21", "X..20"), Map.entry("235", "X..28"), Map.entry("254", "X..20"),
          // data attributes
          Map.entry("02", "N14"), Map.entry("11", "N6"), Map.entry("12", "N6"),
          Map.entry("13", "N6"), Map.entry("15", "N6"), Map.entry("16", "N6"),
          Map.entry("17", "N6"), Map.entry("20", "N2"), Map.entry("30", "N..8"),
          Map.entry("37", "N..8"), Map.entry("240", "X..30"), Map.entry("241", "X..30"),
          Map.entry("242", "N..6"), Map.entry("243", "X..20"), Map.entry("250", "X..30"),
          Map.entry("251", "X..30"), Map.entry("422", "N3"), Map.entry("424", "N3"),
          Map.entry("426", "N3"), Map.entry("427", "X..3"), Map.entry("4300", "X..35"),
          Map.entry("4301", "X..35"), Map.entry("4307", "X2"), Map.entry("4321", "N1"),
          Map.entry("4322", "N1"), Map.entry("4323", "N1"), Map.entry("4324", "N10"),
          Map.entry("4325", "N10"), Map.entry("4326", "N6"), Map.entry("7002", "X..30"),
          Map.entry("7003", "N10"), Map.entry("7004", "N..4"), Map.entry("7005", "X..12"),
          Map.entry("7006", "N6"), Map.entry("7007", "N6 N..6"), Map.entry("7008", "X..3"),
          Map.entry("7009", "X..10"), Map.entry("7010", "X..2"), Map.entry("7020", "X..20"),
          Map.entry("7021", "X..20"), Map.entry("7022", "X..20"), Map.entry("8005", "N6"),
          Map.entry("8008", "N8 N..4"), Map.entry("90", "X..30"));

  /** The parts of an AI's value, or null if this table does not know the AI. */
  private static List<Part> formatOf(String ai) {
    String spec = FORMATS.get(ai);
    if (spec == null && ai.length() == 2 && ai.compareTo("91") >= 0 && ai.compareTo("99") <= 0) {
      spec = "X..90";
    }
    if (spec == null && ai.length() == 4) {
      String group = ai.substring(0, 3);
      int two = Integer.parseInt(ai.substring(0, 2));
      if (two >= 31 && two <= 36) {
        spec = "N6"; // trade and logistic measures, last digit = decimal places
      } else if (group.equals("390") || group.equals("392")) {
        spec = "N..15"; // amount payable
      } else if (group.equals("391") || group.equals("393")) {
        spec = "N3 N..15"; // ISO 4217 currency then amount
      } else if (group.equals("394")) {
        spec = "N4"; // percentage discount of a coupon
      } else if (group.equals("395")) {
        spec = "N6"; // amount payable per unit of measure
      }
    }
    if (spec == null) {
      return null;
    }
    List<Part> parts = new ArrayList<>();
    for (String p : spec.split(" ")) {
      parts.add(Part.of(p));
    }
    return parts;
  }

  /** Bits of a number of {@code digits} decimal digits, as the standard computes them. */
  static int valueBits(int digits) {
    return (int) Math.ceil(digits * Math.log(10) / Math.log(2) + 0.01);
  }

  /** Bits of a length field for lengths up to {@code max}, as the standard computes them. */
  static int lengthBits(int max) {
    return (int) Math.ceil(Math.log(max) / Math.log(2) + 0.01);
  }

  // ---------------------------------------------------------------------------------------------
  // Recognising a compressed link

  /** True if {@code segment} is written in the base64url alphabet (and not empty). */
  static boolean isBase64Url(String segment) {
    if (segment.isEmpty()) {
      return false;
    }
    for (int i = 0; i < segment.length(); i++) {
      if (BASE64URL.indexOf(segment.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * True if a Digital Link path ends in a segment to read as compressed: either its segments from
   * the first primary key on are odd in number and the last one is neither all digits nor a short
   * name such as {@code ser} (partially compressed; so a bad character there is named), or no
   * segment names a primary key and the last is at least 4 base64url characters, not all digits
   * (the shortest compressed key, a one-character GIAI, takes 5).
   */
  public static boolean isCompressedPath(String path) {
    List<String> segments = segments(path);
    if (segments.isEmpty()) {
      return false;
    }
    String last = segments.get(segments.size() - 1);
    boolean candidate = !CheckDigit.isDigits(last) && DigitalLink.aiOfSegment(last).equals(last);
    if (primaryKeyIndex(segments) >= 0) {
      // a dangling AI or short name (/01/{gtin}/21) is a path missing its value, not compressed
      return (segments.size() - primaryKeyIndex(segments)) % 2 == 1 && candidate;
    }
    return candidate && last.length() >= 4 && isBase64Url(last);
  }

  /**
   * True if a path with no primary key ends in a segment that is plainly meant as compressed (10
   * or more base64url characters with a digit, {@code -} or {@code _}), rather than a word that a
   * compressed reading merely fails on; messages say which.
   */
  public static boolean plainlyCompressed(String path) {
    List<String> segments = segments(path);
    if (segments.isEmpty()) {
      return false;
    }
    String last = segments.get(segments.size() - 1);
    return primaryKeyIndex(segments) >= 0
        || (last.length() >= 10 && isBase64Url(last) && last.chars().anyMatch(c -> c < 'A' || c == '_'));
  }

  private static List<String> segments(String path) {
    List<String> out = new ArrayList<>();
    for (String s : path.split("/", -1)) {
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    return out;
  }

  private static int primaryKeyIndex(List<String> segments) {
    for (int i = 0; i < segments.size(); i++) {
      if (DigitalLink.isPrimaryKey(DigitalLink.aiOfSegment(segments.get(i)))) {
        return i;
      }
    }
    return -1;
  }

  // ---------------------------------------------------------------------------------------------
  // Decompression

  /** One decoded pair: an AI and its value, or a non-GS1 key and its value. */
  record Pair(String key, String value, boolean gs1) {}

  /**
   * Expands a compressed or partially compressed Digital Link to its uncompressed form on the same
   * origin and path prefix: the primary key and its qualifiers in the path, the data attributes and
   * non-GS1 pairs in the query string before the link's own query, the fragment kept. The result is
   * for the ordinary parser, which checks the values as for any link.
   *
   * @param uri an absolute http(s) URI or a path, whose path {@link #isCompressedPath} accepts
   * @throws InvalidTraceCodeException naming the problem: a character outside base64url, a
   *     truncated bit stream, an unknown AI or optimisation code, a value that does not fit its AI,
   *     an AI given twice, or no primary key
   */
  public static String decompress(String uri) {
    int pathStart = 0;
    String lower = uri.toLowerCase(Locale.ROOT);
    if (lower.startsWith("https://") || lower.startsWith("http://")) {
      int slash = uri.indexOf('/', uri.indexOf("//") + 2);
      pathStart = slash < 0 ? uri.length() : slash;
    }
    int end = uri.length();
    for (char stop : new char[] {'?', '#'}) {
      int i = uri.indexOf(stop, pathStart);
      if (i >= 0 && i < end) {
        end = i;
      }
    }
    String origin = uri.substring(0, pathStart);
    String path = uri.substring(pathStart, end);
    String query = "";
    String fragment = "";
    if (end < uri.length()) {
      String rest = uri.substring(end);
      int hash = rest.indexOf('#');
      fragment = hash < 0 ? "" : rest.substring(hash);
      String q = hash < 0 ? rest : rest.substring(0, hash);
      query = q.startsWith("?") ? q.substring(1) : "";
    }
    List<String> segments = segments(path);
    if (segments.isEmpty() || !isCompressedPath(path)) {
      throw new InvalidTraceCodeException("path " + path + ": no compressed segment at its end");
    }
    String compressed = segments.get(segments.size() - 1);
    int key = primaryKeyIndex(segments);
    int prefixEnd = key >= 0 ? key : segments.size() - 1;
    List<Pair> pairs = new ArrayList<>();
    for (int i = prefixEnd; i + 1 < segments.size() - 1; i += 2) {
      String ai = DigitalLink.aiOfSegment(segments.get(i));
      pairs.add(new Pair(ai, Ai82.dlDecode(DigitalLink.name(ai), segments.get(i + 1)), true));
    }
    pairs.addAll(decode(compressed));
    return origin + join(segments.subList(0, prefixEnd), pairs, query) + fragment;
  }

  /** The uncompressed path and query of the decoded pairs, after a path prefix. */
  private static String join(List<String> prefix, List<Pair> pairs, String query) {
    Map<String, String> gs1 = new LinkedHashMap<>();
    List<Pair> others = new ArrayList<>();
    for (Pair p : pairs) {
      if (!p.gs1()) {
        others.add(p);
      } else if (gs1.putIfAbsent(p.key(), p.value()) != null) {
        throw new InvalidTraceCodeException(
            label(p.key()) + ": got it twice, want each AI at most once");
      }
    }
    List<String> primaries = new ArrayList<>();
    for (String ai : gs1.keySet()) {
      if (DigitalLink.isPrimaryKey(ai)) {
        primaries.add(ai);
      }
    }
    if (primaries.size() != 1) {
      List<String> named = new ArrayList<>();
      for (String ai : primaries.isEmpty() ? gs1.keySet() : primaries) {
        named.add(label(ai));
      }
      throw new InvalidTraceCodeException(
          (primaries.isEmpty() ? "no primary key among the AIs " : "two primary keys ") + named
              + ", want exactly one (such as GTIN (01), SSCC (00) or GLN (414))");
    }
    String primary = primaries.get(0);
    StringBuilder sb = new StringBuilder();
    for (String s : prefix) {
      sb.append('/').append(s);
    }
    sb.append('/').append(primary).append('/').append(Ai82.dlEncode(gs1.get(primary)));
    List<String> pathAis = new ArrayList<>(DigitalLink.qualifierOrder(primary));
    for (String ai : gs1.keySet()) {
      // a key or qualifier that does not belong here goes in the path, for the parser to name
      if (DigitalLinkAttributes.isPathOnly(ai) && !ai.equals(primary) && !pathAis.contains(ai)) {
        pathAis.add(ai);
      }
    }
    for (String ai : pathAis) {
      if (gs1.containsKey(ai)) {
        sb.append('/').append(ai).append('/').append(Ai82.dlEncode(gs1.get(ai)));
      }
    }
    List<String> params = new ArrayList<>();
    for (Map.Entry<String, String> e : gs1.entrySet()) {
      if (!e.getKey().equals(primary) && !pathAis.contains(e.getKey())) {
        params.add(e.getKey() + "=" + Ai82.dlEncode(e.getValue()));
      }
    }
    for (Pair p : others) {
      params.add(p.key() + "=" + Ai82.dlEncode(p.value()));
    }
    if (!query.isEmpty()) {
      params.add(query);
    }
    if (!params.isEmpty()) {
      sb.append('?').append(String.join("&", params));
    }
    return sb.toString();
  }

  /**
   * Decodes one compressed segment into its pairs, in stream order.
   *
   * @throws InvalidTraceCodeException as {@link #decompress} does
   */
  static List<Pair> decode(String segment) {
    Bits in = Bits.of(segment);
    List<Pair> out = new ArrayList<>();
    while (in.left() >= 6) {
      // fewer than 6 bits left are the padding of the last base64url character
      int start = in.pos;
      int h1 = in.read(4, "an AI or optimisation code");
      int h2 = in.read(4, "an AI or optimisation code");
      if (h1 <= 9 && h2 <= 9) {
        String ai = "" + h1 + h2;
        Integer length = AI_LENGTH.get(ai);
        if (length == null) {
          throw new InvalidTraceCodeException(
              "bits " + start + "-" + (start + 7) + ": got AI digits " + ai + ", which begin no GS1"
                  + " application identifier");
        }
        while (ai.length() < length) {
          int d = in.read(4, "the digits of AI " + ai + "...");
          if (d > 9) {
            throw new InvalidTraceCodeException(
                "bit " + (in.pos - 4) + ": AI " + ai + " continues with hex digit " + HEX.charAt(d)
                    + ", want a decimal digit");
          }
          ai += d;
        }
        out.add(new Pair(ai, value(ai, in), true));
      } else if (OPTIMISATIONS.containsKey("" + HEX.charAt(h1) + HEX.charAt(h2))) {
        for (String ai : OPTIMISATIONS.get("" + HEX.charAt(h1) + HEX.charAt(h2))) {
          out.add(new Pair(ai, value(ai, in), true));
        }
      } else if (h1 == 0xF) {
        int keyLength = (h2 << 3) | in.read(3, "the length of a non-GS1 key");
        if (keyLength == 0) {
          throw new InvalidTraceCodeException(
              "bit " + start + ": a non-GS1 key=value pair with an empty key, want 1 to 127 characters");
        }
        String key = chars(in, 3, keyLength, "non-GS1 key");
        int encoding = in.read(3, "the encoding of the value of " + key);
        int n = in.read(7, "the length of the value of " + key);
        out.add(new Pair(key, chars(in, encoding, n, "value of " + key), false));
      } else {
        throw new InvalidTraceCodeException(
            "bits " + start + "-" + (start + 7) + ": got optimisation code " + HEX.charAt(h1)
                + HEX.charAt(h2) + ", want an AI (two decimal digits), a code of the GS1 Digital Link"
                + " compression table (0A-0F, 1A-1F, 2A-2F, 3A-3F, 9A-9D, A0-A9, C0-CD) or F (a"
                + " non-GS1 pair)");
      }
    }
    if (!in.restIsZero()) {
      throw new InvalidTraceCodeException(
          "the last " + in.left() + " bits: got non-zero padding, want zero bits after the last value");
    }
    return out;
  }

  /** Reads the value of one AI, part by part. */
  private static String value(String ai, Bits in) {
    List<Part> parts = formatOf(ai);
    if (parts == null) {
      throw new InvalidTraceCodeException(
          "AI " + ai + ": got an AI whose format this resolver does not know, so its value cannot be"
              + " decoded; want a GS1 key, key qualifier or data attribute listed in tracking/README.md");
    }
    String what = label(ai);
    StringBuilder v = new StringBuilder();
    for (Part part : parts) {
      if (part.numeric()) {
        int digits = part.fixed() ? part.length() : in.read(lengthBits(part.length()), "the length of " + what);
        if (digits > part.length()) {
          throw new InvalidTraceCodeException(
              what + ": got a length of " + digits + " digits, want at most " + part.length());
        }
        v.append(number(in, digits, what));
      } else {
        int encoding = in.read(3, "the encoding of " + what);
        int n = part.fixed() ? part.length() : in.read(lengthBits(part.length()), "the length of " + what);
        if (n > part.length()) {
          throw new InvalidTraceCodeException(
              what + ": got a length of " + n + " characters, want at most " + part.length());
        }
        v.append(chars(in, encoding, n, what));
      }
    }
    return v.toString();
  }

  /** {@code serial (21)} for the AIs {@link DigitalLink} names, else {@code AI 17}. */
  private static String label(String ai) {
    String name = DigitalLink.name(ai);
    return name.startsWith("AI (") ? "AI " + ai : name;
  }

  /** A number of {@code digits} digits, leading zeros kept. */
  private static String number(Bits in, int digits, String what) {
    int bits = valueBits(digits);
    BigInteger n = in.readBig(bits, digits + " digits of " + what);
    if (digits == 0) {
      return "";
    }
    String s = n.toString();
    if (s.length() > digits) {
      throw new InvalidTraceCodeException(
          what + ": got the number " + s + " in " + bits + " bits, want at most " + digits + " digits");
    }
    return "0".repeat(digits - s.length()) + s;
  }

  private static String chars(Bits in, int encoding, int n, String what) {
    StringBuilder s = new StringBuilder(n);
    switch (encoding) {
      case 0 -> s.append(number(in, n, what));
      case 1, 2 -> {
        in.need(4 * n, n + " hex digits of " + what);
        for (int i = 0; i < n; i++) {
          char c = HEX.charAt(in.read(4, n + " hex digits of " + what));
          s.append(encoding == 1 ? Character.toLowerCase(c) : c);
        }
      }
      case 3 -> {
        in.need(6 * n, n + " base64url characters of " + what);
        for (int i = 0; i < n; i++) {
          s.append(BASE64URL.charAt(in.read(6, n + " base64url characters of " + what)));
        }
      }
      case 4 -> {
        in.need(7 * n, n + " 7-bit characters of " + what);
        for (int i = 0; i < n; i++) {
          s.append((char) in.read(7, n + " 7-bit characters of " + what));
        }
      }
      default -> throw new InvalidTraceCodeException(
          what + ": got encoding indicator " + Integer.toBinaryString(8 | encoding).substring(1)
              + ", want 000 (digits), 001 (hex lower case), 010 (hex upper case), 011 (base64url) or"
              + " 100 (7-bit ASCII)");
    }
    return s.toString();
  }

  /** A read cursor over the bits of a base64url segment. */
  private static final class Bits {
    private final boolean[] bits;
    private int pos;

    private Bits(boolean[] bits) {
      this.bits = bits;
    }

    static Bits of(String segment) {
      boolean[] bits = new boolean[segment.length() * 6];
      for (int i = 0; i < segment.length(); i++) {
        int v = BASE64URL.indexOf(segment.charAt(i));
        if (v < 0) {
          throw new InvalidTraceCodeException(
              "compressed segment " + segment + ": character " + Ai82.describe(segment.charAt(i))
                  + " at position " + (i + 1) + " is not base64url (A-Z a-z 0-9 - _)");
        }
        for (int b = 0; b < 6; b++) {
          bits[i * 6 + b] = (v & (0x20 >> b)) != 0;
        }
      }
      return new Bits(bits);
    }

    int left() {
      return bits.length - pos;
    }

    int read(int n, String what) {
      return readBig(n, what).intValueExact();
    }

    void need(int n, String what) {
      if (n > left()) {
        throw new InvalidTraceCodeException(
            "truncated at bit " + pos + " of " + bits.length + ": " + what + " need " + n + " bits, "
                + left() + " left");
      }
    }

    BigInteger readBig(int n, String what) {
      need(n, what);
      BigInteger v = BigInteger.ZERO;
      for (int i = 0; i < n; i++) {
        v = v.shiftLeft(1);
        if (bits[pos++]) {
          v = v.setBit(0);
        }
      }
      return v;
    }

    boolean restIsZero() {
      for (int i = pos; i < bits.length; i++) {
        if (bits[i]) {
          return false;
        }
      }
      return true;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Compression

  /**
   * The compressed form of a link on {@code https://id.gs1.org}, with the optimisation codes.
   *
   * @see #compress(DigitalLink, Map, Map, boolean)
   */
  public static String compress(DigitalLink link) {
    return compress(link, Map.of(), Map.of(), true);
  }

  /**
   * The compressed form of a link with data attributes and non-GS1 pairs, on {@code
   * https://id.gs1.org}. Like GS1's prototype: with {@code optimise}, the optimisation codes that
   * cover the most AI digits are taken first (greedily, ties to the first in the table), then the
   * other AIs in ascending string order, then the non-GS1 pairs in the map's order.
   *
   * @param attributes data attributes, AI to value, encoded as given (whoever reads the link checks
   *     them with {@link DigitalLinkAttributes}, as the resolver does)
   * @param others non-GS1 pairs: keys of 1 to 127 base64url characters, values of at most 127
   *     7-bit ASCII characters
   * @throws InvalidTraceCodeException if a value does not fit its AI's format or a pair cannot be
   *     encoded
   */
  public static String compress(
      DigitalLink link, Map<String, String> attributes, Map<String, String> others, boolean optimise) {
    Map<String, String> values = new TreeMap<>();
    for (DigitalLink.Element e : link.elements()) {
      values.put(e.ai(), e.value());
    }
    for (Map.Entry<String, String> a : attributes.entrySet()) {
      if (values.put(a.getKey(), a.getValue()) != null) {
        throw new InvalidTraceCodeException(label(a.getKey()) + ": got it twice, want it once");
      }
    }
    return DigitalLink.CANONICAL_ORIGIN + "/" + segment(values, others, optimise);
  }

  /**
   * One compressed segment of AI values and non-GS1 pairs, e.g. the part after the primary key of
   * a partially compressed link.
   */
  static String segment(Map<String, String> values, Map<String, String> others, boolean optimise) {
    StringBuilder bits = new StringBuilder();
    Set<String> left = new TreeSet<>(values.keySet());
    while (optimise) {
      String best = null;
      int bestDigits = 0;
      for (Map.Entry<String, List<String>> o : OPTIMISATIONS.entrySet()) {
        int digits = 0;
        boolean all = true;
        for (String ai : o.getValue()) {
          all &= left.contains(ai);
          digits += ai.length();
        }
        if (all && digits > bestDigits) {
          best = o.getKey();
          bestDigits = digits;
        }
      }
      if (best == null) {
        break;
      }
      appendHex(bits, best);
      for (String ai : OPTIMISATIONS.get(best)) {
        appendValue(bits, ai, values.get(ai));
        left.remove(ai);
      }
    }
    for (String ai : left) {
      appendHex(bits, ai);
      appendValue(bits, ai, values.get(ai));
    }
    for (Map.Entry<String, String> o : others.entrySet()) {
      String key = o.getKey();
      if (key.length() > 127 || !isBase64Url(key)) {
        throw new InvalidTraceCodeException(
            "non-GS1 key \"" + key + "\": want 1 to 127 characters of A-Z a-z 0-9 - _");
      }
      bits.append("1111");
      appendNumber(bits, BigInteger.valueOf(key.length()), 7);
      for (int i = 0; i < key.length(); i++) {
        appendNumber(bits, BigInteger.valueOf(BASE64URL.indexOf(key.charAt(i))), 6);
      }
      if (o.getValue().length() > 127) {
        throw new InvalidTraceCodeException(
            "value of " + key + ": length " + o.getValue().length() + ", want at most 127 characters");
      }
      appendChars(bits, o.getValue(), 7, "value of " + key);
    }
    while (bits.length() % 6 != 0) {
      bits.append('0');
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < bits.length(); i += 6) {
      out.append(BASE64URL.charAt(Integer.parseInt(bits.substring(i, i + 6), 2)));
    }
    return out.toString();
  }

  private static void appendHex(StringBuilder bits, String hexDigits) {
    for (int i = 0; i < hexDigits.length(); i++) {
      appendNumber(bits, BigInteger.valueOf(HEX.indexOf(hexDigits.charAt(i))), 4);
    }
  }

  private static void appendNumber(StringBuilder bits, BigInteger n, int width) {
    String b = n.toString(2);
    bits.append("0".repeat(width - b.length())).append(b);
  }

  private static void appendValue(StringBuilder bits, String ai, String value) {
    List<Part> parts = formatOf(ai);
    String what = label(ai);
    if (parts == null) {
      throw new InvalidTraceCodeException("AI " + ai + ": no compressed form known for this AI");
    }
    int cursor = 0;
    for (Part part : parts) {
      String piece = part.fixed()
          ? value.substring(cursor, Math.min(value.length(), cursor + part.length()))
          : value.substring(cursor);
      cursor += piece.length();
      if (piece.length() > part.length() || (part.fixed() && piece.length() != part.length())) {
        throw new InvalidTraceCodeException(
            what + " \"" + value + "\": does not fit its format, want " + FORMATS.getOrDefault(ai, "its GS1 format"));
      }
      if (part.numeric()) {
        if (!piece.isEmpty() && !CheckDigit.isDigits(piece)) {
          throw new InvalidTraceCodeException(what + " \"" + value + "\": want digits");
        }
        if (!part.fixed()) {
          appendNumber(bits, BigInteger.valueOf(piece.length()), lengthBits(part.length()));
        }
        appendNumber(bits, piece.isEmpty() ? BigInteger.ZERO : new BigInteger(piece), valueBits(piece.length()));
      } else {
        appendChars(bits, piece, part.fixed() ? 0 : lengthBits(part.length()), what);
      }
    }
  }

  /** Encoding indicator, length (unless {@code lengthWidth} is 0), characters. */
  private static void appendChars(StringBuilder bits, String s, int lengthWidth, String what) {
    int encoding = encodingOf(s);
    appendNumber(bits, BigInteger.valueOf(encoding), 3);
    if (lengthWidth > 0) {
      appendNumber(bits, BigInteger.valueOf(s.length()), lengthWidth);
    }
    for (int i = 0; i < s.length() && encoding != 0; i++) {
      char c = s.charAt(i);
      switch (encoding) {
        case 1, 2 -> appendNumber(bits, BigInteger.valueOf(HEX.indexOf(Character.toUpperCase(c))), 4);
        case 3 -> appendNumber(bits, BigInteger.valueOf(BASE64URL.indexOf(c)), 6);
        default -> {
          if (c > 0x7F) {
            throw new InvalidTraceCodeException(
                what + " \"" + s + "\": character " + Ai82.describe(c) + " is not 7-bit ASCII");
          }
          appendNumber(bits, BigInteger.valueOf(c), 7);
        }
      }
    }
    if (encoding == 0) {
      appendNumber(bits, new BigInteger(s), valueBits(s.length()));
    }
  }

  /** The tightest encoding: digits, upper-case hex, lower-case hex, base64url, else 7-bit. */
  private static int encodingOf(String s) {
    if (s.isEmpty()) {
      return 4;
    }
    if (CheckDigit.isDigits(s)) {
      return 0;
    }
    if (s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'))) {
      return 2;
    }
    if (s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return 1;
    }
    return isBase64Url(s) ? 3 : 4;
  }
}
