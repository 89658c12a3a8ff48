package org.baytrace.tracking.node;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.baytrace.ledger.Appended;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.record.ParsedRecord;
import org.baytrace.ledger.record.RecordLimits;
import org.baytrace.ledger.record.Records;
import org.baytrace.ledger.record.SignedHere;
import org.baytrace.ledger.registry.GovernanceRule;
import org.baytrace.ledger.sequencer.Appender;

/**
 * The node's entrance check: every record that enters the sequencer (gRPC Append and
 * AppendBatch, EPCIS capture's {@code POST /events} and {@code POST /capture}) has its authors
 * checked against the registry in force on this node now ({@link GovernanceRule#checkArrival}, the
 * same author policy the rule applies); while the ledger awaits its genesis entry, every record is
 * refused ({@code GENESIS_PENDING}). A record by a stranger's key, a retired or revoked key,
 * or an org the policy table does not let write its kind is refused here with the error it would
 * get in log order, and is never sequenced nor, in a cluster, put in the Raft log.
 *
 * <p>Only a fast refusal: the {@link GovernanceRule} judges every record again in log order and
 * stays authoritative (a record admitted here is still refused if, say, a revocation is ordered
 * before it). This check reads a registry that other members may not yet have, so it runs on
 * the caller's thread before the sequencer, never in the state machine or the verify pool.
 * Records it cannot parse, or made for another ledger, go on unchecked: the sequencer refuses
 * them with the error that names their fault. Signatures are verified later by the sequencer
 * (records signed by this node itself, {@link SignedHere}, are parsed once and not verified again).
 *
 * <p>Thread-safe: reads an immutable snapshot of the committed registry per record.
 */
final class Admission implements Appender {
  private final GovernanceRule governance;
  private final String origin;
  private final RecordLimits limits;
  private final Appender next;

  Admission(GovernanceRule governance, String origin, RecordLimits limits, Appender next) {
    this.governance = governance;
    this.origin = origin;
    this.limits = limits;
    this.next = next;
  }

  @Override
  public CompletableFuture<Appended> submit(byte[] signedRecord) {
    try {
      admit(signedRecord);
    } catch (LedgerException refused) {
      return CompletableFuture.failedFuture(refused);
    }
    return next.submit(signedRecord);
  }

  @Override
  public CompletableFuture<List<Appended>> submitAll(List<byte[]> signedRecords) {
    List<ParsedRecord> parsed = new ArrayList<>(signedRecords.size());
    for (byte[] r : signedRecords) {
      ParsedRecord p = parsed(r);
      if (p == null) {
        break; // the sequencer names this record's fault, before any later record's
      }
      parsed.add(p);
    }
    for (int i = 0; i < parsed.size(); i++) {
      try {
        check(parsed.get(i));
      } catch (LedgerException refused) {
        return CompletableFuture.failedFuture(new LedgerException(refused.error(), "record " + i + " of the group: "
            + refused.getMessage() + "; nothing in the group was stored", refused));
      }
    }
    return next.submitAll(signedRecords);
  }

  @Override
  public CompletableFuture<Appended> submitSignedHere(SignedHere record) {
    try {
      admit(record.record());
    } catch (LedgerException refused) {
      return CompletableFuture.failedFuture(refused);
    }
    return next.submitSignedHere(record);
  }

  @Override
  public CompletableFuture<List<Appended>> submitAllSignedHere(List<SignedHere> records) {
    for (int i = 0; i < records.size(); i++) {
      try {
        admit(records.get(i).record());
      } catch (LedgerException refused) {
        return CompletableFuture.failedFuture(new LedgerException(refused.error(), "record " + i + " of the group: "
            + refused.getMessage() + "; nothing in the group was stored", refused));
      }
    }
    return next.submitAllSignedHere(records);
  }

  @Override
  public void close() {
    next.close();
  }

  private void admit(byte[] signedRecord) {
    ParsedRecord p = parsed(signedRecord);
    if (p != null) {
      check(p);
    }
  }

  /** A record parsed when it was signed here: checked if it is for this ledger (else the sequencer names its fault). */
  private void admit(ParsedRecord record) {
    if (record.origin().equals(origin)) {
      check(record);
    }
  }

  /** The record if it parses and is for this ledger; otherwise null, for the sequencer to refuse. */
  private ParsedRecord parsed(byte[] signedRecord) {
    try {
      ParsedRecord p = Records.parse(signedRecord, limits);
      return p.origin().equals(origin) ? p : null;
    } catch (LedgerException malformed) {
      return null;
    }
  }

  private void check(ParsedRecord record) {
    try {
      governance.checkArrival(record);
    } catch (LedgerException refused) {
      throw new LedgerException(refused.error(), refused.getMessage()
          + "; refused on arrival by the registry in force on this node, not sequenced", refused);
    }
  }
}
