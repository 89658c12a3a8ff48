package org.baytrace.ledger.store;

import org.baytrace.ledger.LedgerStore;

/** The storage contract on the in-memory store. */
class InMemoryLedgerStoreTest extends LedgerStoreContractTest {
  @Override
  protected LedgerStore openStore() {
    return LedgerStores.inMemory();
  }
}
