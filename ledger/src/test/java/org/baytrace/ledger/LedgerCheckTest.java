package org.baytrace.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.baytrace.api.ledger.v1.LogEntry;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.api.ledger.v1.Signature;
import org.baytrace.api.ledger.v1.SignedRecord;
import org.baytrace.ledger.checkpoint.CheckpointVerifier;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.receipt.Receipt;
import org.baytrace.ledger.receipt.ReceiptVerifier;
import org.baytrace.ledger.record.ParsedRecord;
import org.baytrace.ledger.record.Records;
import org.baytrace.ledger.store.LedgerStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * What {@link Ledger#check} refuses, each with its own error, and that a refused record changes
 * nothing; and the append path end to end with records in non-canonical encodings.
 */
class LedgerCheckTest {
  private static final SigningKey PRODUCER = SigningKey.fromSeed(seed(21));
  private static final SigningKey CARRIER = SigningKey.fromSeed(seed(22));
  private static final SigningKey OUTSIDER = SigningKey.fromSeed(seed(23));
  private static final NoteSigner NODE = new NoteSigner("node-a", SigningKey.fromSeed(seed(24)));

  private Ledger ledger;

  static byte[] seed(int b) {
    byte[] s = new byte[32];
    Arrays.fill(s, (byte) b);
    return s;
  }

  @BeforeEach
  void openLedger() {
    AuthorPolicy registry = AuthorPolicy.registeredKeys(Map.of(PRODUCER.publicKey(), "producer-gz", CARRIER.publicKey(), "carrier-hk"));
    ledger = Ledger.open(new LedgerConfig(TestRecords.ORIGIN, NODE, registry), LedgerStores.inMemory());
    ledger.append(TestRecords.signed(PRODUCER, "producer-gz", List.of("lot-1"), "first"));
  }

  @AfterEach
  void closeLedger() {
    ledger.close();
  }

  /** Asserts that both check and append refuse the record with {@code want} and that nothing was stored. */
  private LedgerException assertRefused(LedgerError want, byte[] signedRecord) {
    long size = ledger.head().size();
    String checkpoint = ledger.latestCheckpoint();
    Executable check = () -> ledger.check(signedRecord);
    Executable append = () -> ledger.append(signedRecord);
    LedgerException e = assertThrows(LedgerException.class, check::execute);
    assertEquals(want, e.error(), e::toString);
    LedgerException e2 = assertThrows(LedgerException.class, append::execute);
    assertEquals(want, e2.error(), e2::toString);
    assertEquals(size, ledger.head().size(), "a refused record stores nothing");
    assertEquals(checkpoint, ledger.latestCheckpoint());
    return e;
  }

  private static byte[] withFlippedSignatureByte(byte[] signed, int sigIndex, int position) throws Exception {
    SignedRecord.Builder b = SignedRecord.parseFrom(signed).toBuilder();
    byte[] sig = b.getSignatures(sigIndex).getSignature().toByteArray();
    sig[position] ^= 0x01;
    b.setSignatures(sigIndex, b.getSignatures(sigIndex).toBuilder().setSignature(ByteString.copyFrom(sig)));
    return b.build().toByteArray();
  }

  private static byte[] sign(RecordBody.Builder body, SigningKey... keys) {
    return Records.sign(body.build().toByteArray(), keys);
  }

  @Test
  void check_validRecord_isAcceptedAndStoresNothing() {
    ParsedRecord r = ledger.check(TestRecords.signed(PRODUCER, "producer-gz", List.of("lot-2"), "n"));
    assertEquals("producer-gz", r.authorOrg());
    assertEquals(1, ledger.head().size());
  }

  @Test
  void check_flippedByteInRecordSignature_isSignatureInvalid() throws Exception {
    byte[] good = TestRecords.signed(PRODUCER, "producer-gz", List.of("lot-2"), "n");
    for (int position : new int[] {0, 31, 32, 63}) {
      assertRefused(LedgerError.SIGNATURE_INVALID, withFlippedSignatureByte(good, 0, position));
    }
  }

  @Test
  void check_flippedByteInCosignature_isSignatureInvalid() throws Exception {
    byte[] both = Records.cosign(TestRecords.signed(PRODUCER, "producer-gz", List.of("lot-2"), "n"), CARRIER);
    ledger.check(both);
    LedgerException e = assertRefused(LedgerError.SIGNATURE_INVALID, withFlippedSignatureByte(both, 1, 10));
    assertTrue(e.getMessage().contains(CARRIER.keyId()), e.getMessage());
  }

  @Test
  void check_flippedByteInSignedBody_isSignatureInvalid() throws Exception {
    byte[] good = TestRecords.signed(PRODUCER, "producer-gz", List.of("lot-2"), "n");
    SignedRecord r = SignedRecord.parseFrom(good);
    byte[] body = r.getBody().toByteArray();
    body[body.length - 2] ^= 0x01; // inside the JSON content
    assertRefused(LedgerError.SIGNATURE_INVALID, r.toBuilder().setBody(ByteString.copyFrom(body)).build().toByteArray());
  }

  @Test
  void check_signatureOverAnotherDomain_isSignatureInvalid() {
    byte[] body = TestRecords.body("producer-gz", List.of("lot-2"), "n").build().toByteArray();
    byte[] signed = SignedRecord.newBuilder().setBody(ByteString.copyFrom(body))
        .addSignatures(Signature.newBuilder().setPublicKey(ByteString.copyFrom(PRODUCER.publicKey().toByteArray()))
            .setSignature(ByteString.copyFrom(PRODUCER.sign(body))))
        .build().toByteArray();
    assertRefused(LedgerError.SIGNATURE_INVALID, signed);
  }

  @Test
  void check_recordForAnotherLedger_isWrongOrigin() {
    assertRefused(LedgerError.WRONG_ORIGIN,
        sign(TestRecords.body("producer-gz", List.of("lot-2"), "n").setOrigin("baytrace.test/other-ledger"), PRODUCER));
  }

  @Test
  void check_unregisteredKey_isUnknownKey() {
    assertRefused(LedgerError.UNKNOWN_KEY, TestRecords.signed(OUTSIDER, "producer-gz", List.of("lot-2"), "n"));
  }

  @Test
  void check_unregisteredCosigner_isUnknownKey() {
    assertRefused(LedgerError.UNKNOWN_KEY,
        Records.cosign(TestRecords.signed(PRODUCER, "producer-gz", List.of("lot-2"), "n"), OUTSIDER));
  }

  @Test
  void check_authorOrgOfAnotherOrganisationsKey_isNotAuthorised() {
    assertRefused(LedgerError.NOT_AUTHORISED, TestRecords.signed(CARRIER, "producer-gz", List.of("lot-2"), "n"));
  }

  @Test
  void check_cosignerOfAnotherOrganisation_isAccepted() {
    byte[] handover = Records.cosign(TestRecords.signed(PRODUCER, "producer-gz", List.of("lot-2"), "n"), CARRIER);
    assertEquals(2, ledger.check(handover).signatures().size());
  }

  @Test
  void check_unsignedRecord_isUnsigned() {
    byte[] body = TestRecords.body("producer-gz", List.of("lot-2"), "n").build().toByteArray();
    assertRefused(LedgerError.UNSIGNED, SignedRecord.newBuilder().setBody(ByteString.copyFrom(body)).build().toByteArray());
  }

  @Test
  void check_emptyOrDuplicateSubjects_isInvalidField() {
    assertRefused(LedgerError.INVALID_FIELD, TestRecords.signed(PRODUCER, "producer-gz", List.of(), "n"));
    assertRefused(LedgerError.INVALID_FIELD, TestRecords.signed(PRODUCER, "producer-gz", List.of("lot-2", "lot-3", "lot-2"), "n"));
  }

  @Test
  void check_oversizeRecord_isRecordTooLarge() {
    assertRefused(LedgerError.RECORD_TOO_LARGE, sign(
        TestRecords.body("producer-gz", List.of("lot-2"), "n").setContent(ByteString.copyFrom(new byte[65 * 1024])), PRODUCER));
  }

  @Test
  void check_garbageBytes_isMalformedRecord() {
    assertRefused(LedgerError.MALFORMED_RECORD, "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    assertRefused(LedgerError.MALFORMED_RECORD, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
    assertRefused(LedgerError.MALFORMED_RECORD, new byte[0]);
    byte[] good = TestRecords.signed(PRODUCER, "producer-gz", List.of("lot-2"), "n");
    assertRefused(LedgerError.MALFORMED_RECORD, Arrays.copyOf(good, 20)); // cut inside the body
    assertRefused(LedgerError.MALFORMED_RECORD, Arrays.copyOf(good, good.length - 1)); // cut inside a signature
  }

  // ---------------------------------------------------------------- append path

  @Test
  void append_sameRecordTwice_returnsFirstIndexAndStoresNothing() {
    byte[] r = TestRecords.signed(PRODUCER, "producer-gz", List.of("lot-2"), "n");
    Appended first = ledger.append(r);
    String checkpoint = ledger.latestCheckpoint();
    Appended again = ledger.append(r);
    assertEquals(new Appended(first.index(), first.leafHash(), true), again);
    assertEquals(2, ledger.head().size());
    assertEquals(checkpoint, ledger.latestCheckpoint());
  }

  @Test
  void append_sameBodyCosignedLater_isADuplicateOfTheFirst() {
    byte[] r = TestRecords.signed(PRODUCER, "producer-gz", List.of("lot-2"), "n");
    Appended first = ledger.append(r);
    Appended again = ledger.append(Records.cosign(r, CARRIER));
    assertTrue(again.duplicate());
    assertEquals(first.index(), again.index());
  }

  @Test
  void append_listener_hearsEveryGrowthOnly() {
    List<Long> sizes = new ArrayList<>();
    ledger.onAppend(sizes::add);
    byte[] r = TestRecords.signed(PRODUCER, "producer-gz", List.of("lot-2"), "n");
    ledger.append(r);
    ledger.append(r);
    ledger.append(List.of(ledger.check(TestRecords.signed(PRODUCER, "producer-gz", List.of("lot-3"), "a")),
        ledger.check(TestRecords.signed(PRODUCER, "producer-gz", List.of("lot-3"), "b"))));
    assertEquals(List.of(2L, 4L), sizes);
  }

  @Test
  void append_nonCanonicalBody_isStoredByteForByteAndItsReceiptVerifies() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CodedOutputStream c = CodedOutputStream.newInstance(out);
    c.writeBytes(8, ByteString.copyFromUtf8("{\"temp\":-18.5}"));
    c.writeString(7, "application/json");
    c.writeBytes(6, ByteString.copyFromUtf8("nonce"));
    c.writeString(5, "producer-gz");
    c.writeString(3, "lot-9");
    c.writeString(2, "coldchain.SensorReport");
    c.writeString(1, TestRecords.ORIGIN);
    c.flush();
    byte[] body = out.toByteArray();
    assertFalse(Arrays.equals(body, RecordBody.parseFrom(body).toByteArray()), "premise: not canonical");
    byte[] signed = Records.sign(body, PRODUCER);

    Appended a = ledger.append(signed);

    LogEntry entry = LogEntry.parseFrom(ledger.entry(a.index()).leaf());
    assertArrayEquals(signed, entry.getSignedRecord().toByteArray());
    Receipt receipt = Receipt.fromJson(ledger.receipt(a.index(), 0).toJson());
    ReceiptVerifier.Verified v = ReceiptVerifier.trusting(List.of(NODE.verifier()), 1).forOrigin(TestRecords.ORIGIN)
        .withAuthorKeys(java.util.Set.of(PRODUCER.publicKey())).verify(receipt);
    assertArrayEquals(body, v.record().bodyBytes());
    assertEquals("coldchain.SensorReport", v.record().kind());
  }

  @Test
  void open_emptyLedger_signsACheckpointOfTheEmptyTree() throws Exception {
    try (Ledger empty = Ledger.open(new LedgerConfig(TestRecords.ORIGIN, NODE, AuthorPolicy.anyKey()), LedgerStores.inMemory())) {
      var cp = CheckpointVerifier.verify(empty.latestCheckpoint(), TestRecords.ORIGIN, List.of(NODE.verifier()), 1);
      assertEquals(0, cp.checkpoint().size());
      assertEquals("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", cp.checkpoint().root().base64());
    }
  }

  @Test
  void checkpointAt_earlierSize_isSignedForThatSizesRoot() throws Exception {
    for (int i = 0; i < 5; i++) {
      ledger.append(TestRecords.signed(PRODUCER, "producer-gz", List.of("lot-x"), "k" + i));
    }
    var cp = CheckpointVerifier.verify(ledger.checkpointAt(3), TestRecords.ORIGIN, List.of(NODE.verifier()), 1);
    assertEquals(3, cp.checkpoint().size());
    assertEquals(ledger.rootAt(3), cp.checkpoint().root());
    assertEquals(ledger.checkpointAt(3), ledger.checkpointAt(3), "signed once, then served from the store");
    LedgerException e = assertThrows(LedgerException.class, () -> ledger.checkpointAt(7));
    assertEquals(LedgerError.TREE_SIZE_OUT_OF_RANGE, e.error());
  }

  @Test
  void receipt_indexOutOfRange_isIndexOutOfRange() {
    LedgerException e = assertThrows(LedgerException.class, () -> ledger.receipt(1, 0));
    assertEquals(LedgerError.INDEX_OUT_OF_RANGE, e.error());
  }

  @Test
  void recordWhoseLogEntryWouldExceed65535Bytes_isRefused_withTheTilesReason_andTheLargestThatFitsIsStored() {
    // 120 subjects of 480 bytes: the record is under the default record limit, its entry's links are not.
    List<String> subjects = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      subjects.add(String.format("lot-%03d-", i) + "x".repeat(472));
    }
    byte[] big = TestRecords.signed(PRODUCER, "producer-gz", subjects, "many-links");
    assertTrue(big.length <= ledger.config().limits().maxRecordBytes(), "under the record limit: " + big.length);
    long sizeBefore = ledger.head().size();
    LedgerException e = assertThrows(LedgerException.class, () -> ledger.check(big));
    assertEquals(LedgerError.RECORD_TOO_LARGE, e.error());
    assertTrue(e.getMessage().contains("want at most 65535: C2SP tlog-tiles entry bundles give each entry a 16-bit length"),
        e.getMessage());
    assertEquals(sizeBefore, ledger.head().size());

    // Fewer subjects fit, and the stored entry is within the bound computed for it.
    byte[] fits = TestRecords.signed(PRODUCER, "producer-gz", subjects.subList(0, 60), "fewer-links");
    ParsedRecord parsed = ledger.check(fits);
    long index = ledger.append(List.of(parsed)).get(0).index();
    int leaf = ledger.entry(index).leaf().length;
    assertTrue(leaf <= Records.maxLogEntryBytes(parsed) && leaf <= 65_535, "leaf " + leaf);
  }

}
