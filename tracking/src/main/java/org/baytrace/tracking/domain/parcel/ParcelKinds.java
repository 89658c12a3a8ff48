package org.baytrace.tracking.domain.parcel;

import java.util.List;

/** The record kinds of the parcel profile, and who writes which. */
public final class ParcelKinds {
  public static final String PREFIX = "parcel.";
  public static final String DECLARED = "parcel.Declared";
  public static final String INSPECTED = "parcel.Inspected";
  public static final String HELD = "parcel.Held";
  public static final String RELEASED = "parcel.Released";
  public static final String DELIVERED = "parcel.Delivered";
  public static final String RETURNED = "parcel.Returned";
  /** Written only by the customs office the parcel is declared to. */
  public static final List<String> CUSTOMS_KINDS = List.of(INSPECTED, HELD, RELEASED);
  /** Written by a carrier (the courier that hands the parcel over or sends it back). */
  public static final List<String> CARRIER_KINDS = List.of(DELIVERED, RETURNED);

  private ParcelKinds() {}

  /** "Released" for "parcel.Released". */
  public static String stage(String kind) {
    return kind.substring(PREFIX.length());
  }
}
