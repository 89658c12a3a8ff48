package org.baytrace.tracking.domain.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.record.ParsedRecord;
import org.baytrace.tracking.domain.epcis.record.EpcisRecords;

/**
 * Every identifier a record names, wherever it names it (subjects, and for EPCIS events the
 * content's {@code epcList}, {@code parentID}, {@code childEPCs}, {@code inputEPCList},
 * {@code outputEPCList} and the classes of the quantity lists), and what the record says about
 * it: whether that is a statement only the brand owner makes. The policy judges each of them
 * against the submitting org; none becomes a chained subject, so entries do not grow.
 *
 * <p>A brand owner's statements (GS1 and CBV practice: the company prefix holder alone brings
 * its codes into being, retires them and recalls them): an {@code ObjectEvent} with action
 * {@code ADD} (commissioned) or {@code DELETE} (decommissioned) about its objects; the business
 * steps {@code commissioning}, {@code decommissioning}, {@code destroying}, {@code encoding},
 * {@code creating_class_instance}; the dispositions {@code recalled}, {@code destroyed},
 * {@code inactive}, {@code encoded}; master data ({@code ilmd}) about the objects; and the
 * outputs of a {@code TransformationEvent}, which it creates. Inputs of a transformation, the
 * parent and children of an aggregation and the objects of every other event are what a
 * handler records about goods it handles. Stateless; thread-safe.
 */
final class NamedGoods {
  /** One identifier named by a record; {@code ownerStatement} says why only its brand owner may say this, or null. */
  record Named(String where, String id, String ownerStatement) {}

  /** What a record names, and its CBV business step (short name, or "" for none). */
  record Statement(List<Named> named, String bizStep) {}

  static final Set<String> OWNER_STEPS = Set.of("commissioning", "decommissioning", "destroying", "encoding",
      "creating_class_instance");
  static final Set<String> OWNER_DISPOSITIONS = Set.of("recalled", "destroyed", "inactive", "encoded");

  private static final ObjectMapper JSON = new ObjectMapper();

  private NamedGoods() {}

  static Statement of(ParsedRecord record) {
    List<Named> named = new ArrayList<>();
    JsonNode event = epcisEvent(record);
    String step = event == null ? "" : cbvName(event.path("bizStep").asText(""), "BizStep-");
    String eventOwner = event == null ? null : eventOwnerStatement(event, step);
    List<String> subjects = record.subjects();
    for (int i = 0; i < subjects.size(); i++) {
      named.add(new Named("subjects[" + i + "]", subjects.get(i), eventOwner));
    }
    if (event != null) {
      String type = event.path("type").asText("");
      boolean objectEvent = type.equals("ObjectEvent");
      boolean transformation = type.equals("TransformationEvent");
      String action = event.path("action").asText("");
      String objectsOwner = eventOwner;
      if (objectEvent && (action.equals("ADD") || action.equals("DELETE"))) {
        objectsOwner = "an ObjectEvent with action " + action + (action.equals("ADD") ? " (commissioning)" : " (decommissioning)");
      } else if (objectsOwner == null && event.has("ilmd") && !transformation) {
        objectsOwner = "master data (ilmd)";
      }
      String outputs = "an output of a TransformationEvent (new goods, commissioned by their brand owner)";
      list(named, event, "epcList", objectsOwner);
      list(named, event, "childEPCs", eventOwner);
      list(named, event, "inputEPCList", null); // consumed by whoever transforms them
      list(named, event, "outputEPCList", outputs);
      if (event.hasNonNull("parentID")) {
        named.add(new Named("parentID", event.get("parentID").asText(), eventOwner));
      }
      quantities(named, event, "quantityList", objectsOwner);
      quantities(named, event, "childQuantityList", eventOwner);
      quantities(named, event, "inputQuantityList", null);
      quantities(named, event, "outputQuantityList", outputs);
    }
    return new Statement(named, step);
  }

  /** The event's own owner statement (business step, disposition), for every object it names. */
  private static String eventOwnerStatement(JsonNode event, String step) {
    if (OWNER_STEPS.contains(step)) {
      return "bizStep " + step;
    }
    String disposition = cbvName(event.path("disposition").asText(""), "Disp-");
    if (OWNER_DISPOSITIONS.contains(disposition)) {
      return "disposition " + disposition;
    }
    return null;
  }

  private static void list(List<Named> out, JsonNode event, String field, String owner) {
    JsonNode list = event.path(field);
    for (int i = 0; i < list.size(); i++) {
      out.add(new Named(field + "[" + i + "]", list.get(i).asText(), owner));
    }
  }

  private static void quantities(List<Named> out, JsonNode event, String field, String owner) {
    JsonNode list = event.path(field);
    for (int i = 0; i < list.size(); i++) {
      JsonNode c = list.get(i).path("epcClass");
      if (!c.isMissingNode() && !c.isNull()) {
        out.add(new Named(field + "[" + i + "].epcClass", c.asText(), owner));
      }
    }
  }

  /**
   * The EPCIS event of an {@code epcis.*} record in JSON-LD, or null for other records.
   *
   * @throws LedgerException INVALID_FIELD if the content is not a JSON object, since what it names
   *     could not be judged
   */
  private static JsonNode epcisEvent(ParsedRecord record) {
    if (!record.kind().startsWith(EpcisRecords.KIND_PREFIX) || !EpcisRecords.CONTENT_TYPE.equals(record.contentType())) {
      return null;
    }
    try {
      JsonNode event = JSON.readTree(record.content());
      if (event != null && event.isObject()) {
        return event;
      }
    } catch (IOException e) {
      // reported below
    }
    throw new LedgerException(LedgerError.INVALID_FIELD, "body.content: kind " + record.kind() + " with content type "
        + EpcisRecords.CONTENT_TYPE + " must be an EPCIS event as a JSON object; what it names cannot be judged otherwise");
  }

  /**
   * The short CBV name of a vocabulary value: {@code shipping} from {@code shipping},
   * {@code urn:epcglobal:cbv:bizstep:shipping}, {@code https://ref.gs1.org/cbv/BizStep-shipping}
   * or {@code cbv:BizStep-shipping}; other URIs end in their last segment.
   */
  static String cbvName(String value, String webPrefix) {
    String v = value.strip();
    int cut = Math.max(v.lastIndexOf(':'), v.lastIndexOf('/'));
    v = v.substring(cut + 1);
    if (v.regionMatches(true, 0, webPrefix, 0, webPrefix.length())) {
      v = v.substring(webPrefix.length());
    }
    return v.toLowerCase(Locale.ROOT);
  }
}
