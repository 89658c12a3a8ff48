/**
 * Cross-border e-commerce parcels (work plan item 19): a parcel's customs life as signed records
 * (declared, inspected, held, released, delivered, returned), who may write which, and the parcel
 * subject that keeps the parcel out of sight of anyone who does not hold both its waybill number
 * and the short code printed on its label.
 *
 * <p>{@link org.baytrace.tracking.domain.parcel.ParcelRule} judges {@code parcel.*} records in log
 * order into {@link org.baytrace.tracking.domain.parcel.ParcelState}; {@link
 * org.baytrace.tracking.domain.parcel.ParcelSubject} derives a parcel's subject from origin,
 * waybill and code (Argon2id); {@link org.baytrace.tracking.domain.parcel.ParcelRecords} builds the
 * record bodies. Entry point for a node: {@code node.parcel.ParcelFeature}.
 *
 * <p>Thread-safety: the rule runs on the ledger's writer; the state is safe from any thread;
 * subject derivation and record building are stateless.
 */
package org.baytrace.tracking.domain.parcel;
