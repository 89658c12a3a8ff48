package org.baytrace.ledger.receipt;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.baytrace.ledger.checkpoint.CheckpointVerifier;
import org.baytrace.ledger.checkpoint.NoteVerifier;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.crypto.PublicKey;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.leaf.Leaf;
import org.baytrace.ledger.leaf.LeafCodec;
import org.baytrace.ledger.merkle.MerkleVerifier;
import org.baytrace.ledger.merkle.Rfc9162;
import org.baytrace.ledger.record.AuthorSignature;
import org.baytrace.ledger.record.ParsedRecord;
import org.baytrace.ledger.record.RecordLimits;
import org.baytrace.ledger.record.Records;
import org.baytrace.ledger.verify.Failure;
import org.baytrace.ledger.verify.VerificationException;

/**
 * Verifies a {@link Receipt} offline, with no I/O: the checkpoint's signatures (k of n trusted
 * keys), the entry's index, the author signatures over the exact body bytes inside the leaf, that
 * the record is for the checkpoint's ledger, and the inclusion proof. Immutable; thread-safe.
 */
public final class ReceiptVerifier {
  // A receipt carries a record the ledger already accepted; the verifier does not re-apply the
  // node's size limit, only a generous bound.
  private static final RecordLimits LIMITS = new RecordLimits(16 << 20, 4096, 4096, 1024, 1024);

  private final List<NoteVerifier> trusted;
  private final int minSigners;
  private final String origin;
  private final Set<PublicKey> authorKeys;

  private ReceiptVerifier(List<NoteVerifier> trusted, int minSigners, String origin, Set<PublicKey> authorKeys) {
    this.trusted = List.copyOf(trusted);
    this.minSigners = minSigners;
    this.origin = origin;
    this.authorKeys = authorKeys == null ? null : Set.copyOf(authorKeys);
  }

  /**
   * A verifier that trusts these checkpoint signers and demands {@code minSigners} of them.
   */
  public static ReceiptVerifier trusting(List<NoteVerifier> trusted, int minSigners) {
    if (trusted.isEmpty() || minSigners < 1 || minSigners > trusted.size()) {
      throw new IllegalArgumentException("receipt verifier: got " + trusted.size() + " trusted keys and min signers "
          + minSigners + ", want 1 <= min signers <= trusted keys");
    }
    return new ReceiptVerifier(trusted, minSigners, null, null);
  }

  /** Also requires the checkpoint (and so the record) to be for this ledger origin. */
  public ReceiptVerifier forOrigin(String expectedOrigin) {
    return new ReceiptVerifier(trusted, minSigners, Objects.requireNonNull(expectedOrigin), authorKeys);
  }

  /** Also requires every author key to be one of these (an organisation registry's keys). */
  public ReceiptVerifier withAuthorKeys(Set<PublicKey> keys) {
    return new ReceiptVerifier(trusted, minSigners, origin, keys);
  }

  /** What a verified receipt proves. */
  public record Verified(
      CheckpointVerifier.Verified checkpoint,
      long index,
      Hash32 leafHash,
      long recordTimeUnixMillis,
      ParsedRecord record,
      List<String> checks) {}

  /**
   * @throws VerificationException naming the first check that failed
   */
  public Verified verify(Receipt receipt) throws VerificationException {
    List<String> checks = new ArrayList<>();
    CheckpointVerifier.Verified cp = CheckpointVerifier.verify(receipt.checkpoint(), origin, trusted, minSigners);
    checks.add("checkpoint " + cp.checkpoint().origin() + " at size " + cp.checkpoint().size()
        + " signed by " + cp.signers().size() + " trusted key(s) " + cp.signers() + ", " + minSigners + " required");

    byte[] leaf = receipt.leaf();
    Leaf entry;
    try {
      entry = LeafCodec.decode(leaf);
    } catch (VerificationException e) {
      throw new VerificationException(Failure.MALFORMED, "receipt.record: " + e.detail());
    }
    if (entry.index() != receipt.leafIndex()) {
      throw new VerificationException(Failure.INDEX_MISMATCH,
          "receipt.leafIndex " + receipt.leafIndex() + " but the entry says index " + Long.toUnsignedString(entry.index()));
    }

    ParsedRecord record;
    try {
      record = Records.parse(entry.signedRecord(), LIMITS);
    } catch (LedgerException e) {
      throw new VerificationException(Failure.MALFORMED, "receipt.record: " + e.getMessage());
    }
    if (!record.origin().equals(cp.checkpoint().origin())) {
      throw new VerificationException(Failure.ORIGIN_MISMATCH,
          "record origin: got \"" + record.origin() + "\", want the checkpoint's \"" + cp.checkpoint().origin() + "\"");
    }
    Records.verifySignatures(record);
    List<String> keyIds = record.signatures().stream().map(AuthorSignature::keyId).toList();
    if (authorKeys != null) {
      for (AuthorSignature s : record.signatures()) {
        if (!authorKeys.contains(s.publicKey())) {
          throw new VerificationException(Failure.UNKNOWN_KEY, "author key " + s.keyId() + " is not a trusted author key");
        }
      }
    }
    checks.add("record " + record.kind() + " by " + record.authorOrg() + ": " + keyIds.size()
        + " author signature(s) verify, key id(s) " + keyIds + (authorKeys != null ? ", all trusted" : ""));
    checkLinks(entry, record);

    Hash32 leafHash = Rfc9162.leafHash(leaf);
    MerkleVerifier.verifyInclusion(receipt.leafIndex(), cp.checkpoint().size(), leafHash, receipt.inclusionProof(),
        cp.checkpoint().root());
    checks.add("entry " + receipt.leafIndex() + " (leaf hash " + leafHash.hex() + ") is included in the tree of size "
        + cp.checkpoint().size() + " with root " + cp.checkpoint().root().hex());
    return new Verified(cp, receipt.leafIndex(), leafHash, entry.recordTimeUnixMillis(), record, List.copyOf(checks));
  }

  // The codec has checked each link's previous leaf hash (0 or 32 bytes).
  private static void checkLinks(Leaf entry, ParsedRecord record) throws VerificationException {
    List<String> subjects = record.subjects();
    if (entry.links().size() != subjects.size()) {
      throw new VerificationException(Failure.MALFORMED,
          "entry links: got " + entry.links().size() + ", want one per subject (" + subjects.size() + ")");
    }
    for (int i = 0; i < subjects.size(); i++) {
      Leaf.Link link = entry.links().get(i);
      if (!link.subject().equals(subjects.get(i))) {
        throw new VerificationException(Failure.MALFORMED, "entry links[" + i + "]: got subject \"" + link.subject()
            + "\", want \"" + subjects.get(i) + "\"");
      }
    }
  }
}
