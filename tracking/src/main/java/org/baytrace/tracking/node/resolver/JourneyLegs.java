package org.baytrace.tracking.node.resolver;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.baytrace.tracking.domain.gs1.TraceCode;

/**
 * The hook for steps of a trace code's journey that other profiles record outside EPCIS: the
 * water bus (a container loaded onto a barge at one port, discharged at another), customs
 * (declared, held for inspection, released, out of the port), multimodal transport (handed over
 * from sea to air, from sea to rail). A profile offers one as a node
 * feature service; the consumer page puts their legs among the EPCIS events in time order, checks
 * each leg's ledger entry like every other record the page uses, and names who recorded it.
 * Implementations must be thread-safe and read only committed state.
 */
@FunctionalInterface
public interface JourneyLegs {
  /** No legs. */
  JourneyLegs NONE = (code, containers) -> List.of();

  /**
   * The legs of a code that travelled in these containers.
   *
   * @param containers the ISO 6346 numbers of the containers the code's events say it was packed
   *     in (empty if none)
   */
  List<Leg> legs(TraceCode code, Set<String> containers);

  /**
   * The legs of a code that travelled inside these parents. The default asks {@link #legs(TraceCode,
   * Set)} with the containers among them; a profile whose records name logistic units too (pallets,
   * cases by SSCC) overrides it.
   *
   * @param parents the subjects the code's events say it was packed in, as recorded: container
   *     URNs ({@code urn:baytrace:container:{ISO 6346}}) and GS1 Digital Links of logistic units
   */
  default List<Leg> legs(TraceCode code, Set<String> containers, Set<String> parents) {
    return legs(code, containers);
  }

  /**
   * One leg.
   *
   * @param ledgerIndex the entry that records it (the page proves it with that entry's receipt)
   * @param time when it happened
   * @param kind what happened: {@code waterbus.LOAD}, {@code waterbus.DISC}, {@code
   *     customs.Declaration}, {@code customs.InspectionOrdered}, {@code customs.Release}, {@code
   *     customs.Exit}; the page words it (messages {@code leg.<kind>})
   * @param mode how the goods moved: {@code water}, {@code sea}, {@code rail}, {@code air}, {@code
   *     road}, or null when the leg is no movement (a customs step)
   * @param port the UN/LOCODE where it happened, or null
   * @param voyage the voyage number, or null
   * @param vessel the barge's or ship's name, or null
   * @param container the container number, or null
   * @param reference the document it concerns (a customs declaration number), or null
   * @param handOver for a change of transport mode ({@code multimodal.HandOver}): its parties,
   *     place and means; else null
   */
  record Leg(long ledgerIndex, Instant time, String kind, String mode, String port, String voyage, String vessel,
      String container, String reference, HandOver handOver) {
    public Leg {
      if (ledgerIndex < 0) {
        throw new IllegalArgumentException("ledgerIndex: got " + ledgerIndex + ", want >= 0");
      }
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(kind, "kind");
    }

    /** A leg that is no hand-over. */
    public Leg(long ledgerIndex, Instant time, String kind, String mode, String port, String voyage, String vessel,
        String container, String reference) {
      this(ledgerIndex, time, kind, mode, port, voyage, vessel, container, reference, null);
    }
  }

  /**
   * A change of transport mode, as the hand-over record says; the leg's {@code mode} is {@code
   * toMode}.
   *
   * @param fromMode the mode the goods arrived by ({@code sea}, {@code rail}, {@code road}, {@code
   *     air}, {@code mail}, {@code water})
   * @param toMode the mode they leave by
   * @param place the GLN of the place, as recorded (the page names it from master data)
   * @param fromParty the org handing over
   * @param toParty the org taking over
   * @param fromMeans the conveyance they arrived on (voyage, flight, train number), with its
   *     transport document where there is one
   * @param toMeans the conveyance they leave on
   */
  record HandOver(String fromMode, String toMode, String place, String fromParty, String toParty, Means fromMeans,
      Means toMeans) {
    public HandOver {
      Objects.requireNonNull(fromMode, "fromMode");
      Objects.requireNonNull(toMode, "toMode");
      Objects.requireNonNull(place, "place");
      Objects.requireNonNull(fromParty, "fromParty");
      Objects.requireNonNull(toParty, "toParty");
      Objects.requireNonNull(fromMeans, "fromMeans");
      Objects.requireNonNull(toMeans, "toMeans");
    }
  }

  /**
   * A conveyance and its document.
   *
   * @param reference the voyage, flight or train number
   * @param name the vessel's or aircraft's name, or null
   * @param documentType the document's type ({@code BILL_OF_LADING}, {@code AIR_WAYBILL}, ...), or null
   * @param documentNumber the document's number, or null
   */
  record Means(String reference, String name, String documentType, String documentNumber) {
    public Means {
      Objects.requireNonNull(reference, "reference");
    }
  }
}
