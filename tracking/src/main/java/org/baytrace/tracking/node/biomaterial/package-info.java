/**
 * How a node serves biomaterials ({@code domain.biomaterial}): {@link
 * org.baytrace.tracking.node.biomaterial.BiomaterialFeature} (the custody rule) and the
 * chain-of-custody report under {@code /v1/biomaterial} as JSON or an HTML page.
 *
 * <p>Thread-safety: the feature and the resource are thread-safe over the custody state.
 */
package org.baytrace.tracking.node.biomaterial;
