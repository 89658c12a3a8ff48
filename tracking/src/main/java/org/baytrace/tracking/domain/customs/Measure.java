package org.baytrace.tracking.domain.customs;

/**
 * The clearance-time intervals reported per shipment, after the WCO Time Release Study
 * (arrival → declaration lodged → release → exit) and the World Bank Doing Business split into
 * border and documentary compliance.
 */
public enum Measure {
  /** Arrival → declaration lodged. Negative when the declaration was lodged before arrival (pre-arrival lodgement). */
  ARRIVAL_TO_LODGEMENT("arrival_to_lodgement", "arrival → declaration lodged"),
  /** Declaration lodged → release. */
  LODGEMENT_TO_RELEASE("lodgement_to_release", "declaration lodged → release"),
  /** Arrival → release: the TRS's total release time. */
  ARRIVAL_TO_RELEASE("arrival_to_release", "arrival → release (TRS total release time)"),
  /** Release → exit from the customs-controlled area. */
  RELEASE_TO_EXIT("release_to_exit", "release → exit"),
  /**
   * Border compliance: arrival at the port → exit from it (import: out of the port gate; export:
   * departed). Customs and other inspections plus port handling, as Doing Business counts it.
   */
  BORDER_COMPLIANCE("border_compliance", "border compliance: arrival → exit"),
  /**
   * Documentary compliance: from the first document lodged for the shipment (the declaration or a
   * supporting document lodged before it) to the last document or duty payment recorded at or
   * before release — the time spent getting the paperwork accepted, as far as the ledger sees it.
   */
  DOCUMENTARY_COMPLIANCE("documentary_compliance", "documentary compliance: first document → last document or duty payment before release");

  private final String id;
  private final String description;

  Measure(String id, String description) {
    this.id = id;
    this.description = description;
  }

  /** Name in JSON and CSV, e.g. {@code border_compliance}. */
  public String id() {
    return id;
  }

  public String description() {
    return description;
  }
}
