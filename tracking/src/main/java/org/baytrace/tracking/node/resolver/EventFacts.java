package org.baytrace.tracking.node.resolver;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.baytrace.tracking.domain.epcis.vocab.Vocab;
import org.baytrace.tracking.domain.gs1.InvalidTraceCodeException;
import org.baytrace.tracking.domain.gs1.TraceCode;
import org.baytrace.tracking.node.pages.Lang;
import org.baytrace.tracking.node.resolver.ColdChainProfile.Reading;

/**
 * The few facts a consumer page takes from an EPCIS event, read defensively (events come from
 * many authors): time and offset, place, CBV step and disposition, temperature readings, and
 * whitelisted master data. Everything else in the event (business transactions, sources and
 * destinations with their parties, quantities, user extensions) is never read, so it cannot be
 * shown. Pure; thread-safe.
 */
final class EventFacts {
  /** Master data shown to consumers: ILMD attributes of the CBV and product names of the GS1 vocabulary. */
  static final Set<String> MASTER_DATA = Set.of(
      "countryOfOrigin", "countryOfExport", "harvestStartDate", "harvestEndDate", "bestBeforeDate",
      "itemExpirationDate", "sellByDate", "firstFreezeDate", "growingMethodCode", "storageStateCode",
      "preparationStateCode", "productionMethodForFishAndSeafoodCode", "lotNumber");
  /** GS1 Web Vocabulary terms that name the product, in order of preference. */
  static final List<String> NAMES = List.of("productName", "regulatedProductName", "tradeItemDescription");
  private static final int MAX_TEXT = 200;

  private EventFacts() {}

  /** The event time; the record time if the event has none that parses (the ledger checked it on capture). */
  static OffsetDateTime time(JsonNode event, long recordTimeUnixMillis) {
    try {
      return OffsetDateTime.parse(event.path("eventTime").asText(""));
    } catch (DateTimeParseException e) {
      return Instant.ofEpochMilli(recordTimeUnixMillis).atOffset(ZoneOffset.UTC);
    }
  }

  /** The offset the event was recorded in: {@code eventTimeZoneOffset}, else the event time's own. */
  static ZoneOffset offset(JsonNode event, OffsetDateTime time) {
    String tz = event.path("eventTimeZoneOffset").asText("");
    if (!tz.isEmpty()) {
      try {
        return ZoneOffset.of(tz);
      } catch (DateTimeException e) {
        // fall through to the event time's offset
      }
    }
    return time.getOffset();
  }

  /** The time in the event's own offset, for people: {@code 28 Nov 2026, 08:00 (UTC+07:00)}. */
  static String localTime(OffsetDateTime time, ZoneOffset offset, Lang lang) {
    OffsetDateTime t = time.withOffsetSameInstant(offset);
    DateTimeFormatter f = DateTimeFormatter.ofPattern(lang.msg("format.dateTime"), lang.locale);
    return lang.msg("time.inZone", f.format(t), utc(offset));
  }

  /** {@code UTC}, {@code UTC+07:00}, {@code UTC-03:30}. */
  static String utc(ZoneOffset offset) {
    return offset.getTotalSeconds() == 0 ? "UTC" : "UTC" + offset.getId();
  }

  /** The business location's id, else the read point's, else null. */
  static String placeId(JsonNode event) {
    for (String field : List.of("bizLocation", "readPoint")) {
      JsonNode id = event.path(field).path("id");
      if (id.isTextual() && !id.asText().isBlank()) {
        return id.asText();
      }
    }
    return null;
  }

  /** A place for people: a GLN (from an SGLN EPC URI or a Digital Link) as its 13 digits. */
  static TraceView.Place place(String id) {
    if (id == null) {
      return null;
    }
    try {
      if (TraceCode.parse(id) instanceof TraceCode.Gln gln) {
        return new TraceView.Place(id, "GLN " + gln.digits() + (gln.extension() == null ? "" : " · " + gln.extension()));
      }
    } catch (InvalidTraceCodeException e) {
      // shown as recorded
    }
    return new TraceView.Place(id, cut(id));
  }

  /** The bare CBV business step, or null. */
  static String bizStep(JsonNode event) {
    return Vocab.cbvTerm(Vocab.bizStep(event.path("bizStep").asText(null)));
  }

  /** The bare CBV disposition, or null. */
  static String disposition(JsonNode event) {
    return Vocab.cbvTerm(Vocab.disposition(event.path("disposition").asText(null)));
  }

  /**
   * The temperature readings of an event's sensor reports: each report of type Temperature with a
   * unit of °C, °F or K gives its value, minimum and maximum, converted to °C. Reports in other
   * units, or without one, are not guessed at.
   */
  static List<Reading> temperatures(JsonNode event, OffsetDateTime eventTime, long ledgerIndex) {
    List<Reading> out = new ArrayList<>();
    for (JsonNode element : event.path("sensorElementList")) {
      Instant elementTime = instant(element.path("sensorMetadata").path("time"), eventTime.toInstant());
      for (JsonNode report : element.path("sensorReport")) {
        if (!Vocab.isTemperature(report.path("type").asText(""))) {
          continue;
        }
        String uom = report.path("uom").asText("");
        Instant t = instant(report.path("time"), elementTime);
        for (String field : List.of("value", "minValue", "maxValue")) {
          JsonNode v = report.path(field);
          if (v.isNumber()) {
            Double c = celsius(v.asDouble(), uom);
            if (c != null && Double.isFinite(c)) {
              out.add(new Reading(t, c, ledgerIndex));
            }
          }
        }
      }
    }
    return out;
  }

  static Double celsius(double value, String uom) {
    return switch (uom) {
      case "CEL" -> value;
      case "FAH" -> (value - 32) * 5 / 9;
      case "KEL" -> value - 273.15;
      default -> null;
    };
  }

  private static Instant instant(JsonNode text, Instant fallback) {
    if (text.isTextual()) {
      try {
        return OffsetDateTime.parse(text.asText()).toInstant();
      } catch (DateTimeParseException e) {
        // fall back
      }
    }
    return fallback;
  }

  /**
   * The whitelisted master data of an event (its ILMD and its top-level extension fields), by
   * local name: {@link #MASTER_DATA} in the CBV master data namespace and {@code name} from the
   * first of {@link #NAMES} in the GS1 vocabulary. Values must be text, numbers or JSON-LD value
   * objects; a language-tagged list gives the value in {@code lang}, else the first.
   */
  static Map<String, String> masterData(JsonNode event, Lang lang) {
    Map<String, String> out = new LinkedHashMap<>();
    Map<String, String> prefixes = Vocab.prefixes(event);
    String name = null;
    int nameRank = Integer.MAX_VALUE;
    for (JsonNode holder : List.of(event.path("ilmd"), event)) {
      if (!holder.isObject()) {
        continue;
      }
      for (Map.Entry<String, JsonNode> e : holder.properties()) {
        String iri = Vocab.expand(e.getKey(), prefixes);
        if (iri == null) {
          continue;
        }
        String local;
        if (iri.startsWith(Vocab.CBVMDA) && MASTER_DATA.contains(local = iri.substring(Vocab.CBVMDA.length()))) {
          String v = text(e.getValue(), lang);
          if (v != null) {
            out.putIfAbsent(local, v);
          }
        } else if (iri.startsWith(Vocab.GS1) && NAMES.contains(local = iri.substring(Vocab.GS1.length()))) {
          String v = text(e.getValue(), lang);
          if (v != null && NAMES.indexOf(local) < nameRank) {
            name = v;
            nameRank = NAMES.indexOf(local);
          }
        }
      }
    }
    if (name != null) {
      out.put("name", name);
    }
    return out;
  }

  private static String text(JsonNode v, Lang lang) {
    if (v.isTextual() || v.isNumber()) {
      String s = v.asText().strip();
      return s.isEmpty() ? null : cut(s);
    }
    if (v.isObject() && v.has("@value")) {
      return text(v.get("@value"), lang);
    }
    if (v.isArray()) {
      String first = null;
      String otherScript = null; // simplified for a traditional reader or the other way round
      for (JsonNode item : v) {
        String s = text(item, lang);
        if (s == null) {
          continue;
        }
        Lang tagged = Lang.ofParam(item.path("@language").asText(""));
        if (tagged == lang) {
          return s;
        }
        if (otherScript == null && tagged != null && tagged.chinese() && lang.chinese()) {
          otherScript = s;
        }
        if (first == null) {
          first = s;
        }
      }
      return otherScript != null ? otherScript : first;
    }
    return null;
  }

  /** The name of a country from its ISO 3166 alpha-2 code, in the language; null if not one. */
  static String countryName(String code, Lang lang) {
    if (code == null || !code.matches("[A-Za-z]{2}")) {
      return null;
    }
    String upper = code.toUpperCase(Locale.ROOT);
    if (!Set.of(Locale.getISOCountries()).contains(upper)) {
      return null;
    }
    return new Locale.Builder().setRegion(upper).build().getDisplayCountry(lang.locale);
  }

  private static String cut(String s) {
    return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT - 1) + "…";
  }
}
