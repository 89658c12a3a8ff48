package org.baytrace.tracking.node.feature;

import io.grpc.BindableService;
import java.util.List;
import java.util.Optional;
import org.baytrace.ledger.ApplyRule;
import org.baytrace.tracking.node.resolver.ColdChainProfile;

/**
 * One domain profile plugged into a node (cold chain, biomaterials, water bus, customs): the
 * apply rules it adds to the ledger, and what it serves over HTTP and gRPC. {@code NodeFeatures}
 * lists them; {@code BayTraceNode} installs the rules before appends start and closes features
 * after the servers stop.
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

  /** The consumer page's cold-chain verdict, if this profile gives one (the first feature's wins). */
  default Optional<ColdChainProfile> coldChainProfile() {
    return Optional.empty();
  }

  @Override
  default void close() {}
}
