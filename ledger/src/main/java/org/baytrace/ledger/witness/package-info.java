/**
 * Outside witnesses (C2SP tlog-witness, tlog-cosignature): Ed25519 {@code cosignature/v1} signing
 * and verification ({@link org.baytrace.ledger.witness.CosignatureSigner},
 * {@link org.baytrace.ledger.witness.CosignatureVerifier}), the {@code add-checkpoint} request
 * format ({@link org.baytrace.ledger.witness.AddCheckpoint}), and a witness for other ledgers
 * ({@link org.baytrace.ledger.witness.Witness}) that keeps, durably, the latest checkpoint it
 * cosigned for each log and never cosigns one inconsistent with it. Thread-safety is stated on
 * each type.
 */
package org.baytrace.ledger.witness;
