/**
 * The leaf format (DESIGN §3.2): a log entry's exact bytes, a {@code LogEntry} protobuf carrying
 * the index, the record time, one link per subject and the signed record. {@link
 * org.baytrace.ledger.leaf.LeafCodec} is the only code that writes or reads those bytes. Pure;
 * thread-safe.
 */
package org.baytrace.ledger.leaf;
