/**
 * How a node serves the water bus ({@code domain.waterbus}): {@link
 * org.baytrace.tracking.node.waterbus.WaterBusFeature} (the rule; offers the committed {@code
 * WaterBusState} to customs), the views under {@code /v1/waterbus} and the voyage page.
 *
 * <p>Thread-safety: views read immutable voyage snapshots; everything here is thread-safe.
 */
package org.baytrace.tracking.node.waterbus;
