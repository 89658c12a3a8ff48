package org.baytrace.tracking.node.feature;

import io.grpc.BindableService;
import java.util.List;
import java.util.Optional;
import org.baytrace.ledger.ApplyRule;

/**
 * One domain profile plugged into a node (cold chain, biomaterials, water bus, customs): the
 * apply rules it adds to the ledger, what it serves over HTTP and gRPC, and the services it offers
 * the rest of the node. The node's feature list installs the rules before appends start and
 * closes features after the servers stop. Nothing here names a profile: a profile is known to the
 * node only through these methods.
 *
 * <p>Implementations are thread-safe once built.
 */
public interface NodeFeature extends AutoCloseable {

  /** Rules judged in log order when batches are applied (see {@link ApplyRule}). */
  default List<ApplyRule> applyRules() {
    return List.of();
  }

  /** Jersey resources, providers and mappers to register on the node's HTTP server. */
  default List<Object> httpComponents() {
    return List.of();
  }

  /** gRPC services to add to the node's gRPC server. */
  default List<BindableService> grpcServices() {
    return List.of();
  }

  /**
   * A service of type {@code type} that this feature offers other parts of the node (the
   * consumer page's cold-chain verdict, the water-bus state customs reads arrivals from), or
   * empty if it offers none of that type.
   */
  default <T> Optional<T> service(Class<T> type) {
    return Optional.empty();
  }

  /** The first service of {@code type} that one of {@code features} offers, in list order. */
  static <T> Optional<T> firstService(List<? extends NodeFeature> features, Class<T> type) {
    return features.stream().flatMap(f -> f.service(type).stream()).findFirst();
  }

  @Override
  default void close() {}
}
