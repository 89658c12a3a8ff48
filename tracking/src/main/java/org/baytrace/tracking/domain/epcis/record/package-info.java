/** How EPCIS 2.0 events are carried in ledger records, both ways. Stateless; thread-safe. */
package org.baytrace.tracking.domain.epcis.record;
