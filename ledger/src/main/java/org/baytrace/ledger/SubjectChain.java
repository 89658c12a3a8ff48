package org.baytrace.ledger;

import java.util.List;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.leaf.Leaf;
import org.baytrace.ledger.leaf.LeafCodec;
import org.baytrace.ledger.merkle.Rfc9162;
import org.baytrace.ledger.verify.Failure;
import org.baytrace.ledger.verify.VerificationException;

/** Verifies a subject's per-subject hash chain (DESIGN §3.2). Pure; thread-safe. */
public final class SubjectChain {
  private SubjectChain() {}

  /**
   * Checks that {@code leaves} (exact LogEntry bytes, oldest first) are the subject's whole
   * history: each names the subject, the first links to nothing, and every later one links to the
   * leaf hash of the one before.
   */
  public static void verify(String subject, List<byte[]> leaves) throws VerificationException {
    Hash32 previous = null;
    long previousIndex = -1;
    for (byte[] leaf : leaves) {
      Leaf e;
      try {
        e = LeafCodec.decode(leaf);
      } catch (VerificationException ex) {
        throw new VerificationException(Failure.MALFORMED, "history of " + subject + ": " + ex.detail());
      }
      if (previousIndex >= 0 && Long.compareUnsigned(e.index(), previousIndex) <= 0) {
        throw new VerificationException(Failure.CHAIN_BROKEN, "history of " + subject + ": entry " + e.index()
            + " follows entry " + previousIndex + ", want increasing indexes");
      }
      Leaf.Link link = e.link(subject);
      if (link == null) {
        throw new VerificationException(Failure.CHAIN_BROKEN,
            "history of " + subject + ": entry " + e.index() + " does not name the subject");
      }
      Hash32 got = link.previousLeafHash();
      boolean ok = previous == null ? got == null : previous.equals(got);
      if (!ok) {
        throw new VerificationException(Failure.CHAIN_BROKEN, "history of " + subject + ": entry " + e.index()
            + " links to " + (got == null ? "nothing" : got.hex()) + ", want "
            + (previous == null ? "nothing (first entry)" : previous.hex() + " (entry " + previousIndex + ")"));
      }
      previous = Rfc9162.leafHash(leaf);
      previousIndex = e.index();
    }
  }
}
