package org.baytrace.tracking.domain.epcis.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.baytrace.tracking.domain.epcis.record.EpcisRecords;

/**
 * One event of a trace code's history ({@link TraceHistory}) and why it belongs
 * there.
 *
 * @param relation how the event concerns the trace code
 * @param via {@link Relation#DIRECT}: the trace code (canonical); {@link Relation#INHERITED}: the
 *     container the event is about; {@link Relation#CLASS_LEVEL}: the class (lot or product)
 * @param path for {@link Relation#INHERITED}: the containers from the item outwards, ending with
 *     {@code via} (e.g. [case, pallet]); empty otherwise
 * @param stored the event record as {@link EpcisRecords#fromLeaf} reads it from the ledger
 * @param leafHashHex the leaf hash of the ledger entry, lower-case hex
 * @param json the event as a query returns it (as captured, plus {@code recordTime}, the
 *     errorDeclaration in effect and {@code bt:ledger}); a copy is returned each time
 * @param declaredInError true if the event carries or is named by an errorDeclaration
 */
public record HistoryEvent(Relation relation, String via, List<String> path, EpcisRecords.StoredEvent stored,
    String leafHashHex, ObjectNode json, boolean declaredInError) {

  /** How an event concerns the trace code whose history it is in. */
  public enum Relation {
    /** The event names the trace code itself (epcList, childEPCs, parentID, inputs, outputs, quantities). */
    DIRECT,
    /** The event is about a container the item was packed in (AggregationEvent ADD to DELETE) at its time. */
    INHERITED,
    /** The event is about the item's class: its lot (LGTIN) or its product (GTIN). */
    CLASS_LEVEL
  }

  public HistoryEvent {
    Objects.requireNonNull(relation, "relation");
    Objects.requireNonNull(via, "via");
    path = List.copyOf(path);
    Objects.requireNonNull(stored, "stored");
    json = json.deepCopy();
  }

  @Override
  public ObjectNode json() {
    return json.deepCopy();
  }

  public long ledgerIndex() {
    return stored.ledgerIndex();
  }

  public Instant eventTime() {
    return EventFacts.eventTime(json, Instant.ofEpochMilli(stored.eventTimeUnixMillis()));
  }
}
