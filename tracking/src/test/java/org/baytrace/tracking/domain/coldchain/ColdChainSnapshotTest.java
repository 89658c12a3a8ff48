package org.baytrace.tracking.domain.coldchain;

import static org.baytrace.tracking.domain.coldchain.Recs.MIN;
import static org.baytrace.tracking.domain.coldchain.Recs.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.baytrace.api.coldchain.v1.Phase;
import org.baytrace.ledger.AuthorPolicy;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.LedgerConfig;
import org.baytrace.ledger.TestRecords;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.store.LedgerStores;
import org.baytrace.tracking.domain.testing.SnapshotReplay;
import org.baytrace.tracking.domain.testing.SnapshotReplay.Rebuilt;
import org.baytrace.tracking.node.coldchain.ColdChainFeature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cold-chain rule started from its snapshot plus the entries after it reaches the state of a
 * full replay: commodities, samples and the verdicts judged from them.
 */
class ColdChainSnapshotTest {
  static final String LOT = "https://id.gs1.org/01/09506000134352/10/BEEF-0425";
  static final String BOX = "urn:baytrace:container:CSQU3054383";
  @TempDir Path dir;
  final SigningKey key = SigningKey.generate();

  @Test
  void commoditiesSamplesAndVerdicts_fromTheSnapshotAndTheTail_equalAFullReplay() {
    ColdChainFeature feature = new ColdChainFeature(CommodityProfiles.defaults());
    try (Ledger ledger = Ledger.open(new LedgerConfig(TestRecords.ORIGIN, new NoteSigner("n", SigningKey.generate()),
        AuthorPolicy.anyKey()), LedgerStores.openRocksDb(dir))) {
      feature.applyRules().forEach(ledger::install);
      ledger.snapshotEvery(0, false);
      ledger.append(Recs.sign(Recs.shipment(LOT, "frozen-meat", "s1"), key));
      ledger.append(Recs.sign(Recs.logger(LOT, Recs.readings(T0, MIN, Phase.PHASE_STORAGE, "Nansha cold store 3",
          cold(-20, 30)), "l1"), key));
      ledger.writeRuleSnapshots();
      double[] warm = cold(-20, 40);
      Arrays.fill(warm, 10, 20, -17); // a warm stretch in the cold store after the snapshot: -17 for 10 min
      ledger.append(Recs.sign(Recs.logger(LOT, Recs.readings(T0 + 30 * MIN, MIN, Phase.PHASE_STORAGE, "Nansha cold store 3",
          warm), "l2"), key));
      ledger.append(Recs.sign(Recs.logger(BOX, Recs.readings(T0, MIN, Phase.PHASE_TRANSPORT, "barge", cold(4, 20)), "l3"),
          key));
    }

    List<ColdChainFeature> made = new ArrayList<>();
    Rebuilt<ColdChainRule> r = SnapshotReplay.rebuild(dir, TestRecords.ORIGIN, () -> {
      ColdChainFeature f = new ColdChainFeature(CommodityProfiles.defaults());
      made.add(f);
      return (ColdChainRule) f.applyRules().get(0);
    });
    assertTrue(r.report().lines().get(0).contains("snapshot of tree size 2 loaded (2 records it lists replayed), 2 entries"),
        r.report()::toString);
    ColdChainState restored = made.get(0).state();
    ColdChainState full = made.get(1).state();
    assertEquals(List.of(LOT, BOX).stream().sorted().toList(), restored.subjects());
    for (String s : full.subjects()) {
      assertEquals(full.commodity(s), restored.commodity(s), s);
      assertEquals(full.samples(s), restored.samples(s), s);
      assertEquals(full.verdict(s), restored.verdict(s), s);
    }
    assertEquals(Verdict.Status.EXCURSION, restored.verdict(LOT).orElseThrow().status());
  }

  private static double[] cold(double celsius, int n) {
    double[] t = new double[n];
    Arrays.fill(t, celsius);
    return t;
  }
}
