package org.baytrace.tracking.node.parcel;

import java.util.List;
import java.util.Optional;
import org.baytrace.ledger.ApplyRule;
import org.baytrace.ledger.registry.OrgRegistry;
import org.baytrace.tracking.domain.parcel.ParcelRule;
import org.baytrace.tracking.domain.parcel.ParcelState;
import org.baytrace.tracking.node.feature.NodeFeature;
import org.glassfish.hk2.utilities.binding.AbstractBinder;

/** The cross-border parcel profile on a node: its rule, its look-up and its routes. Thread-safe. */
public final class ParcelFeature implements NodeFeature {
  private final ParcelRule rule;
  private final Parcels parcels;

  private ParcelFeature(ParcelRule rule, Parcels parcels) {
    this.rule = rule;
    this.parcels = parcels;
  }

  /** The profile over the registry, for the ledger {@code origin} (part of every parcel subject). */
  public static ParcelFeature create(OrgRegistry registry, String origin) {
    ParcelRule rule = new ParcelRule(registry);
    return new ParcelFeature(rule, new Parcels(rule.state(), registry, origin));
  }

  public ParcelRule rule() {
    return rule;
  }

  @Override
  public List<ApplyRule> applyRules() {
    return List.of(rule);
  }

  @Override
  public List<Object> httpComponents() {
    Parcels self = parcels;
    return List.of(ParcelResource.Api.class, ParcelResource.Page.class, new AbstractBinder() {
      @Override
      protected void configure() {
        bind(self).to(Parcels.class);
      }
    });
  }

  @Override
  public <T> Optional<T> service(Class<T> type) {
    return type == ParcelState.class ? Optional.of(type.cast(rule.state())) : Optional.empty();
  }
}
