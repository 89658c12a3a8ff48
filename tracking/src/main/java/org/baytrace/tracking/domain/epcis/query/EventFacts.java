package org.baytrace.tracking.domain.epcis.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.baytrace.tracking.domain.epcis.vocab.Vocab;

/**
 * What the projection indexes and the query filters look at in one EPCIS 2.0 JSON-LD event, with
 * identifiers in their {@link Ids canonical} form and CBV values {@link Vocab bare}. The same
 * facts feed the indexes (when an event is applied) and the filter (when a candidate is checked),
 * so the two cannot disagree. Pure; immutable.
 *
 * @param epcs canonical {@code epcList} and {@code childEPCs}
 * @param classes canonical {@code epcClass} of {@code quantityList} and {@code childQuantityList}
 * @param sensorValues numeric sensor report fields that have a {@code uom}
 * @param ownErrorDeclaration the event's own {@code errorDeclaration}, or null
 */
record EventFacts(String type, Instant eventTime, String eventId, String action, String bizStep, String disposition,
    String readPoint, String bizLocation, Set<String> epcs, String parentId, Set<String> inputEpcs,
    Set<String> outputEpcs, Set<String> classes, Set<String> inputClasses, Set<String> outputClasses,
    List<SensorValue> sensorValues, JsonNode ownErrorDeclaration) {

  /** The numeric fields of a sensor report that the {@code {op}_{field}_{uom}} parameters compare. */
  static final List<String> SENSOR_FIELDS = List.of("value", "minValue", "maxValue", "meanValue", "sDev", "percValue");

  /** One numeric field of one sensor report. */
  record SensorValue(String field, String uom, double value) {}

  /**
   * The facts of an event.
   *
   * @param fallbackEventTime used if the event's {@code eventTime} does not parse (records are
   *     checked at capture, so only for events written by something else)
   */
  static EventFacts of(JsonNode e, Instant fallbackEventTime) {
    Set<String> epcs = ids(e, "epcList", "childEPCs");
    String parent = e.hasNonNull("parentID") ? Ids.canonical(e.get("parentID").asText()) : null;
    List<SensorValue> sensor = new ArrayList<>();
    for (JsonNode element : e.path("sensorElementList")) {
      for (JsonNode report : element.path("sensorReport")) {
        String uom = report.path("uom").asText("");
        if (uom.isEmpty()) {
          continue;
        }
        for (String field : SENSOR_FIELDS) {
          JsonNode v = report.get(field);
          if (v != null && v.isNumber() && Double.isFinite(v.asDouble())) {
            sensor.add(new SensorValue(field, uom, v.asDouble()));
          }
        }
      }
    }
    JsonNode decl = e.get("errorDeclaration");
    return new EventFacts(e.path("type").asText(""), eventTime(e, fallbackEventTime), text(e, "eventID"),
        text(e, "action"), Vocab.bizStep(text(e, "bizStep")), Vocab.disposition(text(e, "disposition")),
        location(e, "readPoint"), location(e, "bizLocation"), epcs, parent, ids(e, "inputEPCList"),
        ids(e, "outputEPCList"), classes(e, "quantityList", "childQuantityList"), classes(e, "inputQuantityList"),
        classes(e, "outputQuantityList"), List.copyOf(sensor), decl != null && decl.isObject() ? decl : null);
  }

  /** Every canonical object identifier (EPCs, parent, inputs, outputs): MATCH_anyEPC. */
  Set<String> anyEpcs() {
    Set<String> all = new LinkedHashSet<>(epcs);
    if (parentId != null) {
      all.add(parentId);
    }
    all.addAll(inputEpcs);
    all.addAll(outputEpcs);
    return all;
  }

  /** Every canonical class of the four quantity lists: MATCH_anyEPCClass. */
  Set<String> anyClasses() {
    Set<String> all = new LinkedHashSet<>(classes);
    all.addAll(inputClasses);
    all.addAll(outputClasses);
    return all;
  }

  static Instant eventTime(JsonNode e, Instant fallback) {
    try {
      return OffsetDateTime.parse(e.path("eventTime").asText("")).toInstant();
    } catch (DateTimeParseException ex) {
      return fallback;
    }
  }

  private static String text(JsonNode e, String field) {
    JsonNode v = e.get(field);
    return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
  }

  private static String location(JsonNode e, String field) {
    JsonNode v = e.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    JsonNode id = v.isObject() ? v.get("id") : v;
    return id == null || !id.isValueNode() ? null : Ids.canonical(id.asText());
  }

  private static Set<String> ids(JsonNode e, String... lists) {
    Set<String> out = new LinkedHashSet<>();
    for (String list : lists) {
      for (JsonNode id : e.path(list)) {
        if (id.isValueNode()) {
          out.add(Ids.canonical(id.asText()));
        }
      }
    }
    return out;
  }

  private static Set<String> classes(JsonNode e, String... lists) {
    Set<String> out = new LinkedHashSet<>();
    for (String list : lists) {
      for (JsonNode q : e.path(list)) {
        JsonNode c = q.get("epcClass");
        if (c != null && c.isValueNode()) {
          out.add(Ids.canonical(c.asText()));
        }
      }
    }
    return out;
  }
}
