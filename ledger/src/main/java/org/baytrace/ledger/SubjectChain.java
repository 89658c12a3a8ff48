package org.baytrace.ledger;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.List;
import org.baytrace.api.ledger.v1.LogEntry;
import org.baytrace.api.ledger.v1.SubjectLink;
import org.baytrace.ledger.crypto.Hash32;
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
      LogEntry e;
      try {
        e = LogEntry.parseFrom(leaf);
      } catch (InvalidProtocolBufferException ex) {
        throw new VerificationException(Failure.MALFORMED, "history of " + subject + ": an entry is not a LogEntry");
      }
      if (previousIndex >= 0 && Long.compareUnsigned(e.getIndex(), previousIndex) <= 0) {
        throw new VerificationException(Failure.CHAIN_BROKEN, "history of " + subject + ": entry " + e.getIndex()
            + " follows entry " + previousIndex + ", want increasing indexes");
      }
      SubjectLink link = e.getLinksList().stream().filter(l -> l.getSubject().equals(subject)).findFirst()
          .orElseThrow(() -> new VerificationException(Failure.CHAIN_BROKEN,
              "history of " + subject + ": entry " + e.getIndex() + " does not name the subject"));
      byte[] got = link.getPreviousLeafHash().toByteArray();
      boolean ok = previous == null ? got.length == 0 : previous.sameAs(got);
      if (!ok) {
        throw new VerificationException(Failure.CHAIN_BROKEN, "history of " + subject + ": entry " + e.getIndex()
            + " links to " + (got.length == 0 ? "nothing" : java.util.HexFormat.of().formatHex(got)) + ", want "
            + (previous == null ? "nothing (first entry)" : previous.hex() + " (entry " + previousIndex + ")"));
      }
      previous = Rfc9162.leafHash(leaf);
      previousIndex = e.getIndex();
    }
  }
}
