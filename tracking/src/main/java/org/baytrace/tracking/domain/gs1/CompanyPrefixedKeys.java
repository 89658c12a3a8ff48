package org.baytrace.tracking.domain.gs1;

import java.util.Locale;
import java.util.Set;

/**
 * Where a GS1 company prefix stands in a trace code: the digits of its GS1 key that the prefix
 * starts, for every GS1 key that carries one (GTIN in every form, SSCC, GLN and party GLN, GRAI,
 * GIAI, GSRN, GDTI, GCN, GINC, GSIN, CPID), as a Digital Link or an EPC URI. The author policy
 * judges who owns an identifier by these digits; the EPCIS query projection indexes the
 * identifier's canonical Digital Link, which has the same key, so a record is indexed only under
 * identifiers whose owner was judged. Stateless.
 */
public final class CompanyPrefixedKeys {
  /** Primary keys whose value starts with the company prefix. */
  private static final Set<String> PREFIX_FIRST = Set.of("414", "417", "8004", "8017", "8018", "253", "255", "401", "402",
      "8010");
  /** Primary keys whose value has one digit before the company prefix (indicator, extension or padding). */
  private static final Set<String> ONE_DIGIT_FIRST = Set.of("01", "00", "8003");

  private CompanyPrefixedKeys() {}

  /** The digits a company prefix starts, or null for an identifier that is no GS1 key with a company prefix. */
  public static String digits(TraceCode code) {
    if (code instanceof TraceCode.Sgtin s) {
      return s.gtin().digits().substring(1); // after the indicator digit
    } else if (code instanceof TraceCode.Lgtin l) {
      return l.gtin().digits().substring(1);
    } else if (code instanceof TraceCode.ProductClass p) {
      return p.gtin().digits().substring(1);
    } else if (code instanceof TraceCode.Sscc s) {
      return s.digits().substring(1); // after the extension digit
    } else if (code instanceof TraceCode.Gln g) {
      return g.digits();
    } else if (code instanceof TraceCode.Unknown u) {
      return otherKeyDigits(u.uri());
    }
    return null;
  }

  /**
   * Another GS1 key (a returnable or individual asset, a service relation, a document, a
   * consignment, a GTIN with a consumer product variant): read as its Digital Link, as the query
   * projection reads it.
   */
  private static String otherKeyDigits(String uri) {
    DigitalLink link;
    try {
      if (EpcUris.isEpcUri(uri)) {
        link = EpcUris.toDigitalLink(uri);
      } else if (uri.toLowerCase(Locale.ROOT).startsWith("https://") || uri.toLowerCase(Locale.ROOT).startsWith("http://")) {
        link = DigitalLink.parse(uri);
      } else {
        return null;
      }
    } catch (InvalidTraceCodeException e) {
      return null; // not a GS1 key: indexed as given, owned by no company prefix
    }
    String ai = link.primaryAi();
    String value = link.primaryValue();
    if (ONE_DIGIT_FIRST.contains(ai)) {
      return value.length() > 1 ? value.substring(1) : null;
    }
    return PREFIX_FIRST.contains(ai) ? value : null;
  }
}
