/**
 * EPCIS 2.0 capture over the REST binding: {@code POST /capture} (documents, asynchronous capture
 * jobs with {@code rollback} or {@code proceed} error behaviour), {@code GET /capture[/{id}]},
 * {@code OPTIONS /capture} and {@code POST /events} (one event, synchronous). Owns: reading and
 * checking what clients send (content type, size, strict JSON, the rules of GS1's EPCIS 2.0 JSON
 * schema written as code: {@link org.baytrace.tracking.node.epcis.capture.EpcisSchema}),
 * turning each event into one record signed as the capturing organisation
 * ({@link org.baytrace.tracking.domain.epcis.record.EpcisRecords} is the record contract), appending
 * through the node's sequencer, and the capture jobs (in memory, bounded, forgotten on restart).
 * Errors are RFC 7807 problem JSON whose {@code type} is the binding's EPCIS exception.
 *
 * <p>Entry point: {@link org.baytrace.tracking.node.epcis.capture.EpcisCapture} and its
 * {@code httpComponents()} for {@code LedgerHttpServer.start}.
 *
 * <p>Thread-safety: {@code EpcisCapture}, {@code EpcisSchema} and the capture jobs are
 * thread-safe; resources and the problem mapper are created per request or are stateless. One
 * capture worker thread prepares documents in arrival order; appends complete on the sequencer's
 * writer thread.
 */
package org.baytrace.tracking.node.epcis.capture;
