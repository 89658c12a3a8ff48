package org.baytrace.tracking.node.pages;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Times, durations and places written for people in a page's language: {@code 21 Nov 2026, 07:30
 * (UTC+08:00)} / {@code 2026年11月21日 07:30（UTC+08:00）}, {@code 2 h 5 min} / {@code 2 小时 5 分钟},
 * ports by name. Pure; thread-safe.
 */
public final class Formats {
  /** The Greater Bay Area's offset (China Standard Time; Hong Kong and Macao keep the same). */
  public static final ZoneOffset GBA = ZoneOffset.ofHours(8);

  private Formats() {}

  /** A time in an offset, with the offset named. */
  public static String dateTime(Lang lang, Instant t, ZoneOffset offset) {
    DateTimeFormatter f = DateTimeFormatter.ofPattern(lang.msg("format.dateTime"), lang.locale);
    return lang.msg("time.inZone", f.format(t.atOffset(offset)), utc(offset));
  }

  /** A time in the Greater Bay Area, or "—" for null. */
  public static String dateTime(Lang lang, Long millis) {
    return millis == null ? "—" : dateTime(lang, Instant.ofEpochMilli(millis), GBA);
  }

  /** An RFC 3339 instant as written by a report ({@code 2026-11-21T00:30:00Z}) in the GBA; as given if it does not parse. */
  public static String dateTime(Lang lang, String instant) {
    try {
      return dateTime(lang, Instant.parse(instant), GBA);
    } catch (java.time.format.DateTimeParseException e) {
      return instant;
    }
  }

  /** {@code UTC}, {@code UTC+08:00}. */
  public static String utc(ZoneOffset offset) {
    return offset.getTotalSeconds() == 0 ? "UTC" : "UTC" + offset.getId();
  }

  /** A duration for people: {@code 1 h 5 min}, seconds only under a minute, zero parts left out. */
  public static String duration(Lang lang, Duration d) {
    long s = Math.abs(d.toSeconds());
    long days = s / 86_400;
    long h = s % 86_400 / 3600;
    long m = s % 3600 / 60;
    StringBuilder b = new StringBuilder();
    if (days > 0) {
      b.append(lang.msg("unit.days", days));
    }
    if (h > 0) {
      b.append(b.length() > 0 ? " " : "").append(lang.msg("unit.hours", h));
    }
    if (m > 0 && days == 0) {
      b.append(b.length() > 0 ? " " : "").append(lang.msg("unit.minutes", m));
    }
    if (b.length() == 0) {
      b.append(lang.msg("unit.seconds", s % 60));
    }
    return b.toString();
  }

  /** Hours as a duration for people ({@code 13.5} → {@code 13 h 30 min}). */
  public static String hours(Lang lang, double hours) {
    return duration(lang, Duration.ofSeconds(Math.round(hours * 3600)));
  }

  /** A number of hours with one decimal for tables ({@code 13.5 h}). */
  public static String hoursNumber(Lang lang, double hours) {
    return lang.msg("unit.hoursDecimal", String.format(Locale.ROOT, "%.1f", hours));
  }

  /** A port by its UN/LOCODE: its name in the language, the code as the fallback name. */
  public static String port(Lang lang, String unlocode, String englishName) {
    return lang.msgOr("port." + unlocode, englishName == null ? unlocode : englishName);
  }
}
