package org.baytrace.ledger.registry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.baytrace.ledger.AppliedRecord;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.leaf.Leaf;
import org.baytrace.ledger.leaf.LeafCodec;
import org.baytrace.ledger.record.AuthorSignature;
import org.baytrace.ledger.record.ParsedRecord;
import org.baytrace.ledger.receipt.Receipt;
import org.baytrace.ledger.receipt.ReceiptVerifier;
import org.baytrace.ledger.registry.OrgRegistry.Org;
import org.baytrace.ledger.registry.OrgRegistry.OrgKey;
import org.baytrace.ledger.verify.Failure;
import org.baytrace.ledger.verify.VerificationException;

/**
 * The registry as a verifier computes it offline from a registry file's evidence (the receipts
 * of the ledger's governance records, as {@code GET /v1/registry} serves them): each receipt
 * verified against checkpoints the verifier trusts, the records linked one to the next in the
 * governance subject's hash chain (none left out between two of them), and replayed in log order
 * by the same {@link GovernanceRule} every member runs. A file whose receipts do not verify, are
 * not governance records, or skip a record is refused. Stateless.
 */
public final class RegistryEvidence {
  private RegistryEvidence() {}

  /**
   * The registry state the receipts prove.
   *
   * @throws VerificationException naming the receipt and the check that failed
   */
  public static GovernanceState verify(List<Receipt> receipts, ReceiptVerifier verifier) throws VerificationException {
    if (receipts.isEmpty()) {
      throw new VerificationException(Failure.MALFORMED, "registry file: evidence.receipts: empty, want the receipt of every governance record");
    }
    List<Receipt> ordered = new ArrayList<>(receipts);
    ordered.sort(Comparator.comparingLong(Receipt::leafIndex));
    GovernanceRule rule = null;
    Hash32 previous = null;
    String origin = null;
    for (Receipt r : ordered) {
      ReceiptVerifier.Verified v;
      try {
        v = verifier.verify(r);
      } catch (VerificationException e) {
        throw new VerificationException(e.failure(), "registry file: the governance receipt of entry " + r.leafIndex() + ": "
            + e.detail());
      }
      ParsedRecord record = v.record();
      if (!GovernanceRecords.isGovernance(record)) {
        throw new VerificationException(Failure.MALFORMED, "registry file: entry " + v.index() + " is a " + record.kind()
            + ", not a governance record");
      }
      Leaf leaf = LeafCodec.decode(r.leaf());
      Leaf.Link link = leaf.link(GovernanceRecords.SUBJECT);
      Hash32 linked = link == null ? null : link.previousLeafHash();
      if (previous == null ? linked != null : !previous.equals(linked)) {
        throw new VerificationException(Failure.CHAIN_BROKEN, "registry file: entry " + v.index() + " follows governance entry "
            + (linked == null ? "none" : linked.hex()) + ", want " + (previous == null ? "none (the first)" : previous.hex())
            + ": a governance record between them is missing from the file");
      }
      if (rule == null) {
        Change first;
        try {
          first = ProposalCodec.decodeSigned(record.content()).proposal().change();
        } catch (IllegalArgumentException e) {
          throw new VerificationException(Failure.MALFORMED, "registry file: entry " + v.index() + ": " + e.getMessage());
        }
        if (!(first instanceof Change.AdoptRegistry adopt)) {
          throw new VerificationException(Failure.MALFORMED, "registry file: the first governance entry (" + v.index() + ") is a "
              + first.kind() + ", not the adoption of a registry");
        }
        origin = record.origin();
        rule = v.index() == 0 ? GovernanceRule.beginningWithGenesis(origin, adopt.registry(), OrgRegistry::authorPolicy)
            : new GovernanceRule(origin, adopt.registry(), OrgRegistry::authorPolicy);
      }
      try {
        rule.replay(new AppliedRecord(record, v.index(), v.leafHash(), v.recordTimeUnixMillis()));
      } catch (LedgerException e) {
        throw new VerificationException(Failure.MALFORMED, "registry file: entry " + v.index() + ": " + e.getMessage());
      }
      previous = v.leafHash();
    }
    return rule.state();
  }

  /**
   * What the registry {@code s} says of the keys that signed {@code record}: for each key it has
   * revoked, "signed by key K of org O, revoked at index N (reason)"; empty if none is revoked.
   */
  public static List<String> revokedSigners(GovernanceState s, ParsedRecord record) {
    List<String> out = new ArrayList<>();
    for (AuthorSignature sig : record.signatures()) {
      Optional<Org> org = s.registry().orgs().orgOfKey(sig.publicKey());
      Optional<OrgKey> key = org.flatMap(o -> o.key(sig.publicKey()));
      if (key.isPresent() && key.get().ended() != null && key.get().ended().revoked()) {
        out.add("signed by key " + sig.publicKey().keyId() + " of org " + org.get().id() + ", a key "
            + key.get().ended().describe());
      }
    }
    return out;
  }
}
