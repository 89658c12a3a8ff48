package org.baytrace.tracking.domain.coldchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.baytrace.api.coldchain.v1.LoggerReadings;
import org.baytrace.api.coldchain.v1.Phase;
import org.baytrace.api.coldchain.v1.Reading;
import org.baytrace.ledger.record.ParsedRecord;
import org.baytrace.tracking.domain.epcis.vocab.Vocab;

/**
 * Temperature samples out of records: a logger record's readings, each held until the next one
 * but at most the sampling interval (a longer silence is missing data, not a breach); and the
 * temperature reports of an EPCIS event's {@code sensorElementList}: a report over a window
 * ({@code sensorMetadata.startTime}/{@code endTime}) counts for the whole window with its
 * minimum and maximum (an out-of-range maximum counts as out of range all window long: the
 * report does not say when); a single value counts at its time with no length. Stateless.
 */
public final class SampleSources {
  private SampleSources() {}

  private static final ObjectMapper JSON = new ObjectMapper();
  /** CBV business steps during which goods are on the move. */
  static final Set<String> TRANSPORT_STEPS = Set.of("shipping", "departing", "arriving", "transporting", "loading",
      "unloading", "receiving");

  public static List<Sample> fromLogger(LoggerReadings l, long ledgerIndex) {
    boolean transport = l.getPhase() == Phase.PHASE_TRANSPORT;
    List<Sample> out = new ArrayList<>(l.getReadingsCount());
    for (int i = 0; i < l.getReadingsCount(); i++) {
      Reading r = l.getReadings(i);
      long t = r.getTimeUnixMillis();
      long until = t + l.getSampleIntervalMillis();
      if (i + 1 < l.getReadingsCount()) {
        until = Math.min(until, l.getReadings(i + 1).getTimeUnixMillis());
      }
      out.add(new Sample(t, until, r.getCelsius(), r.getCelsius(), transport, l.getLocation(), ledgerIndex));
    }
    return out;
  }

  /** The samples of a stored EPCIS record; none if it carries no temperature (or is not JSON). */
  public static List<Sample> fromEpcis(ParsedRecord r, long ledgerIndex) {
    JsonNode event;
    try {
      event = JSON.readTree(r.content());
    } catch (IOException e) {
      return List.of(); // capture checked it; a record that is not JSON has no readings to judge
    }
    if (event == null || !event.has("sensorElementList")) {
      return List.of();
    }
    return fromEpcisEvent(event, r.eventTimeUnixMillis(), ledgerIndex);
  }

  static List<Sample> fromEpcisEvent(JsonNode event, long eventTime, long ledgerIndex) {
    String step = Vocab.cbvTerm(Vocab.bizStep(event.path("bizStep").asText("")));
    boolean transport = TRANSPORT_STEPS.contains(step);
    String location = event.path("readPoint").path("id").asText(event.path("bizLocation").path("id").asText(""));
    List<Sample> out = new ArrayList<>();
    for (JsonNode element : event.path("sensorElementList")) {
      JsonNode meta = element.path("sensorMetadata");
      long elementTime = millis(meta.path("time"), eventTime);
      Long start = millisOrNull(meta.path("startTime"));
      Long end = millisOrNull(meta.path("endTime"));
      for (JsonNode report : element.path("sensorReport")) {
        if (!Vocab.isTemperature(report.path("type").asText(""))) {
          continue;
        }
        String uom = report.path("uom").asText("");
        Double min = celsius(report.path("minValue"), uom);
        Double max = celsius(report.path("maxValue"), uom);
        Double value = celsius(report.path("value"), uom);
        Double mean = celsius(report.path("meanValue"), uom);
        double lo = firstNonNull(min, value, mean, max);
        double hi = firstNonNull(max, value, mean, min);
        if (Double.isNaN(lo) || Double.isNaN(hi) || lo > hi) {
          continue;
        }
        if (start != null && end != null && end >= start) {
          out.add(new Sample(start, end, lo, hi, transport, location, ledgerIndex));
        } else {
          long t = millis(report.path("time"), elementTime);
          out.add(new Sample(t, t, lo, hi, transport, location, ledgerIndex));
        }
      }
    }
    return out;
  }

  private static double firstNonNull(Double... values) {
    for (Double v : values) {
      if (v != null) {
        return v;
      }
    }
    return Double.NaN;
  }

  static Double celsius(JsonNode v, String uom) {
    if (!v.isNumber()) {
      return null;
    }
    double c = switch (uom) {
      case "CEL" -> v.asDouble();
      case "FAH" -> (v.asDouble() - 32) * 5 / 9;
      case "KEL" -> v.asDouble() - 273.15;
      default -> Double.NaN;
    };
    return Double.isFinite(c) ? c : null;
  }

  private static long millis(JsonNode text, long fallback) {
    Long m = millisOrNull(text);
    return m == null ? fallback : m;
  }

  private static Long millisOrNull(JsonNode text) {
    if (!text.isTextual()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text.asText()).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
