package org.baytrace.tracking.node.pages;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The languages of every page for people: English, simplified Chinese (mainland, Singapore) and
 * traditional Chinese as written in Hong Kong and Macao, each with its messages (one UTF-8
 * properties bundle per language beside this class: {@code messages_en}, {@code
 * messages_zh_Hans}, {@code messages_zh_Hant}, with the same keys). The choice for a request: an
 * explicit {@code ?lang=} that names one of them wins ({@code en}, {@code zh-Hans}, {@code
 * zh-Hant}; also {@code zh} for simplified and regional tags such as {@code zh-HK}), else the
 * {@code Accept-Language} range of highest weight that names one, else English. Immutable.
 */
public enum Lang {
  EN("en", "en", Locale.ENGLISH, "en"),
  ZH_HANS("zh-Hans", "zh-Hans", Locale.forLanguageTag("zh-Hans-CN"), "zh_Hans"),
  ZH_HANT("zh-Hant", "zh-Hant-HK", Locale.forLanguageTag("zh-Hant-HK"), "zh_Hant");

  /** The {@code ?lang=} value. */
  public final String code;
  /** The HTML {@code lang} / {@code Content-Language} tag. */
  public final String tag;
  /** The locale for numbers and dates. */
  public final Locale locale;
  private final String bundle;

  Lang(String code, String tag, Locale locale, String bundle) {
    this.code = code;
    this.tag = tag;
    this.locale = locale;
    this.bundle = bundle;
  }

  private static final Map<Lang, Map<String, String>> MESSAGES = load();
  /** Regions whose Chinese is written in traditional characters. */
  private static final Set<String> TRADITIONAL_REGIONS = Set.of("HK", "MO", "TW");

  /** True for the two Chinese languages (full-width punctuation, no spaces between words). */
  public boolean chinese() {
    return this != EN;
  }

  /** A label and its value joined as the language writes it: {@code Place: x}, {@code 地点：x}. */
  public String labelled(String label, String value) {
    return label + (chinese() ? "：" : ": ") + value;
  }

  /** The message for {@code key}, with {@code {0}}, {@code {1}}… replaced by the arguments. */
  public String msg(String key, Object... args) {
    String m = MESSAGES.get(this).get(key);
    if (m == null) {
      throw new IllegalStateException("message " + key + " missing for " + code);
    }
    for (int i = 0; i < args.length; i++) {
      m = m.replace("{" + i + "}", String.valueOf(args[i]));
    }
    return m;
  }

  /** The message for {@code key}, or null if there is none (for open vocabularies). */
  public String msgOrNull(String key) {
    return MESSAGES.get(this).get(key);
  }

  /** The message for {@code key}, or {@code fallback} when the bundle has none (open vocabularies). */
  public String msgOr(String key, String fallback) {
    String m = MESSAGES.get(this).get(key);
    return m != null ? m : fallback;
  }

  /** All message keys of this language (tests check that the three bundles have the same). */
  public Set<String> keys() {
    return MESSAGES.get(this).keySet();
  }

  /**
   * The language a {@code ?lang=} value or one language tag names, or null if none of ours: {@code
   * en*} is English; {@code zh} with script {@code Hant} or region HK, MO or TW is traditional
   * Chinese; any other {@code zh*} ({@code zh}, {@code zh-Hans}, {@code zh-CN}, {@code zh-SG}) is
   * simplified. Case and {@code _} for {@code -} do not matter.
   */
  public static Lang ofParam(String value) {
    if (value == null) {
      return null;
    }
    String v = value.trim().replace('_', '-').toLowerCase(Locale.ROOT);
    if (v.equals("en") || v.startsWith("en-")) {
      return EN;
    }
    if (!(v.equals("zh") || v.startsWith("zh-"))) {
      return null;
    }
    for (String subtag : v.split("-")) {
      if (subtag.equals("hant") || TRADITIONAL_REGIONS.contains(subtag.toUpperCase(Locale.ROOT))) {
        return ZH_HANT;
      }
      if (subtag.equals("hans")) {
        return ZH_HANS;
      }
    }
    return ZH_HANS;
  }

  /** The language for a request: {@code ?lang=} if it names one of ours, else Accept-Language, else English. */
  public static Lang choose(String langParam, String acceptLanguage) {
    Lang explicit = ofParam(langParam);
    if (explicit != null) {
      return explicit;
    }
    if (acceptLanguage == null || acceptLanguage.isBlank()) {
      return EN;
    }
    List<Locale.LanguageRange> ranges;
    try {
      ranges = Locale.LanguageRange.parse(acceptLanguage);
    } catch (IllegalArgumentException e) {
      return EN; // a malformed header is no preference
    }
    for (Locale.LanguageRange r : ranges) { // sorted by weight, highest first, ties in header order
      if (r.getWeight() <= 0) {
        continue;
      }
      Lang l = ofParam(r.getRange());
      if (l != null) {
        return l;
      }
    }
    return EN;
  }

  private static Map<Lang, Map<String, String>> load() {
    Map<Lang, Map<String, String>> out = new EnumMap<>(Lang.class);
    for (Lang l : values()) {
      String name = "messages_" + l.bundle + ".properties";
      try (InputStream in = Lang.class.getResourceAsStream(name)) {
        if (in == null) {
          throw new IllegalStateException("resource " + name + " missing beside " + Lang.class.getName());
        }
        Properties p = new Properties();
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
          p.load(r);
        }
        Map<String, String> m = new HashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        out.put(l, Collections.unmodifiableMap(m));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + name, e);
      }
    }
    return out;
  }
}
