/**
 * How a node serves cross-border parcels ({@code domain.parcel}): {@link
 * org.baytrace.tracking.node.parcel.ParcelFeature} (the rule), the lookup by waybill and label
 * code with its rate limit ({@code Parcels}, {@code LookupLimit}), {@code GET
 * /v1/parcels/{waybill}?code=} as JSON and {@code GET /parcels/{waybill}?code=} as the shopper's
 * page ({@code ParcelResource}, drawn by {@code node.resolver.ParcelPages}).
 *
 * <p>Thread-safety: all of it is safe from any thread.
 */
package org.baytrace.tracking.node.parcel;
