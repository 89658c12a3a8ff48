package org.baytrace.tracking.domain.epcis.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.tracking.domain.epcis.record.EpcisRecords;

/**
 * One event as the projection stores it: the event as captured, where it is in the ledger (index,
 * leaf hash, record time), who wrote it, and the errorDeclaration in effect for it. Immutable
 * once built (the JSON it holds is never handed out, only copies).
 *
 * @param declaration the event's own errorDeclaration, or that of a later event declaring it in
 *     error; null if neither
 * @param declaredBy the ledger index of the event whose errorDeclaration is in effect (this
 *     event's own index if it carries one); -1 if none
 * @param computedHashId the CBV 2.0 hash id of the content when the event's {@code ni:///}
 *     eventID is not it; null otherwise
 */
public record ProjectedEvent(long ledgerIndex, long recordTimeMillis, String leafHashHex, String authorOrg,
    long eventTimeMillis, List<String> subjects, ObjectNode event, JsonNode declaration, long declaredBy,
    String computedHashId) {

  public static final ObjectMapper JSON = new ObjectMapper();
  /** Prefix of BayTrace's extension fields in query results, declared in the document context. */
  static final String NS_PREFIX = "bt";
  static final String NS = "https://baytrace.org/ns/epcis/";
  static final String LEDGER_FIELD = NS_PREFIX + ":ledger";
  private static final DateTimeFormatter RECORD_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

  /** The stored form (the value in the EVENTS family), without the declaration. */
  static byte[] envelope(long recordTimeMillis, String leafHashHex, String authorOrg, long eventTimeMillis,
      List<String> subjects, ObjectNode event, String computedHashId) {
    ObjectNode n = JSON.createObjectNode();
    if (computedHashId != null) {
      n.put("hm", computedHashId);
    }
    n.put("rt", recordTimeMillis);
    n.put("h", leafHashHex);
    n.put("org", authorOrg);
    n.put("et", eventTimeMillis);
    ArrayNode s = n.putArray("s");
    subjects.forEach(s::add);
    n.set("e", event);
    try {
      return JSON.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise a stored event", e);
    }
  }

  /** Reads the stored form back, with the declaration found for it (or null). */
  static ProjectedEvent read(long ledgerIndex, byte[] envelope, byte[] declared) {
    try {
      JsonNode n = JSON.readTree(envelope);
      List<String> subjects = new ArrayList<>();
      n.path("s").forEach(s -> subjects.add(s.asText()));
      Declared d = declared == null ? null : Declared.parse(ledgerIndex, declared);
      return new ProjectedEvent(ledgerIndex, n.path("rt").asLong(), n.path("h").asText(), n.path("org").asText(),
          n.path("et").asLong(), List.copyOf(subjects), (ObjectNode) n.get("e"), d == null ? null : d.declaration(),
          d == null ? -1 : d.by(), n.path("hm").asText(null));
    } catch (IOException | ClassCastException e) {
      throw new LedgerException(LedgerError.STORE_CORRUPT, "EPCIS projection: stored event " + ledgerIndex
          + " does not parse (delete the projection directory to rebuild it): " + e.getMessage(), e);
    }
  }

  /** A value of the DECLARED family: the declaring event's index and its errorDeclaration. */
  record Declared(long by, JsonNode declaration) {
    static Declared parse(long ledgerIndex, byte[] value) {
      try {
        JsonNode d = JSON.readTree(value);
        return new Declared(d.path("by").asLong(-1), d.get("d"));
      } catch (IOException e) {
        throw new LedgerException(LedgerError.STORE_CORRUPT, "EPCIS projection: error declaration of " + ledgerIndex
            + " does not parse (delete the projection directory to rebuild it): " + e.getMessage(), e);
      }
    }
  }

  /** The declaration value stored in the DECLARED family. */
  static byte[] declaredValue(long by, JsonNode declaration) {
    ObjectNode n = JSON.createObjectNode();
    n.put("by", by);
    n.set("d", declaration);
    try {
      return JSON.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise an error declaration", e);
    }
  }

  EventFacts facts() {
    return EventFacts.of(event, Instant.ofEpochMilli(eventTimeMillis));
  }

  Instant recordTime() {
    return Instant.ofEpochMilli(recordTimeMillis);
  }

  boolean declaredInError() {
    return declaration != null;
  }

  /**
   * The event as a query returns it: as captured, plus {@code recordTime} (the ledger's), the
   * errorDeclaration in effect if the event does not carry its own, and {@code bt:ledger} with the
   * ledger index and leaf hash (and {@code errorDeclaredBy}, the index of the declaring event; and
   * {@code hashIdMismatch}, the hash id of the content, when the event's {@code ni:///} eventID is
   * not it).
   */
  ObjectNode toJson() {
    ObjectNode out = event.deepCopy();
    out.put("recordTime", RECORD_TIME.format(recordTime()));
    if (declaration != null && !out.has("errorDeclaration")) {
      out.set("errorDeclaration", declaration.deepCopy());
    }
    ObjectNode ledger = JSON.createObjectNode();
    ledger.put("index", ledgerIndex);
    ledger.put("leafHash", leafHashHex);
    if (declaredBy >= 0 && declaredBy != ledgerIndex) {
      ledger.put("errorDeclaredBy", declaredBy);
    }
    if (computedHashId != null) {
      // Flagged, not hidden: the event is what was signed; its id is not its content's hash.
      ledger.put("hashIdMismatch", computedHashId);
    }
    out.set(LEDGER_FIELD, ledger);
    return out;
  }

  /** As {@link EpcisRecords#fromLeaf} reads it from the ledger entry. */
  EpcisRecords.StoredEvent toStoredEvent() {
    return new EpcisRecords.StoredEvent(ledgerIndex, recordTimeMillis, authorOrg, event.path("type").asText(),
        event.path("eventID").asText(), eventTimeMillis, subjects, event.deepCopy());
  }
}
