/**
 * The one exception type that every verifier in the ledger library throws, and the list of
 * checks that can fail. Immutable; thread-safe.
 */
package org.baytrace.ledger.verify;
