package org.baytrace.tracking.domain.customs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.tracking.domain.testing.SnapshotReplay;
import org.baytrace.tracking.domain.testing.SnapshotReplay.Rebuilt;
import org.baytrace.tracking.domain.waterbus.BargeVoyage;
import org.baytrace.tracking.domain.waterbus.WaterBusFixture;
import org.baytrace.tracking.domain.waterbus.WaterBusRule;
import org.baytrace.tracking.domain.waterbus.WaterBusState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The water-bus and customs rules started from their snapshots plus the entries after them reach
 * the state a replay of every entry reaches: voyages with their slots, bookings and events,
 * declarations with their stages, and the ledger index of every record.
 */
class TradeSnapshotTest {
  private static final int SNAPSHOT_AFTER = 12;

  @TempDir Path dir;

  @Test
  void waterBusSlotsAndCustomsClearances_fromTheSnapshotAndTheTail_equalAFullReplay() {
    WaterBusFixture f = new WaterBusFixture(dir);
    f.open(new CustomsRule(f.registry));
    f.ledger.snapshotEvery(0, false);
    int[] appended = {0};
    new TradeScenario(f, WaterBusFixture.ORIGIN, bytes -> {
      f.ledger.append(bytes);
      if (++appended[0] == SNAPSHOT_AFTER) {
        f.ledger.writeRuleSnapshots();
      }
    }).play();
    assertTrue(appended[0] > SNAPSHOT_AFTER, "the scenario goes on after the snapshot: " + appended[0]);
    f.close();

    Rebuilt<WaterBusRule> water = SnapshotReplay.rebuild(dir, WaterBusFixture.ORIGIN, () -> new WaterBusRule(f.registry));
    assertTrue(water.report().lines().get(0).contains("snapshot of tree size " + SNAPSHOT_AFTER + " loaded"),
        water.report()::toString);
    List<List<Object>> voyages = voyages(water.replayedFromTheStart().state());
    assertFalse(voyages.isEmpty());
    assertEquals(voyages, voyages(water.fromSnapshot().state()));
    for (Hash32 r : water.records()) {
      assertEquals(water.replayedFromTheStart().state().indexOf(r), water.fromSnapshot().state().indexOf(r));
    }

    Rebuilt<CustomsRule> customs = SnapshotReplay.rebuild(dir, WaterBusFixture.ORIGIN, () -> new CustomsRule(f.registry));
    List<Clearance> clearances = customs.replayedFromTheStart().state().clearances();
    assertEquals(2, clearances.size(), "the import and the export declaration");
    assertEquals(clearances, customs.fromSnapshot().state().clearances());
    for (Hash32 r : customs.records()) {
      assertEquals(customs.replayedFromTheStart().state().indexOf(r), customs.fromSnapshot().state().indexOf(r));
    }
  }

  /** Everything a reader of the water-bus state can see, voyage by voyage. */
  private static List<List<Object>> voyages(WaterBusState state) {
    List<List<Object>> out = new ArrayList<>();
    TreeSet<String> containers = new TreeSet<>();
    for (BargeVoyage v : state.voyages()) {
      out.add(Arrays.asList(v.urn(), v.operator(), v.number(), v.serviceUrn(), v.bargeName(), v.agreement(), v.calls(),
          v.teuCapacity(), v.reeferPlugs(), v.allocations(), String.valueOf(v.record()), v.bookings(),
          v.transportEvents(), v.equipmentEvents(), String.valueOf(state.service(v.serviceUrn()))));
      v.bookings().forEach(b -> containers.add(b.container()));
    }
    for (String c : containers) {
      out.add(Arrays.asList(c, state.voyagesOf(c).stream().map(BargeVoyage::urn).toList()));
    }
    return out;
  }
}
