/**
 * The cold-chain profile: commodity profiles (two-sided ranges, tolerance bands, allowances for a
 * single continuous breach and for accumulated breach time), temperature samples from EPCIS
 * {@code sensorElementList} and from {@code coldchain.LoggerReadings} records, the verdict of
 * each shipment, computed only from records in log order ({@link
 * org.baytrace.tracking.domain.coldchain.ColdChainRule}), its SVG chart, and excursions streamed over
 * gRPC and Server-Sent Events. Entry point for a node: {@code node.coldchain.ColdChainFeature}.
 *
 * <p>Thread-safety: value types and {@link org.baytrace.tracking.domain.coldchain.Judge} are immutable or
 * stateless; {@link org.baytrace.tracking.domain.coldchain.ColdChainState} guards its data with one lock
 * (the ledger's writer mutates it, HTTP and gRPC threads read); {@link
 * org.baytrace.tracking.domain.coldchain.ExcursionBus} is thread-safe.
 */
package org.baytrace.tracking.domain.coldchain;
