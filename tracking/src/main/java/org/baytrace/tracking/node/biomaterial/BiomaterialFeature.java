package org.baytrace.tracking.node.biomaterial;

import java.util.List;
import org.baytrace.ledger.registry.OrgRegistry;
import org.baytrace.ledger.ApplyRule;
import org.baytrace.tracking.domain.biomaterial.CustodyRule;
import org.baytrace.tracking.domain.biomaterial.CustodyState;
import org.baytrace.tracking.node.feature.NodeFeature;

/** The biomaterial profile of a node: the custody rule and the custody report. Thread-safe. */
public final class BiomaterialFeature implements NodeFeature {
  private final CustodyState state = new CustodyState();
  private final OrgRegistry registry;
  private final CustodyRule rule;

  private BiomaterialFeature(OrgRegistry registry) {
    this.registry = registry;
    this.rule = new CustodyRule(registry, state);
  }

  /** @param registry the node's effective org registry: hand-over signatures are checked against it */
  public static BiomaterialFeature create(OrgRegistry registry) {
    return new BiomaterialFeature(registry);
  }

  @Override
  public List<ApplyRule> applyRules() {
    return List.of(rule);
  }

  @Override
  public List<Object> httpComponents() {
    return List.of(new CustodyResource(state, registry));
  }
}
