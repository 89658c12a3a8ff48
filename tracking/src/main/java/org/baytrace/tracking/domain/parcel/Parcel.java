package org.baytrace.tracking.domain.parcel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.baytrace.api.parcel.v1.ClearanceMode;
import org.baytrace.ledger.crypto.Hash32;

/**
 * One parcel and every record of its customs life so far, in log order. Holds no waybill and no
 * personal data: only what the records hold. Immutable: a new stage makes a new value.
 *
 * @param subject the parcel subject ({@link ParcelSubject})
 * @param declarant the org that declared it
 */
public record Parcel(String subject, ClearanceMode mode, String customsOffice, String port, List<String> hsCodes,
    int itemCount, String declarant, List<Stage> stages) {

  /**
   * A stage record: its stage ("Declared", "Inspected", "Held", "Released", "Delivered",
   * "Returned"), event time, the org that recorded it, a detail (enum names, e.g. "X_RAY
   * COMPLIANT") and the body hash that finds its ledger index.
   */
  public record Stage(String stage, long time, String author, String detail, Hash32 record) {
    /** "released" for "Released": the status word of the JSON view. */
    public String status() {
      return stage.toLowerCase(Locale.ROOT);
    }
  }

  public Parcel {
    hsCodes = List.copyOf(hsCodes);
    stages = List.copyOf(stages);
  }

  Parcel with(Stage s) {
    List<Stage> next = new ArrayList<>(stages);
    next.add(s);
    return new Parcel(subject, mode, customsOffice, port, hsCodes, itemCount, declarant, next);
  }

  /** The first record of a stage. */
  public Optional<Stage> first(String stage) {
    return stages.stream().filter(s -> s.stage().equals(stage)).findFirst();
  }

  public boolean has(String stage) {
    return first(stage).isPresent();
  }

  /** The latest record: what the parcel's status is now. */
  public Stage last() {
    return stages.get(stages.size() - 1);
  }
}
