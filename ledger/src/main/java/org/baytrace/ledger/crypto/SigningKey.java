package org.baytrace.ledger.crypto;

import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 private key with its public key. Thread-safe. {@link #toString()} never shows the
 * secret.
 */
public final class SigningKey {
  public static final int SEED_LENGTH = 32;

  private final Ed25519PrivateKeyParameters params;
  private final PublicKey publicKey;

  private SigningKey(Ed25519PrivateKeyParameters params) {
    this.params = params;
    this.publicKey = PublicKey.of(params.generatePublicKey().getEncoded());
  }

  /** A new key from the system's strong random source. */
  public static SigningKey generate() {
    return new SigningKey(new Ed25519PrivateKeyParameters(new SecureRandom()));
  }

  /** The key for a 32-byte RFC 8032 seed (the private key as RFC 8032 defines it). */
  public static SigningKey fromSeed(byte[] seed) {
    if (seed == null || seed.length != SEED_LENGTH) {
      throw new IllegalArgumentException(
          "private key: got " + (seed == null ? "null" : seed.length + " bytes") + ", want 32 bytes");
    }
    return new SigningKey(new Ed25519PrivateKeyParameters(seed, 0));
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  public String keyId() {
    return publicKey.keyId();
  }

  /** Pure Ed25519 signature over {@code message}, 64 bytes. */
  public byte[] sign(byte[] message) {
    byte[] sig = new byte[PublicKey.SIGNATURE_LENGTH];
    params.sign(Ed25519.Algorithm.Ed25519, null, message, 0, message.length, sig, 0);
    return sig;
  }

  /** The 32-byte seed, for writing a key file. Callers must not keep it around. */
  byte[] seed() {
    return params.getEncoded();
  }

  @Override
  public String toString() {
    return "Ed25519 signing key " + keyId();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SigningKey && Arrays.equals(seed(), ((SigningKey) o).seed());
  }

  @Override
  public int hashCode() {
    return publicKey.hashCode();
  }
}
