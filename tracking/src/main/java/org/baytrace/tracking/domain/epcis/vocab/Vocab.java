package org.baytrace.tracking.domain.epcis.vocab;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * GS1 vocabulary in EPCIS 2.0 events, read one way by the queries and the consumer page.
 *
 * <p>CBV values in one form: a standard value given as a bare word ({@code shipping}), as a URN
 * ({@code urn:epcglobal:cbv:bizstep:shipping}), as a Web URI ({@code
 * https://ref.gs1.org/cbv/BizStep-shipping}, {@code https://gs1.org/voc/BizStep-shipping}) or as a
 * CURIE of the standard context ({@code cbv:BizStep-shipping}, {@code gs1:BizStep-shipping}) is
 * reduced to the bare word; any other value (a custom URI) is kept as given.
 *
 * <p>JSON-LD keys: compact IRIs ({@code cbvmda:lotNumber}) are expanded with the prefixes of the
 * event's own {@code @context}; the standard context's {@code cbvmda} and {@code gs1} are always
 * known. Pure; thread-safe.
 */
public final class Vocab {
  /** Master data attributes of the CBV (ILMD), as the EPCIS 2.0 context spells the prefix. */
  public static final String CBVMDA = "urn:epcglobal:cbv:mda:";
  /** The GS1 Web Vocabulary. */
  public static final String GS1 = "https://gs1.org/voc/";

  private static final List<String> WEB_BASES = List.of("https://ref.gs1.org/cbv/", "http://ref.gs1.org/cbv/",
      "https://gs1.org/voc/", "http://gs1.org/voc/", "cbv:", "gs1:");

  private Vocab() {}

  /** A business step in its bare CBV form ({@code shipping}) if it is a CBV one, else as given. */
  public static String bizStep(String v) {
    return bare(v, "urn:epcglobal:cbv:bizstep:", "BizStep-");
  }

  /** A disposition in its bare CBV form ({@code in_transit}) if it is a CBV one, else as given. */
  public static String disposition(String v) {
    return bare(v, "urn:epcglobal:cbv:disp:", "Disp-");
  }

  /** An error reason in its bare CBV form ({@code incorrect_data}) if it is a CBV one, else as given. */
  public static String errorReason(String v) {
    return bare(v, "urn:epcglobal:cbv:er:", "ER-");
  }

  /** A business transaction type in its bare CBV form ({@code po}) if it is a CBV one, else as given. */
  public static String bizTransactionType(String v) {
    return bare(v, "urn:epcglobal:cbv:btt:", "BTT-");
  }

  /** A source or destination type in its bare CBV form ({@code owning_party}) if it is a CBV one, else as given. */
  public static String sourceDestType(String v) {
    return bare(v, "urn:epcglobal:cbv:sdt:", "SDT-");
  }

  /** A sensor measurement type without the GS1 Web Vocabulary base ({@code Temperature}), else as given. */
  public static String measurementType(String v) {
    if (v == null) {
      return null;
    }
    String s = v.strip();
    for (String base : WEB_BASES) {
      if (s.startsWith(base)) {
        return s.substring(base.length());
      }
    }
    return s;
  }

  /**
   * The bare value in lower case if it has the shape of a CBV term (letters and underscores), or
   * null for a custom vocabulary value, which the node does not name in words.
   */
  public static String cbvTerm(String bare) {
    if (bare == null) {
      return null;
    }
    String v = bare.toLowerCase(Locale.ROOT);
    return v.matches("[a-z][a-z_]{0,40}") ? v : null;
  }

  private static String bare(String v, String urnPrefix, String webPrefix) {
    if (v == null) {
      return null;
    }
    String s = v.strip();
    if (s.regionMatches(true, 0, urnPrefix, 0, urnPrefix.length())) {
      return s.substring(urnPrefix.length());
    }
    for (String base : WEB_BASES) {
      String p = base + webPrefix;
      if (s.startsWith(p)) {
        return s.substring(p.length());
      }
    }
    return s;
  }

  /** Prefix → namespace IRI from an event's {@code @context}, over the standard ones. */
  public static Map<String, String> prefixes(JsonNode event) {
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
  public static String expand(String key, Map<String, String> prefixes) {
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

  /**
   * True if a sensor report type means temperature: {@code Temperature}, {@code gs1:Temperature}
   * or an IRI ending in {@code /Temperature} (the Web Vocabulary's, http or https).
   */
  public static boolean isTemperature(String type) {
    return type.equals("Temperature") || type.equals("gs1:Temperature") || type.endsWith("/Temperature");
  }
}
