/**
 * The plug-in point of the node's domain profiles: {@link
 * org.baytrace.tracking.node.feature.NodeFeature}. Profiles implement it in their node packages
 * ({@code node.coldchain}, {@code node.waterbus}, ...); the node lists them. This package imports
 * no profile, so profiles and the node do not depend on each other in a circle.
 */
package org.baytrace.tracking.node.feature;
