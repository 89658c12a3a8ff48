/**
 * GS1 vocabulary as EPCIS 2.0 events carry it: CBV values in any of their spellings reduced to one
 * form, JSON-LD compact IRIs expanded. The queries ({@code domain.epcis.query}) and the consumer
 * page ({@code node.resolver}) read events through it, so a value means the same in both. Pure.
 */
package org.baytrace.tracking.domain.epcis.vocab;
