/**
 * Records as authors sign them (DESIGN §3.1): {@link org.baytrace.ledger.record.Records} signs,
 * parses (shape and limits) and verifies signatures over the exact received bytes;
 * {@link org.baytrace.ledger.record.ParsedRecord} keeps those bytes. Immutable; thread-safe.
 */
package org.baytrace.ledger.record;
