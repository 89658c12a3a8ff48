package org.baytrace.tracking.domain.coldchain;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.baytrace.ledger.AppliedRecord;
import org.baytrace.ledger.ApplyRule;
import org.baytrace.ledger.Overlay;
import org.baytrace.ledger.StagedRule;
import org.baytrace.ledger.record.ParsedRecord;
import org.baytrace.tracking.domain.epcis.record.EpcisRecords;

/**
 * The cold-chain apply rule: refuses cold-chain records whose content breaks a field rule
 * (INVALID_FIELD, nothing stored), and, as records are committed in log order, keeps {@link
 * ColdChainState} up to date and announces every excursion that a committed batch newly reveals
 * on the {@link ExcursionBus}. Verdicts use only record contents, so every node reaches the same
 * ones. Called by the ledger's writer only.
 */
public final class ColdChainRule extends StagedRule<Overlay<String, Object>> {
  private final ColdChainState state;
  private final ExcursionBus bus;

  public ColdChainRule(ColdChainState state, ExcursionBus bus) {
    this.state = state;
    this.bus = bus;
  }

  @Override
  public void replay(AppliedRecord applied) {
    state.ingest(applied); // history: subscribers only hear of excursions found from now on
  }

  /** The snapshot name of this rule's state. */
  public static final String SNAPSHOT = "coldchain";

  /**
   * Snapshotted as the records its state took: cold-chain shipments and logger readings, and
   * EPCIS events that carry temperature readings ({@link ColdChainState#ingest} ignores the rest).
   */
  @Override
  public Optional<ApplyRule.Snapshots> snapshots() {
    return Optional.of(ApplyRule.Snapshots.ofTakenRecords(SNAPSHOT, 1, r -> ColdChainRecords.isColdChain(r.kind())
        || r.kind().startsWith(EpcisRecords.KIND_PREFIX) && !SampleSources.fromEpcis(r, 0).isEmpty()));
  }

  /** Nothing is staged: no check here depends on earlier records of the batch. */
  @Override
  protected Overlay<String, Object> draft() {
    return Overlay.over(key -> null);
  }

  @Override
  protected void apply(ParsedRecord record, Overlay<String, Object> draft) {
    ColdChainRecords.check(record);
  }

  @Override
  protected void commit(Overlay<String, Object> draft, List<AppliedRecord> stored) {
    Map<String, Long> touched = new LinkedHashMap<>();
    for (AppliedRecord a : stored) {
      for (String s : ColdChainState.relevantSubjects(a.record())) {
        touched.merge(s, a.index(), Math::max);
      }
    }
    Map<String, Set<String>> before = new HashMap<>();
    for (String s : touched.keySet()) {
      before.put(s, keys(state.verdict(s)));
    }
    stored.forEach(state::ingest);
    for (Map.Entry<String, Long> t : touched.entrySet()) {
      Optional<Verdict> v = state.verdict(t.getKey());
      if (v.isEmpty() || v.get().profile() == null) {
        continue;
      }
      Set<String> old = before.get(t.getKey());
      for (Excursion e : v.get().excursions()) {
        if (!old.contains(e.key())) {
          bus.publish(new ExcursionEvent(t.getKey(), v.get().commodity(), e, t.getValue()));
        }
      }
    }
  }

  private static Set<String> keys(Optional<Verdict> v) {
    Set<String> keys = new HashSet<>();
    v.ifPresent(x -> x.excursions().forEach(e -> keys.add(e.key())));
    return keys;
  }
}
