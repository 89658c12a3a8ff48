package org.baytrace.tracking.domain.coldchain;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.baytrace.api.coldchain.v1.LoggerReadings;
import org.baytrace.api.coldchain.v1.Phase;
import org.baytrace.api.coldchain.v1.Reading;
import org.baytrace.api.coldchain.v1.Shipment;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.ledger.TestRecords;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.record.Records;
import org.baytrace.tracking.domain.common.ProtoContent;

/** Signed domain records for tests. */
public final class Recs {
  private Recs() {}

  public static final long T0 = 1_795_000_000_000L;
  public static final long MIN = 60_000;

  /** A time as the consumer page writes it: {@code 2026-11-18 08:40 UTC}. */
  public static String utcMinute(long millis) {
    return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", java.util.Locale.ROOT)
        .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.ofEpochMilli(millis));
  }

  public static RecordBody.Builder body(String origin, String kind, String org, List<String> subjects, long time,
      String nonce, String proto, Message content) {
    return RecordBody.newBuilder().setOrigin(origin).setKind(kind).addAllSubjects(subjects)
        .setEventTimeUnixMillis(time).setAuthorOrg(org).setNonce(ByteString.copyFrom(nonce, StandardCharsets.UTF_8))
        .setContentType(ProtoContent.contentType(proto)).setContent(content.toByteString());
  }

  public static byte[] sign(RecordBody.Builder b, SigningKey... keys) {
    return Records.sign(b.build().toByteArray(), keys);
  }

  public static RecordBody.Builder shipment(String subject, String commodity, String nonce) {
    return body(TestRecords.ORIGIN, ColdChainRecords.SHIPMENT, "org1", List.of(subject), T0, nonce,
        ColdChainRecords.SHIPMENT_PROTO, Shipment.newBuilder().setCommodity(commodity).setReference("BKG-1").build());
  }

  /** Readings one per {@code stepMillis} from {@code start}, interval {@code stepMillis}. */
  public static LoggerReadings readings(long start, long stepMillis, Phase phase, String location, double... celsius) {
    LoggerReadings.Builder b = LoggerReadings.newBuilder().setLoggerId("LOG-7").setLocation(location)
        .setSampleIntervalMillis(stepMillis).setPhase(phase);
    for (int i = 0; i < celsius.length; i++) {
      b.addReadings(Reading.newBuilder().setTimeUnixMillis(start + i * stepMillis).setCelsius(celsius[i]));
    }
    return b.build();
  }

  public static RecordBody.Builder logger(String subject, LoggerReadings l, String nonce) {
    return body(TestRecords.ORIGIN, ColdChainRecords.LOGGER_READINGS, "org1", List.of(subject),
        l.getReadingsCount() == 0 ? T0 : l.getReadings(0).getTimeUnixMillis(), nonce, ColdChainRecords.LOGGER_READINGS_PROTO, l);
  }
}
