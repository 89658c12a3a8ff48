package org.baytrace.ledger.registry;

import com.google.protobuf.ByteString;
import java.security.SecureRandom;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.record.ParsedRecord;
import org.baytrace.ledger.record.Records;

/**
 * How a governance record looks (ledger/README.md, "Governance"): an ordinary signed record of
 * kind {@code governance.<Change>} about the subject {@value #SUBJECT}, whose content is a
 * {@link SignedProposal}. The record's own signature is the submitting organisation's; the
 * proposal's signatures are the governing organisations'. Stateless.
 */
public final class GovernanceRecords {
  public static final String KIND_PREFIX = "governance.";
  /** The one subject of every governance record: the registry's changes form one hash chain. */
  public static final String SUBJECT = "urn:baytrace:governance:registry";
  public static final String CONTENT_TYPE = "application/vnd.baytrace.governance.signed-proposal.v1+protobuf";

  private static final SecureRandom RANDOM = new SecureRandom();

  private GovernanceRecords() {}

  public static boolean isGovernance(ParsedRecord r) {
    return r.kind().startsWith(KIND_PREFIX);
  }

  /** The record kind of a proposal's change. */
  public static String kind(Proposal p) {
    return KIND_PREFIX + p.change().kind();
  }

  /** A record body that submits {@code proposal} as {@code submitter}, for the proposal's ledger. */
  public static byte[] body(SignedProposal proposal, String submitter, long eventTimeUnixMillis) {
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    return RecordBody.newBuilder().setOrigin(proposal.proposal().origin()).setKind(kind(proposal.proposal()))
        .addSubjects(SUBJECT).setEventTimeUnixMillis(eventTimeUnixMillis).setAuthorOrg(submitter)
        .setNonce(ByteString.copyFrom(nonce)).setContentType(CONTENT_TYPE)
        .setContent(ByteString.copyFrom(ProposalCodec.encode(proposal))).build().toByteArray();
  }

  /** The signed record that submits {@code proposal}: {@link #body} signed by the submitter's record key. */
  public static byte[] signedRecord(SignedProposal proposal, String submitter, SigningKey key, long eventTimeUnixMillis) {
    return Records.sign(body(proposal, submitter, eventTimeUnixMillis), key);
  }
}
