package org.baytrace.tracking.node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.baytrace.ledger.Ledger;
import org.baytrace.tracking.domain.epcis.query.HistoryEvent;
import org.baytrace.tracking.domain.gs1.TraceCode;
import org.baytrace.tracking.node.epcis.query.EpcisQueries;
import org.baytrace.tracking.node.resolver.TraceEvent;
import org.baytrace.tracking.node.resolver.TraceSource;

/**
 * The consumer page's events from the EPCIS projection: a code's own events, its lot's and
 * product's, and those of every container it travelled in while it was inside. Thread-safe.
 */
final class ProjectionTraceSource implements TraceSource {
  // A page asked for right after a capture should show it: wait briefly for the projection.
  private static final Duration CATCH_UP = Duration.ofMillis(500);

  private final Ledger ledger;
  private final EpcisQueries queries;

  ProjectionTraceSource(Ledger ledger, EpcisQueries queries) {
    this.ledger = ledger;
    this.queries = queries;
  }

  @Override
  public List<TraceEvent> eventsFor(TraceCode code) {
    try {
      queries.awaitCaughtUp(ledger.head().size(), CATCH_UP);
    } catch (TimeoutException e) {
      // Show what the projection has; the next view will have the rest.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<TraceEvent> out = new ArrayList<>();
    for (HistoryEvent h : queries.traceHistory(code.toDigitalLink())) {
      TraceEvent.Relation relation = switch (h.relation()) {
        case DIRECT -> TraceEvent.Relation.DIRECT;
        case INHERITED -> TraceEvent.Relation.CONTAINER;
        case CLASS_LEVEL -> TraceEvent.Relation.CLASS;
      };
      out.add(new TraceEvent(h.ledgerIndex(), h.stored().recordTimeUnixMillis(), h.stored().event(), relation,
          relation == TraceEvent.Relation.DIRECT ? null : h.via(), h.stored().authorOrg()));
    }
    return out;
  }
}
