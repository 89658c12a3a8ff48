package org.baytrace.tracking.node.resolver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reading GS1 vocabulary out of EPCIS 2.0 JSON-LD events: compact IRIs ({@code cbvmda:lotNumber})
 * expanded with the prefixes of the event's own {@code @context} (the standard EPCIS context's
 * {@code cbvmda} and {@code gs1} are always known), and CBV values in any of their spellings
 * ({@code shipping}, {@code urn:epcglobal:cbv:bizstep:shipping},
 * {@code https://ref.gs1.org/cbv/BizStep-shipping}). Pure; thread-safe.
 */
final class Vocab {
  /** Master data attributes of the CBV (ILMD), as the EPCIS 2.0 context spells the prefix. */
  static final String CBVMDA = "urn:epcglobal:cbv:mda:";
  /** The GS1 Web Vocabulary. */
  static final String GS1 = "https://gs1.org/voc/";

  private Vocab() {}

  /** Prefix → namespace IRI from an event's {@code @context}, over the standard ones. */
  static Map<String, String> prefixes(JsonNode event) {
    Map<String, String> out = new HashMap<>();
    out.put("cbvmda", CBVMDA);
    out.put("gs1", GS1);
    collect(event.path("@context"), out, 0);
    return out;
  }

  private static void collect(JsonNode context, Map<String, String> out, int depth) {
    if (depth > 2) {
      return;
    }
    if (context.isArray()) {
      for (JsonNode c : context) {
        collect(c, out, depth + 1);
      }
    } else if (context.isObject()) {
      for (Map.Entry<String, JsonNode> e : context.properties()) {
        if (e.getValue().isTextual() && !e.getKey().startsWith("@") && !e.getKey().contains(":")) {
          out.put(e.getKey(), e.getValue().asText());
        }
      }
    }
  }

  /**
   * The full IRI of a JSON-LD key: a compact IRI with a known prefix expanded, an absolute IRI as
   * is, or {@code null} for a plain term (which names no extension namespace).
   */
  static String expand(String key, Map<String, String> prefixes) {
    if (key.startsWith("http://") || key.startsWith("https://") || key.startsWith("urn:")) {
      return key;
    }
    int colon = key.indexOf(':');
    if (colon <= 0) {
      return null;
    }
    String ns = prefixes.get(key.substring(0, colon));
    return ns == null ? null : ns + key.substring(colon + 1);
  }

  /** A CBV business step in its bare form ({@code shipping}), or null if it is not a CBV step. */
  static String bizStep(String value) {
    return cbvTerm(value, "urn:epcglobal:cbv:bizstep:", "BizStep-");
  }

  /** A CBV disposition in its bare form ({@code in_transit}), or null if it is not a CBV one. */
  static String disposition(String value) {
    return cbvTerm(value, "urn:epcglobal:cbv:disp:", "Disp-");
  }

  private static String cbvTerm(String value, String urn, String webPrefix) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    String v = value;
    if (v.regionMatches(true, 0, urn, 0, urn.length())) {
      v = v.substring(urn.length());
    } else if (v.startsWith("https://ref.gs1.org/cbv/" + webPrefix)) {
      v = v.substring(("https://ref.gs1.org/cbv/" + webPrefix).length());
    } else if (v.startsWith("cbv:" + webPrefix)) {
      v = v.substring(("cbv:" + webPrefix).length());
    } else if (v.contains(":") || v.contains("/")) {
      return null; // a user-defined vocabulary: not ours to name
    }
    v = v.toLowerCase(Locale.ROOT);
    return v.matches("[a-z][a-z_]{0,40}") ? v : null;
  }

  /** True if a sensor report type means temperature ({@code Temperature}, {@code gs1:Temperature}, its IRI). */
  static boolean isTemperature(String type) {
    return type.equals("Temperature") || type.equals("gs1:Temperature") || type.equals(GS1 + "Temperature");
  }
}
