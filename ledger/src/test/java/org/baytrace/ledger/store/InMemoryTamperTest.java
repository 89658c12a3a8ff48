package org.baytrace.ledger.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.baytrace.ledger.PendingRecord;
import org.baytrace.ledger.crypto.Sha256;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.junit.jupiter.api.Test;

/** The same corruption checks on the in-memory store, tampered through its test hook. */
class InMemoryTamperTest {
  private static KvLedgerStore storeWith(int size) {
    KvLedgerStore store = new KvLedgerStore(new MemoryKvStore(), "memory", true, n -> {});
    List<PendingRecord> batch = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      byte[] bytes = ("record " + i).getBytes(StandardCharsets.UTF_8);
      batch.add(new PendingRecord(bytes, Sha256.hash(bytes), List.of("s")));
    }
    StoreAppends.append(store, batch, 1L, null);
    return store;
  }

  @Test
  void flippedByteInEntry_readAndVerifyAll_areStoreCorruptNamingTheIndex() {
    KvLedgerStore store = storeWith(12);
    byte[] leaf = store.entry(9).leaf();
    leaf[leaf.length - 2] ^= 0x01;
    store.tamper(Column.ENTRIES, Keys.longKey(9), leaf);

    LedgerException read = assertThrows(LedgerException.class, () -> store.entry(9));
    assertEquals(LedgerError.STORE_CORRUPT, read.error());
    assertTrue(read.getMessage().contains("entry 9"), read::getMessage);
    LedgerException all = assertThrows(LedgerException.class, () -> store.verifyAll(n -> {}));
    assertEquals(LedgerError.STORE_CORRUPT, all.error());
    assertTrue(all.getMessage().contains("index 9"), all::getMessage);
  }
}
