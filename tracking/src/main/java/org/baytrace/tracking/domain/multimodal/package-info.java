/**
 * Multimodal transport (work plan item 24): a consignment handed over from one mode of transport
 * to another (sea-air, sea-rail, sea to inland waterway), by which party to which, where, and on
 * which means and documents, as signed {@code multimodal.HandOver} records.
 *
 * <p>{@link org.baytrace.tracking.domain.multimodal.MultimodalRecords} checks a record's content
 * field by field and builds record bodies; {@link
 * org.baytrace.tracking.domain.multimodal.HandOverRule} judges hand-overs in log order (the mode
 * and the holder they start from, both parties' signatures) into {@link
 * org.baytrace.tracking.domain.multimodal.MultimodalState}; {@link
 * org.baytrace.tracking.domain.multimodal.TransportModes} names the UN/ECE Recommendation 19
 * modes. Entry point for a node: {@code node.multimodal.MultimodalFeature}.
 *
 * <p>Thread-safety: the rule runs on the ledger's writer; the state is safe from any thread;
 * record checks and building are stateless.
 */
package org.baytrace.tracking.domain.multimodal;
