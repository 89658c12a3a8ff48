/**
 * The consortium's registry (DESIGN §8): organisations, their roles, GS1 company prefixes and
 * keys with their validity, the author policy table, the member nodes and the governance
 * threshold; its canonical encoding; and the governance records that change it, judged and
 * applied in log order by {@link org.baytrace.ledger.registry.GovernanceRule}. The founding
 * configuration (node-config) builds the first registry; from then on the ledger holds it.
 *
 * <p>Every value type here is immutable and thread-safe.
 */
package org.baytrace.ledger.registry;
