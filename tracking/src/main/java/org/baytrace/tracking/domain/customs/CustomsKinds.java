package org.baytrace.tracking.domain.customs;

import java.util.List;

/** The record kinds of the customs profile, and which of them only a customs office may write. */
public final class CustomsKinds {
  public static final String PREFIX = "customs.";
  public static final String DECLARATION = "customs.Declaration";
  public static final String DOCUMENT_LODGEMENT = "customs.DocumentLodgement";
  public static final String ARRIVAL = "customs.Arrival";
  public static final String INSPECTION_ORDERED = "customs.InspectionOrdered";
  public static final String INSPECTION_PERFORMED = "customs.InspectionPerformed";
  public static final String INSPECTION_RESULT = "customs.InspectionResult";
  public static final String DUTIES_PAID = "customs.DutiesPaid";
  public static final String RELEASE = "customs.Release";
  public static final String EXIT = "customs.Exit";
  /** Written by the declarant (or the customs office itself). */
  public static final List<String> DECLARANT_KINDS = List.of(DECLARATION, DOCUMENT_LODGEMENT);
  /** Written only by the customs office named in the declaration subject. */
  public static final List<String> CUSTOMS_KINDS = List.of(ARRIVAL, INSPECTION_ORDERED, INSPECTION_PERFORMED,
      INSPECTION_RESULT, DUTIES_PAID, RELEASE, EXIT);

  private CustomsKinds() {}

  /** "Release" for "customs.Release". */
  public static String stage(String kind) {
    return kind.substring(PREFIX.length());
  }
}
