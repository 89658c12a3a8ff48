/**
 * The water bus: barge services on fixed multi-port river routes, voyages with planned,
 * estimated and actual port calls (DCSA ARRI/DEPA with PLN/EST/ACT), slot capacity in TEU and
 * reefer plugs shared among partner companies, bookings that can never exceed a partner's
 * allocation or the barge's capacity on any leg, and load/discharge events (DCSA LOAD/DISC).
 *
 * <p>{@link org.baytrace.tracking.domain.waterbus.WaterBusRule} judges every {@code waterbus.*} record in
 * log order (an {@link org.baytrace.ledger.ApplyRule}) and its committed state feeds the views
 * ({@link org.baytrace.tracking.domain.waterbus.WaterBusState}). Entry point for a node:
 * {@code node.waterbus.WaterBusFeature}.
 *
 * <p>Thread-safety: the rule is driven by the ledger's single writer; the committed state is
 * published as immutable voyage snapshots in concurrent maps, so views read it from any thread.
 * Value types ({@code ContainerNumber}, {@code UnLocode}, {@code WaterBusSubjects}) are immutable.
 */
package org.baytrace.tracking.domain.waterbus;
