package org.baytrace.ledger.checkpoint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.baytrace.ledger.verify.Failure;
import org.baytrace.ledger.verify.VerificationException;

/**
 * A C2SP signed note: text ending in a newline, a blank line, then one line per signature
 * {@code — <name> <base64(4-byte key hash || signature)>}. Immutable; thread-safe.
 */
public final class SignedNote {
  /** An em dash (U+2014) and a space start every signature line. */
  public static final String SIGNATURE_PREFIX = "\u2014 ";
  /** Notes with more signatures than this are refused as malformed (as the Go note package). */
  public static final int MAX_SIGNATURES = 100;

  /** One signature line. */
  public record Signature(String name, byte[] keyHash, byte[] signature) {
    public Signature {
      keyHash = keyHash.clone();
      signature = signature.clone();
    }

    @Override
    public byte[] keyHash() {
      return keyHash.clone();
    }

    @Override
    public byte[] signature() {
      return signature.clone();
    }

    String line() {
      byte[] blob = Arrays.copyOf(keyHash, keyHash.length + signature.length);
      System.arraycopy(signature, 0, blob, keyHash.length, signature.length);
      return SIGNATURE_PREFIX + name + " " + Base64.getEncoder().encodeToString(blob) + "\n";
    }
  }

  private final String text;
  private final List<Signature> signatures;

  private SignedNote(String text, List<Signature> signatures) {
    this.text = text;
    this.signatures = List.copyOf(signatures);
  }

  /** Builds a note from its text and signature lines (as {@link NoteSigner#signatureLine} makes). */
  public static SignedNote of(String text, String... signatureLines) {
    try {
      return parse(text + "\n" + String.join("", signatureLines));
    } catch (VerificationException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** Parses note text; refuses anything not in the signed-note format. */
  public static SignedNote parse(String note) throws VerificationException {
    if (note == null || note.isEmpty()) {
      throw new VerificationException(Failure.MALFORMED, "signed note: empty");
    }
    if (note.chars().anyMatch(c -> c != '\n' && Character.isISOControl(c))) {
      throw new VerificationException(Failure.MALFORMED, "signed note: contains control characters");
    }
    int split = note.lastIndexOf("\n\n");
    if (split < 0) {
      throw new VerificationException(Failure.MALFORMED, "signed note: no blank line before the signatures");
    }
    String text = note.substring(0, split + 1);
    String sigBlock = note.substring(split + 2);
    if (sigBlock.isEmpty() || !sigBlock.endsWith("\n")) {
      throw new VerificationException(Failure.MALFORMED, "signed note: want signature lines ending in a newline after the blank line");
    }
    String[] lines = sigBlock.substring(0, sigBlock.length() - 1).split("\n", -1);
    if (lines.length > MAX_SIGNATURES) {
      throw new VerificationException(Failure.MALFORMED,
          "signed note: got " + lines.length + " signatures, want at most " + MAX_SIGNATURES);
    }
    List<Signature> sigs = new ArrayList<>(lines.length);
    for (String line : lines) {
      if (!line.startsWith(SIGNATURE_PREFIX)) {
        throw new VerificationException(Failure.MALFORMED, "signed note: signature line must start with an em dash: \"" + line + "\"");
      }
      String rest = line.substring(SIGNATURE_PREFIX.length());
      int space = rest.lastIndexOf(' ');
      if (space <= 0) {
        throw new VerificationException(Failure.MALFORMED, "signed note: signature line wants a name and a signature: \"" + line + "\"");
      }
      String name = rest.substring(0, space);
      byte[] blob;
      String encoded = rest.substring(space + 1);
      try {
        blob = Base64.getDecoder().decode(encoded);
      } catch (IllegalArgumentException e) {
        throw new VerificationException(Failure.MALFORMED, "signed note: signature of " + name + " is not base64");
      }
      // Only the canonical encoding (RFC 4648 §3.5: padding bits zero, padding present): otherwise
      // one signature has several texts, and a changed note would still verify.
      if (!Base64.getEncoder().encodeToString(blob).equals(encoded)) {
        throw new VerificationException(Failure.MALFORMED, "signed note: signature of " + name + " is not canonical base64");
      }
      if (blob.length < 5 || name.contains(" ")) {
        throw new VerificationException(Failure.MALFORMED, "signed note: malformed signature line \"" + line + "\"");
      }
      sigs.add(new Signature(name, Arrays.copyOf(blob, 4), Arrays.copyOfRange(blob, 4, blob.length)));
    }
    return new SignedNote(text, sigs);
  }

  /** The signed text (ends with a newline). */
  public String text() {
    return text;
  }

  public List<Signature> signatures() {
    return signatures;
  }

  /** Adds the signatures of {@code other}, which must have the same text; keeps one per key. */
  public SignedNote merge(SignedNote other) {
    if (!other.text.equals(text)) {
      throw new IllegalArgumentException("merge: notes have different texts");
    }
    Set<String> lines = new LinkedHashSet<>();
    List<Signature> merged = new ArrayList<>(signatures);
    signatures.forEach(s -> lines.add(s.name() + Arrays.toString(s.keyHash())));
    for (Signature s : other.signatures) {
      if (lines.add(s.name() + Arrays.toString(s.keyHash()))) {
        merged.add(s);
      }
    }
    return new SignedNote(text, merged);
  }

  /**
   * Verifies the signatures by trusted keys and returns the names of the trusted signers.
   * Signatures by unknown keys are ignored; a bad signature by a trusted key is an error.
   *
   * @throws VerificationException SIGNATURE_INVALID, UNKNOWN_KEY (no trusted signer at all) or
   *     TOO_FEW_SIGNERS (fewer than {@code minSigners} distinct trusted signers)
   */
  public List<String> verify(Collection<NoteVerifier> trusted, int minSigners) throws VerificationException {
    if (minSigners < 1) {
      throw new IllegalArgumentException("minSigners: got " + minSigners + ", want at least 1");
    }
    Set<String> signers = new LinkedHashSet<>();
    for (Signature s : signatures) {
      for (NoteVerifier v : trusted) {
        if (v.matches(s.name(), s.keyHash)) {
          v.verify(text, s.signature);
          signers.add(v.encode());
        }
      }
    }
    if (signers.isEmpty()) {
      List<String> names = signatures.stream().map(Signature::name).toList();
      throw new VerificationException(Failure.UNKNOWN_KEY, "signed note: none of its signers " + names + " is trusted");
    }
    if (signers.size() < minSigners) {
      throw new VerificationException(Failure.TOO_FEW_SIGNERS,
          "signed note: got " + signers.size() + " trusted signatures, want at least " + minSigners);
    }
    return signers.stream().map(s -> s.substring(0, s.indexOf('+'))).toList();
  }

  /** The note as text: body, blank line, signature lines. */
  public String format() {
    StringBuilder sb = new StringBuilder(text).append('\n');
    signatures.forEach(s -> sb.append(s.line()));
    return sb.toString();
  }

  @Override
  public String toString() {
    return format();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignedNote && ((SignedNote) o).format().equals(format());
  }

  @Override
  public int hashCode() {
    return format().hashCode();
  }
}
