package org.baytrace.tracking.domain.customs;

import static org.baytrace.tracking.domain.customs.CustomsFixture.IMPORTER;
import static org.baytrace.tracking.domain.customs.CustomsFixture.declaration;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.CUSTOMS;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.HOUR;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.OPERATOR;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.PARTNER_A;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.T0;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.allocation;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.container;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.voyage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.baytrace.api.customs.v1.Arrival;
import org.baytrace.api.customs.v1.DeclarationType;
import org.baytrace.api.customs.v1.DocumentLodgement;
import org.baytrace.api.customs.v1.DutiesPaid;
import org.baytrace.api.customs.v1.Exit;
import org.baytrace.api.customs.v1.Release;
import org.baytrace.tracking.node.customs.Customs;
import org.baytrace.tracking.node.customs.ReportJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clearance times per shipment and aggregate reports, checked against times computed by hand. */
class ClearanceReportTest {
  @TempDir Path dir;
  CustomsFixture c;
  Customs customs;

  @BeforeEach
  void open() {
    c = new CustomsFixture(dir).open();
    customs = new Customs(c.state(), c.f.state(), c.f.registry);
  }

  @AfterEach
  void close() {
    c.close();
  }

  static final Release RELEASE = Release.newBuilder().setReference("R").build();

  ClearanceTimes times(String urn) {
    return ClearanceTimes.of(c.state().clearance(urn).orElseThrow(), c.f.state());
  }

  @Test
  void arrival_comesFromCustoms_elseTheWaterBusDischarge_elseTheVoyagesActualArrival() {
    String v = c.f.publish(voyage("V1", 10, 0, allocation(PARTNER_A, 10, 0)).build());
    c.f.append(c.f.booking(PARTNER_A, v, "A1", container(1), "22G1", "CNNSA", "CNFOS"));
    c.f.append(c.f.booking(PARTNER_A, v, "A2", container(2), "22G1", "CNNSA", "CNFOS"));
    c.f.append(c.f.equipment(OPERATOR, v, container(1), "LOAD", "CNNSA", T0 + HOUR));
    c.f.append(c.f.equipment(OPERATOR, v, container(2), "LOAD", "CNNSA", T0 + HOUR));
    c.f.append(c.f.portCall("V1", "CNFOS", "ARRI", "ACT", T0 + 16 * HOUR));
    c.f.append(c.f.equipment(OPERATOR, v, container(2), "DISC", "CNFOS", T0 + 18 * HOUR));
    c.f.append(c.f.equipment(OPERATOR, v, container(1), "DISC", "CNFOS", T0 + 17 * HOUR));
    var base = declaration("X", DeclarationType.IMPORT).setPort("CNFOS");
    String disc = c.lodge(T0 + 20 * HOUR, base.clone().setDeclarationNumber("DISC1").addContainers(container(2))
        .addContainers(container(1)).setVoyage(v).build());
    String arri = c.lodge(T0 + 20 * HOUR, base.clone().setDeclarationNumber("ARRI1").setVoyage(v).build());
    String own = c.lodge(T0 + 20 * HOUR, base.clone().setDeclarationNumber("OWN1").addContainers(container(1)).build());
    c.append(CUSTOMS, own, T0 + 19 * HOUR, Arrival.newBuilder().setPort("CNFOS").build());
    String export = c.lodge(T0 + 20 * HOUR, base.clone().setDeclarationNumber("EXP1").setType(DeclarationType.EXPORT)
        .addContainers(container(1)).setVoyage(v).build());
    String none = c.lodge(T0 + 20 * HOUR, base.clone().setDeclarationNumber("NONE1").build());

    assertEquals(T0 + 17 * HOUR, times(disc).arrival(), "the earliest discharge of a declared container");
    assertEquals("waterbus DISC " + container(1), times(disc).arrivalSource());
    assertEquals(T0 + 16 * HOUR, times(arri).arrival());
    assertEquals("waterbus ARRI ACT", times(arri).arrivalSource());
    assertEquals(T0 + 19 * HOUR, times(own).arrival());
    assertEquals("customs.Arrival", times(own).arrivalSource());
    assertNull(times(export).arrival(), "an export's arrival is the customs record only");
    assertNull(times(none).arrival());
    assertEquals(3 * HOUR, times(disc).intervals().get(Measure.ARRIVAL_TO_LODGEMENT));
    assertFalse(times(none).intervals().containsKey(Measure.ARRIVAL_TO_LODGEMENT));
  }

  @Test
  void intervals_ofOneShipment() {
    String d = c.lodge(T0 + 4 * HOUR, declaration("D1", DeclarationType.IMPORT).build());
    c.append(IMPORTER, d, T0 + 2 * HOUR, DocumentLodgement.newBuilder().setDocumentType("invoice").setReference("I").build());
    c.append(CUSTOMS, d, T0, Arrival.newBuilder().setPort("CNNSA").build());
    c.append(CUSTOMS, d, T0 + 9 * HOUR, DutiesPaid.newBuilder().setAmountMinor(1).setCurrency("CNY").build());
    c.append(IMPORTER, d, T0 + 30 * HOUR, DocumentLodgement.newBuilder().setDocumentType("late").setReference("L").build());
    c.append(CUSTOMS, d, T0 + 10 * HOUR, RELEASE);
    c.append(CUSTOMS, d, T0 + 12 * HOUR, Exit.newBuilder().setPort("CNNSA").build());
    Map<Measure, Long> want = new EnumMap<>(Measure.class);
    want.put(Measure.ARRIVAL_TO_LODGEMENT, 4 * HOUR);
    want.put(Measure.LODGEMENT_TO_RELEASE, 6 * HOUR);
    want.put(Measure.ARRIVAL_TO_RELEASE, 10 * HOUR);
    want.put(Measure.RELEASE_TO_EXIT, 2 * HOUR);
    want.put(Measure.BORDER_COMPLIANCE, 12 * HOUR);
    want.put(Measure.DOCUMENTARY_COMPLIANCE, 7 * HOUR); // first document at +2 h to duties paid at +9 h; the late one after release does not count
    assertEquals(want, times(d).intervals());
  }

  /** One generated shipment and the intervals computed by hand. */
  record Shipment(String port, DeclarationType type, long arrival, long lodged, long release, long exit) {}

  @Test
  void aggregates_perPortTypeAndPeriod_matchANaiveComputation() {
    Random random = new Random(7);
    List<Shipment> shipments = new ArrayList<>();
    for (int i = 0; i < 90; i++) {
      String port = i % 3 == 0 ? "CNHUA" : "CNNSA";
      DeclarationType type = i % 4 == 0 ? DeclarationType.EXPORT : DeclarationType.IMPORT;
      long arrival = T0 + random.nextInt(20 * 24) * HOUR + random.nextInt(3_600_000) - 10 * 24 * HOUR;
      long lodged = arrival + random.nextInt(30 * 3_600_000) - 5 * HOUR;
      long release = Math.max(lodged, arrival) + random.nextInt(60 * 3_600_000);
      long exit = release + random.nextInt(20 * 3_600_000);
      Shipment s = new Shipment(port, type, arrival, lodged, release, exit);
      shipments.add(s);
      String d = c.lodge(lodged, declaration("G" + i, type).setPort(port).build());
      c.append(CUSTOMS, d, arrival, Arrival.newBuilder().setPort(port).build());
      c.append(CUSTOMS, d, release, RELEASE);
      c.append(CUSTOMS, d, exit, Exit.newBuilder().setPort(port).build());
    }
    ObjectNode report = customs.reportJson(customs.report(null, null, "month"));
    int groupsSeen = 0;
    for (JsonNode g : report.get("groups")) {
      String period = g.get("period").asText();
      DeclarationType type = DeclarationType.valueOf(g.get("type").asText().toUpperCase(java.util.Locale.ROOT));
      List<Shipment> mine = shipments.stream().filter(s -> s.port().equals(g.get("port").asText()) && s.type() == type
          && ClearanceReport.Period.MONTH.of(Math.min(s.arrival(), s.lodged())).equals(period)).toList();
      assertFalse(mine.isEmpty());
      check(g, "arrival_to_release", mine.stream().map(s -> s.release() - s.arrival()).toList());
      check(g, "border_compliance", mine.stream().map(s -> s.exit() - s.arrival()).toList());
      check(g, "arrival_to_lodgement", mine.stream().map(s -> s.lodged() - s.arrival()).toList());
      check(g, "documentary_compliance", mine.stream().map(s -> 0L).toList());
      JsonNode border = g.get("measures").get("border_compliance");
      double max = type == DeclarationType.IMPORT ? 40 : 18;
      assertEquals(max, border.get("target").get("maxHours").asDouble());
      assertEquals(border.get("medianHours").asDouble() <= max, border.get("medianWithinTarget").asBoolean());
      groupsSeen++;
    }
    assertEquals(8, groupsSeen, "2 ports × 2 directions × 2 months");
    assertEquals(90, report.get("shipments").size());
    // filters
    ObjectNode huaImports = customs.reportJson(customs.report("CNHUA", "import", "day"));
    for (JsonNode g : huaImports.get("groups")) {
      assertEquals("CNHUA", g.get("port").asText());
      assertEquals("import", g.get("type").asText());
      assertTrue(g.get("period").asText().matches("\\d{4}-\\d{2}-\\d{2}"));
    }
    // the CSV carries the same numbers
    String csv = customs.reportCsv(customs.report(null, null, "month"));
    String[] lines = csv.split("\r\n");
    assertEquals(ReportJson.CSV_HEADER, lines[0]);
    JsonNode g0 = report.get("groups").get(0);
    JsonNode m0 = g0.get("measures").get("border_compliance");
    String row = String.join(",", g0.get("port").asText(), g0.get("type").asText(), g0.get("period").asText(),
        "border_compliance", m0.get("count").asText(), m0.get("medianHours").asText(), m0.get("p90Hours").asText(),
        m0.get("target").get("minHours").asText(), m0.get("target").get("maxHours").asText(),
        m0.get("medianWithinTarget").asText());
    assertTrue(List.of(lines).contains(row), row + "\n" + csv);
    // declarants with their AEO status
    JsonNode declarant = report.get("declarants").get(0);
    assertEquals(IMPORTER, declarant.get("org").asText());
    assertEquals("cn-advanced-certified", declarant.get("aeoStatus").asText());
    assertEquals(90, declarant.get("declarations").asInt());
  }

  private static void check(JsonNode group, String measure, List<Long> millis) {
    JsonNode m = group.get("measures").get(measure);
    assertEquals(millis.size(), m.get("count").asInt(), measure);
    assertEquals(round(StatsTest.naiveMedian(millis)), m.get("medianHours").asDouble(), 1e-9, measure);
    assertEquals(round(StatsTest.naiveP90(millis)), m.get("p90Hours").asDouble(), 1e-9, measure);
  }

  private static double round(double h) {
    return Math.round(h * 100) / 100.0;
  }

  @Test
  void declarationView_showsStagesWithLedgerIndexes_andTheDeclarantsAeoStatus() {
    String d = c.lodge(T0 + HOUR, declaration("D1", DeclarationType.IMPORT).build());
    c.append(CUSTOMS, d, T0, Arrival.newBuilder().setPort("CNNSA").build());
    ObjectNode view = customs.declaration(CUSTOMS, "D1");
    assertEquals("cn-advanced-certified", view.get("declarant").get("aeoStatus").asText());
    assertEquals(0, view.get("stages").get(0).get("ledgerIndex").asLong());
    assertEquals("Arrival", view.get("stages").get(1).get("stage").asText());
    assertEquals(1, view.get("clearance").get("arrivalLedgerIndex").asLong());
    assertEquals(1.0, view.get("clearance").get("intervalsHours").get("arrival_to_lodgement").asDouble());
  }
}
