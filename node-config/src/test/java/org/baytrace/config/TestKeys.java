package org.baytrace.config;

import java.util.Arrays;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.crypto.SigningKey;

/** Fixed keys for tests: key(n) is the same key in every run. */
final class TestKeys {
  private TestKeys() {}

  static SigningKey key(int n) {
    byte[] seed = new byte[SigningKey.SEED_LENGTH];
    Arrays.fill(seed, (byte) n);
    return SigningKey.fromSeed(seed);
  }

  /** Base64 of the raw public key, as {@code public_key} takes it. */
  static String base64(int n) {
    return key(n).publicKey().base64();
  }

  /** The checkpoint verifier key of a node named {@code name} signing with key(n). */
  static String vkey(String name, int n) {
    return new NoteSigner(name, key(n)).verifier().encode();
  }
}
