package org.baytrace.tracking.domain.epcis.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.api.ledger.v1.SignedRecord;
import org.baytrace.ledger.leaf.Leaf;
import org.baytrace.ledger.leaf.LeafCodec;
import org.baytrace.ledger.verify.VerificationException;
import org.baytrace.tracking.domain.epcis.hash.EventHash;
import org.baytrace.tracking.domain.gs1.InvalidTraceCodeException;
import org.baytrace.tracking.domain.gs1.TraceCode;

/**
 * How an EPCIS 2.0 event is carried in a ledger record. This is the contract between capture
 * (which writes records) and the projections and pages (which read them):
 * <ul>
 *   <li>kind: {@code "epcis." + type}, e.g. {@code epcis.ObjectEvent};
 *   <li>content type {@value #CONTENT_TYPE}; content: the event as JSON-LD, with the capture
 *       document's {@code @context} and an {@code eventID} (the CBV 2.0 event hash id when the
 *       event had none);
 *   <li>subjects: every object the event is about (EPCs, parent, children, inputs, outputs, and
 *       the classes of quantity elements), as canonical GS1 Digital Links where they are GS1 keys,
 *       unchanged otherwise; sorted and unique;
 *   <li>event time: the event's {@code eventTime}; nonce: the event id, so the same event
 *       captured twice is the same record and is stored once.
 * </ul>
 * Stateless; thread-safe.
 */
public final class EpcisRecords {
  public static final String KIND_PREFIX = "epcis.";
  public static final String CONTENT_TYPE = "application/ld+json";
  public static final Set<String> EVENT_TYPES = Set.of("ObjectEvent", "AggregationEvent", "TransformationEvent",
      "TransactionEvent", "AssociationEvent");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> EPC_LISTS = List.of("epcList", "childEPCs", "inputEPCList", "outputEPCList");
  private static final List<String> QUANTITY_LISTS = List.of("quantityList", "childQuantityList", "inputQuantityList",
      "outputQuantityList");

  private EpcisRecords() {}

  /**
   * The record body for one event of a capture document.
   *
   * @param context the document's {@code @context} (may be null)
   * @throws IllegalArgumentException naming the field if the event lacks a type or a valid
   *     eventTime, or names a malformed GS1 identifier
   */
  public static RecordBody toBody(String origin, String authorOrg, JsonNode event, JsonNode context) {
    String type = event.path("type").asText("");
    if (!EVENT_TYPES.contains(type)) {
      throw new IllegalArgumentException("type: got \"" + type + "\", want one of " + new TreeSet<>(EVENT_TYPES));
    }
    ObjectNode content = JSON.createObjectNode();
    if (context != null && !context.isMissingNode() && !context.isNull()) {
      content.set("@context", context);
    }
    content.setAll((ObjectNode) event.deepCopy());
    String eventId = event.path("eventID").asText("");
    if (eventId.isEmpty()) {
      eventId = EventHash.hashId(event, context);
      content.put("eventID", eventId);
    }
    long eventTime = eventTimeMillis(event);
    List<String> subjects = subjects(event);
    if (subjects.isEmpty()) {
      subjects = List.of(eventId); // an event about no identified object is still findable by its id
    }
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(content);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("event cannot be serialised: " + e.getOriginalMessage(), e);
    }
    return RecordBody.newBuilder().setOrigin(origin).setKind(KIND_PREFIX + type).addAllSubjects(subjects)
        .setEventTimeUnixMillis(eventTime).setAuthorOrg(authorOrg)
        .setNonce(ByteString.copyFrom(eventId, StandardCharsets.UTF_8))
        .setContentType(CONTENT_TYPE).setContent(ByteString.copyFrom(bytes)).build();
  }

  /** Every identified object of an event, as canonical Digital Links where possible; sorted, unique. */
  public static List<String> subjects(JsonNode event) {
    Set<String> out = new TreeSet<>();
    for (String list : EPC_LISTS) {
      for (JsonNode epc : event.path(list)) {
        out.add(canonical(list, epc.asText()));
      }
    }
    if (event.hasNonNull("parentID")) {
      out.add(canonical("parentID", event.get("parentID").asText()));
    }
    for (String list : QUANTITY_LISTS) {
      for (JsonNode q : event.path(list)) {
        if (q.hasNonNull("epcClass")) {
          out.add(canonical(list + ".epcClass", q.get("epcClass").asText()));
        }
      }
    }
    return new ArrayList<>(out);
  }

  /** The canonical form of one identifier; GS1 keys become https://id.gs1.org Digital Links. */
  public static String canonical(String field, String id) {
    try {
      return TraceCode.parse(id).toDigitalLink();
    } catch (InvalidTraceCodeException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
    }
  }

  private static long eventTimeMillis(JsonNode event) {
    String t = event.path("eventTime").asText("");
    try {
      return OffsetDateTime.parse(t).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("eventTime: got \"" + t + "\", want an RFC 3339 date-time with offset");
    }
  }

  /**
   * An EPCIS event read back from a log entry; {@code authorOrg} is the org that stated it: the
   * record's {@code submitted_by} when a node signed it for a caller, else its {@code author_org}.
   */
  public record StoredEvent(long ledgerIndex, long recordTimeUnixMillis, String authorOrg, String type, String eventId,
      long eventTimeUnixMillis, List<String> subjects, ObjectNode event) {}

  /**
   * Reads the event of a log entry, or returns null if the entry is not an EPCIS event record.
   *
   * @throws IllegalArgumentException if it claims to be one but does not parse
   */
  public static StoredEvent fromLeaf(byte[] leaf) {
    try {
      Leaf entry = LeafCodec.decode(leaf);
      return fromEntry(entry, RecordBody.parseFrom(SignedRecord.parseFrom(entry.signedRecord()).getBody()));
    } catch (VerificationException e) {
      throw new IllegalArgumentException("not a log entry: " + e.detail(), e);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("not a log entry: " + e.getMessage(), e);
    }
  }

  /**
   * As {@link #fromLeaf}, for an entry already decoded with its record body.
   *
   * @throws IllegalArgumentException if it claims to be an EPCIS event record but does not parse
   */
  public static StoredEvent fromEntry(Leaf entry, RecordBody body) {
    try {
      if (!body.getKind().startsWith(KIND_PREFIX) || !CONTENT_TYPE.equals(body.getContentType())) {
        return null;
      }
      JsonNode event = JSON.readTree(body.getContent().toByteArray());
      if (!(event instanceof ObjectNode obj)) {
        throw new IllegalArgumentException("entry " + entry.index() + ": EPCIS content is not a JSON object");
      }
      // The org that stated the event: the caller a node signed it for, else the author.
      String stated = body.getSubmittedBy().isEmpty() ? body.getAuthorOrg() : body.getSubmittedBy();
      return new StoredEvent(entry.index(), entry.recordTimeUnixMillis(), stated,
          body.getKind().substring(KIND_PREFIX.length()), obj.path("eventID").asText(), body.getEventTimeUnixMillis(),
          List.copyOf(body.getSubjectsList()), obj);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("EPCIS content is not JSON: " + e.getMessage(), e);
    }
  }
}
