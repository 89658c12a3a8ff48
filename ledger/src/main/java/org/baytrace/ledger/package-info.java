/**
 * The BayTrace ledger library. {@link org.baytrace.ledger.Ledger} is the entry point for a node;
 * offline verifiers need only {@code receipt.ReceiptVerifier}, {@code checkpoint},
 * {@code merkle} and {@link org.baytrace.ledger.SubjectChain}. Thread-safety is stated on each
 * type.
 */
package org.baytrace.ledger;
