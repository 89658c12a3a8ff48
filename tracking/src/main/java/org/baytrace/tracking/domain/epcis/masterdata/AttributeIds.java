package org.baytrace.tracking.domain.epcis.masterdata;

import java.util.List;

/**
 * Master data attribute ids in one form, so that the spellings EPCIS users send compare equal:
 * the CBV's {@code urn:epcglobal:cbv:mda#name} (XML and CBV tables), {@code
 * urn:epcglobal:cbv:mda:name} (what the EPCIS 2.0 JSON-LD context's {@code cbvmda:} prefix
 * expands to) and the compact {@code cbvmda:name} all become {@code urn:epcglobal:cbv:mda#name};
 * the GS1 Web Vocabulary's {@code gs1:brandName}, {@code https://gs1.org/voc/brandName}, {@code
 * https://ref.gs1.org/voc/brandName} (and http, www.) become {@code https://gs1.org/voc/brandName}.
 * Any other id is kept as given. Pure.
 */
public final class AttributeIds {
  public static final String CBV_MDA = "urn:epcglobal:cbv:mda#";
  public static final String GS1_VOC = "https://gs1.org/voc/";

  /** Location name (CBV). */
  public static final String NAME = CBV_MDA + "name";
  /** Trade item short description (CBV), the product name a label carries. */
  public static final String DESCRIPTION_SHORT = CBV_MDA + "descriptionShort";
  public static final String REGULATED_PRODUCT_NAME = CBV_MDA + "regulatedProductName";
  public static final String FUNCTIONAL_NAME = CBV_MDA + "functionalName";
  public static final String PRODUCT_NAME = GS1_VOC + "productName";
  public static final String BRAND_NAME = GS1_VOC + "brandName";
  public static final String STREET_ONE = CBV_MDA + "streetAddressOne";
  public static final String STREET_TWO = CBV_MDA + "streetAddressTwo";
  public static final String STREET_THREE = CBV_MDA + "streetAddressThree";
  public static final String CITY = CBV_MDA + "city";
  public static final String STATE = CBV_MDA + "state";
  public static final String POSTAL_CODE = CBV_MDA + "postalCode";
  public static final String COUNTRY_CODE = CBV_MDA + "countryCode";

  /** A product's name, best first. */
  public static final List<String> PRODUCT_NAMES = List.of(DESCRIPTION_SHORT, PRODUCT_NAME, REGULATED_PRODUCT_NAME,
      FUNCTIONAL_NAME);
  /** A place's name, best first (the GS1 Web Vocabulary's for sites described that way). */
  public static final List<String> PLACE_NAMES = List.of(NAME, GS1_VOC + "physicalLocationName",
      GS1_VOC + "organizationName");
  /** The parts of a postal address, in the order a line shows them. */
  public static final List<String> ADDRESS = List.of(STREET_ONE, STREET_TWO, STREET_THREE, CITY, STATE, POSTAL_CODE,
      COUNTRY_CODE);

  private static final List<String> CBV_FORMS = List.of("urn:epcglobal:cbv:mda#", "urn:epcglobal:cbv:mda:",
      "cbvmda:");
  private static final List<String> GS1_FORMS = List.of("https://gs1.org/voc/", "http://gs1.org/voc/",
      "https://www.gs1.org/voc/", "http://www.gs1.org/voc/", "https://ref.gs1.org/voc/", "http://ref.gs1.org/voc/",
      "gs1:");

  private AttributeIds() {}

  /** The one form of an attribute id (see the class comment); null stays null. */
  public static String normal(String id) {
    if (id == null) {
      return null;
    }
    String s = id.strip();
    for (String f : CBV_FORMS) {
      if (s.startsWith(f) && s.length() > f.length()) {
        return CBV_MDA + s.substring(f.length());
      }
    }
    for (String f : GS1_FORMS) {
      if (s.startsWith(f) && s.length() > f.length()) {
        return GS1_VOC + s.substring(f.length());
      }
    }
    return s;
  }
}
