package org.baytrace.tracking.domain.gs1;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** Parsing behind {@link TraceCode#parse}. Stateless. */
final class TraceCodeParser {
  private static final List<String> EPC_TRACE_CODE_PREFIXES =
      List.of(
          "urn:epc:id:sgtin:",
          "urn:epc:class:lgtin:",
          "urn:epc:idpat:sgtin:",
          "urn:epc:id:sscc:",
          "urn:epc:id:sgln:");

  private TraceCodeParser() {}

  static TraceCode parse(String code) {
    Objects.requireNonNull(code, "code");
    if (code.isEmpty()) {
      throw new InvalidTraceCodeException("trace code: empty");
    }
    for (int i = 0; i < code.length(); i++) {
      char c = code.charAt(i);
      if (c <= 0x20 || c == 0x7F) {
        throw new InvalidTraceCodeException(
            "trace code \"" + code + "\": character " + Ai82.describe(c) + " at position "
                + (i + 1) + " is not allowed in a URI");
      }
    }
    if (EpcUris.isEpcUri(code)) {
      String lower = code.toLowerCase(Locale.ROOT);
      for (String prefix : EPC_TRACE_CODE_PREFIXES) {
        if (lower.startsWith(prefix)) {
          return fromDigitalLink(EpcUris.toDigitalLink(code));
        }
      }
      return new TraceCode.Unknown(code);
    }
    boolean web = isWebUri(code);
    if (web || code.startsWith("/")) {
      // a web URI naming no key is some other resource; a resolver path is a Digital Link or refused
      if (mentionsTraceKey(code) || (!web && DigitalLinkCompression.isCompressedPath(pathOf(code)))) {
        DigitalLink link = DigitalLink.parse(code);
        try {
          link.verifyCheckDigits();
        } catch (InvalidTraceCodeException e) {
          throw new InvalidTraceCodeException("Digital Link " + code + ": " + e.getMessage());
        }
        return fromDigitalLink(link);
      }
      if (web) {
        return new TraceCode.Unknown(code);
      }
      throw new InvalidTraceCodeException(
          "Digital Link " + code + ": no GS1 primary key (such as /01/, /00/ or /414/) in the path");
    }
    if (hasScheme(code)) {
      return new TraceCode.Unknown(code);
    }
    throw new InvalidTraceCodeException(
        "trace code \"" + code + "\": not a URI; want a GS1 Digital Link (https://id.gs1.org/01/..."
            + " or /01/...), an EPC URI (urn:epc:...) or another absolute URI");
  }

  private static TraceCode fromDigitalLink(DigitalLink link) {
    List<String> ais = link.ais();
    String key = link.primaryValue();
    switch (String.join("/", ais)) {
      case "01":
        return new TraceCode.ProductClass(new Gtin(key));
      case "01/21":
        return new TraceCode.Sgtin(new Gtin(key), link.qualifier("21").orElseThrow());
      case "01/10":
        return new TraceCode.Lgtin(new Gtin(key), link.qualifier("10").orElseThrow());
      case "01/10/21":
        return new TraceCode.Sgtin(
            new Gtin(key), link.qualifier("21").orElseThrow(), link.qualifier("10").orElseThrow());
      case "00":
        return new TraceCode.Sscc(key);
      case "414":
        return new TraceCode.Gln(key);
      case "414/254":
        return new TraceCode.Gln(key, link.qualifier("254").orElseThrow());
      default:
        // another GS1 key (GRAI, GIAI, GSRN, GDTI, ...): its canonical Digital Link, so that every
        // spelling of the key names one subject
        return new TraceCode.Unknown(link.toUri());
    }
  }

  private static String pathOf(String path) {
    int end = path.length();
    for (char stop : new char[] {'?', '#'}) {
      int i = path.indexOf(stop);
      if (i >= 0 && i < end) {
        end = i;
      }
    }
    return path.substring(0, end);
  }

  /** True if a path segment names any GS1 primary key, so the URI is meant as a Digital Link. */
  private static boolean mentionsTraceKey(String uri) {
    String path = uri;
    if (isWebUri(uri)) {
      int start = uri.indexOf("//") + 2;
      int slash = uri.indexOf('/', start);
      path = slash < 0 ? "" : uri.substring(slash);
    }
    int end = path.length();
    for (char stop : new char[] {'?', '#'}) {
      int i = path.indexOf(stop);
      if (i >= 0 && i < end) {
        end = i;
      }
    }
    for (String segment : path.substring(0, end).split("/")) {
      String ai = DigitalLink.aiOfSegment(segment);
      if (DigitalLink.isPrimaryKey(ai)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isWebUri(String s) {
    return s.regionMatches(true, 0, "https://", 0, 8) || s.regionMatches(true, 0, "http://", 0, 7);
  }

  /** RFC 3986 scheme: a letter, then letters, digits, '+', '-', '.', then ':'. */
  private static boolean hasScheme(String s) {
    int colon = s.indexOf(':');
    if (colon < 1 || !isAsciiLetter(s.charAt(0))) {
      return false;
    }
    for (int i = 1; i < colon; i++) {
      char c = s.charAt(i);
      if (!(isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')) {
        return false;
      }
    }
    return colon < s.length() - 1;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  static int prefixLength(CompanyPrefixLookup prefixes, String keyDigits, String key) {
    Objects.requireNonNull(prefixes, "prefixes");
    int n;
    try {
      n = prefixes.prefixLength(keyDigits);
    } catch (InvalidTraceCodeException e) {
      throw new InvalidTraceCodeException(key + ": " + e.getMessage());
    }
    if (n < 6 || n > 12) {
      throw new InvalidTraceCodeException(
          key + ": company prefix length " + n + " from the lookup, want 6 to 12");
    }
    return n;
  }
}
