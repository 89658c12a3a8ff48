package org.baytrace.ledger.store;

/** The storage contract on the in-memory store. */
class InMemoryLedgerStoreTest extends LedgerStoreContractTest {
  @Override
  protected LedgerStore openStore() {
    return LedgerStore.inMemory();
  }
}
