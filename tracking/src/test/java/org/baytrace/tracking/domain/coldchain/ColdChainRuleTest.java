package org.baytrace.tracking.domain.coldchain;

import static org.baytrace.tracking.domain.coldchain.Recs.MIN;
import static org.baytrace.tracking.domain.coldchain.Recs.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.baytrace.api.coldchain.v1.LoggerReadings;
import org.baytrace.api.coldchain.v1.Phase;
import org.baytrace.api.coldchain.v1.Reading;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.ledger.AuthorPolicy;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.LedgerConfig;
import org.baytrace.ledger.TestRecords;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.record.Records;
import org.baytrace.ledger.store.LedgerStores;
import org.baytrace.tracking.domain.epcis.record.EpcisRecords;
import org.baytrace.tracking.node.coldchain.ColdChainFeature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rule on a real RocksDB ledger: bad content refused with nothing stored; verdicts from records; replay. */
class ColdChainRuleTest {
  static final String LOT = "https://id.gs1.org/01/09506000134352/10/BEEF-0425";
  static final String BOX = "urn:baytrace:container:CSQU3054383";
  @TempDir Path dir;
  final SigningKey key = SigningKey.generate();
  final NoteSigner node = new NoteSigner("n", SigningKey.generate());

  Ledger open(ColdChainFeature f) {
    Ledger l = Ledger.open(new LedgerConfig(TestRecords.ORIGIN, node, AuthorPolicy.anyKey()),
        LedgerStores.openRocksDb(dir));
    f.applyRules().forEach(l::install);
    return l;
  }

  void refused(Ledger ledger, RecordBody.Builder b, LedgerError error, String message) {
    long size = ledger.head().size();
    LedgerException e = assertThrows(LedgerException.class, () -> ledger.append(Recs.sign(b, key)));
    assertEquals(error, e.error(), e.getMessage());
    assertEquals(message, e.getMessage());
    assertEquals(size, ledger.head().size(), "nothing stored");
    for (String s : b.getSubjectsList()) {
      assertEquals(0, ledger.subjectHistory(s, 0, 10).size(), "no chain link for " + s);
    }
  }

  RecordBody.Builder logger(UnaryOperator<LoggerReadings.Builder> change) {
    return Recs.logger(LOT, change.apply(Recs.readings(T0, MIN, Phase.PHASE_TRANSPORT, "Nansha", -20, -19).toBuilder())
        .build(), "bad");
  }

  @Test
  void badContent_isRefusedWithTheField_andNothingIsStored() {
    ColdChainFeature f = new ColdChainFeature(CommodityProfiles.defaults());
    try (Ledger ledger = open(f)) {
      LedgerError bad = LedgerError.INVALID_FIELD;
      refused(ledger, Recs.shipment(LOT, "frozen-meat", "a").setContentType("application/json"), bad,
          "body.content_type: got \"application/json\", want \"application/protobuf; proto=baytrace.coldchain.v1.Shipment\" for kind coldchain.Shipment");
      refused(ledger, Recs.shipment(LOT, "frozen-meat", "a").setContent(ByteString.copyFrom(new byte[] {(byte) 0xff})), bad,
          "body.content: got bytes that are not a baytrace.coldchain.v1.Shipment (While parsing a protocol message, the input ended unexpectedly in the middle of a field.  This could mean either that the input has been truncated or that an embedded message misreported its own length.), want a baytrace.coldchain.v1.Shipment message");
      refused(ledger, Recs.shipment(LOT, "frozen-meat", "a").setContent(ByteString.copyFrom(new byte[] {0x48, 0x01})), bad,
          "body.content: got unknown field numbers [9], want only the fields of baytrace.coldchain.v1.Shipment");
      refused(ledger, Recs.shipment(LOT, "Frozen Meat", "a"), bad,
          "commodity: got \"Frozen Meat\", want a commodity id [a-z0-9][a-z0-9-]{0,62}, e.g. \"frozen-meat\"");
      refused(ledger, Recs.shipment("urn:baytrace:container:CSQU3054384", "frozen-meat", "a"), bad,
          "body.subjects[0]: got \"urn:baytrace:container:CSQU3054384\", want ISO 6346 check digit 3");
      refused(ledger, Recs.shipment("https://id.gs1.org/01/9506000134352/10/X", "frozen-meat", "a"), bad,
          "body.subjects[0]: got \"https://id.gs1.org/01/9506000134352/10/X\", want the canonical form "
              + "\"https://id.gs1.org/01/09506000134352/10/X\"");
      refused(ledger, logger(b -> b.setSampleIntervalMillis(999)), bad, "sample_interval_millis: got 999, want 1000 to 86400000");
      refused(ledger, logger(b -> b.setPhase(Phase.PHASE_UNSPECIFIED)), bad,
          "phase: got PHASE_UNSPECIFIED, want PHASE_TRANSPORT or PHASE_STORAGE");
      refused(ledger, logger(b -> b.clearReadings()), bad, "readings: got 0 readings, want 1 to 10000");
      refused(ledger, logger(b -> b.setReadings(1, Reading.newBuilder().setTimeUnixMillis(T0).setCelsius(1))), bad,
          "readings[1].time_unix_millis: got " + T0 + ", want after readings[0] (" + T0 + ")");
      refused(ledger, logger(b -> b.setReadings(1, b.getReadings(1).toBuilder().setCelsius(Double.NaN))), bad,
          "readings[1].celsius: got NaN, want a temperature from -273.15 to 200");
      refused(ledger, logger(b -> b.setLoggerId("")), bad, "logger_id: got \"\", want 1 to 128 characters on one line");
      refused(ledger, logger(b -> b.setLocation("Nansha\nberth 3")), bad,
          "location: got \"Nansha\\u000aberth 3\", want 0 to 200 characters on one line");
      assertEquals(0, ledger.head().size());
    }
  }

  @Test
  void verdict_fromShipmentAndLoggerRecords_andTheSameAfterARestart() {
    ColdChainFeature f = new ColdChainFeature(CommodityProfiles.defaults());
    Verdict first;
    try (Ledger ledger = open(f)) {
      ledger.append(Recs.sign(Recs.shipment(LOT, "frozen-meat", "s1"), key));
      // a warm stretch in a cold store: -17 for 10 min
      double[] temps = new double[60];
      java.util.Arrays.fill(temps, -20);
      for (int i = 20; i < 30; i++) {
        temps[i] = -17;
      }
      ledger.append(Recs.sign(Recs.logger(LOT, Recs.readings(T0, MIN, Phase.PHASE_STORAGE, "Nansha cold store 3",
          temps), "l1"), key));
      first = f.state().verdict(LOT).orElseThrow();
      assertEquals(Verdict.Status.EXCURSION, first.status());
      Excursion e = first.excursions().get(0);
      assertEquals(Excursion.Kind.LIMIT, e.kind());
      assertEquals(T0 + 20 * MIN, e.startMillis());
      assertEquals(10 * MIN, e.durationMillis());
      assertEquals(1.0, e.degreesBeyond(), 1e-9);
      assertEquals("Nansha cold store 3", e.location());
      assertEquals(List.of(1L), e.ledgerIndexes());
    }
    ColdChainFeature again = new ColdChainFeature(CommodityProfiles.defaults());
    try (Ledger ledger = open(again)) {
      assertEquals(2, ledger.head().size());
      assertEquals(first, again.state().verdict(LOT).orElseThrow(), "replayed from the stored log");
    }
  }

  @Test
  void commodity_fromTheProfileGtinList_whenNoShipmentRecordNamesOne() {
    CommodityProfile beef = new CommodityProfile("frozen-beef", "Frozen beef", -60, -18, -60, -15, true, null, null,
        List.of("09506000134352"));
    ColdChainFeature f = new ColdChainFeature(CommodityProfiles.of(List.of(beef)));
    try (Ledger ledger = open(f)) {
      ledger.append(Recs.sign(Recs.logger(LOT, Recs.readings(T0, MIN, Phase.PHASE_TRANSPORT, "", -19, -19), "l1"), key));
      assertEquals("frozen-beef", f.state().verdict(LOT).orElseThrow().commodity());
      assertEquals(Verdict.Status.IN_RANGE, f.state().verdict(LOT).orElseThrow().status());
      // a Shipment record overrides the GTIN mapping; an unknown commodity has no profile
      ledger.append(Recs.sign(Recs.shipment(LOT, "jackfruit", "s1"), key));
      assertEquals(Verdict.Status.NO_PROFILE, f.state().verdict(LOT).orElseThrow().status());
    }
  }

  @Test
  void gs1SensorExample_windowedReport_isJudged() throws IOException {
    JsonNode doc = new ObjectMapper().readTree(Files.readString(
        Path.of("../../shared/testdata/epcis/examples/WithSensorData_SensorDataExample2.jsonld")));
    JsonNode event = doc.path("epcisBody").path("eventList").get(0);
    RecordBody body = EpcisRecords.toBody(TestRecords.ORIGIN, "org1", event, doc.get("@context"));
    String subject = body.getSubjects(0);
    CommodityProfile chilled = CommodityProfile.strict("warm-goods", "Warm goods", 15, 25);
    ColdChainFeature f = new ColdChainFeature(CommodityProfiles.of(List.of(chilled)));
    try (Ledger ledger = open(f)) {
      ledger.append(Recs.sign(Recs.shipment(subject, "warm-goods", "s1"), key));
      ledger.append(Records.sign(body.toByteArray(), key));
      Verdict v = f.state().verdict(subject).orElseThrow();
      // the example's window 13:55:01–14:55:00 (+01:00), 26.0–26.2 °C: above 25 for the whole window
      assertEquals(Verdict.Status.EXCURSION, v.status());
      Excursion e = v.excursions().get(0);
      assertEquals(java.time.OffsetDateTime.parse("2019-04-02T13:55:01+01:00").toInstant().toEpochMilli(), e.startMillis());
      assertEquals(java.time.OffsetDateTime.parse("2019-04-02T14:55:00+01:00").toInstant().toEpochMilli(), e.endMillis());
      assertEquals(26.2, e.worstCelsius(), 1e-9);
      assertEquals("urn:epc:id:sgln:4012345.00005.0", e.location());
      assertTrue(v.samples() >= 1);
    }
  }

  @Test
  void otherKindsAndMalformedEpcis_areLeftAlone() {
    ColdChainFeature f = new ColdChainFeature(CommodityProfiles.defaults());
    try (Ledger ledger = open(f)) {
      ledger.append(TestRecords.signed(key, "org1", List.of(LOT), "plain")); // epcis.ObjectEvent, content not EPCIS JSON-LD
      ledger.append(Recs.sign(Recs.body(TestRecords.ORIGIN, "coldchain.Note", "org1", List.of(LOT), T0, "n",
          "x", Recs.readings(T0, MIN, Phase.PHASE_STORAGE, "", 1)).setContentType("text/plain"), key));
      assertEquals(2, ledger.head().size());
      assertTrue(f.state().verdict(LOT).isEmpty());
    }
  }
}
