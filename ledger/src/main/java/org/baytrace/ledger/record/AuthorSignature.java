package org.baytrace.ledger.record;

import org.baytrace.ledger.crypto.PublicKey;

/** One signature of a record, with its parsed key. Immutable. */
public record AuthorSignature(PublicKey publicKey, byte[] signature) {
  public AuthorSignature {
    signature = signature.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  public String keyId() {
    return publicKey.keyId();
  }
}
