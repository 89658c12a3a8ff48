/**
 * Storage of the log (DESIGN §4): {@link org.baytrace.ledger.LedgerStore} with one
 * implementation over an ordered key-value store, backed by RocksDB on disk or by memory. See
 * {@code LedgerStore} for thread-safety.
 */
package org.baytrace.ledger.store;
