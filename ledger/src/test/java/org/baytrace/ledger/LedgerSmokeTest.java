package org.baytrace.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.receipt.Receipt;
import org.baytrace.ledger.receipt.ReceiptVerifier;
import org.baytrace.ledger.store.LedgerStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerSmokeTest {
  @TempDir Path dir;

  @Test
  void appendedRecord_hasReceiptThatVerifiesOffline() throws Exception {
    SigningKey author = SigningKey.generate();
    NoteSigner node = new NoteSigner("node-a", SigningKey.generate());
    LedgerConfig cfg = new LedgerConfig(TestRecords.ORIGIN, node, AuthorPolicy.registeredKeys(Map.of(author.publicKey(), "org1")));
    try (Ledger ledger = Ledger.open(cfg, LedgerStores.openRocksDb(dir))) {
      for (int i = 0; i < 10; i++) {
        ledger.append(TestRecords.signed(author, "org1", List.of("s" + (i % 3)), "n" + i));
      }
      assertEquals(10, ledger.head().size());
      Receipt r = ledger.receipt(4, 0);
      ReceiptVerifier.Verified v = ReceiptVerifier.trusting(List.of(node.verifier()), 1).forOrigin(TestRecords.ORIGIN)
          .verify(Receipt.fromJson(r.toJson()));
      assertEquals(4, v.index());
      assertTrue(v.checks().size() >= 3);
    }
    try (Ledger ledger = Ledger.open(cfg, LedgerStores.openRocksDb(dir))) {
      assertEquals(10, ledger.head().size());
      assertEquals(0, ledger.append(TestRecords.signed(author, "org1", List.of("s0"), "n0")).index());
      assertEquals(10, ledger.head().size());
    }
  }

  @Test
  void checkpointAtUnsignedSize_isSignedOnDemand_sameEachTime_andNotStored() throws Exception {
    SigningKey author = SigningKey.generate();
    NoteSigner node = new NoteSigner("node-a", SigningKey.generate());
    LedgerConfig cfg = new LedgerConfig(TestRecords.ORIGIN, node, AuthorPolicy.anyKey());
    LedgerStore store = LedgerStores.openRocksDb(dir);
    try (Ledger ledger = Ledger.open(cfg, store)) {
      List<org.baytrace.ledger.record.ParsedRecord> batch = new java.util.ArrayList<>();
      for (int i = 0; i < 5; i++) {
        batch.add(ledger.check(TestRecords.signed(author, "org1", List.of("s"), "n" + i)));
      }
      ledger.append(batch); // one batch: sizes 1..4 were never signed
      assertTrue(store.checkpoint(3).isEmpty());
      String note = ledger.checkpointAt(3);
      assertEquals(note, ledger.checkpointAt(3));
      assertTrue(store.checkpoint(3).isEmpty(), "a reader's request writes nothing");
      var cp = org.baytrace.ledger.checkpoint.CheckpointVerifier.verify(note, TestRecords.ORIGIN, List.of(node.verifier()), 1);
      assertEquals(ledger.rootAt(3), cp.checkpoint().root());
    }
  }
}
