package org.baytrace.ledger.checkpoint;

import java.util.Collection;
import java.util.List;
import org.baytrace.ledger.verify.Failure;
import org.baytrace.ledger.verify.VerificationException;

/** Verifies signed checkpoints against trusted keys, k of n. Pure; thread-safe. */
public final class CheckpointVerifier {
  private CheckpointVerifier() {}

  /** A checkpoint whose signatures were verified, and by whom. */
  public record Verified(Checkpoint checkpoint, SignedNote note, List<String> signers) {}

  /**
   * Parses and verifies a signed checkpoint note.
   *
   * @param expectedOrigin the ledger the caller means, or null to accept any origin
   * @throws VerificationException MALFORMED, ORIGIN_MISMATCH, SIGNATURE_INVALID, UNKNOWN_KEY or
   *     TOO_FEW_SIGNERS
   */
  public static Verified verify(String noteText, String expectedOrigin, Collection<NoteVerifier> trusted, int minSigners)
      throws VerificationException {
    SignedNote note = SignedNote.parse(noteText);
    Checkpoint cp = Checkpoint.parse(note.text());
    if (expectedOrigin != null && !expectedOrigin.equals(cp.origin())) {
      throw new VerificationException(Failure.ORIGIN_MISMATCH,
          "checkpoint origin: got \"" + cp.origin() + "\", want \"" + expectedOrigin + "\"");
    }
    List<String> signers = note.verify(trusted, minSigners);
    return new Verified(cp, note, signers);
  }
}
