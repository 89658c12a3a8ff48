package org.baytrace.tracking.domain.epcis.query;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Builds EPCIS 2.0 EPCISQueryDocuments (JSON-LD): {@code @context} (the standard EPCIS 2.0 context
 * and the {@code bt} prefix of BayTrace's extension fields), {@code type}, {@code schemaVersion}
 * "2.0", {@code creationDate}, and {@code epcisBody.queryResults} with {@code queryName} and
 * {@code resultsBody.eventList}. Each event is as {@link ProjectedEvent#toJson()} gives it; an
 * event keeps the {@code @context} it was captured with (JSON-LD contexts nest). Pure.
 */
public final class QueryDocuments {
  static final String EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";
  private static final DateTimeFormatter CREATION =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

  private QueryDocuments() {}

  private static final List<String> EPC_LISTS = List.of("epcList", "childEPCs", "inputEPCList", "outputEPCList");
  private static final List<String> QUANTITY_LISTS = List.of("quantityList", "childQuantityList", "inputQuantityList",
      "outputQuantityList");

  /**
   * Rewrites the identifiers of every event of a query document as GS1 Digital Links ({@code
   * GS1-EPC-Format: Always_GS1_Digital_Link}): EPC lists, {@code parentID} and the {@code epcClass}
   * of quantity elements that are GS1 keys; other URIs stay as captured.
   */
  public static void toDigitalLinks(ObjectNode document) {
    for (com.fasterxml.jackson.databind.JsonNode e : document.at("/epcisBody/queryResults/resultsBody/eventList")) {
      if (!(e instanceof ObjectNode event)) {
        continue;
      }
      for (String list : EPC_LISTS) {
        if (event.get(list) instanceof ArrayNode a) {
          for (int i = 0; i < a.size(); i++) {
            a.set(i, a.get(i).isTextual() ? event.textNode(Ids.canonical(a.get(i).asText())) : a.get(i));
          }
        }
      }
      if (event.path("parentID").isTextual()) {
        event.put("parentID", Ids.canonical(event.get("parentID").asText()));
      }
      for (String list : QUANTITY_LISTS) {
        for (com.fasterxml.jackson.databind.JsonNode q : event.path(list)) {
          if (q instanceof ObjectNode o && o.path("epcClass").isTextual()) {
            o.put("epcClass", Ids.canonical(o.get("epcClass").asText()));
          }
        }
      }
    }
  }

  public static ObjectNode document(List<ProjectedEvent> events, Instant now) {
    ObjectNode doc = ProjectedEvent.JSON.createObjectNode();
    ArrayNode context = doc.putArray("@context");
    context.add(EPCIS_CONTEXT);
    context.addObject().put(ProjectedEvent.NS_PREFIX, ProjectedEvent.NS);
    doc.put("type", "EPCISQueryDocument");
    doc.put("schemaVersion", "2.0");
    doc.put("creationDate", CREATION.format(now));
    ObjectNode results = doc.putObject("epcisBody").putObject("queryResults");
    results.put("queryName", EventQuery.QUERY_NAME);
    ArrayNode list = results.putObject("resultsBody").putArray("eventList");
    for (ProjectedEvent e : events) {
      list.add(e.toJson());
    }
    return doc;
  }
}
