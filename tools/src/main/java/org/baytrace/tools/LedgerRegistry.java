package org.baytrace.tools;

import io.grpc.ManagedChannel;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.baytrace.api.ledger.v1.Entry;
import org.baytrace.api.ledger.v1.GetCheckpointRequest;
import org.baytrace.api.ledger.v1.GetSubjectHistoryRequest;
import org.baytrace.api.ledger.v1.LedgerServiceGrpc;
import org.baytrace.ledger.AppliedRecord;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.leaf.Leaf;
import org.baytrace.ledger.leaf.LeafCodec;
import org.baytrace.ledger.record.ParsedRecord;
import org.baytrace.ledger.record.RecordLimits;
import org.baytrace.ledger.record.Records;
import org.baytrace.ledger.registry.Change;
import org.baytrace.ledger.registry.GovernanceRecords;
import org.baytrace.ledger.registry.GovernanceRule;
import org.baytrace.ledger.registry.GovernanceState;
import org.baytrace.ledger.registry.OrgRegistry;
import org.baytrace.ledger.registry.ProposalCodec;
import org.baytrace.ledger.registry.Registry;
import org.baytrace.ledger.registry.RegistryJson;
import org.baytrace.ledger.verify.VerificationException;

/**
 * The registry of a ledger as this client computes it: the ledger's governance records (the
 * history of {@link GovernanceRecords#SUBJECT}), judged in log order by the same
 * {@link GovernanceRule} every member runs, starting from the registry the first of them adopted.
 * So what {@code baytrace registry show} prints does not rest on the node's word about the
 * registry, only on the records it serves.
 *
 * @param treeSize the ledger's size when it was read
 * @param state null if the ledger holds no governance record yet
 */
record LedgerRegistry(String origin, long treeSize, GovernanceState state) {
  static LedgerRegistry read(ManagedChannel ch) {
    LedgerServiceGrpc.LedgerServiceBlockingStub stub = LedgerServiceGrpc.newBlockingStub(ch).withDeadlineAfter(60, TimeUnit.SECONDS);
    String note = stub.getCheckpoint(GetCheckpointRequest.getDefaultInstance()).getNote();
    String[] lines = note.split("\n", 3);
    String origin = lines[0];
    long size = Long.parseLong(lines[1]);
    GovernanceRule rule = null;
    Iterator<Entry> history = stub.getSubjectHistory(GetSubjectHistoryRequest.newBuilder().setSubject(GovernanceRecords.SUBJECT).build());
    while (history.hasNext()) {
      Entry e = history.next();
      ParsedRecord record;
      Leaf leaf;
      try {
        leaf = LeafCodec.decode(e.getLogEntry().toByteArray());
        record = Records.parse(leaf.signedRecord(), RecordLimits.DEFAULT);
      } catch (VerificationException | org.baytrace.ledger.error.LedgerException | IllegalArgumentException ex) {
        throw new CliException(BayTrace.FAILED, "governance entry " + e.getIndex() + " does not decode: " + ex.getMessage());
      }
      if (!GovernanceRecords.isGovernance(record)) {
        continue;
      }
      if (rule == null) {
        Change first = ProposalCodec.decodeSigned(record.content()).proposal().change();
        if (!(first instanceof Change.AdoptRegistry adopt)) {
          throw new CliException(BayTrace.FAILED, "the first governance record (index " + e.getIndex() + ") is a "
              + first.kind() + ", not the adoption of a registry");
        }
        // Only governance records are replayed here, and the rule judges those by their proposals'
        // signatures, never by the author policy: the registry's key rules suffice.
        // A genesis entry (index 0) is judged as every member of a ledger begun with it judges it.
        rule = e.getIndex() == 0 ? GovernanceRule.beginningWithGenesis(origin, adopt.registry(), OrgRegistry::authorPolicy)
            : new GovernanceRule(origin, adopt.registry(), OrgRegistry::authorPolicy);
      }
      size = Math.max(size, e.getIndex() + 1);
      rule.replay(new AppliedRecord(record, e.getIndex(), Hash32.of(e.getLeafHash().toByteArray()), leaf.recordTimeUnixMillis()));
    }
    return new LedgerRegistry(origin, size, rule == null ? null : rule.state());
  }

  /** The registry in force, or a CLI error saying how a ledger gets its first one. */
  GovernanceState requireState() {
    if (state == null || state.adopted().isEmpty()) {
      throw new CliException(BayTrace.FAILED, "ledger " + origin + " holds no registry yet: its members judge records by"
          + " their configuration's registry. Adopt it first: 'baytrace registry propose --adopt-config NODE.toml --out"
          + " adopt.json', signed by enough founding organisations ('baytrace registry sign'), then 'baytrace registry submit'");
    }
    return state;
  }

  Registry inForce() {
    return requireState().registry();
  }

  /** {@link RegistryJson} of the registry once entry {@code atIndex} was applied. */
  Map<String, Object> json(long atIndex) {
    GovernanceState s = requireState();
    if (atIndex < s.adoptedAt()) {
      throw new CliException(BayTrace.USAGE, "--at-index: got " + atIndex + ", the ledger adopted its registry at index "
          + s.adoptedAt() + "; before that each member judged by its own configuration (GET /v1/registry?atIndex="
          + atIndex + " on a member shows its founding registry)");
    }
    return RegistryJson.of(s, atIndex, origin);
  }
}
