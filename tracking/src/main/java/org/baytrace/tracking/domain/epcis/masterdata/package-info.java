/**
 * EPCIS 2.0 master data ({@code epcisHeader.epcisMasterData}): vocabulary elements (a product
 * class, a location, a party) with their attributes, carried in ledger records of their own
 * ({@link org.baytrace.tracking.domain.epcis.masterdata.MasterDataRecords}), one record per
 * element, so that an element's history is its subject chain. Attribute ids are read in one form
 * ({@link org.baytrace.tracking.domain.epcis.masterdata.AttributeIds}); language-tagged values
 * (JSON-LD {@code {"@value": ..., "@language": ...}}) are picked for a reader's language by
 * {@link org.baytrace.tracking.domain.epcis.masterdata.LocalizedText}. Pure; every type is
 * immutable and thread-safe.
 */
package org.baytrace.tracking.domain.epcis.masterdata;
