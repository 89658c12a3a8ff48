package org.baytrace.tracking.domain.biomaterial;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.baytrace.api.biomaterial.v1.HandOver;
import org.baytrace.ledger.AppliedRecord;
import org.baytrace.ledger.ApplyRule;
import org.baytrace.ledger.Overlay;
import org.baytrace.ledger.StagedRule;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.record.AuthorSignature;
import org.baytrace.ledger.record.ParsedRecord;
import org.baytrace.ledger.registry.OrgRegistry;
import org.baytrace.tracking.domain.coldchain.ColdChainRecords;
import org.baytrace.tracking.domain.epcis.record.EpcisRecords;

/**
 * The custody rule, judged in log order: a shipment is declared once; a hand-over names a
 * declared shipment, comes from its current holder, is not dated before the current holding
 * began, and carries exactly two signatures, one by a key of the sender and one by a key of the
 * receiver (keys looked up in the org registry, which is the ledger's genesis and the same on
 * every node). Refusals: INVALID_FIELD for content, NOT_AUTHORISED for signatures by the wrong
 * parties, RULE_VIOLATED for everything that depends on the log; each message names the rule.
 * Called by the ledger's writer only.
 */
public final class CustodyRule extends StagedRule<Overlay<String, CustodyRule.Holder>> {
  private final OrgRegistry registry;
  private final CustodyState state;

  public CustodyRule(OrgRegistry registry, CustodyState state) {
    this.registry = registry;
    this.state = state;
  }

  /** What a batch has staged on top of the committed state: holders by subject. */
  record Holder(String org, long sinceMillis, long ledgerIndexOrMinus1) {}

  CustodyState state() {
    return state;
  }

  // The state takes every stored record as it is, judged or not (the log is the truth).
  @Override
  public void replay(AppliedRecord applied) {
    state.ingest(applied, signerOrgs(applied.record()));
  }

  /** The snapshot name of this rule's state. */
  public static final String SNAPSHOT = "biomaterial.custody";

  /**
   * Snapshotted as the records its state took: shipments, hand-overs, logger readings and EPCIS
   * events ({@link CustodyState#ingest} ignores every other kind).
   */
  @Override
  public Optional<ApplyRule.Snapshots> snapshots() {
    return Optional.of(ApplyRule.Snapshots.ofTakenRecords(SNAPSHOT, 1, r -> r.kind().equals(BiomaterialRecords.SHIPMENT)
        || r.kind().equals(BiomaterialRecords.HAND_OVER) || r.kind().equals(ColdChainRecords.LOGGER_READINGS)
        || r.kind().startsWith(EpcisRecords.KIND_PREFIX)));
  }

  /** Holders the batch changed; the committed ones are read from the state where needed. */
  @Override
  protected Overlay<String, Holder> draft() {
    return Overlay.over(subject -> null);
  }

  @Override
  protected void commit(Overlay<String, Holder> draft, List<AppliedRecord> stored) {
    stored.forEach(a -> state.ingest(a, signerOrgs(a.record())));
  }

  /** Judges a record, recording an accepted change in {@code overlay}. */
  @Override
  protected void apply(ParsedRecord r, Overlay<String, Holder> overlay) {
    if (r.kind().equals(BiomaterialRecords.SHIPMENT)) {
      BiomaterialRecords.shipment(r);
      String s = r.subjects().get(0);
      if (overlay.get(s) != null || state.declared(s).isPresent()) {
        String at = state.declared(s).map(d -> " at index " + d.ledgerIndex()).orElse(" earlier in this batch");
        throw new LedgerException(LedgerError.RULE_VIOLATED, "biomaterial.shipment.once: " + s
            + " was already declared" + at + "; a shipment is declared once");
      }
      overlay.put(s, new Holder(r.authorOrg(), r.eventTimeUnixMillis(), -1));
    } else if (r.kind().equals(BiomaterialRecords.HAND_OVER)) {
      HandOver h = BiomaterialRecords.handOver(r);
      String s = r.subjects().get(0);
      Holder holder = overlay.get(s);
      if (holder == null) {
        holder = state.holder(s).map(x -> new Holder(x.org(), x.sinceMillis(), x.ledgerIndex())).orElse(null);
      }
      if (holder == null) {
        throw new LedgerException(LedgerError.RULE_VIOLATED, "biomaterial.handover.declared: " + s
            + " has no biomaterial.Shipment record; declare the shipment before handing it over");
      }
      checkSignatures(r, h);
      if (!holder.org().equals(h.getFromOrg())) {
        throw new LedgerException(LedgerError.RULE_VIOLATED, "biomaterial.handover.holder: from_org: got \""
            + h.getFromOrg() + "\", want the current holder \"" + holder.org() + "\"" + since(holder));
      }
      if (r.eventTimeUnixMillis() < holder.sinceMillis()) {
        throw new LedgerException(LedgerError.RULE_VIOLATED, "biomaterial.handover.time: body.event_time_unix_millis: got "
            + r.eventTimeUnixMillis() + ", want at or after " + holder.sinceMillis() + " when \"" + holder.org()
            + "\" took custody");
      }
      overlay.put(s, new Holder(h.getToOrg(), r.eventTimeUnixMillis(), -1));
    }
  }

  private static String since(Holder h) {
    return h.ledgerIndexOrMinus1() >= 0 ? " (since index " + h.ledgerIndexOrMinus1() + ")" : " (since earlier in this batch)";
  }

  private void checkSignatures(ParsedRecord r, HandOver h) {
    List<String> orgs = signerOrgs(r);
    String want = "one by sender \"" + h.getFromOrg() + "\" and one by receiver \"" + h.getToOrg() + "\"";
    if (orgs.size() < 2) {
      throw new LedgerException(LedgerError.RULE_VIOLATED, "biomaterial.handover.dual_signature: got "
          + orgs.size() + " signature (by " + orgs + "), want two: " + want);
    }
    if (orgs.size() > 2) {
      throw new LedgerException(LedgerError.NOT_AUTHORISED, "biomaterial.handover.dual_signature: got "
          + orgs.size() + " signatures (orgs " + orgs + "), want exactly two: " + want);
    }
    if (!new TreeSet<>(orgs).equals(new TreeSet<>(List.of(h.getFromOrg(), h.getToOrg())))) {
      throw new LedgerException(LedgerError.NOT_AUTHORISED, "biomaterial.handover.dual_signature: signed by orgs "
          + orgs + ", want " + want);
    }
  }

  /** The org of each signature's key, in signature order ("?" for a key the registry does not know). */
  private List<String> signerOrgs(ParsedRecord r) {
    List<String> out = new ArrayList<>();
    for (AuthorSignature s : r.signatures()) {
      out.add(registry.orgOfKey(s.publicKey()).map(OrgRegistry.Org::id).orElse("?" + s.keyId()));
    }
    return out;
  }
}
