/**
 * Customs clearance: declarations, document lodgement, risk-based inspection (ordered,
 * performed, result), duties paid, release and exit, each a signed record; who may write which
 * (customs-stage records only by the customs office of the declaration); clearance time per
 * shipment per stage in the WCO Time Release Study manner and aggregate reports per port and
 * period against the port-environment targets (JSON, CSV, an HTML page with SVG charts).
 *
 * <p>{@link org.baytrace.tracking.domain.customs.CustomsRule} judges {@code customs.*} records in log
 * order; its committed state ({@link org.baytrace.tracking.domain.customs.CustomsState}, immutable
 * {@link org.baytrace.tracking.domain.customs.Clearance} values in a concurrent map) feeds the reports,
 * together with the water bus's discharge and arrival events. Entry point for a node:
 * {@code node.customs.CustomsFeature}.
 *
 * <p>Thread-safety: the rule runs on the ledger's writer; state, reports and resources are safe
 * from any thread; statistics helpers are stateless.
 */
package org.baytrace.tracking.domain.customs;
