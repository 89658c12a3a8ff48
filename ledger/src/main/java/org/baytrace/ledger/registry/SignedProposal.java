package org.baytrace.ledger.registry;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.crypto.Sha256;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.verify.VerificationException;

/**
 * A proposal's exact bytes and the signatures collected on them so far: the file governing
 * organisations sign offline one after another, and the content of the governance record that
 * finally submits it. Immutable and thread-safe.
 */
public final class SignedProposal {
  /** What a governing organisation's signature covers: this prefix, then the proposal bytes. */
  public static final byte[] SIGNATURE_DOMAIN = "baytrace/governance/v1\n".getBytes(StandardCharsets.US_ASCII);

  private final byte[] proposalBytes;
  private final Proposal proposal;
  private final List<ProposalSignature> signatures;

  SignedProposal(byte[] proposalBytes, Proposal proposal, List<ProposalSignature> signatures) {
    this.proposalBytes = proposalBytes.clone();
    this.proposal = Objects.requireNonNull(proposal, "proposal");
    this.signatures = List.copyOf(signatures);
  }

  /** A proposal nobody signed yet. */
  public static SignedProposal unsigned(Proposal proposal) {
    return new SignedProposal(ProposalCodec.encode(proposal), proposal, List.of());
  }

  public Proposal proposal() {
    return proposal;
  }

  public byte[] proposalBytes() {
    return proposalBytes.clone();
  }

  /** The proposal's id: SHA-256 of its exact bytes. */
  public Hash32 id() {
    return Sha256.hash(proposalBytes);
  }

  public List<ProposalSignature> signatures() {
    return signatures;
  }

  /** The message a governing organisation signs: {@link #SIGNATURE_DOMAIN} then the proposal bytes. */
  public byte[] signedMessage() {
    byte[] m = new byte[SIGNATURE_DOMAIN.length + proposalBytes.length];
    System.arraycopy(SIGNATURE_DOMAIN, 0, m, 0, SIGNATURE_DOMAIN.length);
    System.arraycopy(proposalBytes, 0, m, SIGNATURE_DOMAIN.length, proposalBytes.length);
    return m;
  }

  /** This proposal with one more signature, by {@code org} with {@code key}. */
  public SignedProposal signedBy(String org, SigningKey key) {
    if (signatures.stream().anyMatch(s -> s.key().equals(key.publicKey()))) {
      throw new InvalidValue("signatures", "key " + key.publicKey().keyId() + " has already signed this proposal");
    }
    List<ProposalSignature> all = new ArrayList<>(signatures);
    all.add(new ProposalSignature(org, key.publicKey(), key.sign(signedMessage())));
    return new SignedProposal(proposalBytes, proposal, all);
  }

  /**
   * Checks signature {@code i} over the exact proposal bytes.
   *
   * @throws VerificationException if it does not verify
   */
  public void verify(int i) throws VerificationException {
    ProposalSignature s = signatures.get(i);
    s.key().verify(signedMessage(), s.signature());
  }
}
