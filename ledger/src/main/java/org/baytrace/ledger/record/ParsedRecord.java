package org.baytrace.ledger.record;

import java.util.List;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.ledger.crypto.Hash32;

/**
 * A signed record whose shape has been checked, holding the exact bytes it was received as.
 * Signatures are not yet verified: see {@link RecordVerifier}. Immutable; thread-safe.
 */
public final class ParsedRecord {
  private final byte[] signedRecordBytes;
  private final byte[] bodyBytes;
  private final RecordBody body;
  private final List<AuthorSignature> signatures;
  private final Hash32 bodyHash;

  ParsedRecord(byte[] signedRecordBytes, byte[] bodyBytes, RecordBody body, List<AuthorSignature> signatures, Hash32 bodyHash) {
    this.signedRecordBytes = signedRecordBytes;
    this.bodyBytes = bodyBytes;
    this.body = body;
    this.signatures = List.copyOf(signatures);
    this.bodyHash = bodyHash;
  }

  /** The exact SignedRecord bytes as received. */
  public byte[] signedRecordBytes() {
    return signedRecordBytes.clone();
  }

  /** Length of the SignedRecord bytes, without copying them. */
  public int signedRecordLength() {
    return signedRecordBytes.length;
  }

  /** The exact RecordBody bytes the authors signed. */
  public byte[] bodyBytes() {
    return bodyBytes.clone();
  }

  /**
   * SHA-256 of the body bytes: the record's identity for idempotent re-submission (the body
   * carries the origin, author and nonce).
   */
  public Hash32 bodyHash() {
    return bodyHash;
  }

  public String origin() {
    return body.getOrigin();
  }

  public String kind() {
    return body.getKind();
  }

  public List<String> subjects() {
    return body.getSubjectsList();
  }

  public long eventTimeUnixMillis() {
    return body.getEventTimeUnixMillis();
  }

  public String authorOrg() {
    return body.getAuthorOrg();
  }

  /**
   * The organisation a node signed this record for ({@code body.submitted_by}), or empty when
   * the author org submitted it itself.
   */
  public String submittedBy() {
    return body.getSubmittedBy();
  }

  /** The organisation the author policy judges: {@link #submittedBy()} if set, else {@link #authorOrg()}. */
  public String submitterOrg() {
    return body.getSubmittedBy().isEmpty() ? body.getAuthorOrg() : body.getSubmittedBy();
  }

  /** The body's nonce bytes (a copy), for rules that restrict what a record may carry. */
  public byte[] nonce() {
    return body.getNonce().toByteArray();
  }

  public String contentType() {
    return body.getContentType();
  }

  public byte[] content() {
    return body.getContent().toByteArray();
  }

  public List<AuthorSignature> signatures() {
    return signatures;
  }

  // Package-private: the library's own code may still reach the whole proto message.
  RecordBody body() {
    return body;
  }
}
