package org.baytrace.ledger.record;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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

/**
 * Signing, parsing and verifying records (DESIGN §3.1). An author signs
 * {@code "baytrace/record/v1\n" || body bytes}; the body bytes are carried unchanged inside the
 * SignedRecord and are never re-serialised. Stateless and thread-safe.
 */
public final class Records {
  /** Domain separation prefix of the record signature. */
  public static final byte[] SIGNATURE_DOMAIN = "baytrace/record/v1\n".getBytes(StandardCharsets.US_ASCII);

  private Records() {}

  /** The bytes an author signs for a body. */
  public static byte[] signedMessage(byte[] bodyBytes) {
    byte[] msg = Arrays.copyOf(SIGNATURE_DOMAIN, SIGNATURE_DOMAIN.length + bodyBytes.length);
    System.arraycopy(bodyBytes, 0, msg, SIGNATURE_DOMAIN.length, bodyBytes.length);
    return msg;
  }

  /** Signs a body with one or more keys (in order) and returns the SignedRecord bytes. */
  public static byte[] sign(byte[] bodyBytes, SigningKey... keys) {
    if (keys.length == 0) {
      throw new IllegalArgumentException("sign: want at least one key");
    }
    byte[] msg = signedMessage(bodyBytes);
    SignedRecord.Builder b = SignedRecord.newBuilder().setBody(ByteString.copyFrom(bodyBytes));
    for (SigningKey k : keys) {
      b.addSignatures(Signature.newBuilder()
          .setPublicKey(ByteString.copyFrom(k.publicKey().toByteArray()))
          .setSignature(ByteString.copyFrom(k.sign(msg))));
    }
    return b.build().toByteArray();
  }

  /**
   * Signs a body with one or more keys, as {@link #sign} does, and checks the result's shape as
   * {@link #parse} does: a record signed here, whose signatures need no second verification
   * before it is appended ({@link SignedHere}).
   *
   * @throws LedgerException as {@link #parse}, if the record breaks a shape or size limit
   */
  public static SignedHere signHere(byte[] bodyBytes, RecordLimits limits, SigningKey... keys) {
    return new SignedHere(parse(sign(bodyBytes, keys), limits));
  }

  /** Adds one more signature (a co-signer's) to SignedRecord bytes, keeping the body bytes. */
  public static byte[] cosign(byte[] signedRecordBytes, SigningKey key) {
    try {
      SignedRecord r = SignedRecord.parseFrom(signedRecordBytes);
      byte[] sig = key.sign(signedMessage(r.getBody().toByteArray()));
      return r.toBuilder().addSignatures(Signature.newBuilder()
          .setPublicKey(ByteString.copyFrom(key.publicKey().toByteArray()))
          .setSignature(ByteString.copyFrom(sig))).build().toByteArray();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("cosign: not a SignedRecord", e);
    }
  }

  /**
   * The most bytes the log entry for {@code record} can take: the signed record, the largest
   * index and record time, and for every subject a link with a previous leaf hash.
   */
  public static long maxLogEntryBytes(ParsedRecord record) {
    long n = 11 + 11; // index and record time: tag + varint of at most 10 bytes each
    for (String subject : record.subjects()) {
      long subjectBytes = subject.getBytes(StandardCharsets.UTF_8).length;
      long link = 1 + varintSize(subjectBytes) + subjectBytes + 1 + 1 + 32;
      n += 1 + varintSize(link) + link;
    }
    return n + 1 + varintSize(record.signedRecordLength()) + record.signedRecordLength();
  }

  /**
   * Refuses a record whose log entry could exceed {@link RecordLimits#MAX_LOG_ENTRY_BYTES}.
   *
   * @throws LedgerException RECORD_TOO_LARGE, naming the sizes and the reason for the limit
   */
  public static void checkLogEntrySize(ParsedRecord record) {
    long max = maxLogEntryBytes(record);
    if (max > RecordLimits.MAX_LOG_ENTRY_BYTES) {
      throw new LedgerException(LedgerError.RECORD_TOO_LARGE, "log entry: got up to " + max + " bytes (a "
          + record.signedRecordLength() + "-byte signed record and links for " + record.subjects().size()
          + " subjects), want at most " + RecordLimits.MAX_LOG_ENTRY_BYTES
          + ": C2SP tlog-tiles entry bundles give each entry a 16-bit length");
    }
  }

  private static int varintSize(long v) {
    int n = 1;
    while ((v >>>= 7) != 0) {
      n++;
    }
    return n;
  }

  /**
   * Checks the shape of SignedRecord bytes: size limit, protobuf well-formedness, at least one
   * subject, unique subjects, at least one signature, well-formed keys. Does not verify signatures
   * and does not check the origin.
   *
   * @throws LedgerException MALFORMED_RECORD, RECORD_TOO_LARGE, INVALID_FIELD or UNSIGNED
   */
  public static ParsedRecord parse(byte[] signedRecordBytes, RecordLimits limits) {
    if (signedRecordBytes == null || signedRecordBytes.length == 0) {
      throw new LedgerException(LedgerError.MALFORMED_RECORD, "signed_record: empty");
    }
    if (signedRecordBytes.length > limits.maxRecordBytes()) {
      throw new LedgerException(LedgerError.RECORD_TOO_LARGE,
          "signed_record: got " + signedRecordBytes.length + " bytes, want at most " + limits.maxRecordBytes());
    }
    SignedRecord signed;
    RecordBody body;
    try {
      signed = parseStrict(signedRecordBytes, SignedRecord.parser());
      if (signed.getBody().isEmpty()) {
        throw new LedgerException(LedgerError.MALFORMED_RECORD, "signed_record.body: empty");
      }
      body = parseStrict(signed.getBody().toByteArray(), RecordBody.parser());
    } catch (InvalidProtocolBufferException e) {
      throw new LedgerException(LedgerError.MALFORMED_RECORD,
          "signed_record: not a baytrace.ledger.v1.SignedRecord with a RecordBody: " + e.getMessage());
    }
    checkBody(body, limits);
    if (signed.getSignaturesCount() == 0) {
      throw new LedgerException(LedgerError.UNSIGNED, "signed_record.signatures: got none, want at least one");
    }
    if (signed.getSignaturesCount() > limits.maxSignatures()) {
      throw new LedgerException(LedgerError.INVALID_FIELD,
          "signed_record.signatures: got " + signed.getSignaturesCount() + ", want at most " + limits.maxSignatures());
    }
    List<AuthorSignature> sigs = new ArrayList<>(signed.getSignaturesCount());
    Set<PublicKey> seen = new HashSet<>();
    for (int i = 0; i < signed.getSignaturesCount(); i++) {
      Signature s = signed.getSignatures(i);
      PublicKey key;
      try {
        key = PublicKey.cached(s.getPublicKey().toByteArray());
      } catch (IllegalArgumentException e) {
        throw new LedgerException(LedgerError.SIGNATURE_INVALID, "signed_record.signatures[" + i + "]." + e.getMessage());
      }
      if (!seen.add(key)) {
        throw new LedgerException(LedgerError.INVALID_FIELD,
            "signed_record.signatures[" + i + "]: key " + key.keyId() + " signs twice");
      }
      if (s.getSignature().size() != PublicKey.SIGNATURE_LENGTH) {
        throw new LedgerException(LedgerError.SIGNATURE_INVALID,
            "signed_record.signatures[" + i + "].signature: got " + s.getSignature().size() + " bytes, want 64");
      }
      sigs.add(new AuthorSignature(key, s.getSignature().toByteArray()));
    }
    byte[] bodyBytes = signed.getBody().toByteArray();
    return new ParsedRecord(signedRecordBytes.clone(), bodyBytes, body, sigs, Sha256.hash(bodyBytes));
  }

  private static void checkBody(RecordBody body, RecordLimits limits) {
    if (body.getOrigin().isEmpty()) {
      throw new LedgerException(LedgerError.INVALID_FIELD, "body.origin: empty, want the ledger's origin");
    }
    if (body.getKind().isEmpty() || body.getKind().length() > limits.maxKindLength() || !isPrintable(body.getKind())) {
      throw new LedgerException(LedgerError.INVALID_FIELD,
          "body.kind: got \"" + abbreviate(body.getKind()) + "\", want 1.." + limits.maxKindLength()
              + " printable characters such as \"epcis.ObjectEvent\"");
    }
    if (body.getAuthorOrg().isEmpty()) {
      throw new LedgerException(LedgerError.INVALID_FIELD, "body.author_org: empty, want the author's organisation id");
    }
    String submitter = body.getSubmittedBy();
    if (submitter.length() > 63 || !isPrintable(submitter) || submitter.equals(body.getAuthorOrg())) {
      throw new LedgerException(LedgerError.INVALID_FIELD, "body.submitted_by: got \"" + abbreviate(submitter)
          + "\", want empty or the id of another org than author_org (at most 63 characters)");
    }
    int n = body.getSubjectsCount();
    if (n == 0) {
      throw new LedgerException(LedgerError.INVALID_FIELD, "body.subjects: empty, want at least one trace code");
    }
    if (n > limits.maxSubjects()) {
      throw new LedgerException(LedgerError.INVALID_FIELD,
          "body.subjects: got " + n + ", want at most " + limits.maxSubjects());
    }
    Set<String> unique = new HashSet<>();
    for (int i = 0; i < n; i++) {
      String s = body.getSubjects(i);
      int len = s.getBytes(StandardCharsets.UTF_8).length;
      if (s.isEmpty() || len > limits.maxSubjectBytes() || !isPrintable(s)) {
        throw new LedgerException(LedgerError.INVALID_FIELD,
            "body.subjects[" + i + "]: got \"" + abbreviate(s) + "\" (" + len + " bytes), want 1.."
                + limits.maxSubjectBytes() + " bytes of printable text");
      }
      if (!unique.add(s)) {
        throw new LedgerException(LedgerError.INVALID_FIELD, "body.subjects[" + i + "]: \"" + abbreviate(s) + "\" named twice");
      }
    }
  }

  /**
   * Verifies every signature of a record over the signature domain and its body bytes.
   *
   * @throws VerificationException UNSIGNED or SIGNATURE_INVALID naming the key
   */
  public static void verifySignatures(ParsedRecord record) throws VerificationException {
    if (record.signatures().isEmpty()) {
      throw new VerificationException(Failure.UNSIGNED, "record carries no signature");
    }
    byte[] msg = signedMessage(record.bodyBytes());
    for (AuthorSignature s : record.signatures()) {
      s.publicKey().verify(msg, s.signature());
    }
  }

  // Refuses unknown fields too: a body with fields this version does not know would be signed
  // content the ledger cannot show, so it is treated as malformed.
  private static <T extends com.google.protobuf.Message> T parseStrict(byte[] bytes, com.google.protobuf.Parser<T> parser)
      throws InvalidProtocolBufferException {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    T msg = parser.parseFrom(in);
    in.checkLastTagWas(0);
    if (!msg.getUnknownFields().asMap().isEmpty()) {
      throw new InvalidProtocolBufferException("unknown field numbers " + msg.getUnknownFields().asMap().keySet());
    }
    return msg;
  }

  private static boolean isPrintable(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c)) {
        return false;
      }
    }
    return true;
  }

  static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 61) + "...";
  }
}
