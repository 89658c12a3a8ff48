package org.baytrace.tracking.domain.gs1;

import java.util.List;
import java.util.Objects;

/**
 * A trace code: what a QR code on a product, case or pallet identifies. Either form is accepted
 * by {@link #parse}: a GS1 Digital Link URI ({@code https://id.gs1.org/01/...}, any other host,
 * or a relative path {@code /01/...}) or an EPC URI ({@code urn:epc:...}). GS1 keys are checked
 * (digit counts, check digits, the character set of lots, serials and extensions); identifiers
 * that are well formed but not one of the GS1 keys below are kept as {@link Unknown}: another
 * GS1 key of a Digital Link path (GRAI, GIAI, GSRN, GDTI, GINC, GSIN, CPID, party GLN, a GTIN with
 * CPV or TPX) as its canonical Digital Link, anything else as given.
 *
 * <p>{@link #toDigitalLink()} gives the canonical GS1 Digital Link on {@code https://id.gs1.org}
 * (GTIN padded to 14 digits, values percent-encoded). {@link #toEpcUrn} gives the EPC URI; it needs
 * to know where the GS1 company prefix ends, which a {@link CompanyPrefixLookup} tells.
 *
 * <p>All implementations are immutable records.
 */
public sealed interface TraceCode
    permits TraceCode.Sgtin,
        TraceCode.Lgtin,
        TraceCode.ProductClass,
        TraceCode.Sscc,
        TraceCode.Gln,
        TraceCode.Unknown {

  /**
   * Parses a Digital Link URI, an EPC URI or another absolute URI.
   *
   * @throws InvalidTraceCodeException if the code is malformed; the message gives the reason
   */
  static TraceCode parse(String code) {
    return TraceCodeParser.parse(code);
  }

  /** The canonical GS1 Digital Link URI ({@link Unknown}: the URI as given). */
  String toDigitalLink();

  /**
   * The EPC URI ({@link Unknown}: the URI as given).
   *
   * @throws InvalidTraceCodeException if the lookup knows no company prefix for the key or
   *     answers a length outside 6 to 12
   */
  String toEpcUrn(CompanyPrefixLookup prefixes);

  /**
   * A serialised trade item: GTIN and serial ({@code /01/{gtin}/21/{serial}}, {@code
   * urn:epc:id:sgtin:...}).
   *
   * @param gtin the GTIN
   * @param serial the serial number, 1 to 20 characters of set 82
   * @param lot the batch/lot a Digital Link gave alongside the serial ({@code
   *     /01/{gtin}/10/{lot}/21/{serial}}), or {@code null}; the EPC URI cannot carry it
   */
  record Sgtin(Gtin gtin, String serial, String lot) implements TraceCode {
    public Sgtin {
      Objects.requireNonNull(gtin, "gtin");
      Ai82.check("serial", Objects.requireNonNull(serial, "serial"), 20);
      if (lot != null) {
        Ai82.check("lot", lot, 20);
      }
    }

    public Sgtin(Gtin gtin, String serial) {
      this(gtin, serial, null);
    }

    @Override
    public String toDigitalLink() {
      return lot == null
          ? link("01", gtin.digits(), "21", serial)
          : link("01", gtin.digits(), "10", lot, "21", serial);
    }

    @Override
    public String toEpcUrn(CompanyPrefixLookup prefixes) {
      int cp = TraceCodeParser.prefixLength(prefixes, gtin.withoutIndicator(), "GTIN " + gtin);
      return "urn:epc:id:sgtin:" + epcGtinFields(gtin, cp) + "." + Ai82.epcEncode(serial);
    }
  }

  /**
   * A batch or lot of a trade item ({@code /01/{gtin}/10/{lot}}, {@code urn:epc:class:lgtin:...}).
   *
   * @param gtin the GTIN
   * @param lot the batch/lot number, 1 to 20 characters of set 82
   */
  record Lgtin(Gtin gtin, String lot) implements TraceCode {
    public Lgtin {
      Objects.requireNonNull(gtin, "gtin");
      Ai82.check("lot", Objects.requireNonNull(lot, "lot"), 20);
    }

    @Override
    public String toDigitalLink() {
      return link("01", gtin.digits(), "10", lot);
    }

    @Override
    public String toEpcUrn(CompanyPrefixLookup prefixes) {
      int cp = TraceCodeParser.prefixLength(prefixes, gtin.withoutIndicator(), "GTIN " + gtin);
      return "urn:epc:class:lgtin:" + epcGtinFields(gtin, cp) + "." + Ai82.epcEncode(lot);
    }
  }

  /**
   * A trade item class, all instances of a GTIN ({@code /01/{gtin}}, {@code
   * urn:epc:idpat:sgtin:...*}).
   *
   * @param gtin the GTIN
   */
  record ProductClass(Gtin gtin) implements TraceCode {
    public ProductClass {
      Objects.requireNonNull(gtin, "gtin");
    }

    @Override
    public String toDigitalLink() {
      return link("01", gtin.digits());
    }

    @Override
    public String toEpcUrn(CompanyPrefixLookup prefixes) {
      int cp = TraceCodeParser.prefixLength(prefixes, gtin.withoutIndicator(), "GTIN " + gtin);
      return "urn:epc:idpat:sgtin:" + epcGtinFields(gtin, cp) + ".*";
    }
  }

  /**
   * A logistic unit: Serial Shipping Container Code ({@code /00/{sscc}}, {@code
   * urn:epc:id:sscc:...}).
   *
   * @param digits the 18 digits, check digit last
   */
  record Sscc(String digits) implements TraceCode {
    public Sscc {
      CheckDigit.verify("SSCC", Objects.requireNonNull(digits, "digits"), 18);
    }

    @Override
    public String toDigitalLink() {
      return link("00", digits);
    }

    @Override
    public String toEpcUrn(CompanyPrefixLookup prefixes) {
      int cp = TraceCodeParser.prefixLength(prefixes, digits.substring(1), "SSCC " + digits);
      return "urn:epc:id:sscc:" + digits.substring(1, 1 + cp) + "." + digits.charAt(0)
          + digits.substring(1 + cp, 17);
    }
  }

  /**
   * A location: Global Location Number with an optional extension ({@code /414/{gln}},
   * {@code /414/{gln}/254/{ext}}, {@code urn:epc:id:sgln:...}).
   *
   * @param digits the 13 digits, check digit last
   * @param extension the GLN extension (AI 254), 1 to 20 characters of set 82, or {@code null};
   *     the EPC URI writes "no extension" as {@code 0}, so an extension {@code 0} reads back as
   *     none
   */
  record Gln(String digits, String extension) implements TraceCode {
    public Gln {
      CheckDigit.verify("GLN", Objects.requireNonNull(digits, "digits"), 13);
      if (extension != null) {
        Ai82.check("GLN extension", extension, 20);
      }
    }

    public Gln(String digits) {
      this(digits, null);
    }

    @Override
    public String toDigitalLink() {
      return extension == null ? link("414", digits) : link("414", digits, "254", extension);
    }

    @Override
    public String toEpcUrn(CompanyPrefixLookup prefixes) {
      int cp = TraceCodeParser.prefixLength(prefixes, digits, "GLN " + digits);
      return "urn:epc:id:sgln:" + digits.substring(0, cp) + "." + digits.substring(cp, 12) + "."
          + (extension == null ? "0" : Ai82.epcEncode(extension));
    }
  }

  /**
   * Any other well-formed identifier URI (another GS1 key, another EPC scheme, {@code geo:},
   * {@code urn:uuid:}, a web address); kept as given.
   *
   * @param uri the URI as parsed
   */
  record Unknown(String uri) implements TraceCode {
    public Unknown {
      Objects.requireNonNull(uri, "uri");
    }

    @Override
    public String toDigitalLink() {
      return uri;
    }

    @Override
    public String toEpcUrn(CompanyPrefixLookup prefixes) {
      return uri;
    }
  }

  private static String link(String... aiValuePairs) {
    DigitalLink.Element[] elements = new DigitalLink.Element[aiValuePairs.length / 2];
    for (int i = 0; i < elements.length; i++) {
      elements[i] = new DigitalLink.Element(aiValuePairs[2 * i], aiValuePairs[2 * i + 1]);
    }
    return new DigitalLink(List.of(elements)).toUri();
  }

  /** {@code CompanyPrefix.IndicatorItemRef} of an SGTIN/LGTIN/pattern EPC URI. */
  private static String epcGtinFields(Gtin gtin, int prefixLength) {
    String d = gtin.digits();
    return d.substring(1, 1 + prefixLength) + "." + d.charAt(0) + d.substring(1 + prefixLength, 13);
  }
}
