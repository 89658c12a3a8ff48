package org.baytrace.tracking.node.epcis.capture;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.baytrace.tracking.domain.epcis.masterdata.MasterDataRecords;
import org.baytrace.tracking.domain.epcis.record.EpcisRecords;

/**
 * Reading and checking what a client sends, before any work is queued: the JSON itself (strict:
 * no duplicate member names, nothing after the value, decimals kept exactly as written), the kind
 * of document, the event count, and the EPCIS JSON schema. Every refusal is a
 * {@link CaptureProblem} that names what is wrong and where. Pure; thread-safe.
 */
final class CaptureInput {
  static final String EPCIS_DOCUMENT = "EPCISDocument";
  static final String EPCIS_QUERY_DOCUMENT = "EPCISQueryDocument";
  static final String EVENT_LIST = "/epcisBody/eventList";
  static final String QUERY_EVENT_LIST = "/epcisBody/queryResults/resultsBody/eventList";

  // Duplicate member names would make the event mean different things to different readers (and
  // its hash id depend on the parser); numbers are kept as written rather than rounded to doubles.
  static final JsonMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final java.util.regex.Pattern DUPLICATE = java.util.regex.Pattern.compile("Duplicate (?:field|Object property) '([^']*)'");

  /**
   * A capture document's events: {@code eventList} of an {@code EPCISDocument}, or of the
   * {@code queryResults} of an {@code EPCISQueryDocument} (the REST binding asks capture to take
   * both), with the document's {@code @context} and the JSON pointer of the list.
   */
  record Document(String type, JsonNode context, List<JsonNode> events, String eventListPointer,
      List<MasterDataRecords.Located> masterData, long creationDateMillis) {
    String pointer(int eventIndex) {
      return eventListPointer + "/" + eventIndex;
    }
  }

  private CaptureInput() {}

  /**
   * Parses a request body as one JSON value.
   *
   * @throws CaptureProblem 400 with the line and column of the first problem
   */
  static JsonNode parse(byte[] body) {
    if (body.length == 0) {
      throw CaptureProblem.validation("request body: empty, want an EPCIS 2.0 JSON-LD document");
    }
    try {
      JsonNode node = JSON.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw CaptureProblem.validation("request body: no JSON value, want an EPCIS 2.0 JSON-LD document");
      }
      return node;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      JsonParser parser = e instanceof StreamReadException sre ? sre.getProcessor() : null;
      String pointer = parser == null ? null : parser.getParsingContext().pathAsPointer().toString();
      String message = String.valueOf(e.getOriginalMessage());
      CaptureProblem p;
      java.util.regex.Matcher duplicate = DUPLICATE.matcher(message);
      if (duplicate.lookingAt()) {
        // Which of the values would count is up to the parser: refused, as the standard allows.
        p = CaptureProblem.validation("request body: member \"" + duplicate.group(1) + "\" appears twice in one object"
            + (pointer == null || pointer.isEmpty() ? "" : " (" + pointer + ")") + where
            + "; JSON names must be unique within an object, or readers disagree on the value");
      } else {
        p = CaptureProblem.validation("request body: not valid JSON" + where + ": " + message);
      }
      if (pointer != null) {
        p.with("pointer", pointer);
      }
      if (at != null) {
        p.with("line", at.getLineNr()).with("column", at.getColumnNr());
      }
      throw p;
    } catch (IOException e) {
      throw CaptureProblem.validation("request body: cannot be read: " + e.getMessage());
    }
  }

  /**
   * Checks a capture document: an object whose {@code type} is {@code EPCISDocument} or
   * {@code EPCISQueryDocument}, with at most {@code limits.maxEvents()} events, valid against the
   * schema.
   *
   * @throws CaptureProblem 400 (what is wrong and where) or 413 (too many events)
   */
  static Document document(JsonNode doc, EpcisSchema schema, CaptureLimits limits) {
    if (!doc.isObject()) {
      throw CaptureProblem.validation("request body: got a JSON " + kind(doc)
          + ", want an EPCIS 2.0 JSON-LD document (an object with \"type\": \"EPCISDocument\")").with("pointer", "");
    }
    String type = doc.path("type").asText("");
    String listPointer;
    if (type.equals(EPCIS_DOCUMENT)) {
      listPointer = EVENT_LIST;
    } else if (type.equals(EPCIS_QUERY_DOCUMENT)) {
      listPointer = QUERY_EVENT_LIST;
    } else if (EpcisRecords.EVENT_TYPES.contains(type)) {
      throw CaptureProblem.validation("type: got \"" + type + "\", want \"EPCISDocument\" or \"EPCISQueryDocument\"; "
          + "a single event is captured with POST /events").with("pointer", "/type");
    } else {
      throw CaptureProblem.validation("type: got " + quoted(doc.get("type"))
          + ", want \"EPCISDocument\" or \"EPCISQueryDocument\"").with("pointer", "/type");
    }
    JsonNode list = doc.at(listPointer);
    if (list.isArray() && list.size() > limits.maxEvents()) {
      throw CaptureProblem.tooLarge(listPointer.substring(1).replace('/', '.') + ": got " + list.size()
          + " events, want at most " + limits.maxEvents() + " per capture request; split the document", limits)
          .with("eventCount", list.size()).with("limit", limits.maxEvents());
    }
    checkSchema(doc, schema);
    List<JsonNode> events = new ArrayList<>();
    list.forEach(events::add); // the schema requires the list
    List<MasterDataRecords.Located> masterData = MasterDataRecords.elements(doc);
    if (masterData.size() > MasterDataRecords.MAX_ELEMENTS) {
      throw CaptureProblem.tooLarge("epcisHeader.epcisMasterData: got " + masterData.size()
          + " vocabulary elements, want at most " + MasterDataRecords.MAX_ELEMENTS + " per capture request; split the "
          + "document", limits).with("pointer", "/epcisHeader/epcisMasterData");
    }
    long created = 0;
    if (!masterData.isEmpty()) {
      String c = doc.path("creationDate").asText("");
      try {
        created = java.time.OffsetDateTime.parse(c).toInstant().toEpochMilli();
      } catch (java.time.format.DateTimeParseException e) {
        throw CaptureProblem.validation("creationDate: got " + quoted(doc.get("creationDate"))
            + ", want an RFC 3339 date-time with offset (master data records are dated by it)")
            .with("pointer", "/creationDate");
      }
    }
    return new Document(type, doc.get("@context"), List.copyOf(events), listPointer, List.copyOf(masterData), created);
  }

  /**
   * Checks a single event for {@code POST /events}: an object whose {@code type} is an event
   * type, carrying its {@code @context}, valid against the schema.
   *
   * @throws CaptureProblem 400
   */
  static ObjectNode event(JsonNode event, EpcisSchema schema) {
    if (!event.isObject()) {
      throw CaptureProblem.validation("request body: got a JSON " + kind(event)
          + ", want one EPCIS 2.0 event as a JSON-LD object").with("pointer", "");
    }
    String type = event.path("type").asText("");
    if (type.equals(EPCIS_DOCUMENT) || type.equals(EPCIS_QUERY_DOCUMENT)) {
      throw CaptureProblem.validation("type: got \"" + type + "\", want an event type such as \"ObjectEvent\"; "
          + "documents are captured with POST /capture").with("pointer", "/type");
    }
    checkSchema(event, schema);
    return (ObjectNode) event;
  }

  private static void checkSchema(JsonNode instance, EpcisSchema schema) {
    List<SchemaViolation> violations = schema.validate(instance);
    if (violations.isEmpty()) {
      return;
    }
    SchemaViolation first = violations.get(0);
    String more = violations.size() > 1 ? " (and " + (violations.size() - 1) + " more, listed in violations)" : "";
    ArrayNode list = NODES.arrayNode();
    for (SchemaViolation v : violations) {
      ObjectNode o = list.addObject();
      o.put("pointer", v.pointer());
      o.put("keyword", v.keyword());
      o.put("message", v.message());
      o.put("schemaLocation", v.schemaLocation());
    }
    throw CaptureProblem.validation("EPCIS JSON schema: " + (first.pointer().isEmpty() ? "(document)" : first.pointer())
        + ": " + first.keyword() + ": " + first.message() + more)
        .with("pointer", first.pointer())
        .with("keyword", first.keyword())
        .with("schemaLocation", first.schemaLocation())
        .with("violations", list);
  }

  private static String kind(JsonNode n) {
    if (n.isArray()) {
      return "array";
    }
    if (n.isTextual()) {
      return "string";
    }
    if (n.isNumber()) {
      return "number";
    }
    if (n.isBoolean()) {
      return "boolean";
    }
    return n.isNull() ? "null" : "value";
  }

  private static String quoted(JsonNode n) {
    if (n == null || n.isMissingNode()) {
      return "nothing";
    }
    String s = n.toString();
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }
}
