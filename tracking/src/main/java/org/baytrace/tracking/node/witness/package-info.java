/**
 * Outside witnesses over HTTP (C2SP tlog-witness): {@link org.baytrace.tracking.node.witness.WitnessPublisher}
 * sends each new checkpoint of this node's ledger, with its consistency proof, to the configured
 * witnesses and stores their verified cosignatures with the checkpoint, so that
 * {@code /checkpoint}, {@code /v1/ledger/checkpoint} and receipts carry them;
 * {@link org.baytrace.tracking.node.witness.WitnessServer} serves {@code POST /add-checkpoint} for a
 * {@link org.baytrace.ledger.witness.Witness} of other ledgers ({@code baytrace witness}).
 * Thread-safety is stated on each type.
 */
package org.baytrace.tracking.node.witness;
