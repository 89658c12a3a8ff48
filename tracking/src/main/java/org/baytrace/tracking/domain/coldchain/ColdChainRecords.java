package org.baytrace.tracking.domain.coldchain;

import java.util.List;
import org.baytrace.api.coldchain.v1.LoggerReadings;
import org.baytrace.api.coldchain.v1.Phase;
import org.baytrace.api.coldchain.v1.Reading;
import org.baytrace.api.coldchain.v1.Shipment;
import org.baytrace.ledger.record.ParsedRecord;
import org.baytrace.tracking.domain.common.Fields;
import org.baytrace.tracking.domain.common.ProtoContent;
import org.baytrace.tracking.domain.common.Quoted;
import org.baytrace.tracking.domain.common.Subjects;

/**
 * The cold-chain record kinds and their static rules: content parsed strictly, every field
 * checked, subjects in the #5 formats. Refusals are INVALID_FIELD naming the field. Stateless.
 */
public final class ColdChainRecords {
  private ColdChainRecords() {}

  public static final String SHIPMENT = "coldchain.Shipment";
  public static final String LOGGER_READINGS = "coldchain.LoggerReadings";
  public static final String SHIPMENT_PROTO = "baytrace.coldchain.v1.Shipment";
  public static final String LOGGER_READINGS_PROTO = "baytrace.coldchain.v1.LoggerReadings";
  static final int MAX_READINGS = 10_000;
  static final long MIN_INTERVAL = 1000;
  static final long MAX_INTERVAL = 86_400_000L;

  /** True for a kind this profile owns and checks. */
  public static boolean isColdChain(String kind) {
    return kind.equals(SHIPMENT) || kind.equals(LOGGER_READINGS);
  }

  /** Checks a record of a cold-chain kind; other kinds pass. */
  public static void check(ParsedRecord r) {
    if (r.kind().equals(SHIPMENT)) {
      shipment(r);
    } else if (r.kind().equals(LOGGER_READINGS)) {
      loggerReadings(r);
    }
  }

  public static Shipment shipment(ParsedRecord r) {
    checkSubjects(r.subjects());
    Shipment s = ProtoContent.parse(r, Shipment.parser(), Shipment.getDescriptor());
    if (!CommodityProfile.ID.matcher(s.getCommodity()).matches()) {
      throw Fields.invalid("commodity", Quoted.of(s.getCommodity()),
          "a commodity id [a-z0-9][a-z0-9-]{0,62}, e.g. \"frozen-meat\"");
    }
    Fields.text("reference", s.getReference(), 0, 128);
    return s;
  }

  public static LoggerReadings loggerReadings(ParsedRecord r) {
    checkSubjects(r.subjects());
    LoggerReadings l = ProtoContent.parse(r, LoggerReadings.parser(), LoggerReadings.getDescriptor());
    Fields.text("logger_id", l.getLoggerId(), 1, 128);
    Fields.text("location", l.getLocation(), 0, 200);
    if (l.getSampleIntervalMillis() < MIN_INTERVAL || l.getSampleIntervalMillis() > MAX_INTERVAL) {
      throw Fields.invalid("sample_interval_millis", Long.toString(l.getSampleIntervalMillis()),
          MIN_INTERVAL + " to " + MAX_INTERVAL);
    }
    if (l.getPhase() != Phase.PHASE_TRANSPORT && l.getPhase() != Phase.PHASE_STORAGE) {
      throw Fields.invalid("phase", l.getPhase().toString(), "PHASE_TRANSPORT or PHASE_STORAGE");
    }
    if (l.getReadingsCount() < 1 || l.getReadingsCount() > MAX_READINGS) {
      throw Fields.invalid("readings", l.getReadingsCount() + " readings", "1 to " + MAX_READINGS);
    }
    long previous = 0;
    for (int i = 0; i < l.getReadingsCount(); i++) {
      Reading x = l.getReadings(i);
      if (x.getTimeUnixMillis() <= previous) {
        throw Fields.invalid("readings[" + i + "].time_unix_millis", Long.toString(x.getTimeUnixMillis()),
            i == 0 ? "a time after the epoch" : "after readings[" + (i - 1) + "] (" + previous + ")");
      }
      double c = x.getCelsius();
      if (!Double.isFinite(c) || c < -273.15 || c > 200) {
        throw Fields.invalid("readings[" + i + "].celsius", Double.toString(c), "a temperature from -273.15 to 200");
      }
      previous = x.getTimeUnixMillis();
    }
    return l;
  }

  private static void checkSubjects(List<String> subjects) {
    for (int i = 0; i < subjects.size(); i++) {
      String p = Subjects.coldChainProblem(subjects.get(i));
      if (p != null) {
        throw Fields.invalid("body.subjects[" + i + "]", Quoted.of(subjects.get(i)), p);
      }
    }
  }
}
