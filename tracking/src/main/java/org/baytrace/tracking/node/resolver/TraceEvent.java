package org.baytrace.tracking.node.resolver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One EPCIS event a {@link TraceSource} found for a trace code, and how it relates to the code.
 * Immutable: the event JSON is copied in and out.
 *
 * @param ledgerIndex the index of the log entry that holds the event; the resolver proves the
 *     event with that entry's receipt
 * @param recordTimeUnixMillis when the ledger stored the entry
 * @param event the event JSON-LD exactly as stored in the entry (what {@code
 *     EpcisRecords.fromLeaf(leaf).event()} returns); the resolver shows the event as verified only
 *     if the entry's receipt holds this very event ({@code @context} aside)
 * @param relation how the event is about the code
 * @param via the subject the event was found under when that is not the code itself: the
 *     container for {@link Relation#CONTAINER}, the lot or product class for {@link
 *     Relation#CLASS}; {@code null} for {@link Relation#DIRECT}
 * @param author the org that stated the event (the record's {@code submitted_by}, else its
 *     {@code author_org}), or null if unknown
 */
public record TraceEvent(long ledgerIndex, long recordTimeUnixMillis, ObjectNode event, Relation relation, String via,
    String author) {

  /** An event whose author is not known to the source. */
  public TraceEvent(long ledgerIndex, long recordTimeUnixMillis, ObjectNode event, Relation relation, String via) {
    this(ledgerIndex, recordTimeUnixMillis, event, relation, via, null);
  }

  /** How an event is about a trace code. */
  public enum Relation {
    /** The event names the code itself (in an EPC list, as parent, as input or output). */
    DIRECT,
    /** Inherited from a container (case, pallet, shipping container) the code was packed in. */
    CONTAINER,
    /** About the code's class: the lot of an item, or the product (GTIN) of an item or lot. */
    CLASS
  }

  public TraceEvent {
    if (ledgerIndex < 0) {
      throw new IllegalArgumentException("ledgerIndex: got " + ledgerIndex + ", want >= 0");
    }
    Objects.requireNonNull(relation, "relation");
    event = Objects.requireNonNull(event, "event").deepCopy();
    if (relation == Relation.DIRECT) {
      via = null;
    } else {
      Objects.requireNonNull(via, "via (the container or class the event was found under)");
    }
  }

  /** A copy of the event JSON. */
  @Override
  public ObjectNode event() {
    return event.deepCopy();
  }
}
