package org.baytrace.ledger.receipt;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.baytrace.ledger.AuthorPolicy;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.LedgerConfig;
import org.baytrace.ledger.TestRecords;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.store.LedgerStores;

/** A small in-memory ledger with known keys for receipt tests. */
final class ReceiptFixture implements AutoCloseable {
  static final SigningKey AUTHOR = SigningKey.fromSeed(seed(31));
  static final SigningKey COSIGNER = SigningKey.fromSeed(seed(32));
  static final NoteSigner NODE = new NoteSigner("node-a", SigningKey.fromSeed(seed(33)));
  static final NoteSigner PEER = new NoteSigner("node-b", SigningKey.fromSeed(seed(34)));

  final Ledger ledger;

  ReceiptFixture(int entries) {
    ledger = Ledger.open(new LedgerConfig(TestRecords.ORIGIN, NODE,
        AuthorPolicy.registeredKeys(Map.of(AUTHOR.publicKey(), "org1", COSIGNER.publicKey(), "org2"))), LedgerStores.inMemory());
    for (int i = 0; i < entries; i++) {
      byte[] r = TestRecords.signed(AUTHOR, "org1", List.of("subject-" + (i % 4)), "nonce-" + i);
      ledger.append(i % 3 == 0 ? org.baytrace.ledger.record.Records.cosign(r, COSIGNER) : r);
    }
  }

  static byte[] seed(int b) {
    byte[] s = new byte[32];
    Arrays.fill(s, (byte) b);
    return s;
  }

  static ReceiptVerifier verifier() {
    return ReceiptVerifier.trusting(List.of(NODE.verifier()), 1).forOrigin(TestRecords.ORIGIN);
  }

  @Override
  public void close() {
    ledger.close();
  }
}
