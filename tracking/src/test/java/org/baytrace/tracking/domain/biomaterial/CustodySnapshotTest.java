package org.baytrace.tracking.domain.biomaterial;

import static org.baytrace.tracking.domain.biomaterial.BioFixture.HOUR;
import static org.baytrace.tracking.domain.biomaterial.BioFixture.SSCC;
import static org.baytrace.tracking.domain.biomaterial.BioFixture.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.baytrace.api.biomaterial.v1.Category;
import org.baytrace.api.biomaterial.v1.TemperatureClass;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.TestRecords;
import org.baytrace.tracking.domain.testing.SnapshotReplay;
import org.baytrace.tracking.domain.testing.SnapshotReplay.Rebuilt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The custody rule started from its snapshot plus the entries after it reaches the state of a full replay. */
class CustodySnapshotTest {
  @TempDir Path dir;

  @Test
  void custodyChain_fromTheSnapshotAndTheTail_equalsAFullReplay() {
    BioFixture f = new BioFixture(dir);
    try (Ledger ledger = f.open()) {
      ledger.snapshotEvery(0, false);
      ledger.append(BioFixture.sign(f.shipment(SSCC, Category.UN3373_CATEGORY_B, TemperatureClass.REFRIGERATED, ""), f.lab));
      ledger.append(BioFixture.sign(f.handOver(SSCC, "gz-lab", "baiyun-courier", T0 + HOUR), f.lab, f.courier));
      ledger.writeRuleSnapshots(); // the courier holds it; the tail hands it on twice
      ledger.append(BioFixture.sign(f.handOver(SSCC, "baiyun-courier", "hk-lab", T0 + 5 * HOUR).setAuthorOrg("hk-lab"),
          f.hkLab, f.courier));
      ledger.append(BioFixture.sign(f.handOver(SSCC, "hk-lab", "baiyun-courier", T0 + 9 * HOUR).setAuthorOrg("hk-lab"),
          f.hkLab, f.courier));
    }

    Rebuilt<CustodyRule> r = SnapshotReplay.rebuild(dir, TestRecords.ORIGIN, () -> new CustodyRule(f.registry,
        new CustodyState()));
    assertTrue(r.report().lines().get(0).contains("snapshot of tree size 2 loaded (2 records it lists replayed), 2 entries"),
        r.report()::toString);
    CustodyState full = r.replayedFromTheStart().state();
    CustodyState restored = r.fromSnapshot().state();
    assertEquals(List.of(SSCC), restored.subjects());
    assertEquals(full.subjects(), restored.subjects());
    assertEquals(full.custody(SSCC), restored.custody(SSCC));
    assertEquals(List.of("gz-lab", "baiyun-courier", "hk-lab", "baiyun-courier"),
        restored.custody(SSCC).orElseThrow().holdings().stream().map(CustodyState.Holding::org).toList());
  }
}
