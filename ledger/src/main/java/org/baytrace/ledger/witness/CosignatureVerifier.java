package org.baytrace.ledger.witness;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.baytrace.ledger.checkpoint.SignedNote;
import org.baytrace.ledger.crypto.PublicKey;
import org.baytrace.ledger.crypto.Sha256;
import org.baytrace.ledger.verify.Failure;
import org.baytrace.ledger.verify.VerificationException;

/**
 * A witness's Ed25519 cosignature key ({@code cosignature/v1}); its verifier key (vkey) is
 * {@code name+hex(keyID)+base64(0x04 || public key)}. Immutable; thread-safe.
 */
public final class CosignatureVerifier {
  static final byte ALG_COSIGNATURE_V1 = 0x04;
  private static final int BLOB_LENGTH = 4 + 8 + PublicKey.SIGNATURE_LENGTH;

  private final String name;
  private final PublicKey key;
  private final byte[] keyId;

  public CosignatureVerifier(String name, PublicKey key) {
    if (name.isEmpty() || name.chars().anyMatch(c -> c == ' ' || c == '+' || Character.isISOControl(c))) {
      throw new IllegalArgumentException("witness name: got \"" + name + "\", want a name without spaces or '+'");
    }
    this.name = name;
    this.key = key;
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(n.length + 2 + PublicKey.LENGTH);
    b.put(n).put((byte) '\n').put(ALG_COSIGNATURE_V1).put(key.toByteArray());
    this.keyId = Arrays.copyOf(Sha256.hash(b.array()).toByteArray(), 4);
  }

  /** Parses {@code name+hexkeyid+base64(0x04||pubkey)}; checks that the key id matches. */
  public static CosignatureVerifier parse(String vkey) {
    String s = vkey.strip();
    String[] parts = s.split("\\+", 3);
    if (parts.length != 3) {
      throw new IllegalArgumentException("witness key: want name+keyid+key, got \"" + s + "\"");
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("witness key \"" + s + "\": key is not base64", e);
    }
    if (raw.length != 1 + PublicKey.LENGTH || raw[0] != ALG_COSIGNATURE_V1) {
      throw new IllegalArgumentException("witness key \"" + s + "\": want a cosignature/v1 key (0x04 and 32 bytes)");
    }
    CosignatureVerifier v = new CosignatureVerifier(parts[0], PublicKey.of(Arrays.copyOfRange(raw, 1, raw.length)));
    if (!HexFormat.of().formatHex(v.keyId).equals(parts[1].toLowerCase(java.util.Locale.ROOT))) {
      throw new IllegalArgumentException("witness key \"" + s + "\": key id " + parts[1]
          + " does not match the name and key (want " + HexFormat.of().formatHex(v.keyId) + ")");
    }
    return v;
  }

  public String name() {
    return name;
  }

  byte[] keyId() {
    return keyId.clone();
  }

  public String encode() {
    byte[] raw = new byte[1 + PublicKey.LENGTH];
    raw[0] = ALG_COSIGNATURE_V1;
    System.arraycopy(key.toByteArray(), 0, raw, 1, PublicKey.LENGTH);
    return name + "+" + HexFormat.of().formatHex(keyId) + "+" + Base64.getEncoder().encodeToString(raw);
  }

  static String signedMessage(String checkpointText, long unixSeconds) {
    return "cosignature/v1\ntime " + unixSeconds + "\n" + checkpointText;
  }

  /**
   * Verifies this witness's cosignatures on {@code note}; returns their timestamps (empty if the
   * note has none by this witness).
   *
   * @throws VerificationException SIGNATURE_INVALID if a signature line with this witness's name
   *     and key id does not verify
   */
  public List<Long> verify(SignedNote note) throws VerificationException {
    List<Long> times = new java.util.ArrayList<>();
    for (SignedNote.Signature s : note.signatures()) {
      byte[] blob = concat(s.keyHash(), s.signature());
      if (!s.name().equals(name) || !Arrays.equals(s.keyHash(), keyId)) {
        continue;
      }
      if (blob.length != BLOB_LENGTH) {
        throw new VerificationException(Failure.SIGNATURE_INVALID, "cosignature by " + name + ": got "
            + blob.length + " bytes, want " + BLOB_LENGTH);
      }
      long time = ByteBuffer.wrap(blob, 4, 8).getLong();
      byte[] sig = Arrays.copyOfRange(blob, 12, blob.length);
      try {
        key.verify(signedMessage(note.text(), time).getBytes(StandardCharsets.UTF_8), sig);
      } catch (VerificationException e) {
        throw new VerificationException(Failure.SIGNATURE_INVALID, "cosignature by witness " + name
            + " does not verify over the checkpoint");
      }
      times.add(time);
    }
    return times;
  }

  /**
   * The names of the {@code trusted} witnesses that cosigned {@code note}, checking that there
   * are at least {@code min}.
   *
   * @throws VerificationException SIGNATURE_INVALID for a bad cosignature by a trusted witness,
   *     TOO_FEW_SIGNERS for fewer than {@code min}
   */
  public static Set<String> verifyAtLeast(SignedNote note, Collection<CosignatureVerifier> trusted, int min)
      throws VerificationException {
    Set<String> names = new LinkedHashSet<>();
    for (CosignatureVerifier v : trusted) {
      if (!v.verify(note).isEmpty()) {
        names.add(v.name());
      }
    }
    if (names.size() < min) {
      throw new VerificationException(Failure.TOO_FEW_SIGNERS, "checkpoint: got cosignatures from "
          + names.size() + " trusted witnesses " + names + ", want at least " + min);
    }
    return names;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Override
  public String toString() {
    return encode();
  }
}
