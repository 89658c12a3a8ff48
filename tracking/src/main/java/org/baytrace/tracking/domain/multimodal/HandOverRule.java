package org.baytrace.tracking.domain.multimodal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.baytrace.api.multimodal.v1.HandOver;
import org.baytrace.ledger.AppliedRecord;
import org.baytrace.ledger.ApplyRule;
import org.baytrace.ledger.Overlay;
import org.baytrace.ledger.StagedRule;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.record.AuthorSignature;
import org.baytrace.ledger.record.ParsedRecord;
import org.baytrace.ledger.registry.OrgRegistry;
import org.baytrace.ledger.registry.OrgRegistry.Role;
import org.baytrace.tracking.domain.common.Fields;
import org.baytrace.tracking.domain.common.Quoted;
import org.baytrace.tracking.domain.multimodal.MultimodalState.Consignment;

/**
 * Judges every {@code multimodal.*} record in log order and keeps {@link MultimodalState}, as the
 * custody rule judges custody: a hand-over starts from where the goods are. Refusals, each naming
 * its rule:
 * <ul>
 *   <li>INVALID_FIELD: a kind other than {@code multimodal.HandOver}, subjects and content field
 *       by field ({@link MultimodalRecords}), a party that is no org of the registry with the
 *       carrier, port or barge_operator role ({@code multimodal.handover.party});</li>
 *   <li>NOT_AUTHORISED: {@code multimodal.handover.signatures}: one signature by a key of each
 *       party, and no other (one signature when one operator hands over between its own legs);
 *       the author is one of the parties;</li>
 *   <li>RULE_VIOLATED, for every subject the ledger already holds a hand-over of: {@code
 *       multimodal.handover.mode} (from_mode is the mode the latest hand-over put the goods in),
 *       {@code multimodal.handover.holder} (from_party is the party that took them over), {@code
 *       multimodal.handover.time} (not before that hand-over).</li>
 * </ul>
 * A subject's first hand-over starts its multimodal history. Replay leaves out stored records the
 * rule would refuse. Driven by the ledger's writer.
 */
public final class HandOverRule extends StagedRule<Overlay<String, Consignment>> {
  static final Set<Role> PARTY_ROLES = Set.of(Role.CARRIER, Role.PORT, Role.BARGE_OPERATOR);

  private final OrgRegistry registry;
  private final MultimodalState state = new MultimodalState();

  public HandOverRule(OrgRegistry registry) {
    this.registry = registry;
  }

  public MultimodalState state() {
    return state;
  }

  @Override
  protected Overlay<String, Consignment> draft() {
    return Overlay.over(subject -> state.consignment(subject).orElse(null));
  }

  @Override
  protected boolean judges(ParsedRecord r) {
    return r.kind().startsWith(MultimodalRecords.PREFIX);
  }

  /** The snapshot name of this rule's state. */
  public static final String SNAPSHOT = "multimodal.handover";

  /** Snapshotted as the hand-over records it took: its state is built from those alone. */
  @Override
  public Optional<ApplyRule.Snapshots> snapshots() {
    return Optional.of(ApplyRule.Snapshots.ofTakenRecords(SNAPSHOT, 1, this::judges));
  }

  @Override
  protected void commit(Overlay<String, Consignment> draft, List<AppliedRecord> stored) {
    Map<Hash32, Long> indexes = new HashMap<>();
    stored.stream().filter(a -> judges(a.record())).forEach(a -> indexes.put(a.record().bodyHash(), a.index()));
    state.publish(draft.changes(), indexes);
  }

  @Override
  protected void apply(ParsedRecord r, Overlay<String, Consignment> d) {
    if (!r.kind().equals(MultimodalRecords.HAND_OVER)) {
      throw Fields.invalid("kind", Quoted.of(r.kind()), "\"" + MultimodalRecords.HAND_OVER + "\"");
    }
    HandOver h = MultimodalRecords.check(r);
    party("from_party", h.getFromParty());
    party("to_party", h.getToParty());
    signatures(r, h);
    for (String subject : r.subjects()) {
      Consignment c = d.get(subject);
      if (c == null) {
        continue; // the first hand-over of this subject starts its history
      }
      ModeHandOver last = c.latest();
      String since = " (hand-over at " + Instant.ofEpochMilli(last.time()) + " recorded by \"" + last.author() + "\")";
      if (h.getFromMode() != last.toMode()) {
        throw violated("multimodal.handover.mode: from_mode: got " + h.getFromMode().name() + ", want "
            + last.toMode().name() + ": " + subject + " travels by " + last.toMode().name() + " since its last hand-over"
            + since);
      }
      if (!h.getFromParty().equals(last.toParty())) {
        throw violated("multimodal.handover.holder: from_party: got \"" + h.getFromParty() + "\", want \""
            + last.toParty() + "\", the party holding " + subject + since);
      }
      if (r.eventTimeUnixMillis() < last.time()) {
        throw violated("multimodal.handover.time: event_time_unix_millis: got " + Instant.ofEpochMilli(r.eventTimeUnixMillis())
            + ", want at or after " + Instant.ofEpochMilli(last.time()) + ", the last hand-over of " + subject);
      }
    }
    ModeHandOver accepted = new ModeHandOver(r.subjects(), h.getFromMode(), h.getToMode(), h.getPlace(),
        h.getFromParty(), h.getToParty(), MultimodalRecords.means(h.getFromMeans()),
        MultimodalRecords.means(h.getToMeans()), r.eventTimeUnixMillis(), r.authorOrg(), r.bodyHash());
    for (String subject : r.subjects()) {
      Consignment c = d.get(subject);
      d.put(subject, c == null ? new Consignment(subject, List.of(accepted)) : c.with(accepted));
    }
  }

  private void party(String field, String org) {
    boolean ok = registry.org(org).map(o -> PARTY_ROLES.stream().anyMatch(o::hasRole)).orElse(false);
    if (!ok) {
      throw Fields.invalid(field, Quoted.of(org), "an org of the registry with the carrier, port or barge_operator"
          + " role (multimodal.handover.party)");
    }
  }

  private void signatures(ParsedRecord r, HandOver h) {
    Set<String> parties = new TreeSet<>(List.of(h.getFromParty(), h.getToParty()));
    String want = parties.size() == 1 ? "one by \"" + h.getFromParty() + "\", the operator of both legs"
        : "one by the handing party \"" + h.getFromParty() + "\" and one by the receiving party \"" + h.getToParty() + "\"";
    List<String> signers = new ArrayList<>();
    for (AuthorSignature s : r.signatures()) {
      signers.add(registry.orgOfKey(s.publicKey()).map(OrgRegistry.Org::id).orElse("?" + s.keyId()));
    }
    if (signers.size() != parties.size() || !new TreeSet<>(signers).equals(parties)) {
      throw new LedgerException(LedgerError.NOT_AUTHORISED, "multimodal.handover.signatures: got " + signers.size()
          + " signature" + (signers.size() == 1 ? "" : "s") + " by " + signers + ", want " + want);
    }
    if (!parties.contains(r.authorOrg())) {
      throw new LedgerException(LedgerError.NOT_AUTHORISED, "multimodal.handover.signatures: author_org \""
          + r.authorOrg() + "\" is neither party; a hand-over is recorded by the parties to it");
    }
  }

  private static LedgerException violated(String message) {
    return new LedgerException(LedgerError.RULE_VIOLATED, message);
  }
}
