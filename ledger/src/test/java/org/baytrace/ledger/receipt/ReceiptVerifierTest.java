package org.baytrace.ledger.receipt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.baytrace.api.ledger.v1.LogEntry;
import org.baytrace.api.ledger.v1.SignedRecord;
import org.baytrace.ledger.Appended;
import org.baytrace.ledger.TestRecords;
import org.baytrace.ledger.TreeHead;
import org.baytrace.ledger.checkpoint.Checkpoint;
import org.baytrace.ledger.checkpoint.SignedNote;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.merkle.Rfc9162;
import org.baytrace.ledger.record.RecordLimits;
import org.baytrace.ledger.record.Records;
import org.baytrace.ledger.verify.Failure;
import org.baytrace.ledger.verify.VerificationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Offline receipt verification (DESIGN §3.4): what it proves, and each way it refuses. */
class ReceiptVerifierTest {
  private final ReceiptFixture fx = new ReceiptFixture(21);

  @AfterEach
  void close() {
    fx.close();
  }

  private static Failure failureOf(Executable call) {
    VerificationException e = assertThrows(VerificationException.class, call::execute);
    return e.failure();
  }

  @Test
  void receipt_ofEveryEntry_verifiesOfflineFromItsJson() throws Exception {
    for (long i = 0; i < 21; i++) {
      Receipt r = Receipt.fromJson(fx.ledger.receipt(i, 0).toJson());
      ReceiptVerifier.Verified v = ReceiptFixture.verifier().verify(r);
      assertEquals(i, v.index());
      assertEquals(fx.ledger.entry(i).leafHash(), v.leafHash());
      assertEquals(21, v.checkpoint().checkpoint().size());
      assertEquals("org1", v.record().authorOrg());
    }
  }

  @Test
  void receipt_againstAnEarlierTreeSize_verifies() throws Exception {
    ReceiptVerifier.Verified v = ReceiptFixture.verifier().verify(fx.ledger.receipt(4, 9));
    assertEquals(9, v.checkpoint().checkpoint().size());
  }

  @Test
  void receipt_jsonHasExactlyTheDesignedFields() throws Exception {
    Receipt r = fx.ledger.receipt(5, 0);
    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.toJson());
    List<String> names = new ArrayList<>();
    json.fieldNames().forEachRemaining(names::add);
    assertEquals(List.of("record", "leafIndex", "checkpoint", "inclusionProof"), names);
    assertEquals(5, json.get("leafIndex").asLong());
    assertArrayEquals(fx.ledger.entry(5).leaf(), java.util.Base64.getDecoder().decode(json.get("record").asText()));
    assertEquals(fx.ledger.checkpointAt(21), json.get("checkpoint").asText());
  }

  @Test
  void storedRecordWithAFlippedSignatureByte_receiptIsSignatureInvalid() throws Exception {
    // Append bypasses Ledger.check here: a node that stored a forged record is caught by every verifier.
    byte[] good = TestRecords.signed(ReceiptFixture.AUTHOR, "org1", List.of("forged"), "forged");
    SignedRecord.Builder b = SignedRecord.parseFrom(good).toBuilder();
    byte[] sig = b.getSignatures(0).getSignature().toByteArray();
    sig[7] ^= 0x01;
    b.setSignatures(0, b.getSignatures(0).toBuilder().setSignature(ByteString.copyFrom(sig)));
    Appended a = fx.ledger.append(List.of(Records.parse(b.build().toByteArray(), RecordLimits.DEFAULT))).get(0);

    Receipt r = fx.ledger.receipt(a.index(), 0);
    assertEquals(Failure.SIGNATURE_INVALID, failureOf(() -> ReceiptFixture.verifier().verify(r)));
  }

  @Test
  void storedRecordForAnotherLedger_receiptIsOriginMismatch() {
    byte[] other = Records.sign(TestRecords.body("org1", List.of("x"), "o").setOrigin("baytrace.test/elsewhere")
        .build().toByteArray(), ReceiptFixture.AUTHOR);
    Appended a = fx.ledger.append(List.of(Records.parse(other, RecordLimits.DEFAULT))).get(0);
    Receipt r = fx.ledger.receipt(a.index(), 0);
    assertEquals(Failure.ORIGIN_MISMATCH,
        failureOf(() -> ReceiptVerifier.trusting(List.of(ReceiptFixture.NODE.verifier()), 1).verify(r)));
  }

  @Test
  void checkpointSignedForAnotherRoot_isRootMismatch() {
    // A lying node signs a checkpoint whose root is not the tree's: its signature is fine, the proof is not.
    Receipt honest = fx.ledger.receipt(6, 0);
    TreeHead head = fx.ledger.head();
    String lie = ReceiptFixture.NODE.sign(new Checkpoint(TestRecords.ORIGIN, head.size(), head.root().withBitFlipped(77))).format();
    Receipt r = new Receipt(honest.leaf(), 6, lie, honest.inclusionProof());
    assertEquals(Failure.ROOT_MISMATCH, failureOf(() -> ReceiptFixture.verifier().verify(r)));
  }

  @Test
  void checkpointWithAFlippedRootByte_isSignatureInvalid() {
    Receipt honest = fx.ledger.receipt(6, 0);
    String root = fx.ledger.head().root().base64();
    String flipped = fx.ledger.head().root().withBitFlipped(0).base64();
    Receipt r = new Receipt(honest.leaf(), 6, honest.checkpoint().replace(root, flipped), honest.inclusionProof());
    assertEquals(Failure.SIGNATURE_INVALID, failureOf(() -> ReceiptFixture.verifier().verify(r)));
  }

  @Test
  void checkpointOfAnotherOrigin_isOriginMismatch() {
    Receipt honest = fx.ledger.receipt(6, 0);
    assertEquals(Failure.ORIGIN_MISMATCH, failureOf(() -> ReceiptVerifier.trusting(List.of(ReceiptFixture.NODE.verifier()), 1)
        .forOrigin("baytrace.test/elsewhere").verify(honest)));
  }

  @Test
  void checkpointByAnUntrustedKey_isUnknownKey() {
    Receipt honest = fx.ledger.receipt(6, 0);
    assertEquals(Failure.UNKNOWN_KEY,
        failureOf(() -> ReceiptVerifier.trusting(List.of(ReceiptFixture.PEER.verifier()), 1).verify(honest)));
  }

  @Test
  void checkpointWithTooFewOfTheTrustedSigners_isTooFewSigners_andCosignedIsAccepted() throws Exception {
    Receipt honest = fx.ledger.receipt(6, 0);
    ReceiptVerifier twoOfTwo = ReceiptVerifier.trusting(List.of(ReceiptFixture.NODE.verifier(), ReceiptFixture.PEER.verifier()), 2);
    assertEquals(Failure.TOO_FEW_SIGNERS, failureOf(() -> twoOfTwo.verify(honest)));

    SignedNote note = SignedNote.parse(honest.checkpoint());
    String cosigned = note.merge(SignedNote.of(note.text(), ReceiptFixture.PEER.signatureLine(note.text()))).format();
    assertEquals(List.of("node-a", "node-b"),
        twoOfTwo.verify(new Receipt(honest.leaf(), 6, cosigned, honest.inclusionProof())).checkpoint().signers());
  }

  @Test
  void authorKeyNotInTheTrustedSet_isUnknownKey() throws Exception {
    Receipt cosigned = fx.ledger.receipt(3, 0); // entries 0, 3, 6... carry the cosigner's signature too
    ReceiptFixture.verifier().withAuthorKeys(Set.of(ReceiptFixture.AUTHOR.publicKey(), ReceiptFixture.COSIGNER.publicKey()))
        .verify(cosigned);
    assertEquals(Failure.UNKNOWN_KEY, failureOf(() -> ReceiptFixture.verifier()
        .withAuthorKeys(Set.of(ReceiptFixture.AUTHOR.publicKey())).verify(cosigned)));
    assertEquals(Failure.UNKNOWN_KEY, failureOf(() -> ReceiptFixture.verifier()
        .withAuthorKeys(Set.of(SigningKey.fromSeed(new byte[32]).publicKey())).verify(fx.ledger.receipt(4, 0))));
  }

  @Test
  void leafIndexOtherThanTheEntrysOwn_isIndexMismatch() {
    Receipt honest = fx.ledger.receipt(6, 0);
    Receipt r = new Receipt(honest.leaf(), 7, honest.checkpoint(), fx.ledger.receipt(7, 0).inclusionProof());
    assertEquals(Failure.INDEX_MISMATCH, failureOf(() -> ReceiptFixture.verifier().verify(r)));
  }

  @Test
  void proofOfTheWrongLength_isProofShape() {
    Receipt honest = fx.ledger.receipt(6, 0);
    List<byte[]> shorter = new ArrayList<>(honest.inclusionProof());
    shorter.remove(shorter.size() - 1);
    List<byte[]> longer = new ArrayList<>(honest.inclusionProof());
    longer.add(new byte[32]);
    List<byte[]> shortHash = new ArrayList<>(honest.inclusionProof());
    shortHash.set(0, new byte[31]);
    for (List<byte[]> p : List.of(shorter, longer, shortHash)) {
      assertEquals(Failure.PROOF_SHAPE, failureOf(() -> ReceiptFixture.verifier().verify(new Receipt(honest.leaf(), 6, honest.checkpoint(), p))));
    }
  }

  @Test
  void leafWithLinksThatDoNotMatchItsSubjects_isMalformed() throws Exception {
    // Even with a valid proof the verifier checks the entry's shape; here we build a consistent
    // tree over a leaf whose link names another subject.
    Receipt honest = fx.ledger.receipt(0, 1);
    LogEntry e = LogEntry.parseFrom(honest.leaf());
    byte[] leaf = e.toBuilder().setLinks(0, e.getLinks(0).toBuilder().setSubject("other")).build().toByteArray();
    String note = ReceiptFixture.NODE.sign(new Checkpoint(TestRecords.ORIGIN, 1, Rfc9162.leafHash(leaf))).format();
    assertEquals(Failure.MALFORMED, failureOf(() -> ReceiptFixture.verifier().verify(new Receipt(leaf, 0, note, List.of()))));
  }

  @Test
  void fromJson_malformedJson_isMalformed() {
    String good = fx.ledger.receipt(2, 0).toJson();
    String[] bad = {
        "", "[]", "not json", "{}",
        good.replace("\"leafIndex\":2", "\"leafIndex\":-2"),
        good.replace("\"leafIndex\":2", "\"leafIndex\":\"2\""),
        good.replace("\"leafIndex\":2", "\"leafIndex\":2.5"),
        good.replace("\"record\":\"", "\"record\":\"*"),
        good.replace("\"inclusionProof\":[\"", "\"inclusionProof\":[1,\""),
        good.replace("\"inclusionProof\":[", "\"inclusionProof\":{\"a\":[").replace("]}", "]}}"),
        "{\"record\":\"" + "A".repeat(Receipt.MAX_JSON_BYTES) + "\"}",
    };
    for (String b : bad) {
      assertEquals(Failure.MALFORMED, failureOf(() -> Receipt.fromJson(b)), b.length() > 200 ? b.substring(0, 200) : b);
    }
  }
}
