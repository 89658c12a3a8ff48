package org.baytrace.tracking.node.resolver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.receipt.Receipt;
import org.baytrace.ledger.receipt.ReceiptVerifier;
import org.baytrace.ledger.verify.VerificationException;
import org.baytrace.tracking.domain.epcis.record.EpcisRecords;

/**
 * The node checking its own log before it shows a "verified" badge: for each event, a receipt
 * for its entry against one signed checkpoint (the latest when the check starts), verified as an
 * offline verifier would (checkpoint signature by the node's own verifier key, author signatures,
 * origin, inclusion proof), and then compared with the event about to be shown: the receipt's
 * entry must hold that very event. Stateless; thread-safe.
 */
final class ReceiptChecks {
  private ReceiptChecks() {}

  /**
   * The outcome.
   *
   * @param treeSize the tree size every receipt is for (0: the ledger is empty)
   * @param checkpoint the signed checkpoint at that size, or null when empty
   * @param receipts the receipts that could be made, by ledger index
   * @param failures why an event did not check out, by ledger index
   * @param others the records the page uses besides its events (legs of other profiles, the
   *     records behind the cold-chain verdict), by ledger index: what they are and who wrote them
   */
  record Outcome(long treeSize, String checkpoint, String verifierKey, Map<Long, Receipt> receipts,
      Map<Long, String> failures, Map<Long, Other> others) {
    /** True only if every event and every other record has a receipt that checked out. */
    boolean allVerified(Collection<TraceEvent> events) {
      if (events.isEmpty()) {
        return false;
      }
      for (TraceEvent e : events) {
        if (failures.containsKey(e.ledgerIndex()) || !receipts.containsKey(e.ledgerIndex())) {
          return false;
        }
      }
      for (Long i : others.keySet()) {
        if (failures.containsKey(i) || !receipts.containsKey(i)) {
          return false;
        }
      }
      return true;
    }

    List<String> failureTexts() {
      return List.copyOf(failures.values());
    }
  }

  /** A record the page uses that is not one of its EPCIS events: its kind and the organisation that wrote it. */
  record Other(long index, String kind, String author) {}

  static Outcome check(Ledger ledger, Collection<TraceEvent> events) {
    return check(ledger, events, List.of());
  }

  /**
   * Checks the events and, against the same checkpoint, the other records the page uses: their
   * receipts must verify (signatures, inclusion, checkpoint); their content is the profiles' own,
   * read from the same entries.
   */
  static Outcome check(Ledger ledger, Collection<TraceEvent> events, Collection<Long> otherRecords) {
    long size = ledger.head().size();
    String checkpoint = size == 0 ? null : ledger.checkpointAt(size);
    String vkey = ledger.verifierKey().encode();
    Map<Long, Receipt> receipts = new LinkedHashMap<>();
    Map<Long, String> failures = new LinkedHashMap<>();
    ReceiptVerifier verifier = ReceiptVerifier.trusting(List.of(ledger.verifierKey()), 1).forOrigin(ledger.origin());
    for (TraceEvent e : events) {
      long index = e.ledgerIndex();
      if (index >= size) {
        failures.put(index, "entry " + index + ": beyond the signed tree of size " + size);
        continue;
      }
      Receipt receipt;
      try {
        receipt = ledger.receipt(index, size);
      } catch (LedgerException ex) {
        failures.put(index, "entry " + index + ": the node could not make its receipt (" + ex.error() + ")");
        continue;
      }
      try {
        verifier.verify(receipt);
      } catch (VerificationException ex) {
        failures.put(index, "entry " + index + ": receipt does not verify: " + ex.getMessage());
        continue;
      }
      receipts.put(index, receipt);
      String mismatch = compare(index, receipt, e.event());
      if (mismatch != null) {
        failures.put(index, mismatch);
      }
    }
    Map<Long, Other> others = new LinkedHashMap<>();
    for (long index : otherRecords) {
      if (index >= size) {
        failures.put(index, "entry " + index + ": beyond the signed tree of size " + size);
        others.put(index, new Other(index, "", ""));
        continue;
      }
      try {
        Receipt receipt = ledger.receipt(index, size);
        verifier.verify(receipt);
        receipts.put(index, receipt);
        var record = Ledger.applied(ledger.entry(index)).record();
        others.put(index, new Other(index, record.kind(), record.submitterOrg()));
      } catch (LedgerException ex) {
        failures.put(index, "entry " + index + ": the node could not make its receipt (" + ex.error() + ")");
        others.put(index, new Other(index, "", ""));
      } catch (VerificationException ex) {
        failures.put(index, "entry " + index + ": receipt does not verify: " + ex.getMessage());
        others.put(index, new Other(index, "", ""));
      }
    }
    return new Outcome(size, checkpoint, vkey, receipts, failures, others);
  }

  /** Null if the receipt's entry holds {@code shown} ({@code @context} aside), else why not. */
  private static String compare(long index, Receipt receipt, ObjectNode shown) {
    EpcisRecords.StoredEvent stored;
    try {
      stored = EpcisRecords.fromLeaf(receipt.leaf());
    } catch (IllegalArgumentException ex) {
      return "entry " + index + ": not a readable EPCIS event: " + ex.getMessage();
    }
    if (stored == null) {
      return "entry " + index + ": not an EPCIS event record";
    }
    ObjectNode a = stored.event();
    a.remove("@context");
    ObjectNode b = shown.deepCopy();
    b.remove("@context");
    if (!a.equals(b)) {
      String shownId = b.path("eventID").asText("");
      return shownId.equals(stored.eventId())
          ? "entry " + index + ": holds another version of event " + shownId + " than the one shown"
          : "entry " + index + ": holds event " + stored.eventId() + ", not the event shown ("
              + (shownId.isEmpty() ? "without an id" : shownId) + ")";
    }
    return null;
  }
}
