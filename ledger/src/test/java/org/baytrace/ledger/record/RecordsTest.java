package org.baytrace.ledger.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.api.ledger.v1.Signature;
import org.baytrace.api.ledger.v1.SignedRecord;
import org.baytrace.ledger.crypto.PublicKey;
import org.baytrace.ledger.crypto.Sha256;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.verify.Failure;
import org.baytrace.ledger.verify.VerificationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Signed records (DESIGN §3.1): exact bytes, domain-separated Ed25519, several signatures, shape limits. */
class RecordsTest {
  static final String ORIGIN = "baytrace.test/ledger";
  static final SigningKey SENDER = SigningKey.fromSeed(fill(11));
  static final SigningKey RECEIVER = SigningKey.fromSeed(fill(12));

  static byte[] fill(int b) {
    byte[] s = new byte[32];
    Arrays.fill(s, (byte) b);
    return s;
  }

  static RecordBody.Builder body() {
    return RecordBody.newBuilder()
        .setOrigin(ORIGIN)
        .setKind("biomaterial.CustodyHandover")
        .addSubjects("urn:epc:id:sscc:0614141.1234567890")
        .addSubjects("/01/09506000134352/10/LOT7")
        .setEventTimeUnixMillis(1_764_000_000_000L)
        .setAuthorOrg("lab-hk")
        .setNonce(ByteString.copyFromUtf8("nonce-1"))
        .setContentType("application/json")
        .setContent(ByteString.copyFromUtf8("{\"un\":\"UN3373\"}"));
  }

  /**
   * The same fields as {@link #body()} written by hand in reverse field order, with an explicit
   * empty field that a protobuf encoder would leave out: valid protobuf, but not what
   * {@code toByteArray()} of the parsed message gives back.
   */
  static byte[] nonCanonicalBody() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CodedOutputStream c = CodedOutputStream.newInstance(out);
    c.writeBytes(8, ByteString.copyFromUtf8("{\"un\":\"UN3373\"}"));
    c.writeString(7, "application/json");
    c.writeBytes(6, ByteString.copyFromUtf8("nonce-1"));
    c.writeString(5, "lab-hk");
    c.writeInt64(4, 1_764_000_000_000L);
    c.writeString(3, "/01/09506000134352/10/LOT7");
    c.writeString(2, "biomaterial.CustodyHandover");
    c.writeString(3, "urn:epc:id:sscc:0614141.1234567890");
    c.writeString(1, ORIGIN);
    c.writeString(7, "application/json");
    c.flush();
    return out.toByteArray();
  }

  static LedgerError errorOf(Executable call) {
    LedgerException e = assertThrows(LedgerException.class, call::execute);
    return e.error();
  }

  static Failure failureOf(Executable call) {
    VerificationException e = assertThrows(VerificationException.class, call::execute);
    return e.failure();
  }

  static boolean jdkVerifies(PublicKey key, byte[] message, byte[] signature) throws Exception {
    byte[] spki = HexFormat.of().parseHex("302a300506032b6570032100" + HexFormat.of().formatHex(key.toByteArray()));
    java.security.Signature v = java.security.Signature.getInstance("Ed25519");
    v.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki)));
    v.update(message);
    return v.verify(signature);
  }

  @Test
  void signatureDomain_isTheVersionedPrefixWithANewline() {
    assertArrayEquals("baytrace/record/v1\n".getBytes(StandardCharsets.US_ASCII), Records.SIGNATURE_DOMAIN);
  }

  @Test
  void sign_isEd25519OverDomainPrefixAndBodyBytes() throws Exception {
    byte[] bodyBytes = body().build().toByteArray();
    SignedRecord signed = SignedRecord.parseFrom(Records.sign(bodyBytes, SENDER));
    assertEquals(ByteString.copyFrom(bodyBytes), signed.getBody());
    assertEquals(1, signed.getSignaturesCount());
    Signature s = signed.getSignatures(0);
    assertArrayEquals(SENDER.publicKey().toByteArray(), s.getPublicKey().toByteArray());
    byte[] message = ("baytrace/record/v1\n" + new String(bodyBytes, StandardCharsets.ISO_8859_1))
        .getBytes(StandardCharsets.ISO_8859_1);
    assertTrue(jdkVerifies(SENDER.publicKey(), message, s.getSignature().toByteArray()));
    assertFalse(jdkVerifies(SENDER.publicKey(), bodyBytes, s.getSignature().toByteArray()), "the prefix is signed too");
  }

  @Test
  void keyId_isHexOfFirstEightBytesOfSha256OfThePublicKey() throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(SENDER.publicKey().toByteArray());
    assertEquals(HexFormat.of().formatHex(Arrays.copyOf(digest, 8)), SENDER.keyId());
    assertEquals(16, SENDER.keyId().length());
  }

  @Test
  void signThenParse_keepsTheExactBodyAndSignedRecordBytes() throws Exception {
    byte[] bodyBytes = body().build().toByteArray();
    byte[] signed = Records.sign(bodyBytes, SENDER);
    ParsedRecord r = Records.parse(signed, RecordLimits.DEFAULT);
    assertArrayEquals(signed, r.signedRecordBytes());
    assertArrayEquals(bodyBytes, r.bodyBytes());
    assertEquals(Sha256.hash(bodyBytes), r.bodyHash());
    assertEquals(ORIGIN, r.origin());
    assertEquals(List.of("urn:epc:id:sscc:0614141.1234567890", "/01/09506000134352/10/LOT7"), r.subjects());
    assertEquals("lab-hk", r.authorOrg());
    Records.verifySignatures(r);
  }

  @Test
  void nonCanonicalBody_verifiesBecauseItsBytesAreNeverReserialised() throws Exception {
    byte[] bodyBytes = nonCanonicalBody();
    byte[] reserialised = RecordBody.parseFrom(bodyBytes).toByteArray();
    assertFalse(Arrays.equals(bodyBytes, reserialised), "premise: these bytes are not protobuf's canonical encoding");

    byte[] signed = Records.sign(bodyBytes, SENDER);
    ParsedRecord r = Records.parse(signed, RecordLimits.DEFAULT);

    assertArrayEquals(bodyBytes, r.bodyBytes());
    assertArrayEquals(signed, r.signedRecordBytes());
    assertEquals(Sha256.hash(bodyBytes), r.bodyHash(), "identity is the hash of the bytes as signed");
    assertDoesNotThrow(() -> Records.verifySignatures(r));
    assertEquals(List.of("/01/09506000134352/10/LOT7", "urn:epc:id:sscc:0614141.1234567890"), r.subjects());
    byte[] sig = r.signatures().get(0).signature();
    assertEquals(Failure.SIGNATURE_INVALID,
        failureOf(() -> SENDER.publicKey().verify(Records.signedMessage(reserialised), sig)),
        "a verifier that re-serialised the body would reject this record");
  }

  @Test
  void nonCanonicalSignedRecord_isKeptByteForByte() throws Exception {
    byte[] bodyBytes = body().build().toByteArray();
    byte[] sig = SENDER.sign(Records.signedMessage(bodyBytes));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CodedOutputStream c = CodedOutputStream.newInstance(out);
    c.writeMessage(2, Signature.newBuilder().setPublicKey(ByteString.copyFrom(SENDER.publicKey().toByteArray()))
        .setSignature(ByteString.copyFrom(sig)).build());
    c.writeBytes(1, ByteString.copyFrom(bodyBytes));
    c.flush();
    byte[] signed = out.toByteArray();
    assertFalse(Arrays.equals(signed, SignedRecord.parseFrom(signed).toByteArray()), "premise: not canonical");

    ParsedRecord r = Records.parse(signed, RecordLimits.DEFAULT);
    assertArrayEquals(signed, r.signedRecordBytes());
    Records.verifySignatures(r);
  }

  @Test
  void cosign_bothSignaturesVerifyAndTheBodyBytesStay() throws Exception {
    byte[] bodyBytes = nonCanonicalBody();
    byte[] both = Records.cosign(Records.sign(bodyBytes, SENDER), RECEIVER);
    ParsedRecord r = Records.parse(both, RecordLimits.DEFAULT);
    assertArrayEquals(bodyBytes, r.bodyBytes());
    assertEquals(List.of(SENDER.publicKey(), RECEIVER.publicKey()), r.signatures().stream().map(AuthorSignature::publicKey).toList());
    Records.verifySignatures(r);
    assertArrayEquals(both, Records.sign(bodyBytes, SENDER, RECEIVER), "cosigning equals signing with both keys");
  }

  @Test
  void cosign_eitherSignatureFlipped_isSignatureInvalidNamingThatKey() throws Exception {
    byte[] both = Records.sign(body().build().toByteArray(), SENDER, RECEIVER);
    for (int which = 0; which < 2; which++) {
      SignedRecord.Builder b = SignedRecord.parseFrom(both).toBuilder();
      byte[] sig = b.getSignatures(which).getSignature().toByteArray();
      sig[20] ^= 0x01;
      b.setSignatures(which, b.getSignatures(which).toBuilder().setSignature(ByteString.copyFrom(sig)));
      ParsedRecord r = Records.parse(b.build().toByteArray(), RecordLimits.DEFAULT);
      VerificationException e = assertThrows(VerificationException.class, () -> Records.verifySignatures(r));
      assertEquals(Failure.SIGNATURE_INVALID, e.failure());
      String keyId = (which == 0 ? SENDER : RECEIVER).keyId();
      assertTrue(e.getMessage().contains(keyId), e.getMessage());
    }
  }

  @Test
  void signatureOverAnotherDomainPrefix_isRejected() throws Exception {
    byte[] bodyBytes = body().build().toByteArray();
    for (String domain : new String[] {"", "baytrace/record/v2\n", "baytrace/record/v1", "baytrace/checkpoint/v1\n"}) {
      byte[] message = (domain + new String(bodyBytes, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1);
      byte[] signed = SignedRecord.newBuilder().setBody(ByteString.copyFrom(bodyBytes))
          .addSignatures(Signature.newBuilder().setPublicKey(ByteString.copyFrom(SENDER.publicKey().toByteArray()))
              .setSignature(ByteString.copyFrom(SENDER.sign(message))))
          .build().toByteArray();
      ParsedRecord r = Records.parse(signed, RecordLimits.DEFAULT);
      assertEquals(Failure.SIGNATURE_INVALID, failureOf(() -> Records.verifySignatures(r)), "domain \"" + domain + "\"");
    }
  }

  @Test
  void flippedByteInBody_isSignatureInvalid() throws Exception {
    byte[] bodyBytes = body().build().toByteArray();
    byte[] sig = SENDER.sign(Records.signedMessage(bodyBytes));
    bodyBytes[bodyBytes.length - 3] ^= 0x01; // inside the content bytes
    byte[] signed = SignedRecord.newBuilder().setBody(ByteString.copyFrom(bodyBytes))
        .addSignatures(Signature.newBuilder().setPublicKey(ByteString.copyFrom(SENDER.publicKey().toByteArray()))
            .setSignature(ByteString.copyFrom(sig)))
        .build().toByteArray();
    ParsedRecord r = Records.parse(signed, RecordLimits.DEFAULT);
    assertEquals(Failure.SIGNATURE_INVALID, failureOf(() -> Records.verifySignatures(r)));
  }

  // ---------------------------------------------------------------- shape

  private static byte[] signedBody(RecordBody.Builder b) {
    return Records.sign(b.build().toByteArray(), SENDER);
  }

  @Test
  void parse_shapeErrors_areNamedByTheirError() throws Exception {
    byte[] good = signedBody(body());
    SignedRecord goodRecord = SignedRecord.parseFrom(good);
    byte[] unknownField = body().build().toBuilder()
        .setUnknownFields(com.google.protobuf.UnknownFieldSet.newBuilder()
            .addField(99, com.google.protobuf.UnknownFieldSet.Field.newBuilder().addVarint(1).build()).build())
        .build().toByteArray();
    byte[] twoSameKeys = goodRecord.toBuilder().addSignatures(goodRecord.getSignatures(0)).build().toByteArray();
    byte[] shortKey = goodRecord.toBuilder().setSignatures(0, goodRecord.getSignatures(0).toBuilder()
        .setPublicKey(ByteString.copyFrom(new byte[31]))).build().toByteArray();
    byte[] shortSig = goodRecord.toBuilder().setSignatures(0, goodRecord.getSignatures(0).toBuilder()
        .setSignature(ByteString.copyFrom(new byte[63]))).build().toByteArray();

    assertEquals(LedgerError.MALFORMED_RECORD, errorOf(() -> Records.parse(new byte[0], RecordLimits.DEFAULT)));
    assertEquals(LedgerError.MALFORMED_RECORD, errorOf(() -> Records.parse(null, RecordLimits.DEFAULT)));
    assertEquals(LedgerError.MALFORMED_RECORD,
        errorOf(() -> Records.parse("this is not a protobuf".getBytes(StandardCharsets.UTF_8), RecordLimits.DEFAULT)));
    assertEquals(LedgerError.MALFORMED_RECORD, errorOf(() -> Records.parse(Arrays.copyOf(good, good.length - 1), RecordLimits.DEFAULT)),
        "truncated");
    assertEquals(LedgerError.MALFORMED_RECORD, errorOf(() -> Records.parse(
        SignedRecord.newBuilder().addSignatures(goodRecord.getSignatures(0)).build().toByteArray(), RecordLimits.DEFAULT)),
        "no body");
    assertEquals(LedgerError.MALFORMED_RECORD,
        errorOf(() -> Records.parse(Records.sign(unknownField, SENDER), RecordLimits.DEFAULT)), "unknown body field");
    assertEquals(LedgerError.UNSIGNED, errorOf(() -> Records.parse(
        SignedRecord.newBuilder().setBody(goodRecord.getBody()).build().toByteArray(), RecordLimits.DEFAULT)));
    assertEquals(LedgerError.INVALID_FIELD, errorOf(() -> Records.parse(signedBody(body().clearSubjects()), RecordLimits.DEFAULT)));
    assertEquals(LedgerError.INVALID_FIELD, errorOf(() -> Records.parse(
        signedBody(body().addSubjects("/01/09506000134352/10/LOT7")), RecordLimits.DEFAULT)), "duplicate subject");
    assertEquals(LedgerError.INVALID_FIELD, errorOf(() -> Records.parse(signedBody(body().addSubjects("")), RecordLimits.DEFAULT)));
    assertEquals(LedgerError.INVALID_FIELD, errorOf(() -> Records.parse(signedBody(body().addSubjects("a\u0000b")), RecordLimits.DEFAULT)));
    assertEquals(LedgerError.INVALID_FIELD, errorOf(() -> Records.parse(signedBody(body().addSubjects("x".repeat(513))), RecordLimits.DEFAULT)));
    assertEquals(LedgerError.INVALID_FIELD, errorOf(() -> Records.parse(signedBody(body().setOrigin("")), RecordLimits.DEFAULT)));
    assertEquals(LedgerError.INVALID_FIELD, errorOf(() -> Records.parse(signedBody(body().setAuthorOrg("")), RecordLimits.DEFAULT)));
    assertEquals(LedgerError.INVALID_FIELD, errorOf(() -> Records.parse(signedBody(body().setKind("")), RecordLimits.DEFAULT)));
    assertEquals(LedgerError.INVALID_FIELD, errorOf(() -> Records.parse(signedBody(body().setKind("k".repeat(129))), RecordLimits.DEFAULT)));
    assertEquals(LedgerError.INVALID_FIELD, errorOf(() -> Records.parse(twoSameKeys, RecordLimits.DEFAULT)), "same key twice");
    assertEquals(LedgerError.SIGNATURE_INVALID, errorOf(() -> Records.parse(shortKey, RecordLimits.DEFAULT)));
    assertEquals(LedgerError.SIGNATURE_INVALID, errorOf(() -> Records.parse(shortSig, RecordLimits.DEFAULT)));
  }

  @Test
  void parse_recordAboveTheSizeLimit_isRecordTooLarge() {
    byte[] big = signedBody(body().setContent(ByteString.copyFrom(new byte[70_000])));
    assertEquals(LedgerError.RECORD_TOO_LARGE, errorOf(() -> Records.parse(big, RecordLimits.DEFAULT)));
    assertDoesNotThrow(() -> Records.parse(big, RecordLimits.DEFAULT.withMaxRecordBytes(big.length)));
    assertEquals(LedgerError.RECORD_TOO_LARGE,
        errorOf(() -> Records.parse(big, RecordLimits.DEFAULT.withMaxRecordBytes(big.length - 1))), "the limit is inclusive");
  }

  @Test
  void parse_tooManySignaturesOrSubjects_isInvalidField() {
    RecordLimits tight = new RecordLimits(64 * 1024, 2, 512, 1, 128);
    byte[] twoSigs = Records.sign(body().build().toByteArray(), SENDER, RECEIVER);
    assertEquals(LedgerError.INVALID_FIELD, errorOf(() -> Records.parse(twoSigs, tight)));
    byte[] threeSubjects = signedBody(body().addSubjects("third"));
    assertEquals(LedgerError.INVALID_FIELD, errorOf(() -> Records.parse(threeSubjects, tight)));
  }
}
