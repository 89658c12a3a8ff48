package org.baytrace.tracking.node.resolver;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.baytrace.tracking.domain.gs1.TraceCode;

/**
 * The hook for steps of a trace code's journey that other profiles record outside EPCIS: the
 * water bus (a container loaded onto a barge at one port, discharged at another), customs
 * (declared, held for inspection, released, out of the port). A profile offers one as a node
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
   */
  record Leg(long ledgerIndex, Instant time, String kind, String mode, String port, String voyage, String vessel,
      String container, String reference) {
    public Leg {
      if (ledgerIndex < 0) {
        throw new IllegalArgumentException("ledgerIndex: got " + ledgerIndex + ", want >= 0");
      }
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(kind, "kind");
    }
  }
}
