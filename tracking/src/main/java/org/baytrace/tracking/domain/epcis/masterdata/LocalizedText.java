package org.baytrace.tracking.domain.epcis.masterdata;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;

/**
 * Picks the value of a master data attribute for a reader's language. An attribute is given once
 * per language, as a JSON-LD value object:
 * <pre>{@code
 * {"id": "urn:epcglobal:cbv:mda#name", "attribute": {"@value": "Yantian Port", "@language": "en"}},
 * {"id": "urn:epcglobal:cbv:mda#name", "attribute": {"@value": "盐田港", "@language": "zh-Hans"}},
 * {"id": "urn:epcglobal:cbv:mda#name", "attribute": {"@value": "鹽田港", "@language": "zh-Hant"}}
 * }</pre>
 * or as a plain string (no language). Chinese is told apart by script: {@code zh-Hans}, {@code
 * zh-CN}, {@code zh-SG} and {@code zh} are Simplified; {@code zh-Hant}, {@code zh-HK}, {@code
 * zh-MO} and {@code zh-TW} Traditional. The choice, for a wanted tag: the same language and
 * script; else a value without language; else the same language in the other script; else
 * English; else the first value. Pure.
 */
public final class LocalizedText {
  private LocalizedText() {}

  /** One value as given: its text and language tag ("" for none). */
  public record Value(String text, String language) {}

  /** The text and language of an attribute value, or null if it is no text (an object without {@code @value}, say). */
  public static Value of(JsonNode attribute) {
    if (attribute == null || attribute.isNull() || attribute.isMissingNode()) {
      return null;
    }
    if (attribute.isObject()) {
      JsonNode v = attribute.get("@value");
      if (v == null || !v.isValueNode()) {
        return null;
      }
      return new Value(v.asText(), attribute.path("@language").asText(""));
    }
    return attribute.isValueNode() ? new Value(attribute.asText(), "") : null;
  }

  /** The best of {@code values} for the language tag {@code wanted}, or null if there are none. */
  public static String pick(List<Value> values, String wanted) {
    if (values.isEmpty()) {
      return null;
    }
    String want = family(wanted);
    String language = want.startsWith("zh") ? "zh" : want;
    Value plain = null;
    Value sameLanguage = null;
    Value english = null;
    for (Value v : values) {
      String f = family(v.language());
      if (f.equals(want)) {
        return v.text();
      }
      if (v.language().isEmpty() && plain == null) {
        plain = v;
      } else if (f.startsWith(language) && sameLanguage == null) {
        sameLanguage = v;
      } else if (f.equals("en") && english == null) {
        english = v;
      }
    }
    Value best = plain != null ? plain : sameLanguage != null ? sameLanguage : english != null ? english : values.get(0);
    return best.text();
  }

  /**
   * A language tag reduced to what tells texts apart here: {@code zh-Hans}, {@code zh-Hant}, or the
   * primary language subtag ({@code en}); "" for none.
   */
  public static String family(String tag) {
    if (tag == null || tag.isBlank()) {
      return "";
    }
    String t = tag.strip().replace('_', '-').toLowerCase(Locale.ROOT);
    String primary = t.contains("-") ? t.substring(0, t.indexOf('-')) : t;
    if (!primary.equals("zh")) {
      return primary;
    }
    if (t.contains("-hant") || t.endsWith("-hk") || t.endsWith("-mo") || t.endsWith("-tw") || t.contains("-hk-")
        || t.contains("-mo-") || t.contains("-tw-")) {
      return "zh-Hant";
    }
    return "zh-Hans";
  }
}
