/**
 * The node's append path: parallel signature checks, then batched, synced appends by one
 * writer thread. Thread-safe.
 */
package org.baytrace.ledger.sequencer;
