package org.baytrace.ledger.checkpoint;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.baytrace.ledger.crypto.SigningKey;

/**
 * Signs note texts as a named Ed25519 key in the C2SP signed-note format. Thread-safe.
 */
public final class NoteSigner {
  private final String name;
  private final SigningKey key;
  private final NoteVerifier verifier;

  public NoteSigner(String name, SigningKey key) {
    this.verifier = new NoteVerifier(name, key.publicKey());
    this.name = name;
    this.key = key;
  }

  public String name() {
    return name;
  }

  public NoteVerifier verifier() {
    return verifier;
  }

  /** A signature line "— name base64(keyhash || signature)\n" over {@code text}. */
  public String signatureLine(String text) {
    byte[] sig = key.sign(text.getBytes(StandardCharsets.UTF_8));
    byte[] blob = Arrays.copyOf(verifier.keyHash(), 4 + sig.length);
    System.arraycopy(sig, 0, blob, 4, sig.length);
    return SignedNote.SIGNATURE_PREFIX + name + " " + Base64.getEncoder().encodeToString(blob) + "\n";
  }

  /** Signs a checkpoint: its text, a blank line and one signature line. */
  public SignedNote sign(Checkpoint checkpoint) {
    String text = checkpoint.text();
    return SignedNote.of(text, signatureLine(text));
  }
}
