/**
 * The EPCIS event hash ID of GS1 CBV 2.0 §8.9 ({@link
 * org.baytrace.tracking.domain.epcis.hash.EventHash}): the canonical pre-hash string of an EPCIS 2.0
 * JSON-LD event and its {@code ni:///sha-256;...?ver=CBV2.0} id, for single events and for whole
 * EPCIS (query) documents. Identifiers are normalised with {@link org.baytrace.tracking.gs1}.
 *
 * <p>Pure functions over Jackson trees, no I/O; every type is stateless or immutable and
 * thread-safe. Input trees are only read.
 */
package org.baytrace.tracking.domain.epcis.hash;
