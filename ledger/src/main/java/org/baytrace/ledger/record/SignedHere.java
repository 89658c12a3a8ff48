package org.baytrace.ledger.record;

import java.util.Objects;

/**
 * A record signed in this process by {@link Records#signHere}, from body bytes it was given, with
 * keys this process holds: its shape is checked as {@link Records#parse} checks it, and its
 * signatures hold by construction. The signed bytes are private copies that nothing can change
 * between signing and appending ({@link ParsedRecord} hands out copies only), so verifying these
 * signatures again before the append (what {@link org.baytrace.ledger.Ledger#check(byte[])} does
 * for records from outside) would only repeat the signer's arithmetic. Everything else is still
 * checked ({@link org.baytrace.ledger.Ledger#check(SignedHere)}: origin, entry size, author
 * policy); every reader of the ledger, and every other member of a cluster, verifies the
 * signatures as for any record.
 *
 * <p>Only {@link Records#signHere} makes one, so holding a {@code SignedHere} is the proof that it
 * was signed here. Immutable; thread-safe.
 */
public final class SignedHere {
  private final ParsedRecord record;

  SignedHere(ParsedRecord record) {
    this.record = Objects.requireNonNull(record, "record");
  }

  /** The record as parsed when it was signed. */
  public ParsedRecord record() {
    return record;
  }

  /** The exact SignedRecord bytes (a copy). */
  public byte[] signedRecordBytes() {
    return record.signedRecordBytes();
  }
}
