package org.baytrace.tracking.node.coldchain;

import io.grpc.BindableService;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.baytrace.config.ConfigException;
import org.baytrace.ledger.ApplyRule;
import org.baytrace.tracking.domain.coldchain.ColdChainRule;
import org.baytrace.tracking.domain.coldchain.ColdChainState;
import org.baytrace.tracking.domain.coldchain.CommodityProfiles;
import org.baytrace.tracking.domain.coldchain.ExcursionBus;
import org.baytrace.tracking.node.feature.NodeFeature;
import org.baytrace.tracking.node.resolver.ColdChainProfile;

/**
 * The cold-chain profile of a node: the apply rule, the HTTP resource (verdicts, charts,
 * profiles, SSE excursion stream), the gRPC ColdChainService and the consumer page's verdict.
 * Thread-safe.
 */
public final class ColdChainFeature implements NodeFeature {
  private final ColdChainState state;
  private final ExcursionBus bus = new ExcursionBus();
  private final ColdChainRule rule;

  public ColdChainFeature(CommodityProfiles profiles) {
    this.state = new ColdChainState(profiles);
    this.rule = new ColdChainRule(state, bus);
  }

  /**
   * The feature with the built-in profiles, or with {@code profilesFile} applied to them.
   *
   * @throws IllegalArgumentException with the file, key and problem if the file is not usable
   */
  public static ColdChainFeature create(Optional<Path> profilesFile) {
    try {
      return new ColdChainFeature(profilesFile.isPresent() ? CommodityProfiles.load(profilesFile.get())
          : CommodityProfiles.defaults());
    } catch (ConfigException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  public ColdChainState state() {
    return state;
  }

  public ExcursionBus bus() {
    return bus;
  }

  @Override
  public List<ApplyRule> applyRules() {
    return List.of(rule);
  }

  @Override
  public List<Object> httpComponents() {
    return List.of(new ColdChainResource(state, bus));
  }

  @Override
  public List<BindableService> grpcServices() {
    return List.of(new ColdChainGrpcService(bus));
  }

  /** Offers the consumer page's cold-chain verdict ({@link ColdChainProfile}). */
  @Override
  public <T> Optional<T> service(Class<T> type) {
    return type == ColdChainProfile.class ? Optional.of(type.cast(new ColdChainPageProfile(state))) : Optional.empty();
  }

  @Override
  public void close() {
    bus.close();
  }
}
