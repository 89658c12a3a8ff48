package org.baytrace.tracking.node.waterbus;

import java.util.List;
import java.util.Optional;
import org.baytrace.ledger.registry.OrgRegistry;
import org.baytrace.ledger.ApplyRule;
import org.baytrace.tracking.domain.waterbus.WaterBusRule;
import org.baytrace.tracking.domain.waterbus.WaterBusState;
import org.baytrace.tracking.node.resolver.JourneyLegs;
import org.baytrace.tracking.node.feature.NodeFeature;
import org.glassfish.hk2.utilities.binding.AbstractBinder;

/** The water-bus profile on a node: its rule and its endpoints. Thread-safe. */
public final class WaterBusFeature implements NodeFeature {
  private final WaterBusRule rule;
  private final WaterBusViews views;

  private WaterBusFeature(WaterBusRule rule) {
    this.rule = rule;
    this.views = new WaterBusViews(rule.state());
  }

  public static WaterBusFeature create(OrgRegistry registry) {
    return new WaterBusFeature(new WaterBusRule(registry));
  }

  /** The committed water-bus state (customs reads arrivals from it). */
  public WaterBusState state() {
    return rule.state();
  }

  public WaterBusViews views() {
    return views;
  }

  /**
   * Offers the committed {@link WaterBusState} (customs reads arrivals from it) and the consumer
   * page's water-bus legs ({@link JourneyLegs}).
   */
  @Override
  public <T> Optional<T> service(Class<T> type) {
    if (type == JourneyLegs.class) {
      return Optional.of(type.cast(new WaterBusJourneyLegs(state())));
    }
    return type == WaterBusState.class ? Optional.of(type.cast(state())) : Optional.empty();
  }

  @Override
  public List<ApplyRule> applyRules() {
    return List.of(rule);
  }

  @Override
  public List<Object> httpComponents() {
    WaterBusViews self = views;
    return List.of(WaterBusResource.Api.class, WaterBusResource.Page.class, new AbstractBinder() {
      @Override
      protected void configure() {
        bind(self).to(WaterBusViews.class);
      }
    });
  }
}
