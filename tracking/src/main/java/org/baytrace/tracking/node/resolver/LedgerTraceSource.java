package org.baytrace.tracking.node.resolver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.StoredEntry;
import org.baytrace.tracking.domain.epcis.record.EpcisRecords;
import org.baytrace.tracking.domain.epcis.vocab.Vocab;
import org.baytrace.tracking.domain.gs1.InvalidTraceCodeException;
import org.baytrace.tracking.domain.gs1.TraceCode;
import org.baytrace.tracking.node.resolver.TraceEvent.Relation;

/**
 * A {@link TraceSource} over the ledger's subject histories. EPCIS records name their objects by
 * canonical Digital Link ({@link EpcisRecords}), so the events of a code are the entries under
 * <ul>
 *   <li>the code itself ({@link Relation#DIRECT}); for an item given with its lot
 *       ({@code /01/g/10/l/21/s}) also the item without the lot ({@code /01/g/21/s}), the form
 *       EPC URIs give;
 *   <li>for an item: its lot ({@code /01/g/10/l}; from the code, or else from the lot number in
 *       the master data of the item's own events when they name exactly one) and its product
 *       class ({@code /01/g}), as {@link Relation#CLASS};
 *   <li>for a lot: its product class, as {@link Relation#CLASS}.
 * </ul>
 * It does not follow aggregations (what an item was packed in): a projection that does can
 * replace this source. Entries that are not EPCIS events are skipped; so are EPCIS entries that
 * do not parse (logged). At most {@code maxPerSubject} entries are read per subject, oldest
 * first.
 *
 * <p>Thread-safe: it only reads the ledger.
 */
public final class LedgerTraceSource implements TraceSource {
  /** Entries read per subject unless another limit is given. */
  public static final int DEFAULT_MAX_PER_SUBJECT = 1000;
  private static final int DEFAULT_PAGE = 256;
  private static final Logger LOG = Logger.getLogger(LedgerTraceSource.class.getName());

  private final Ledger ledger;
  private final int maxPerSubject;
  private final int page;

  public LedgerTraceSource(Ledger ledger) {
    this(ledger, DEFAULT_MAX_PER_SUBJECT);
  }

  public LedgerTraceSource(Ledger ledger, int maxPerSubject) {
    this(ledger, maxPerSubject, DEFAULT_PAGE);
  }

  /** With the number of entries read from the store at a time (for tests of the paging). */
  LedgerTraceSource(Ledger ledger, int maxPerSubject, int page) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    if (maxPerSubject < 1 || page < 1) {
      throw new IllegalArgumentException("maxPerSubject, page: got " + maxPerSubject + ", " + page + ", want >= 1");
    }
    this.maxPerSubject = maxPerSubject;
    this.page = page;
  }

  @Override
  public List<TraceEvent> eventsFor(TraceCode code) {
    Map<Long, TraceEvent> byIndex = new TreeMap<>();
    Map<String, Relation> subjects = subjectsOf(code);
    subjects.forEach((subject, relation) -> read(subject, relation, byIndex));
    if (code instanceof TraceCode.Sgtin item && item.lot() == null) {
      Set<String> lots = new TreeSet<>();
      for (TraceEvent e : byIndex.values()) {
        if (e.relation() == Relation.DIRECT) {
          lots.addAll(lotNumbers(e.event()));
        }
      }
      if (lots.size() == 1) {
        try {
          String lot = new TraceCode.Lgtin(item.gtin(), lots.iterator().next()).toDigitalLink();
          if (!subjects.containsKey(lot)) {
            read(lot, Relation.CLASS, byIndex);
          }
        } catch (InvalidTraceCodeException e) {
          // a lot number that is no valid AI (10) value names no subject
        }
      }
    }
    return List.copyOf(byIndex.values());
  }

  /** The subjects to read for a code and how each relates to it, strongest first. Pure. */
  static Map<String, Relation> subjectsOf(TraceCode code) {
    Map<String, Relation> out = new LinkedHashMap<>();
    out.put(code.toDigitalLink(), Relation.DIRECT);
    if (code instanceof TraceCode.Sgtin item) {
      if (item.lot() != null) {
        out.put(new TraceCode.Sgtin(item.gtin(), item.serial()).toDigitalLink(), Relation.DIRECT);
        out.put(new TraceCode.Lgtin(item.gtin(), item.lot()).toDigitalLink(), Relation.CLASS);
      }
      out.put(new TraceCode.ProductClass(item.gtin()).toDigitalLink(), Relation.CLASS);
    } else if (code instanceof TraceCode.Lgtin lot) {
      out.put(new TraceCode.ProductClass(lot.gtin()).toDigitalLink(), Relation.CLASS);
    }
    return out;
  }

  private void read(String subject, Relation relation, Map<Long, TraceEvent> into) {
    long from = 0;
    int read = 0;
    while (read < maxPerSubject) {
      int limit = Math.min(page, maxPerSubject - read);
      List<StoredEntry> entries = ledger.subjectHistory(subject, from, limit);
      for (StoredEntry entry : entries) {
        add(entry, subject, relation, into);
      }
      read += entries.size();
      if (entries.size() < limit) {
        break;
      }
      from = entries.get(entries.size() - 1).index() + 1;
    }
  }

  private static void add(StoredEntry entry, String subject, Relation relation, Map<Long, TraceEvent> into) {
    TraceEvent existing = into.get(entry.index());
    if (existing != null && existing.relation().compareTo(relation) <= 0) {
      return; // already there through a closer relation
    }
    EpcisRecords.StoredEvent stored;
    try {
      stored = EpcisRecords.fromLeaf(entry.leaf());
    } catch (IllegalArgumentException e) {
      LOG.log(Level.WARNING, "entry " + entry.index() + " under " + subject + " is not a readable EPCIS event: "
          + e.getMessage());
      return;
    }
    if (stored == null) {
      return; // another kind of record about the same subject
    }
    into.put(entry.index(), new TraceEvent(stored.ledgerIndex(), stored.recordTimeUnixMillis(), stored.event(),
        relation, relation == Relation.DIRECT ? null : subject, stored.authorOrg()));
  }

  /** The lot numbers an event's master data (ILMD) gives, as {@code cbvmda:lotNumber}. */
  static Set<String> lotNumbers(JsonNode event) {
    Set<String> out = new TreeSet<>();
    JsonNode ilmd = event.path("ilmd");
    if (!ilmd.isObject()) {
      return out;
    }
    Map<String, String> prefixes = Vocab.prefixes(event);
    for (Map.Entry<String, JsonNode> e : ilmd.properties()) {
      if ((Vocab.CBVMDA + "lotNumber").equals(Vocab.expand(e.getKey(), prefixes)) && e.getValue().isTextual()) {
        out.add(e.getValue().asText());
      }
    }
    return out;
  }
}
