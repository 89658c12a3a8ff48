package org.baytrace.ledger.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 helpers. Thread-safe: each call uses its own digest from a per-thread cache. */
public final class Sha256 {
  private static final ThreadLocal<MessageDigest> DIGEST =
      ThreadLocal.withInitial(Sha256::newDigest);

  private Sha256() {}

  /** A fresh SHA-256 digest; every Java platform has one. */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }

  public static Hash32 hash(byte[] data) {
    MessageDigest d = DIGEST.get();
    d.reset();
    return Hash32.wrap(d.digest(data));
  }

  /** SHA-256(prefix || data), without building the concatenation. */
  public static Hash32 hash(byte prefix, byte[] data) {
    MessageDigest d = DIGEST.get();
    d.reset();
    d.update(prefix);
    d.update(data);
    return Hash32.wrap(d.digest());
  }

  /** SHA-256(prefix || left || right). */
  public static Hash32 hash(byte prefix, Hash32 left, Hash32 right) {
    MessageDigest d = DIGEST.get();
    d.reset();
    d.update(prefix);
    left.updateDigest(d);
    right.updateDigest(d);
    return Hash32.wrap(d.digest());
  }
}
