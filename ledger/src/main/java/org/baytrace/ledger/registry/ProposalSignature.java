package org.baytrace.ledger.registry;

import java.util.Objects;
import org.baytrace.ledger.crypto.PublicKey;

/** One governing organisation's signature on a proposal's exact bytes. */
public record ProposalSignature(String org, PublicKey key, byte[] signature) {
  public ProposalSignature {
    Objects.requireNonNull(org, "org");
    Objects.requireNonNull(key, "key");
    if (signature == null || signature.length != PublicKey.SIGNATURE_LENGTH) {
      throw new InvalidValue("signature", "got " + (signature == null ? "none" : signature.length + " bytes")
          + ", want " + PublicKey.SIGNATURE_LENGTH);
    }
    signature = signature.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProposalSignature s && s.org.equals(org) && s.key.equals(key)
        && java.util.Arrays.equals(s.signature, signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(org, key);
  }

  @Override
  public String toString() {
    return "ProposalSignature[" + org + ", key " + key.keyId() + "]";
  }
}
