package org.baytrace.tracking.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.LedgerConfig;
import org.baytrace.ledger.store.LedgerStores;
import org.baytrace.tracking.domain.customs.TradeScenario;
import org.baytrace.tracking.domain.gs1.TraceCode;
import org.baytrace.tracking.domain.waterbus.WaterBusFixture;
import org.baytrace.tracking.node.customs.CustomsFeature;
import org.baytrace.tracking.node.resolver.JourneyLegs;
import org.baytrace.tracking.node.waterbus.WaterBusFeature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The water-bus and customs profiles tell the consumer page their legs of a container's trip, from
 * their committed state after a real trade (booking, load, discharge, declaration, inspection,
 * release, exit): each leg names the record that proves it, and together they read in time order.
 */
class JourneyLegsTest {
  static final TraceCode DURIAN = TraceCode.parse("/01/08850123000010/21/BOX-0001");

  @Test
  void waterBusAndCustoms_giveTheContainersLegs_withTheirRecords_inTimeOrder(@TempDir Path dir) {
    WaterBusFixture f = new WaterBusFixture(dir.resolve("unused"));
    WaterBusFeature water = WaterBusFeature.create(f.registry);
    CustomsFeature customs = CustomsFeature.create(f.registry, water.state());
    try (Ledger ledger = Ledger.open(new LedgerConfig(WaterBusFixture.ORIGIN, f.node, f.registry.authorPolicy()),
        LedgerStores.openRocksDb(dir.resolve("ledger")))) {
      water.applyRules().forEach(ledger::install);
      customs.applyRules().forEach(ledger::install);
      new TradeScenario(f, WaterBusFixture.ORIGIN, ledger::append).play();

      String container = WaterBusFixture.container(1);
      List<JourneyLegs.Leg> legs = new ArrayList<>();
      for (var feature : List.of(water, customs)) {
        legs.addAll(feature.service(JourneyLegs.class).orElseThrow().legs(DURIAN, Set.of(container)));
      }
      legs.sort(Comparator.comparing(JourneyLegs.Leg::time));
      assertEquals(List.of("waterbus.LOAD CNNSA", "customs.Declaration CNFOS", "waterbus.DISC CNFOS",
          "customs.InspectionOrdered CNFOS", "customs.Release CNFOS", "customs.Exit CNFOS"),
          legs.stream().map(l -> l.kind() + " " + l.port()).toList());
      for (JourneyLegs.Leg l : legs) {
        assertEquals(container, l.container());
        var record = Ledger.applied(ledger.entry(l.ledgerIndex())).record();
        assertTrue(record.kind().startsWith(l.kind().startsWith("waterbus") ? "waterbus." : "customs."),
            l + " is proved by entry " + l.ledgerIndex() + " of kind " + record.kind());
        assertEquals(l.time().toEpochMilli(), record.eventTimeUnixMillis(), l.toString());
      }
      assertEquals("V2611", legs.get(0).voyage());
      assertEquals("water", legs.get(0).mode());
      // goods in no container of theirs have no legs
      assertEquals(List.of(), water.service(JourneyLegs.class).orElseThrow().legs(DURIAN,
          Set.of(WaterBusFixture.container(9))));
    }
  }
}
