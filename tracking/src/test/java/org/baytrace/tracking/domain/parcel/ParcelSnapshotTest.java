package org.baytrace.tracking.domain.parcel;

import static org.baytrace.tracking.domain.parcel.ParcelRuleTest.COURIER;
import static org.baytrace.tracking.domain.parcel.ParcelRuleTest.DELIVERED;
import static org.baytrace.tracking.domain.parcel.ParcelRuleTest.RELEASED;
import static org.baytrace.tracking.domain.parcel.ParcelRuleTest.declared;
import static org.baytrace.tracking.domain.parcel.ParcelRuleTest.inspected;
import static org.baytrace.tracking.domain.parcel.ParcelRuleTest.rec;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.CUSTOMS;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.HOUR;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.ORIGIN;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.PARTNER_B;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.baytrace.api.parcel.v1.InspectionOutcome;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.tracking.domain.testing.SnapshotReplay;
import org.baytrace.tracking.domain.testing.SnapshotReplay.Rebuilt;
import org.baytrace.tracking.domain.waterbus.WaterBusFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parcel rule started from its snapshot plus the entries after it reaches the state of a full replay. */
class ParcelSnapshotTest {
  @TempDir Path dir;

  @Test
  void parcels_fromTheSnapshotAndTheTail_equalAFullReplay() {
    WaterBusFixture f = new WaterBusFixture(dir);
    f.open(new ParcelRule(f.registry));
    f.ledger.snapshotEvery(0, false);
    List<String> parcels = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      parcels.add(ParcelSubject.of(ORIGIN, "SF123456789" + i, "7KQ2M-X9D4T"));
    }
    for (String p : parcels) {
      f.append(rec(COURIER, p, T0, declared().build()));
      f.append(rec(CUSTOMS, p, T0 + HOUR, inspected(InspectionOutcome.COMPLIANT)));
    }
    f.ledger.writeRuleSnapshots(); // all declared and inspected; the tail releases and delivers two
    for (String p : parcels.subList(0, 2)) {
      f.append(rec(CUSTOMS, p, T0 + 3 * HOUR, RELEASED));
      f.append(rec(PARTNER_B, p, T0 + 20 * HOUR, DELIVERED));
    }
    f.close();

    Rebuilt<ParcelRule> r = SnapshotReplay.rebuild(dir, ORIGIN, () -> new ParcelRule(f.registry));
    assertTrue(r.report().lines().get(0).contains("snapshot of tree size 8 loaded (8 records it lists replayed), 4 entries"),
        r.report()::toString);
    for (String p : parcels) {
      Parcel full = r.replayedFromTheStart().state().parcel(p).orElseThrow();
      assertEquals(full, r.fromSnapshot().state().parcel(p).orElseThrow(), p);
    }
    assertEquals("delivered", r.fromSnapshot().state().parcel(parcels.get(0)).orElseThrow().last().status());
    for (Hash32 h : r.records()) {
      assertEquals(r.replayedFromTheStart().state().indexOf(h), r.fromSnapshot().state().indexOf(h));
    }
  }
}
