/**
 * How a node serves the cold chain ({@code domain.coldchain}): {@link
 * org.baytrace.tracking.node.coldchain.ColdChainFeature} (the apply rule, the services below), the
 * REST resource under {@code /v1/coldchain} (profiles, verdicts as JSON, the SVG chart, the
 * Server-Sent Events excursion stream), the gRPC {@code ColdChainService}, and the consumer
 * page's verdict ({@code ColdChainPageProfile}, offered as a {@code ColdChainProfile} service).
 *
 * <p>Thread-safety: the feature and the gRPC service are thread-safe; resources are stateless
 * over the thread-safe cold-chain state and excursion bus.
 */
package org.baytrace.tracking.node.coldchain;
