/**
 * Replication of one ledger across the nodes of several organisations with Apache Ratis (Raft):
 * a node checks the records it receives, proposes them in batches as Raft log entries, and every
 * node applies each committed batch to its own ledger, re-checking every record, so that all
 * nodes hold the same entries in the same order and each computes (and signs) the tree itself.
 *
 * <p>Only this package uses Ratis. Ratis shades its own gRPC and protobuf; the ledger's messages
 * cross that boundary as bytes ({@link org.baytrace.ledger.replication.BatchCodec}).
 * Thread-safety is stated on each type.
 */
package org.baytrace.ledger.replication;
