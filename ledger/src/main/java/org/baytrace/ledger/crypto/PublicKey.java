package org.baytrace.ledger.crypto;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.baytrace.ledger.verify.Failure;
import org.baytrace.ledger.verify.VerificationException;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 public key (RFC 8032), verified with BouncyCastle. Immutable and thread-safe; the
 * decoded curve point is cached, so keep one instance per key rather than re-parsing it.
 */
public final class PublicKey {
  public static final int LENGTH = 32;
  public static final int SIGNATURE_LENGTH = 64;

  private final byte[] raw;
  private final Ed25519PublicKeyParameters params;
  private final String keyId;

  private PublicKey(byte[] raw) {
    this.raw = raw;
    this.params = new Ed25519PublicKeyParameters(raw, 0);
    this.keyId = HexFormat.of().formatHex(Arrays.copyOf(Sha256.hash(raw).toByteArray(), 8));
  }

  /**
   * Parses a raw 32-byte key.
   *
   * @throws IllegalArgumentException naming the problem if it is not a valid Ed25519 point
   */
  public static PublicKey of(byte[] raw) {
    if (raw == null || raw.length != LENGTH) {
      throw new IllegalArgumentException(
          "public key: got " + (raw == null ? "null" : raw.length + " bytes") + ", want 32 bytes");
    }
    try {
      return new PublicKey(raw.clone());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("public key: not a valid Ed25519 point", e);
    }
  }

  // Decoding a key point costs about a sixth of a verification; partners sign with a few keys,
  // so parsed keys are kept. Bounded: when full it is simply cleared.
  private static final int CACHE_LIMIT = 10_000;
  private static final java.util.concurrent.ConcurrentHashMap<java.nio.ByteBuffer, PublicKey> CACHE =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** Like {@link #of}, reusing the parsed key (and its decoded point) for bytes seen before. */
  public static PublicKey cached(byte[] raw) {
    if (raw == null || raw.length != LENGTH) {
      return of(raw);
    }
    java.nio.ByteBuffer k = java.nio.ByteBuffer.wrap(raw.clone());
    PublicKey key = CACHE.get(k);
    if (key == null) {
      key = of(raw);
      if (CACHE.size() >= CACHE_LIMIT) {
        CACHE.clear();
      }
      CACHE.put(k, key);
    }
    return key;
  }

  public static PublicKey fromBase64(String base64) {
    return of(Base64.getDecoder().decode(base64));
  }

  /** The key id of DESIGN §3.1: hex(SHA-256(public key)[:8]), 16 hex digits. */
  public String keyId() {
    return keyId;
  }

  public byte[] toByteArray() {
    return raw.clone();
  }

  public String base64() {
    return Base64.getEncoder().encodeToString(raw);
  }

  /**
   * Verifies a pure Ed25519 signature over {@code message}.
   *
   * @throws VerificationException SIGNATURE_INVALID with this key's id if it does not verify
   */
  public void verify(byte[] message, byte[] signature) throws VerificationException {
    if (signature == null || signature.length != SIGNATURE_LENGTH) {
      throw new VerificationException(
          Failure.SIGNATURE_INVALID,
          "signature by key " + keyId + ": got "
              + (signature == null ? "none" : signature.length + " bytes") + ", want 64 bytes");
    }
    if (!params.verify(Ed25519.Algorithm.Ed25519, null, message, 0, message.length, signature, 0)) {
      throw new VerificationException(
          Failure.SIGNATURE_INVALID, "signature by key " + keyId + " does not verify");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PublicKey && Arrays.equals(raw, ((PublicKey) o).raw);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(raw);
  }

  @Override
  public String toString() {
    return "Ed25519 key " + keyId;
  }
}
