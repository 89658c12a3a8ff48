/**
 * The RFC 9162 Merkle tree as pure functions: hashing ({@link org.baytrace.ledger.merkle.Rfc9162}),
 * which stored subtree hashes a proof needs ({@link org.baytrace.ledger.merkle.ProofPlan}), the
 * append frontier ({@link org.baytrace.ledger.merkle.Frontier}) and proof verification
 * ({@link org.baytrace.ledger.merkle.MerkleVerifier}, which also checks the subtree proofs of the
 * Merkle Tree Certificates draft). No I/O. Everything is immutable and
 * thread-safe except {@code Frontier}, which belongs to one writer.
 */
package org.baytrace.ledger.merkle;
