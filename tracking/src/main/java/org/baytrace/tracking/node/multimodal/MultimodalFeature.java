package org.baytrace.tracking.node.multimodal;

import java.util.List;
import java.util.Optional;
import org.baytrace.ledger.ApplyRule;
import org.baytrace.ledger.registry.OrgRegistry;
import org.baytrace.tracking.domain.multimodal.HandOverRule;
import org.baytrace.tracking.domain.multimodal.MultimodalState;
import org.baytrace.tracking.node.feature.NodeFeature;
import org.baytrace.tracking.node.resolver.JourneyLegs;

/** The multimodal profile on a node: the hand-over rule, and the hand-overs on the consumer page. Thread-safe. */
public final class MultimodalFeature implements NodeFeature {
  private final HandOverRule rule;

  private MultimodalFeature(HandOverRule rule) {
    this.rule = rule;
  }

  public static MultimodalFeature create(OrgRegistry registry) {
    return new MultimodalFeature(new HandOverRule(registry));
  }

  public MultimodalState state() {
    return rule.state();
  }

  @Override
  public List<ApplyRule> applyRules() {
    return List.of(rule);
  }

  /** Offers the consumer page's hand-over legs ({@link JourneyLegs}) and the committed state. */
  @Override
  public <T> Optional<T> service(Class<T> type) {
    if (type == JourneyLegs.class) {
      return Optional.of(type.cast(new MultimodalJourneyLegs(rule.state())));
    }
    return type == MultimodalState.class ? Optional.of(type.cast(rule.state())) : Optional.empty();
  }
}
