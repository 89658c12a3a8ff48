package org.baytrace.tracking.domain.waterbus;

import java.util.LinkedHashMap;
import java.util.Map;
import org.baytrace.ledger.StagedRule;

/**
 * Changes on top of the committed state (or of another draft): what one batch staged, or what
 * one group would change while it is checked. Voyages are copied on first change, so the state
 * below is never touched. Single-threaded (the ledger's writer).
 */
final class Draft implements StagedRule.Layer<Draft> {
  private final WaterBusState committed;
  private final Draft parent;
  final Map<String, BargeService> services = new LinkedHashMap<>();
  final Map<String, BargeVoyage> voyages = new LinkedHashMap<>();

  Draft(WaterBusState committed, Draft parent) {
    this.committed = committed;
    this.parent = parent;
  }

  BargeService service(String urn) {
    BargeService s = services.get(urn);
    if (s != null) {
      return s;
    }
    return parent != null ? parent.service(urn) : committed.service(urn).orElse(null);
  }

  BargeVoyage voyage(String urn) {
    BargeVoyage v = voyages.get(urn);
    if (v != null) {
      return v;
    }
    return parent != null ? parent.voyage(urn) : committed.voyage(urn).orElse(null);
  }

  /** The voyage, as this draft's own copy that may be changed. */
  BargeVoyage voyageToChange(String urn) {
    BargeVoyage own = voyages.get(urn);
    if (own == null) {
      own = voyage(urn).copy();
      voyages.put(urn, own);
    }
    return own;
  }

  @Override
  public Draft child() {
    return new Draft(committed, this);
  }

  /** Hands this draft's changes to the draft below (its own copies become the parent's). */
  @Override
  public void mergeIntoParent() {
    parent.services.putAll(services);
    parent.voyages.putAll(voyages);
  }
}
