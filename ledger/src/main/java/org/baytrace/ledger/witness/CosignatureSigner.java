package org.baytrace.ledger.witness;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.baytrace.ledger.checkpoint.SignedNote;
import org.baytrace.ledger.crypto.SigningKey;

/**
 * A witness's Ed25519 cosigner (C2SP tlog-cosignature, {@code cosignature/v1}): the signature line
 * is {@code — <name> base64(keyID || u64 timestamp || Ed25519 signature)} over
 * {@code "cosignature/v1\ntime <t>\n" || checkpoint body}, with
 * keyID = SHA-256(name || "\n" || 0x04 || public key)[:4]. Immutable; thread-safe.
 */
public final class CosignatureSigner {
  private final String name;
  private final SigningKey key;
  private final CosignatureVerifier verifier;

  public CosignatureSigner(String name, SigningKey key) {
    this.name = name;
    this.key = key;
    this.verifier = new CosignatureVerifier(name, key.publicKey());
  }

  public String name() {
    return name;
  }

  public CosignatureVerifier verifier() {
    return verifier;
  }

  /** The cosignature line (ending in a newline) over {@code checkpointText} at {@code unixSeconds}. */
  public String cosign(String checkpointText, long unixSeconds) {
    if (unixSeconds < 0) {
      throw new IllegalArgumentException("timestamp: got " + unixSeconds + ", want >= 0");
    }
    byte[] signature = key.sign(CosignatureVerifier.signedMessage(checkpointText, unixSeconds)
        .getBytes(StandardCharsets.UTF_8));
    ByteBuffer blob = ByteBuffer.allocate(4 + 8 + signature.length);
    blob.put(verifier.keyId()).putLong(unixSeconds).put(signature);
    return SignedNote.SIGNATURE_PREFIX + name + " " + Base64.getEncoder().encodeToString(blob.array()) + "\n";
  }
}
