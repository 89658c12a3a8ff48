package org.baytrace.tracking.node.epcis.capture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Small EPCIS 2.0 documents and events built in code for capture tests. */
final class Docs {
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** A GTIN with a correct check digit, and the same with a wrong one. */
  static final String GTIN = "09506000134352";
  static final String BAD_GTIN = "09506000134353";

  private Docs() {}

  static ArrayNode context() {
    ArrayNode c = NODES.arrayNode();
    c.add("https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld");
    c.addObject().put("ex", "https://example.com/epcis/");
    return c;
  }

  /** An EPCISDocument holding these events. */
  static ObjectNode document(JsonNode... events) {
    ObjectNode d = NODES.objectNode();
    d.set("@context", context());
    d.put("type", "EPCISDocument");
    d.put("schemaVersion", "2.0");
    d.put("creationDate", "2026-11-28T08:00:00Z");
    ArrayNode list = d.putObject("epcisBody").putArray("eventList");
    for (JsonNode e : events) {
      list.add(e);
    }
    return d;
  }

  /** An ObjectEvent observing serial {@code serial} of {@link #GTIN}, with a fixed eventID derived from its name. */
  static ObjectNode event(String name, String serial) {
    ObjectNode e = NODES.objectNode();
    e.put("eventID", "urn:uuid:" + UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)));
    e.put("type", "ObjectEvent");
    e.put("eventTime", "2026-11-28T08:00:00.000+08:00");
    e.put("eventTimeZoneOffset", "+08:00");
    e.putArray("epcList").add("https://id.gs1.org/01/" + GTIN + "/21/" + serial);
    e.put("action", "OBSERVE");
    e.put("bizStep", "shipping");
    e.put("disposition", "in_transit");
    e.putObject("readPoint").put("id", "urn:epc:id:sgln:9506000.00001.0");
    return e;
  }

  /** The same event without its eventID (so capture gives it the CBV 2.0 hash id). */
  static ObjectNode withoutId(ObjectNode event) {
    ObjectNode e = event.deepCopy();
    e.remove("eventID");
    return e;
  }

  /** A single event as POST /events takes it: with its own @context. */
  static ObjectNode standalone(ObjectNode event) {
    ObjectNode e = NODES.objectNode();
    e.set("@context", context());
    e.setAll(event.deepCopy());
    return e;
  }

  static byte[] bytes(JsonNode n) {
    return n.toString().getBytes(StandardCharsets.UTF_8);
  }
}
