package org.baytrace.ledger.checkpoint;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.baytrace.ledger.crypto.PublicKey;
import org.baytrace.ledger.crypto.Sha256;
import org.baytrace.ledger.verify.Failure;
import org.baytrace.ledger.verify.VerificationException;

/**
 * A named Ed25519 note-verifier key. Its text form is the standard verifier key
 * {@code name+hex(keyhash)+base64(0x01 || public key)}, where keyhash is
 * SHA-256(name || "\n" || 0x01 || public key)[:4]. Immutable; thread-safe.
 */
public final class NoteVerifier {
  private static final byte ALG_ED25519 = 0x01;

  private final String name;
  private final PublicKey publicKey;
  private final byte[] keyHash;

  public NoteVerifier(String name, PublicKey publicKey) {
    checkName(name);
    this.name = name;
    this.publicKey = publicKey;
    MessageDigest d = Sha256.newDigest();
    d.update(name.getBytes(StandardCharsets.UTF_8));
    d.update((byte) '\n');
    d.update(ALG_ED25519);
    d.update(publicKey.toByteArray());
    this.keyHash = Arrays.copyOf(d.digest(), 4);
  }

  /** Key names are non-empty and contain no whitespace and no '+' (C2SP signed-note). */
  static void checkName(String name) {
    if (name == null || name.isEmpty() || name.chars().anyMatch(c -> Character.isWhitespace(c) || c == '+' || Character.isISOControl(c))) {
      throw new IllegalArgumentException(
          "note key name: got \"" + name + "\", want a non-empty name without spaces or '+'");
    }
  }

  /** Parses {@code name+hexkeyhash+base64(0x01||pubkey)}; checks that the key hash matches. */
  public static NoteVerifier parse(String vkey) {
    String s = vkey.strip();
    // Split at the first two '+' only: names and key hashes have none, but base64 may.
    String[] parts = s.split("\\+", 3);
    if (parts.length != 3) {
      throw new IllegalArgumentException("verifier key: want name+keyhash+key, got \"" + s + "\"");
    }
    byte[] key;
    byte[] hash;
    try {
      hash = HexFormat.of().parseHex(parts[1]);
      key = Base64.getDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("verifier key \"" + s + "\": keyhash must be hex and key base64", e);
    }
    if (hash.length != 4) {
      throw new IllegalArgumentException("verifier key \"" + s + "\": keyhash must be 8 hex digits");
    }
    if (key.length != 33 || key[0] != ALG_ED25519) {
      throw new IllegalArgumentException("verifier key \"" + s + "\": want an Ed25519 key (0x01 followed by 32 bytes)");
    }
    NoteVerifier v = new NoteVerifier(parts[0], PublicKey.of(Arrays.copyOfRange(key, 1, 33)));
    if (!Arrays.equals(v.keyHash, hash)) {
      throw new IllegalArgumentException("verifier key \"" + s + "\": keyhash " + parts[1]
          + " does not match the name and key (want " + HexFormat.of().formatHex(v.keyHash) + ")");
    }
    return v;
  }

  public String name() {
    return name;
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  public byte[] keyHash() {
    return keyHash.clone();
  }

  /** Whether a signature line with this key name and key hash claims to be by this key. */
  public boolean matches(String sigName, byte[] sigKeyHash) {
    return name.equals(sigName) && Arrays.equals(keyHash, sigKeyHash);
  }

  /** The standard text form of this verifier key. */
  public String encode() {
    byte[] key = new byte[33];
    key[0] = ALG_ED25519;
    System.arraycopy(publicKey.toByteArray(), 0, key, 1, 32);
    return name + "+" + HexFormat.of().formatHex(keyHash) + "+" + Base64.getEncoder().encodeToString(key);
  }

  /** Verifies a signature over note text. */
  public void verify(String text, byte[] signature) throws VerificationException {
    try {
      publicKey.verify(text.getBytes(StandardCharsets.UTF_8), signature);
    } catch (VerificationException e) {
      throw new VerificationException(Failure.SIGNATURE_INVALID, "note signature by " + name + " does not verify");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NoteVerifier && ((NoteVerifier) o).encode().equals(encode());
  }

  @Override
  public int hashCode() {
    return encode().hashCode();
  }

  @Override
  public String toString() {
    return encode();
  }
}
