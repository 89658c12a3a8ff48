package org.baytrace.tracking.node.resolver;

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

/**
 * The page languages: English and Simplified Chinese, with their messages (UTF-8 properties files
 * beside this class: {@code messages_en.properties}, {@code messages_zh.properties}), and the
 * choice between them: an explicit {@code ?lang=} wins, else the first of the two that {@code
 * Accept-Language} prefers (any {@code zh*} range means Chinese), else English. Immutable.
 */
enum Lang {
  EN("en", "en", Locale.ENGLISH),
  ZH("zh", "zh-CN", Locale.SIMPLIFIED_CHINESE);

  /** The {@code ?lang=} value and message file suffix. */
  final String code;
  /** The HTML {@code lang} / {@code Content-Language} tag. */
  final String tag;
  final Locale locale;

  Lang(String code, String tag, Locale locale) {
    this.code = code;
    this.tag = tag;
    this.locale = locale;
  }

  private static final Map<Lang, Map<String, String>> MESSAGES = load();

  /** The other language (for the switch link). */
  Lang other() {
    return this == EN ? ZH : EN;
  }

  /** The message for {@code key}, with {@code {0}}, {@code {1}}… replaced by the arguments. */
  String msg(String key, Object... args) {
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
  String msgOrNull(String key) {
    return MESSAGES.get(this).get(key);
  }

  /** All message keys of a language (for tests: both files must have the same keys). */
  java.util.Set<String> keys() {
    return MESSAGES.get(this).keySet();
  }

  /** Parses a {@code ?lang=} value; null if absent or not one of ours. */
  static Lang ofParam(String value) {
    if (value == null) {
      return null;
    }
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("zh") || v.startsWith("zh-") || v.startsWith("zh_")) {
      return ZH;
    }
    if (v.equals("en") || v.startsWith("en-") || v.startsWith("en_")) {
      return EN;
    }
    return null;
  }

  /** The language for a request: {@code ?lang=} if it names one of ours, else Accept-Language. */
  static Lang choose(String langParam, String acceptLanguage) {
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
    for (Locale.LanguageRange r : ranges) { // sorted by weight, highest first
      if (r.getWeight() <= 0) {
        continue;
      }
      String range = r.getRange();
      if (range.equals("zh") || range.startsWith("zh-")) {
        return ZH;
      }
      if (range.equals("en") || range.startsWith("en-")) {
        return EN;
      }
    }
    return EN;
  }

  private static Map<Lang, Map<String, String>> load() {
    Map<Lang, Map<String, String>> out = new EnumMap<>(Lang.class);
    for (Lang l : values()) {
      String name = "messages_" + l.code + ".properties";
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
