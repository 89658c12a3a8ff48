package org.baytrace.tracking.domain.epcis.hash;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;

/**
 * CURIE prefixes of an EPCIS JSON-LD document: those the standard EPCIS 2.0 context defines,
 * overridden and extended by the document's (and an event's own) {@code @context}. Expands keys
 * to the {@code {namespace}localName} form the event hash uses (the XML form) and CURIE values to
 * full URIs. Immutable.
 */
final class Namespaces {
  /** Prefixes of https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld. */
  private static final Map<String, String> STANDARD =
      Map.of(
          "epcis", "https://ref.gs1.org/epcis/",
          "cbv", "https://ref.gs1.org/cbv/",
          "cbvmda", "urn:epcglobal:cbv:mda:",
          "gs1", "https://gs1.org/voc/",
          "rdfs", "http://www.w3.org/2000/01/rdf-schema#",
          "owl", "http://www.w3.org/2002/07/owl#",
          "xsd", "http://www.w3.org/2001/XMLSchema#",
          "dcterms", "http://purl.org/dc/terms/");

  static final Namespaces STANDARD_ONLY = new Namespaces(STANDARD);

  private final Map<String, String> prefixes;

  private Namespaces(Map<String, String> prefixes) {
    this.prefixes = Map.copyOf(prefixes);
  }

  /**
   * The prefixes of a {@code @context} value (a string, an object or an array of both; an object
   * that itself holds {@code @context}, such as a whole document, is accepted too). Only term
   * definitions whose IRI is absolute count; remote contexts (strings) add nothing beyond the
   * standard prefixes.
   */
  static Namespaces of(JsonNode context) {
    return STANDARD_ONLY.with(context);
  }

  /** These prefixes plus (overridden by) those of another {@code @context}. */
  Namespaces with(JsonNode context) {
    if (context == null || context.isNull() || context.isMissingNode()) {
      return this;
    }
    Map<String, String> merged = new HashMap<>(prefixes);
    collect(context, merged);
    return merged.equals(prefixes) ? this : new Namespaces(merged);
  }

  private static void collect(JsonNode context, Map<String, String> into) {
    if (context.isArray()) {
      for (JsonNode c : context) {
        collect(c, into);
      }
    } else if (context.isObject()) {
      if (context.has("@context")) {
        collect(context.get("@context"), into);
        return;
      }
      for (Map.Entry<String, JsonNode> e : context.properties()) {
        if (e.getKey().startsWith("@")) {
          continue;
        }
        JsonNode v = e.getValue();
        String iri = v.isTextual() ? v.asText() : v.path("@id").isTextual() ? v.get("@id").asText() : null;
        if (iri != null && iri.indexOf(':') > 0) {
          into.put(e.getKey(), iri);
        }
      }
    }
  }

  /**
   * A key in the hash's form: {@code example:myField} becomes {@code
   * {https://ns.example.com/epcis/}myField}; an absolute IRI key is split after its last {@code
   * /} or {@code #}; other keys are returned as they are.
   */
  String expandKey(String key) {
    int colon = key.indexOf(':');
    if (colon > 0) {
      String iri = prefixes.get(key.substring(0, colon));
      if (iri != null && !key.startsWith("//", colon + 1)) {
        return "{" + iri + "}" + key.substring(colon + 1);
      }
      if (key.startsWith("//", colon + 1) || key.regionMatches(true, 0, "urn:", 0, 4)) {
        int split = Math.max(key.lastIndexOf('/'), key.lastIndexOf('#'));
        if (split > colon && split < key.length() - 1) {
          return "{" + key.substring(0, split + 1) + "}" + key.substring(split + 1);
        }
      }
    }
    return key;
  }

  /** A CURIE value with a known prefix expanded to its full URI; other values unchanged. */
  String expandValue(String value) {
    int colon = value.indexOf(':');
    if (colon > 0 && !value.startsWith("//", colon + 1)) {
      String iri = prefixes.get(value.substring(0, colon));
      if (iri != null) {
        return iri + value.substring(colon + 1);
      }
    }
    return value;
  }
}
