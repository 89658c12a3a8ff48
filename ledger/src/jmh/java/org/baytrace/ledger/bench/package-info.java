/**
 * JMH benchmarks of the ledger core (docs/BENCHMARKS.md): Ed25519 sign and verify (BouncyCastle
 * and the JDK's provider), record parse and verify, leaf and tree append, RocksDB batch append
 * with sync, and proofs over a one-million-entry store. Built only by the Maven profile
 * {@code bench}; never run by the default build or tests. Each benchmark state is confined to
 * the thread JMH gives it unless its Javadoc says otherwise.
 */
package org.baytrace.ledger.bench;
