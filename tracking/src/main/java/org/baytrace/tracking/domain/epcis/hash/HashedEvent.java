package org.baytrace.tracking.domain.epcis.hash;

/**
 * The event hash of one event of a document.
 *
 * @param index the event's position in the document's event list, from 0
 * @param preHashString the canonical pre-hash string
 * @param hashId the event hash ID, {@code ni:///sha-256;<hex>?ver=CBV2.0}
 */
public record HashedEvent(int index, String preHashString, String hashId) {}
