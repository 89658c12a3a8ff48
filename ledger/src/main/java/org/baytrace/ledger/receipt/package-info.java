/**
 * Receipts (DESIGN §3.4): the JSON bundle and its pure, offline verifier. Immutable; thread-safe.
 */
package org.baytrace.ledger.receipt;
