/**
 * EPCIS 2.0 queries over the ledger: {@code GET /events} of the EPCIS REST binding, the gRPC
 * service {@code baytrace.tracking.v1.EpcisQueryService}, and trace histories that follow
 * aggregation (an item inherits the events of the case, pallet, container and voyage it travelled
 * in, while it was inside). Entry point: {@code node.epcis.query.EpcisQueries}.
 *
 * <p>Owns the EPCIS projection: a RocksDB of its own in a directory the node gives it (e.g.
 * {@code <dataDir>/epcis}), with one column family per query dimension (event time, record time,
 * type, bizStep, disposition, readPoint, bizLocation, EPCs, parent, inputs, outputs, EPC classes,
 * eventID, event hash ID, error declarations, numeric sensor values per field and unit), keys
 * ending in the ledger index of the event, and the events themselves. It is fed only from the
 * ledger's EPCIS event records ({@link org.baytrace.tracking.domain.epcis.record.EpcisRecords}): each batch
 * of entries is applied in one atomic write together with the count of entries applied, so
 * catching up after a crash neither skips nor repeats one.
 *
 * <p><b>Rule: the projection is derived data.</b> Nothing in it is not in the ledger; deleting its
 * directory (with the node stopped) makes the node rebuild it from the ledger on the next start,
 * and a projection of another format version or another ledger is rebuilt by itself. It is never
 * backed up, replicated or verified: the ledger is.
 *
 * <p>Corrections: an event carrying an errorDeclaration marks the earlier events it names (same
 * eventID; or the same content, when it is identified by its CBV event hash ID) as declared in
 * error; they stay in the ledger and in results, carrying the first such errorDeclaration, and
 * {@code EXISTS_errorDeclaration} finds both.
 *
 * <p>Layering: parsing and matching ({@code EventQuery}, {@code EventFacts}, {@code Ids}, {@code
 * vocab.Vocab}) are pure; storage ({@code ProjectionDb}) is the only code that touches RocksDB; the
 * HTTP and gRPC adapters only translate.
 *
 * <p>Thread-safety: {@code EpcisQueries} and the services are thread-safe; the projection has one
 * writer thread of its own, and every query reads one RocksDB snapshot.
 */
package org.baytrace.tracking.domain.epcis.query;
