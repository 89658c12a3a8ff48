package org.baytrace.ledger.registry;

import com.google.protobuf.ByteString;
import java.util.Arrays;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.record.Records;

/**
 * A ledger's genesis (ledger/README.md, "Genesis"): the proposal that adopts the founding
 * registry, signed offline by the founding organisations, and the record that holds it as entry
 * 0. Stateless.
 */
public final class Genesis {
  private Genesis() {}

  /** A genesis proposal of {@code founding} for ledger {@code origin}, signed by nobody yet. */
  public static SignedProposal propose(String origin, Registry founding, String summary) {
    return SignedProposal.unsigned(Proposal.of(origin, Proposal.NO_REGISTRY, new Change.AdoptRegistry(founding), summary));
  }

  /**
   * Checks that {@code genesis} can begin ledger {@code origin} of a member whose founding
   * registry is {@code founding}: made for this ledger, adopting exactly that registry, and signed
   * by at least the threshold of its governing organisations with keys of their own.
   *
   * @throws LedgerException REGISTRY_MISMATCH (saying what differs), WRONG_ORIGIN, or the
   *     refusal of its signatures
   */
  public static void check(SignedProposal genesis, String origin, Registry founding) {
    Proposal p = genesis.proposal();
    if (!p.origin().equals(origin)) {
      throw new LedgerException(LedgerError.WRONG_ORIGIN, "genesis: origin: got " + Quote.of(p.origin()) + ", want \""
          + origin + "\" ([ledger] origin): the genesis was made for another ledger");
    }
    if (!(p.change() instanceof Change.AdoptRegistry adopt)) {
      throw new LedgerException(LedgerError.INVALID_FIELD, "genesis: kind: got \"" + GovernanceRecords.kind(p)
          + "\", want \"governance.AdoptRegistry\" (make it with 'baytrace registry propose --genesis')");
    }
    if (!Arrays.equals(RegistryCodec.encode(adopt.registry()), RegistryCodec.encode(founding))) {
      throw new LedgerException(LedgerError.REGISTRY_MISMATCH, "genesis: the registry it adopts is not this"
          + " configuration's founding registry: " + String.join("; ", RegistryDiff.between(adopt.registry(), founding)));
    }
    GovernanceRule.checkSignatures(genesis, founding);
  }

  /**
   * The record that appends {@code genesis} as entry 0: a governance record whose author is the
   * member node {@code memberName}, signed by that node's key (it carries no authority: the
   * proposal's signatures do). Its nonce is the first 16 bytes of the proposal's id.
   */
  public static byte[] record(SignedProposal genesis, String memberName, SigningKey nodeKey, long eventTimeUnixMillis) {
    byte[] nonce = Arrays.copyOf(genesis.id().toByteArray(), 16);
    byte[] body = RecordBody.newBuilder().setOrigin(genesis.proposal().origin()).setKind(GovernanceRecords.kind(genesis.proposal()))
        .addSubjects(GovernanceRecords.SUBJECT).setEventTimeUnixMillis(eventTimeUnixMillis).setAuthorOrg(memberName)
        .setNonce(ByteString.copyFrom(nonce)).setContentType(GovernanceRecords.CONTENT_TYPE)
        .setContent(ByteString.copyFrom(ProposalCodec.encode(genesis))).build().toByteArray();
    return Records.sign(body, nodeKey);
  }
}
