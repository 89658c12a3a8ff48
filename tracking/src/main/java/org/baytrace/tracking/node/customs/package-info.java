/**
 * How a node serves customs ({@code domain.customs}): {@link
 * org.baytrace.tracking.node.customs.CustomsFeature} (the rule, over the water bus's arrivals),
 * declarations and clearance reports under {@code /v1/customs} as JSON and CSV ({@code Customs},
 * {@code ReportJson}), and the report page with its SVG charts ({@code ReportPage}).
 *
 * <p>Thread-safety: all of it is safe from any thread; the state it reads is immutable snapshots.
 */
package org.baytrace.tracking.node.customs;
