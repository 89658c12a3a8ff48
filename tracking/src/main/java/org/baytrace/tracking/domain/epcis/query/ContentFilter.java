package org.baytrace.tracking.domain.epcis.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.baytrace.tracking.domain.epcis.vocab.Vocab;

/**
 * A query parameter that no index serves, checked on the event as captured: business
 * transactions, sources and destinations by type, {@code transformationID}, persistent
 * dispositions, quantities, sensor metadata and report fields, and ILMD fields. Each is given with the parameter it came from. Pure; immutable.
 */
sealed interface ContentFilter {
  String parameter();

  boolean test(JsonNode event);

  /** {@code EQ_bizTransaction_{type}}, {@code EQ_source_{type}}, {@code EQ_destination_{type}}. */
  record TypedList(String parameter, String list, String valueField, String type, Set<String> values, boolean btt)
      implements ContentFilter {
    @Override
    public boolean test(JsonNode event) {
      for (JsonNode item : event.path(list)) {
        String t = btt ? Vocab.bizTransactionType(item.path("type").asText(null))
            : Vocab.sourceDestType(item.path("type").asText(null));
        String v = item.path(valueField).asText(null);
        if (type.equals(t) && v != null && (values.contains(v) || values.contains(Ids.canonical(v)))) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * {@code EQ_persistentDisposition_set} / {@code _unset}: the event's {@code persistentDisposition}
   * sets (or unsets) one of the dispositions, compared as CBV short names.
   */
  record PersistentDisposition(String parameter, String which, Set<String> values) implements ContentFilter {
    @Override
    public boolean test(JsonNode event) {
      for (JsonNode d : event.path("persistentDisposition").path(which)) {
        if (d.isTextual() && values.contains(Vocab.disposition(d.asText()))) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * {@code {op}_quantity}: a quantity element (of {@code quantityList}, {@code childQuantityList},
   * {@code inputQuantityList} or {@code outputQuantityList}) whose {@code quantity} compares so, or
   * the top-level {@code quantity} of an EPCIS 1.x event; {@code {op}_percRank}: a sensor report's
   * {@code percRank}. EQ matches any of its values.
   */
  record Numeric(String parameter, EventQuery.Op op, String field, List<Double> values)
      implements ContentFilter {
    private static final List<String> QUANTITY_LISTS =
        List.of("quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList");

    @Override
    public boolean test(JsonNode event) {
      if (field.equals("percRank")) {
        for (JsonNode element : event.path("sensorElementList")) {
          for (JsonNode report : element.path("sensorReport")) {
            if (matches(report.get("percRank"))) {
              return true;
            }
          }
        }
        return false;
      }
      if (matches(event.get("quantity"))) {
        return true;
      }
      for (String list : QUANTITY_LISTS) {
        for (JsonNode q : event.path(list)) {
          if (matches(q.get("quantity"))) {
            return true;
          }
        }
      }
      return false;
    }

    private boolean matches(JsonNode v) {
      if (v == null || !v.isNumber()) {
        return false;
      }
      for (double wanted : values) {
        if (op.test(v.asDouble(), wanted)) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * An extension field, named as captured ({@code ex:grade}) or by its expanded IRI, of the event
   * (scope null) or of its {@code ILMD}, each {@code SENSORELEMENT}, {@code SENSORMETADATA},
   * {@code SENSORREPORT}, its {@code ERROR_DECLARATION}, {@code readPoint} or {@code bizLocation}:
   * {@code EQ_} (op null, values set: a text or number equal to one of them), {@code EXISTS_} (op
   * and values null) or a numeric comparison (op set: a number comparing so with the one value).
   * {@code inner} ({@code EQ_INNER_...}, EPCIS 2.0 §8.2.7.1): the field is looked for at any
   * depth inside a top-level extension field of that scope, not at its top level. A JSON-LD value
   * object ({@code {"@value": 8}}) counts as its value.
   */
  record Extension(String parameter, EventQuery.Op op, String scope, String name, Set<String> values,
      List<Double> numbers, boolean inner) implements ContentFilter {
    /** Deepest nesting looked into below a top-level extension field. */
    private static final int MAX_DEPTH = 32;

    @Override
    public boolean test(JsonNode event) {
      Map<String, String> prefixes = Vocab.prefixes(event);
      for (JsonNode holder : holders(event)) {
        if (holder.isObject() && test(holder, prefixes)) {
          return true;
        }
      }
      return false;
    }

    private List<JsonNode> holders(JsonNode event) {
      if (scope == null) {
        return List.of(event);
      }
      List<JsonNode> out = new java.util.ArrayList<>();
      switch (scope) {
        case "ILMD" -> out.add(event.path("ilmd"));
        case "ERROR_DECLARATION" -> out.add(event.path("errorDeclaration"));
        case "readPoint" -> out.add(event.path("readPoint"));
        case "bizLocation" -> out.add(event.path("bizLocation"));
        default -> {
          for (JsonNode element : event.path("sensorElementList")) {
            switch (scope) {
              case "SENSORELEMENT" -> out.add(element);
              case "SENSORMETADATA" -> out.add(element.path("sensorMetadata"));
              default -> element.path("sensorReport").forEach(out::add);
            }
          }
        }
      }
      return out;
    }

    private boolean test(JsonNode holder, Map<String, String> prefixes) {
      String wanted = Vocab.expand(name, prefixes);
      for (Map.Entry<String, JsonNode> f : holder.properties()) {
        String key = f.getKey();
        if (!key.contains(":")) {
          continue; // a standard field, never an extension
        }
        if (inner) {
          if (nested(f.getValue(), prefixes, wanted, 0)) {
            return true;
          }
        } else if (named(key, prefixes, wanted) && value(f.getValue())) {
          return true;
        }
      }
      return false;
    }

    /** True if a field with the name, below {@code node} (at any depth), has a matching value. */
    private boolean nested(JsonNode node, Map<String, String> prefixes, String wanted, int depth) {
      if (depth > MAX_DEPTH) {
        return false;
      }
      if (node.isArray()) {
        for (JsonNode item : node) {
          if (nested(item, prefixes, wanted, depth + 1)) {
            return true;
          }
        }
      } else if (node.isObject()) {
        for (Map.Entry<String, JsonNode> f : node.properties()) {
          if (named(f.getKey(), prefixes, wanted) && value(f.getValue())) {
            return true;
          }
          if (nested(f.getValue(), prefixes, wanted, depth + 1)) {
            return true;
          }
        }
      }
      return false;
    }

    private boolean named(String key, Map<String, String> prefixes, String wanted) {
      if (key.equals(name)) {
        return true;
      }
      String expanded = Vocab.expand(key, prefixes);
      return expanded != null && (expanded.equals(name) || expanded.equals(wanted));
    }

    private boolean value(JsonNode v) {
      if (op == null && values == null) {
        return true;
      }
      if (v.isObject() && v.has("@value")) {
        v = v.get("@value");
      }
      if (v.isArray()) {
        for (JsonNode item : v) {
          if (value(item)) {
            return true;
          }
        }
        return false;
      }
      if (op == null) {
        return v.isValueNode() && values.contains(v.asText());
      }
      return v.isNumber() && op.test(v.asDouble(), numbers.get(0));
    }
  }

  /** A top-level text field ({@code transformationID}) equal to one of the values. */
  record Field(String parameter, String field, Set<String> values) implements ContentFilter {
    @Override
    public boolean test(JsonNode event) {
      JsonNode v = event.get(field);
      return v != null && v.isValueNode() && values.contains(v.asText());
    }
  }

  /**
   * A field of a sensor report, or of its element's {@code sensorMetadata} when the report lacks
   * it, equal to one of the values ({@code EQ_type}, {@code EQ_deviceID}, {@code EQ_stringValue},
   * ...). {@code type} values compare without the GS1 Web Vocabulary base.
   */
  record Sensor(String parameter, String field, Set<String> values) implements ContentFilter {
    @Override
    public boolean test(JsonNode event) {
      for (JsonNode element : event.path("sensorElementList")) {
        JsonNode meta = element.path("sensorMetadata");
        for (JsonNode report : element.path("sensorReport")) {
          JsonNode v = report.has(field) ? report.get(field) : meta.get(field);
          if (v != null && v.isValueNode() && values.contains(normal(v.asText()))) {
            return true;
          }
        }
        if (!element.path("sensorReport").elements().hasNext()) {
          JsonNode v = meta.get(field);
          if (v != null && v.isValueNode() && values.contains(normal(v.asText()))) {
            return true;
          }
        }
      }
      return false;
    }

    String normal(String v) {
      return field.equals("type") ? Vocab.measurementType(v) : v;
    }
  }

  /** {@code GE_time}/{@code LT_time} and the start/end times: a sensor time in [ge, lt). */
  record SensorTime(String parameter, String field, Instant ge, Instant lt) implements ContentFilter {
    @Override
    public boolean test(JsonNode event) {
      for (JsonNode element : event.path("sensorElementList")) {
        JsonNode meta = element.path("sensorMetadata");
        if (in(meta.get(field))) {
          return true;
        }
        for (JsonNode report : element.path("sensorReport")) {
          if (in(report.get(field))) {
            return true;
          }
        }
      }
      return false;
    }

    private boolean in(JsonNode v) {
      if (v == null || !v.isTextual()) {
        return false;
      }
      try {
        Instant t = OffsetDateTime.parse(v.asText()).toInstant();
        return (ge == null || !t.isBefore(ge)) && (lt == null || t.isBefore(lt));
      } catch (DateTimeParseException e) {
        return false;
      }
    }
  }

  /** {@code EXISTS_sensorElementList}. */
  record HasSensorData(String parameter, boolean wanted) implements ContentFilter {
    @Override
    public boolean test(JsonNode event) {
      return event.path("sensorElementList").elements().hasNext() == wanted;
    }
  }

  /**
   * {@code EQ_ILMD_{name}} (values null: {@code EXISTS_ILMD_{name}}): a top-level field of the
   * event's {@code ilmd}, named as captured ({@code cbvmda:lotNumber}, {@code ex:grade}) or by its
   * expanded IRI ({@code urn:epcglobal:cbv:mda:lotNumber}).
   */
  record Ilmd(String parameter, String name, Set<String> values) implements ContentFilter {
    @Override
    public boolean test(JsonNode event) {
      JsonNode ilmd = event.get("ilmd");
      if (ilmd == null || !ilmd.isObject()) {
        return false;
      }
      Map<String, String> prefixes = Vocab.prefixes(event);
      for (Map.Entry<String, JsonNode> f : ilmd.properties()) {
        String key = f.getKey();
        String expanded = Vocab.expand(key, prefixes);
        if (key.equals(name) || (expanded != null && (expanded.equals(name)
            || expanded.equals(Vocab.expand(name, prefixes))))) {
          if (values == null) {
            return true;
          }
          JsonNode v = f.getValue();
          if (v.isValueNode() && values.contains(v.asText())) {
            return true;
          }
        }
      }
      return false;
    }
  }
}
