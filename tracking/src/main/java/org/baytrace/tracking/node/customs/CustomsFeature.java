package org.baytrace.tracking.node.customs;

import java.util.List;
import java.util.Optional;
import org.baytrace.ledger.registry.OrgRegistry;
import org.baytrace.ledger.ApplyRule;
import org.baytrace.tracking.domain.customs.CustomsRule;
import org.baytrace.tracking.domain.waterbus.WaterBusState;
import org.baytrace.tracking.node.resolver.JourneyLegs;
import org.baytrace.tracking.node.feature.NodeFeature;
import org.glassfish.hk2.utilities.binding.AbstractBinder;

/** The customs profile on a node: its rule and its endpoints. Thread-safe. */
public final class CustomsFeature implements NodeFeature {
  private final CustomsRule rule;
  private final Customs customs;

  private CustomsFeature(CustomsRule rule, Customs customs) {
    this.rule = rule;
    this.customs = customs;
  }

  /** The profile over the registry; arrivals also come from the water bus's state. */
  public static CustomsFeature create(OrgRegistry registry, WaterBusState waterBus) {
    CustomsRule rule = new CustomsRule(registry);
    return new CustomsFeature(rule, new Customs(rule.state(), waterBus, registry));
  }

  public CustomsRule rule() {
    return rule;
  }

  public Customs customs() {
    return customs;
  }

  /** Offers the consumer page's customs legs ({@link JourneyLegs}). */
  @Override
  public <T> Optional<T> service(Class<T> type) {
    return type == JourneyLegs.class ? Optional.of(type.cast(new CustomsJourneyLegs(rule.state()))) : Optional.empty();
  }

  @Override
  public List<ApplyRule> applyRules() {
    return List.of(rule);
  }

  @Override
  public List<Object> httpComponents() {
    Customs self = customs;
    return List.of(CustomsResource.Api.class, CustomsResource.Page.class, new AbstractBinder() {
      @Override
      protected void configure() {
        bind(self).to(Customs.class);
      }
    });
  }
}
