package org.baytrace.tracking.node.epcis.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.baytrace.tracking.domain.common.Quoted;
import org.baytrace.tracking.domain.epcis.query.ProjectedEvent;

/**
 * When a scheduled subscription runs (the EPCIS {@code QuerySchedule}): fields {@code second},
 * {@code minute}, {@code hour}, {@code dayOfMonth}, {@code month} and {@code dayOfWeek} (1 =
 * Monday … 7 = Sunday), each a comma-separated list of numbers and ranges ({@code "5"}, {@code
 * "0,30"}, {@code "1-5"} or {@code "[1-5]"}) or {@code "*"}. Times are UTC. A field left out
 * below the largest field given is its smallest value (so {@code {"hour":"1","minute":"5"}} runs
 * at 01:05:00 every day, not every second of that minute); one left out above it is any value.
 * Immutable.
 */
record Schedule(ObjectNode definition, BitSet seconds, BitSet minutes, BitSet hours, BitSet days, BitSet months,
    BitSet weekdays) {
  /** The fields, smallest unit first, with their ranges. */
  private static final List<Field> FIELDS = List.of(new Field("second", 0, 59), new Field("minute", 0, 59),
      new Field("hour", 0, 23), new Field("dayOfMonth", 1, 31), new Field("month", 1, 12), new Field("dayOfWeek", 1, 7));

  private record Field(String name, int min, int max) {}

  /**
   * Parses a schedule object.
   *
   * @throws IllegalArgumentException naming the field: {@code field: got X, want Y}
   */
  static Schedule parse(JsonNode node) {
    if (node == null || !node.isObject() || node.isEmpty()) {
      throw new IllegalArgumentException("schedule: want an object with at least one of second, minute, hour, "
          + "dayOfMonth, month, dayOfWeek, e.g. {\"hour\": \"1\", \"minute\": \"5\"}");
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (FIELDS.stream().noneMatch(f -> f.name().equals(e.getKey()))) {
        throw new IllegalArgumentException("schedule." + e.getKey() + ": not a schedule field; want second, minute, "
            + "hour, dayOfMonth, month or dayOfWeek");
      }
    }
    int largest = -1;
    for (int i = 0; i < FIELDS.size(); i++) {
      if (node.has(FIELDS.get(i).name())) {
        largest = i;
      }
    }
    List<BitSet> sets = new ArrayList<>();
    ObjectNode def = ProjectedEvent.JSON.createObjectNode();
    for (int i = 0; i < FIELDS.size(); i++) {
      Field f = FIELDS.get(i);
      JsonNode v = node.get(f.name());
      BitSet set = new BitSet();
      if (v == null) {
        if (i < largest && i <= 2) {
          set.set(f.min());
        } else {
          set.set(f.min(), f.max() + 1);
        }
      } else {
        String text = v.isTextual() ? v.asText() : v.isIntegralNumber() ? v.asText() : null;
        if (text == null) {
          throw new IllegalArgumentException("schedule." + f.name() + ": got " + v + ", want a string such as \"5\", "
              + "\"0,30\", \"1-5\" or \"*\"");
        }
        set = values(f, text.strip());
        def.put(f.name(), text.strip());
      }
      sets.add(set);
    }
    return new Schedule(def, sets.get(0), sets.get(1), sets.get(2), sets.get(3), sets.get(4), sets.get(5));
  }

  private static BitSet values(Field f, String text) {
    BitSet set = new BitSet();
    if (text.equals("*")) {
      set.set(f.min(), f.max() + 1);
      return set;
    }
    for (String part : text.split(",", -1)) {
      String p = part.strip();
      if (p.startsWith("[") && p.endsWith("]")) {
        p = p.substring(1, p.length() - 1);
      }
      int dash = p.indexOf('-');
      try {
        int lo = Integer.parseInt(dash < 0 ? p : p.substring(0, dash).strip());
        int hi = dash < 0 ? lo : Integer.parseInt(p.substring(dash + 1).strip());
        if (lo < f.min() || hi > f.max() || lo > hi) {
          throw new NumberFormatException();
        }
        set.set(lo, hi + 1);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("schedule." + f.name() + ": got " + Quoted.of(text) + ", want \"*\" or a "
            + "comma-separated list of numbers or ranges from " + f.min() + " to " + f.max() + ", e.g. \"" + f.min()
            + "\" or \"" + f.min() + "-" + (f.min() + 1) + "\"");
      }
    }
    return set;
  }

  /** The first time this schedule fires strictly after {@code after}, within eight years; empty if none (e.g. 31 February). */
  Optional<Instant> next(Instant after) {
    ZonedDateTime t = after.atZone(ZoneOffset.UTC).withNano(0).plusSeconds(1);
    LocalDate day = t.toLocalDate();
    for (int d = 0; d < 366 * 8; d++, day = day.plusDays(1)) {
      if (!days.get(day.getDayOfMonth()) || !months.get(day.getMonthValue()) || !weekdays.get(day.getDayOfWeek().getValue())) {
        continue;
      }
      boolean today = day.equals(t.toLocalDate());
      for (int h = hours.nextSetBit(today ? t.getHour() : 0); h >= 0; h = hours.nextSetBit(h + 1)) {
        boolean thisHour = today && h == t.getHour();
        for (int m = minutes.nextSetBit(thisHour ? t.getMinute() : 0); m >= 0; m = minutes.nextSetBit(m + 1)) {
          boolean thisMinute = thisHour && m == t.getMinute();
          int s = seconds.nextSetBit(thisMinute ? t.getSecond() : 0);
          if (s >= 0) {
            return Optional.of(day.atTime(h, m, s).toInstant(ZoneOffset.UTC));
          }
        }
      }
    }
    return Optional.empty();
  }
}
