/**
 * How a node runs multimodal transport ({@code domain.multimodal}): {@link
 * org.baytrace.tracking.node.multimodal.MultimodalFeature} installs the hand-over rule and offers
 * the consumer page the hand-overs of the goods it shows ({@code MultimodalJourneyLegs}).
 *
 * <p>Thread-safety: all of it is safe from any thread.
 */
package org.baytrace.tracking.node.multimodal;
