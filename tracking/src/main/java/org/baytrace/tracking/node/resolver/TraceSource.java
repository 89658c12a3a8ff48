package org.baytrace.tracking.node.resolver;

import java.util.List;
import org.baytrace.tracking.domain.gs1.TraceCode;

/**
 * Where the resolver finds the EPCIS events of a trace code. {@link LedgerTraceSource} reads
 * subject histories of the ledger; a projection with aggregation inheritance (an item inherits the
 * events of the case, pallet and container it is packed in) can take its place without changing
 * the resolver.
 *
 * <p>The contract:
 * <ul>
 *   <li>each event appears at most once (by ledger index), in any order: the resolver sorts by
 *       event time;
 *   <li>each event's JSON is exactly what its ledger entry holds: the resolver fetches the entry's
 *       receipt, verifies it against the node's own checkpoint key and shows the "verified" badge
 *       only when every event it shows checks out;
 *   <li>an empty list means nothing is known of the code: the resolver answers 404;
 *   <li>error declarations (EPCIS {@code errorDeclaration}) are returned like any other event;
 *       the resolver drops the events they withdraw.
 * </ul>
 *
 * <p>Implementations must be thread-safe: the resolver calls them from HTTP worker threads.
 */
@FunctionalInterface
public interface TraceSource {
  /**
   * The events to show for {@code code}.
   *
   * @throws org.baytrace.ledger.error.LedgerException if the ledger cannot be read
   */
  List<TraceEvent> eventsFor(TraceCode code);
}
