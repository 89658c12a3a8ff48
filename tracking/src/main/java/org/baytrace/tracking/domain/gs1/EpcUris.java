package org.baytrace.tracking.domain.gs1;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * EPC pure identity, class and pattern URIs (GS1 EPC Tag Data Standard §6) converted to GS1
 * Digital Link. Every scheme that carries a GS1 key is supported: {@code urn:epc:id:} sgtin,
 * sscc, sgln, grai, giai, gsrn, gsrnp, gdti, cpi, sgcn, ginc, gsin, itip, upui, pgln; {@code
 * urn:epc:class:lgtin}; {@code urn:epc:idpat:} sgtin, grai, gdti, sgcn, cpi, itip, upui at class
 * level ({@code ...*}). The conversion needs no company prefix table: the URI's dot shows where
 * the prefix ends. Check digits are computed. Stateless.
 */
public final class EpcUris {
  private EpcUris() {}

  /** True if {@code uri} starts with {@code urn:epc:} (in any letter case). */
  public static boolean isEpcUri(String uri) {
    return uri.regionMatches(true, 0, "urn:epc:", 0, 8);
  }

  /**
   * Converts an EPC URI to the Digital Link path of the same GS1 key.
   *
   * @throws InvalidTraceCodeException if the URI is not an EPC URI of a supported scheme or its
   *     fields are malformed; the message names the field
   */
  public static DigitalLink toDigitalLink(String uri) {
    if (!isEpcUri(uri)) {
      throw new InvalidTraceCodeException("EPC URI " + uri + ": want urn:epc:id|class|idpat:...");
    }
    int schemeEnd = uri.indexOf(':', 8);
    int bodyStart = schemeEnd < 0 ? -1 : uri.indexOf(':', schemeEnd + 1);
    if (bodyStart < 0) {
      throw new InvalidTraceCodeException("EPC URI " + uri + ": want urn:epc:{id|class|idpat}:{scheme}:...");
    }
    String kind = uri.substring(8, schemeEnd).toLowerCase(Locale.ROOT);
    String scheme = uri.substring(schemeEnd + 1, bodyStart).toLowerCase(Locale.ROOT);
    String body = uri.substring(bodyStart + 1);
    try {
      return convert(kind + ":" + scheme, body);
    } catch (InvalidTraceCodeException e) {
      throw new InvalidTraceCodeException("EPC URI " + uri + ": " + e.getMessage());
    }
  }

  private static DigitalLink convert(String kindScheme, String body) {
    switch (kindScheme) {
      case "id:sgtin": {
        String[] f = fields(body, 3);
        String cp = companyPrefix(f[0]);
        return link("01", gtin(cp, f[1]), "21", set82("serial", f[2], 20));
      }
      case "class:lgtin": {
        String[] f = fields(body, 3);
        String cp = companyPrefix(f[0]);
        return link("01", gtin(cp, f[1]), "10", set82("lot", f[2], 20));
      }
      case "idpat:sgtin":
      case "idpat:upui": {
        String[] f = fields(body, 3);
        star(f[2]);
        return link("01", gtin(companyPrefix(f[0]), f[1]));
      }
      case "id:upui": {
        String[] f = fields(body, 3);
        String cp = companyPrefix(f[0]);
        return link("01", gtin(cp, f[1]), "235", set82("TPX", f[2], 28));
      }
      case "id:sscc": {
        String[] f = fields(body, 2);
        String cp = companyPrefix(f[0]);
        String ref = digits("serial reference", f[1], 17 - cp.length());
        return link("00", CheckDigit.append(ref.charAt(0) + cp + ref.substring(1)));
      }
      case "id:sgln": {
        String[] f = fields(body, 3);
        String cp = companyPrefix(f[0]);
        String gln = CheckDigit.append(cp + digits("location reference", f[1], 12 - cp.length()));
        String ext = set82("extension", f[2], 20);
        return ext.equals("0") ? link("414", gln) : link("414", gln, "254", ext);
      }
      case "id:pgln": {
        String[] f = fields(body, 2);
        String cp = companyPrefix(f[0]);
        return link("417", CheckDigit.append(cp + digits("party reference", f[1], 12 - cp.length())));
      }
      case "id:grai":
      case "idpat:grai": {
        String[] f = fields(body, 3);
        String cp = companyPrefix(f[0]);
        String key = CheckDigit.append("0" + cp + digits("asset type", f[1], 12 - cp.length()));
        return kindScheme.startsWith("idpat")
            ? link("8003", key + star(f[2]))
            : link("8003", key + set82("serial", f[2], 16));
      }
      case "id:giai": {
        String[] f = fields(body, 2);
        String cp = companyPrefix(f[0]);
        return link("8004", cp + set82("asset reference", f[1], 30 - cp.length()));
      }
      case "id:gsrn":
      case "id:gsrnp": {
        String[] f = fields(body, 2);
        String cp = companyPrefix(f[0]);
        String key = CheckDigit.append(cp + digits("service reference", f[1], 17 - cp.length()));
        return link(kindScheme.equals("id:gsrn") ? "8018" : "8017", key);
      }
      case "id:gdti":
      case "idpat:gdti": {
        String[] f = fields(body, 3);
        String cp = companyPrefix(f[0]);
        String key = CheckDigit.append(cp + digits("document type", f[1], 12 - cp.length()));
        return kindScheme.startsWith("idpat")
            ? link("253", key + star(f[2]))
            : link("253", key + set82("serial", f[2], 17));
      }
      case "id:sgcn":
      case "idpat:sgcn": {
        String[] f = fields(body, 3);
        String cp = companyPrefix(f[0]);
        String key = CheckDigit.append(cp + digits("coupon reference", f[1], 12 - cp.length()));
        if (kindScheme.startsWith("idpat")) {
          return link("255", key + star(f[2]));
        }
        if (f[2].length() > 12 || !CheckDigit.isDigits(f[2])) {
          throw new InvalidTraceCodeException("serial " + f[2] + ": want 1 to 12 digits");
        }
        return link("255", key + f[2]);
      }
      case "id:cpi":
      case "idpat:cpi": {
        String[] f = fields(body, 3);
        String cp = companyPrefix(f[0]);
        String ref = Ai82.epcDecode("component/part reference", f[1]);
        String cpid = Ai82.checkCpid("CPID", cp + ref, 30);
        if (kindScheme.startsWith("idpat")) {
          star(f[2]);
          return link("8010", cpid);
        }
        if (f[2].length() > 12 || !CheckDigit.isDigits(f[2])) {
          throw new InvalidTraceCodeException("serial " + f[2] + ": want 1 to 12 digits");
        }
        return link("8010", cpid, "8011", f[2]);
      }
      case "id:ginc": {
        String[] f = fields(body, 2);
        String cp = companyPrefix(f[0]);
        return link("401", cp + set82("consignment reference", f[1], 30 - cp.length()));
      }
      case "id:gsin": {
        String[] f = fields(body, 2);
        String cp = companyPrefix(f[0]);
        return link("402", CheckDigit.append(cp + digits("shipper reference", f[1], 16 - cp.length())));
      }
      case "id:itip":
      case "idpat:itip": {
        String[] f = fields(body, 5);
        String cp = companyPrefix(f[0]);
        String key =
            gtin(cp, f[1]) + digits("piece number", f[2], 2) + digits("total count", f[3], 2);
        return kindScheme.startsWith("idpat")
            ? link("8006", key + star(f[4]))
            : link("8006", key, "21", set82("serial", f[4], 20));
      }
      default:
        throw new InvalidTraceCodeException(
            "scheme " + kindScheme + " does not carry a GS1 key this converter supports");
    }
  }

  private static DigitalLink link(String... aiValuePairs) {
    List<DigitalLink.Element> elements = new ArrayList<>();
    for (int i = 0; i < aiValuePairs.length; i += 2) {
      elements.add(new DigitalLink.Element(aiValuePairs[i], aiValuePairs[i + 1]));
    }
    return new DigitalLink(List.copyOf(elements));
  }

  /** Splits the URI body into exactly {@code n} dot-separated fields (the last may hold dots). */
  static String[] fields(String body, int n) {
    String[] f = body.split("\\.", n);
    if (f.length != n) {
      throw new InvalidTraceCodeException(
          "want " + n + " dot-separated fields, got " + f.length);
    }
    return f;
  }

  /** A GS1 company prefix field: 6 to 12 digits. */
  static String companyPrefix(String field) {
    if (!CheckDigit.isDigits(field) || field.length() < 6 || field.length() > 12) {
      throw new InvalidTraceCodeException(
          "company prefix \"" + field + "\": want 6 to 12 digits");
    }
    return field;
  }

  /** The GTIN-14 from an indicator-and-item-reference field that completes 13 digits. */
  static String gtin(String companyPrefix, String indicatorAndItemRef) {
    digits("indicator and item reference", indicatorAndItemRef, 13 - companyPrefix.length());
    return Gtin.fromEpcFields(companyPrefix, indicatorAndItemRef).digits();
  }

  static String digits(String what, String field, int length) {
    if ((!field.isEmpty() && !CheckDigit.isDigits(field)) || field.length() != length) {
      throw new InvalidTraceCodeException(
          what + " \"" + field + "\": want " + length + " digits (with the company prefix "
              + "they make the key's fixed length)");
    }
    return field;
  }

  static String set82(String what, String escaped, int maxLength) {
    return Ai82.check(what, Ai82.epcDecode(what, escaped), maxLength);
  }

  private static String star(String field) {
    if (!field.equals("*")) {
      throw new InvalidTraceCodeException(
          "pattern field \"" + field + "\": want * (only class-level patterns are supported)");
    }
    return "";
  }
}
