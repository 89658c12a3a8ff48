package org.baytrace.ledger.receipt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.baytrace.ledger.verify.VerificationException;

/**
 * Fuzzes the offline receipt verifier with arbitrary receipt text, as a consumer or auditor would
 * receive it from anyone. The verifier trusts {@link ReceiptFixture#NODE}; the seeds
 * ({@code ReceiptVerifierFuzzTestInputs/}) are genuine receipts of that node and damaged ones.
 */
class ReceiptVerifierFuzzTest {
  private static final ReceiptVerifier VERIFIER = ReceiptFixture.verifier();

  @FuzzTest(maxDuration = "10m")
  void anyReceiptText_isVerified_orRefusedNamingTheCheck(byte[] input) {
    String json = new String(input, StandardCharsets.UTF_8);
    try {
      Receipt receipt = Receipt.fromJson(json);
      ReceiptVerifier.Verified v = VERIFIER.verify(receipt);
      // Accepted: it proves what the trusted node signed, no more.
      assertEquals(receipt.leafIndex(), v.index());
      assertTrue(v.index() >= 0 && v.index() < v.checkpoint().checkpoint().size(), "the entry lies inside the tree");
      assertEquals(ReceiptFixture.NODE.name(), v.checkpoint().signers().get(0));
    } catch (VerificationException e) {
      assertNotNull(e.failure(), "a refusal names the check that failed");
    }
  }
}
