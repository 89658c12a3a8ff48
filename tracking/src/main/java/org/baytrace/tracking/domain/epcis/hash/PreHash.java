package org.baytrace.tracking.domain.epcis.hash;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the pre-hash string of one EPCIS 2.0 JSON-LD event, for the namespaces and ignored fields
 * of one document. Immutable; thread-safe.
 *
 * <p>The string is {@code eventType=...}, then the fields of the canonical property order that the
 * reference implementation places first, then every other field (business transactions, sources,
 * destinations, ILMD, user extensions, fields unknown to CBV 2.0) each rendered on its own and
 * the renderings sorted. See {@link EventHash} for the rules.
 */
final class PreHash {
  /** Event fields that never enter the hash (CBV 2.0 §8.9). */
  private static final Set<String> EXCLUDED =
      Set.of("type", "eventID", "recordTime", "errorDeclaration");

  /** Comments, left out at every level ({@code rdfs:comment} under any prefix, or {@code comment}). */
  private static final String RDFS_COMMENT = "{http://www.w3.org/2000/01/rdf-schema#}comment";

  private static final List<String> SENSOR_METADATA =
      List.of(
          "time", "startTime", "endTime", "deviceID", "deviceMetadata", "rawData",
          "dataProcessingMethod", "bizRules");
  private static final List<String> SENSOR_REPORT =
      List.of(
          "type", "exception", "deviceID", "deviceMetadata", "rawData", "dataProcessingMethod",
          "time", "microorganism", "chemicalSubstance", "value", "component", "stringValue",
          "booleanValue", "hexBinaryValue", "uriValue", "minValue", "maxValue", "meanValue", "sDev",
          "percRank", "percValue", "uom", "coordinateReferenceSystem");
  private static final Set<String> TIMESTAMPS = Set.of("eventTime", "time", "startTime", "endTime");

  private final Namespaces namespaces;
  private final Set<String> ignored;

  /**
   * @param namespaces the document's prefixes
   * @param ignored expanded keys ({@code {ns}local} or plain) of event fields to leave out
   */
  PreHash(Namespaces namespaces, Set<String> ignored) {
    this.namespaces = namespaces;
    this.ignored = Set.copyOf(ignored);
  }

  String of(JsonNode event) {
    if (event == null || !event.isObject()) {
      throw new IllegalArgumentException("EPCIS event: want a JSON object");
    }
    JsonNode type = event.get("type");
    if (type == null || !type.isTextual() || type.asText().isBlank()) {
      throw new IllegalArgumentException("EPCIS event: no type (want e.g. ObjectEvent)");
    }
    Namespaces ns = namespaces.with(event.get("@context"));
    Map<String, JsonNode> fields = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : event.properties()) {
      String key = e.getKey();
      String expanded = ns.expandKey(key);
      if (key.startsWith("@")
          || key.equals("comment")
          || expanded.equals(RDFS_COMMENT)
          || EXCLUDED.contains(key)
          || ignored.contains(expanded)) {
        continue;
      }
      fields.put(key, e.getValue());
    }
    Renderer r = new Renderer(ns);
    StringBuilder sb = new StringBuilder("eventType=").append(type.asText().strip());
    r.timestamp(sb, "eventTime", fields.remove("eventTime"));
    r.scalar(sb, "eventTimeZoneOffset", fields.remove("eventTimeZoneOffset"), null);
    r.scalars(sb, "certificationInfo", fields.remove("certificationInfo"));
    r.epcs(sb, "epcList", fields.remove("epcList"));
    r.scalar(sb, "parentID", fields.remove("parentID"), null);
    r.epcs(sb, "inputEPCList", fields.remove("inputEPCList"));
    r.epcs(sb, "childEPCs", fields.remove("childEPCs"));
    r.quantities(sb, "quantityList", fields.remove("quantityList"));
    r.quantities(sb, "childQuantityList", fields.remove("childQuantityList"));
    r.quantities(sb, "inputQuantityList", fields.remove("inputQuantityList"));
    r.epcs(sb, "outputEPCList", fields.remove("outputEPCList"));
    r.quantities(sb, "outputQuantityList", fields.remove("outputQuantityList"));
    r.scalar(sb, "action", fields.remove("action"), null);
    r.scalar(sb, "transformationID", fields.remove("transformationID"), null);
    r.scalar(sb, "bizStep", fields.remove("bizStep"), Canon.CBV + "BizStep-");
    r.scalar(sb, "disposition", fields.remove("disposition"), Canon.CBV + "Disp-");
    r.persistentDisposition(sb, fields.remove("persistentDisposition"));
    r.location(sb, "readPoint", fields.remove("readPoint"));
    r.location(sb, "bizLocation", fields.remove("bizLocation"));
    r.sensorElements(sb, fields.remove("sensorElementList"));

    List<String> rest = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : fields.entrySet()) {
      switch (e.getKey()) {
        case "bizTransactionList" ->
            r.typedList(rest, "bizTransactionList", "bizTransaction", Canon.CBV + "BTT-", e.getValue());
        case "sourceList" ->
            r.typedList(rest, "sourceList", "source", Canon.CBV + "SDT-", e.getValue());
        case "destinationList" ->
            r.typedList(rest, "destinationList", "destination", Canon.CBV + "SDT-", e.getValue());
        default -> rest.addAll(r.generic(ns.expandKey(e.getKey()), e.getValue()));
      }
    }
    rest.sort(Canon.CODE_POINT_ORDER);
    for (String s : rest) {
      sb.append(s);
    }
    return sb.toString();
  }

  /** Renders the parts of one event. */
  private static final class Renderer {
    private final Namespaces ns;

    Renderer(Namespaces ns) {
      this.ns = ns;
    }

    private String canon(JsonNode node, String vocabulary) {
      String text = Canon.scalarText(node);
      return text == null ? "" : Canon.value(text, ns, vocabulary);
    }

    void timestamp(StringBuilder sb, String key, JsonNode node) {
      String text = Canon.scalarText(node);
      if (text != null && !text.isBlank()) {
        sb.append(key).append('=').append(Canon.timestamp(text));
      }
    }

    void scalar(StringBuilder sb, String key, JsonNode node, String vocabulary) {
      String v = canon(node, vocabulary);
      if (!v.isEmpty()) {
        sb.append(key).append('=').append(v);
      }
    }

    /** A field that may repeat (certificationInfo): every value, sorted. */
    void scalars(StringBuilder sb, String key, JsonNode node) {
      List<String> values = new ArrayList<>();
      for (JsonNode n : items(node)) {
        String v = canon(n, null);
        if (!v.isEmpty()) {
          values.add(key + "=" + v);
        }
      }
      append(sb, "", values);
    }

    void epcs(StringBuilder sb, String key, JsonNode node) {
      List<String> values = new ArrayList<>();
      for (JsonNode n : items(node)) {
        String v = canon(n, null);
        if (!v.isEmpty()) {
          values.add("epc=" + v);
        }
      }
      append(sb, key, values);
    }

    void quantities(StringBuilder sb, String key, JsonNode node) {
      List<String> elements = new ArrayList<>();
      for (JsonNode q : items(node)) {
        if (!q.isObject()) {
          continue;
        }
        StringBuilder e = new StringBuilder();
        Map<String, JsonNode> f = fieldsOf(q);
        scalar(e, "epcClass", f.remove("epcClass"), null);
        scalar(e, "quantity", f.remove("quantity"), null);
        scalar(e, "uom", f.remove("uom"), null);
        extensions(e, f);
        if (e.length() > 0) {
          elements.add("quantityElement" + e);
        }
      }
      append(sb, key, elements);
    }

    void persistentDisposition(StringBuilder sb, JsonNode node) {
      if (node == null || !node.isObject()) {
        return;
      }
      Map<String, JsonNode> f = fieldsOf(node);
      StringBuilder e = new StringBuilder();
      for (String key : List.of("set", "unset")) {
        List<String> values = new ArrayList<>();
        for (JsonNode n : items(f.remove(key))) {
          String v = canon(n, Canon.CBV + "Disp-");
          if (!v.isEmpty()) {
            values.add(key + "=" + v);
          }
        }
        append(e, "", values);
      }
      extensions(e, f);
      if (e.length() > 0) {
        sb.append("persistentDisposition").append(e);
      }
    }

    /** readPoint / bizLocation: the id, then the extensions. */
    void location(StringBuilder sb, String key, JsonNode node) {
      if (node == null || node.isNull()) {
        return;
      }
      StringBuilder e = new StringBuilder();
      if (node.isObject()) {
        Map<String, JsonNode> f = fieldsOf(node);
        scalar(e, "id", f.remove("id"), null);
        extensions(e, f);
      } else {
        scalar(e, "id", node, null);
      }
      if (e.length() > 0) {
        sb.append(key).append(e);
      }
    }

    void sensorElements(StringBuilder sb, JsonNode node) {
      List<String> elements = new ArrayList<>();
      for (JsonNode element : items(node)) {
        if (!element.isObject()) {
          continue;
        }
        Map<String, JsonNode> f = fieldsOf(element);
        StringBuilder e = new StringBuilder();
        JsonNode metadata = f.remove("sensorMetadata");
        if (metadata != null && metadata.isObject()) {
          StringBuilder m = new StringBuilder();
          ordered(m, fieldsOf(metadata), SENSOR_METADATA);
          if (m.length() > 0) {
            e.append("sensorMetadata").append(m);
          }
        }
        List<String> reports = new ArrayList<>();
        for (JsonNode report : items(f.remove("sensorReport"))) {
          if (!report.isObject()) {
            continue;
          }
          StringBuilder rep = new StringBuilder();
          ordered(rep, fieldsOf(report), SENSOR_REPORT);
          if (rep.length() > 0) {
            reports.add("sensorReport" + rep);
          }
        }
        append(e, "", reports);
        extensions(e, f);
        if (e.length() > 0) {
          elements.add("sensorElement" + e);
        }
      }
      append(sb, "sensorElementList", elements);
    }

    /** Fields of a sensor part in the given order, then the part's extensions. */
    private void ordered(StringBuilder sb, Map<String, JsonNode> f, List<String> order) {
      for (String key : order) {
        JsonNode v = f.remove(key);
        if (TIMESTAMPS.contains(key)) {
          timestamp(sb, key, v);
        } else {
          scalar(sb, key, v, vocabularyOfSensorField(key));
        }
      }
      extensions(sb, f);
    }

    private static String vocabularyOfSensorField(String key) {
      return switch (key) {
        case "type", "exception" -> Canon.GS1_VOC;
        case "component" -> Canon.CBV + "Comp-";
        default -> null;
      };
    }

    /**
     * bizTransactionList / sourceList / destinationList: each entry is its type then its
     * identifier ({@code type=...BTT-pobizTransaction=...}); entries sorted.
     */
    void typedList(List<String> out, String key, String idKey, String vocabulary, JsonNode node) {
      List<String> entries = new ArrayList<>();
      for (JsonNode item : items(node)) {
        StringBuilder e = new StringBuilder();
        if (item.isObject()) {
          Map<String, JsonNode> f = fieldsOf(item);
          scalar(e, "type", f.remove("type"), vocabulary);
          scalar(e, idKey, f.remove(idKey), null);
          extensions(e, f);
        } else {
          scalar(e, idKey, item, null);
        }
        if (e.length() > 0) {
          entries.add(e.toString());
        }
      }
      StringBuilder sb = new StringBuilder();
      append(sb, key, entries);
      if (sb.length() > 0) {
        out.add(sb.toString());
      }
    }

    /** The remaining (non-standard) fields of a standard part, rendered generically and sorted. */
    private void extensions(StringBuilder sb, Map<String, JsonNode> f) {
      List<String> values = new ArrayList<>();
      for (Map.Entry<String, JsonNode> e : f.entrySet()) {
        values.addAll(generic(ns.expandKey(e.getKey()), e.getValue()));
      }
      append(sb, "", values);
    }

    /**
     * ILMD, user extensions and unknown fields: {@code key=value} for a scalar, {@code key}
     * followed by the sorted renderings of its members for an object, one rendering per element
     * for an array (the elements are siblings of the same name).
     */
    List<String> generic(String key, JsonNode node) {
      List<String> out = new ArrayList<>();
      if (node == null || node.isNull() || node.isMissingNode()) {
        return out;
      }
      if (node.isArray()) {
        for (JsonNode n : node) {
          out.addAll(generic(key, n));
        }
        return out;
      }
      if (node.isObject()) {
        JsonNode literal = node.has("@value") ? node.get("@value") : node.get("@id");
        if (literal != null && !literal.isContainerNode()) {
          return generic(key, literal);
        }
        List<String> members = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : fieldsOf(node).entrySet()) {
          members.addAll(generic(ns.expandKey(e.getKey()), e.getValue()));
        }
        members.sort(Canon.CODE_POINT_ORDER);
        out.add(key + String.join("", members));
        return out;
      }
      String v = canon(node, null);
      out.add(v.isEmpty() ? key : key + "=" + v);
      return out;
    }

    /** The members of an object without JSON-LD keywords and comments, in document order. */
    private Map<String, JsonNode> fieldsOf(JsonNode object) {
      Map<String, JsonNode> f = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : object.properties()) {
        String key = e.getKey();
        if (!key.startsWith("@")
            && !key.equals("comment")
            && !ns.expandKey(key).equals(RDFS_COMMENT)) {
          f.put(key, e.getValue());
        }
      }
      return f;
    }

    private static List<JsonNode> items(JsonNode node) {
      List<JsonNode> out = new ArrayList<>();
      if (node == null || node.isNull() || node.isMissingNode()) {
        return out;
      }
      if (node.isArray()) {
        node.forEach(out::add);
      } else {
        out.add(node);
      }
      return out;
    }

    /** Appends {@code key} and the sorted values, or nothing if there are no values. */
    private static void append(StringBuilder sb, String key, List<String> values) {
      if (values.isEmpty()) {
        return;
      }
      values.sort(Canon.CODE_POINT_ORDER);
      sb.append(key);
      for (String v : values) {
        sb.append(v);
      }
    }
  }
}
