package org.baytrace.tracking.domain.epcis.query;

import java.util.regex.Pattern;
import org.baytrace.tracking.domain.gs1.DigitalLink;
import org.baytrace.tracking.domain.gs1.EpcUris;
import org.baytrace.tracking.domain.gs1.InvalidTraceCodeException;
import org.baytrace.tracking.domain.gs1.TraceCode;

/**
 * Identifiers in the one form the projection indexes and compares, so that an EPC URI and a GS1
 * Digital Link of the same object are equal: the canonical Digital Link of {@link TraceCode}
 * ({@code https://id.gs1.org/...}), except that an SGTIN drops the lot a Digital Link may carry
 * beside the serial (the EPC URI cannot carry it, and it does not change which item is meant).
 * EPC URIs and Digital Links of the other GS1 keys (GRAI, GIAI, GDTI, ...) become canonical
 * Digital Links too; anything else is kept as given.
 *
 * <p>A class pattern ({@code urn:epc:idpat:sgtin:...*}, or the Digital Link {@code /01/{gtin}})
 * stands for every instance, lot and pattern of its GTIN when matching. Pure; thread-safe.
 */
final class Ids {
  private static final Pattern PRODUCT_CLASS = Pattern.compile("https://id\\.gs1\\.org/01/[0-9]{14}");

  private Ids() {}

  /** The canonical form of a stored identifier; never throws (malformed ones stay as given). */
  static String canonical(String id) {
    if (id == null) {
      return null;
    }
    String s = id.strip();
    try {
      return canonicalOrThrow(s);
    } catch (IllegalArgumentException e) { // InvalidTraceCodeException, or a value a GS1 type refuses
      return s;
    }
  }

  /**
   * The canonical form of an identifier given in a query.
   *
   * @throws InvalidTraceCodeException if it is not a URI, or is a malformed GS1 key (a wrong
   *     check digit, say)
   */
  static String canonicalOrThrow(String id) {
    TraceCode code = TraceCode.parse(id);
    if (code instanceof TraceCode.Sgtin g) {
      return new TraceCode.Sgtin(g.gtin(), g.serial()).toDigitalLink();
    }
    if (code instanceof TraceCode.Unknown) {
      if (EpcUris.isEpcUri(id)) {
        try {
          return EpcUris.toDigitalLink(id).toUri();
        } catch (InvalidTraceCodeException e) {
          return id; // another EPC scheme (a tag encoding, say): compared as given
        }
      }
      if (id.regionMatches(true, 0, "https://", 0, 8) || id.regionMatches(true, 0, "http://", 0, 7)) {
        try {
          return DigitalLink.parse(id).toUri();
        } catch (InvalidTraceCodeException e) {
          return id; // a Web URI that is not a Digital Link
        }
      }
      return id;
    }
    return code.toDigitalLink();
  }

  /** True if a canonical identifier is a GTIN class pattern ({@code https://id.gs1.org/01/{gtin}}). */
  static boolean isClassPattern(String canonical) {
    return PRODUCT_CLASS.matcher(canonical).matches();
  }

  /** True if {@code canonical} is matched by the query identifier {@code wanted} (canonical too). */
  static boolean matches(String wanted, String canonical) {
    if (wanted.equals(canonical)) {
      return true;
    }
    return isClassPattern(wanted) && canonical.startsWith(wanted + "/");
  }
}
