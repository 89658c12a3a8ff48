/** The ledger's error table and its one exception type. Immutable; thread-safe. */
package org.baytrace.ledger.error;
