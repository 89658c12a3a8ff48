/**
 * The GS1 Digital Link resolver: the consumer page a QR code on a product leads to. Owns the
 * routes {@code /01/...} and {@code /00/...} (HTML in the three languages of {@link
 * org.baytrace.tracking.node.pages.Lang} on the shared layout of {@code node.pages}, JSON, the GS1
 * link set), {@code /qr/...} (QR codes as PNG and SVG) and {@code /v1/resolver/...} (the
 * receipts bundle of a code, the page's stylesheet and script), all joining the node's HTTP
 * server through {@link org.baytrace.tracking.node.resolver.Resolver#httpComponents()}.
 *
 * <p>Where events come from is one small interface, {@link org.baytrace.tracking.node.resolver.TraceSource}
 * ({@link org.baytrace.tracking.node.resolver.LedgerTraceSource} reads subject histories; a projection
 * with aggregation inheritance can replace it). Before showing the "verified" badge the node
 * checks its own log: every event shown must have a receipt that verifies against the node's
 * checkpoint key and holds that very event. What a consumer sees is built from a whitelist
 * (time, place, CBV step and disposition, temperature readings, a few GS1 master data
 * attributes): business transactions, parties, prices and user extensions never reach the page.
 * Cold-chain rules plug in through {@link org.baytrace.tracking.node.resolver.ColdChainProfile}, the
 * other profiles' legs of the journey (water bus, customs) through {@link
 * org.baytrace.tracking.node.resolver.JourneyLegs}; the badge covers their records too.
 *
 * <p>The node's badge is its own word. The page's script ({@code verify-*.js} beside these
 * classes) lets the shopper's phone verify instead: against the ledger's trust root that the QR
 * code carries ({@code ?trustRoot=}: the hash of the genesis entry, from which it follows the
 * registry's governance entries to today's checkpoint signers, or a key set), it checks each shown
 * record's author signatures, inclusion proof and checkpoint signatures with WebCrypto, renders the facts from the verified records, and
 * remembers the checkpoint for a consistency check on the next visit (tracking README).
 *
 * <p>Thread-safety: {@code Resolver} is immutable; the resources are singletons called
 * concurrently by the HTTP worker threads, and only read the ledger (except that a receipt for a
 * tree size without a checkpoint makes the ledger sign one, as {@code Ledger.checkpointAt} does).
 * Messages, the page template, stylesheet and script are resources beside these classes.
 */
package org.baytrace.tracking.node.resolver;
