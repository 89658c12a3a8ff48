/**
 * The biomaterial profile: shipments with their UN category, temperature class and permit
 * ({@code biomaterial.Shipment}), custody hand-overs signed by both sides ({@code
 * biomaterial.HandOver}, judged in log order by {@link
 * org.baytrace.tracking.domain.biomaterial.CustodyRule}), and the chain-of-custody report (holders,
 * gaps, hand-overs seen only in EPCIS events, temperature breaches). Entry point for a node:
 * {@code node.biomaterial.BiomaterialFeature}.
 *
 * <p>Thread-safety: {@link org.baytrace.tracking.domain.biomaterial.CustodyState} guards its data with
 * one lock (the ledger's writer mutates, HTTP threads read); the rule's batches are used by the
 * writer only; everything else is immutable or stateless.
 */
package org.baytrace.tracking.domain.biomaterial;
