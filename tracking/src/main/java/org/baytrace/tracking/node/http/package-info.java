/**
 * The node's HTTP API (Jersey on Grizzly). Owns: the read API for auditors who do not speak gRPC
 * under {@code /v1/ledger} (checkpoint, head, verifier keys, entries, receipts, consistency
 * proofs, subject histories), the mapping of every error to RFC 7807 problem JSON from the
 * {@link org.baytrace.ledger.error.LedgerError} table, caching and CORS headers, and the server
 * that later resources (EPCIS capture, the consumer resolver page) join through
 * {@link org.baytrace.tracking.node.http.LedgerHttpServer#start(org.baytrace.ledger.Ledger,
 * java.net.InetSocketAddress, Object...)}. Formats served are those of the ledger (DESIGN §3.3
 * checkpoints, §3.4 receipts, RFC 9162 proofs); the entry JSON is described on {@code EntryJson}.
 * It also owns what every public Grizzly listener of the project uses against slow and greedy
 * clients ({@link org.baytrace.tracking.node.http.GuardedHttpServer} for connections and threads,
 * {@link org.baytrace.tracking.node.http.BodyGuard} for request bodies), the witness's included.
 *
 * <p>Thread-safety: {@code LedgerHttpServer} is thread-safe; resources, mappers and filters are
 * stateless singletons called concurrently from Grizzly's worker threads, and only read the
 * ledger (whose reads are thread-safe). Nothing here writes to the ledger, except that asking for
 * a checkpoint or receipt at a tree size this node has not signed yet makes the ledger sign and
 * store one (see {@link org.baytrace.ledger.Ledger#checkpointAt(long)}).
 */
package org.baytrace.tracking.node.http;
