package org.baytrace.tracking.domain.multimodal;

import java.util.List;
import java.util.Objects;
import org.baytrace.api.multimodal.v1.TransportDocumentType;
import org.baytrace.api.multimodal.v1.TransportMode;
import org.baytrace.ledger.crypto.Hash32;

/**
 * One accepted hand-over, as its record says, checked. Immutable.
 *
 * @param subjects the trace subjects handed over, canonical
 * @param place the GLN of the place as recorded (SGLN EPC URI or Digital Link)
 * @param time the event time, UTC millis
 * @param author the org that authored the record
 * @param record the record's body hash (its ledger index is in {@link MultimodalState#indexOf})
 */
public record ModeHandOver(List<String> subjects, TransportMode fromMode, TransportMode toMode, String place,
    String fromParty, String toParty, Means fromMeans, Means toMeans, long time, String author, Hash32 record) {
  public ModeHandOver {
    subjects = List.copyOf(subjects);
    Objects.requireNonNull(fromMode, "fromMode");
    Objects.requireNonNull(toMode, "toMode");
    Objects.requireNonNull(place, "place");
    Objects.requireNonNull(fromParty, "fromParty");
    Objects.requireNonNull(toParty, "toParty");
    Objects.requireNonNull(fromMeans, "fromMeans");
    Objects.requireNonNull(toMeans, "toMeans");
  }

  /**
   * One side's means of transport.
   *
   * @param reference the conveyance reference (voyage, flight or train number)
   * @param imoNumber the vessel's IMO number, or null
   * @param name the vessel's or aircraft's name, or null
   * @param documentType the transport document's type, or null when none is named
   * @param documentNumber the transport document's number, or null
   */
  public record Means(String reference, String imoNumber, String name, TransportDocumentType documentType,
      String documentNumber) {
    public Means {
      Objects.requireNonNull(reference, "reference");
    }
  }
}
