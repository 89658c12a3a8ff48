package org.baytrace.tracking.domain.biomaterial;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.baytrace.api.biomaterial.v1.HandOver;
import org.baytrace.api.biomaterial.v1.Shipment;
import org.baytrace.ledger.AppliedRecord;
import org.baytrace.ledger.record.ParsedRecord;
import org.baytrace.tracking.domain.coldchain.ColdChainRecords;
import org.baytrace.tracking.domain.coldchain.Sample;
import org.baytrace.tracking.domain.coldchain.SampleSources;
import org.baytrace.tracking.domain.epcis.record.EpcisRecords;

/**
 * What the custody rule has learnt from the log, per shipment: the declaration, each holding
 * (who held it from when, by which record), the EPCIS events and temperature samples naming it.
 * Only the ledger's writer adds; reports read copies. One lock guards everything.
 */
public final class CustodyState {
  /** The declaration of a shipment. */
  record Declared(Shipment shipment, String declaredBy, long eventTimeMillis, long ledgerIndex) {}

  /**
   * One holding: {@code org} held the shipment from {@code sinceMillis}, by the declaration
   * ({@code handOver} null) or a hand-over.
   */
  record Holding(String org, long sinceMillis, long ledgerIndex, HandOver handOver, List<String> signedBy) {
    Holding {
      signedBy = List.copyOf(signedBy);
    }
  }

  /** An EPCIS event naming the shipment. */
  record Event(long ledgerIndex, long eventTimeMillis, String authorOrg, String kind, String bizStep) {}

  /** Everything known of one shipment; copies handed out are immutable. */
  public record Custody(Declared declared, List<Holding> holdings, List<Event> events, List<Sample> samples) {
    public Custody {
      holdings = List.copyOf(holdings);
      events = List.copyOf(events);
      samples = List.copyOf(samples);
    }

    Holding current() {
      return holdings.get(holdings.size() - 1);
    }
  }

  private static final class Mutable {
    Declared declared;
    final List<Holding> holdings = new ArrayList<>();
    final List<Event> events = new ArrayList<>();
    final List<Sample> samples = new ArrayList<>();
  }

  private final Map<String, Mutable> shipments = new HashMap<>();
  // Records that name a subject before its declaration (EPCIS events, logger readings) are kept
  // too: the report shows them against no holder.
  private final Map<String, Mutable> early = new HashMap<>();

  /** The current holder of a declared shipment, or empty. */
  synchronized Optional<Holding> holder(String subject) {
    Mutable m = shipments.get(subject);
    return m == null || m.declared == null ? Optional.empty() : Optional.of(m.holdings.get(m.holdings.size() - 1));
  }

  synchronized Optional<Declared> declared(String subject) {
    Mutable m = shipments.get(subject);
    return m == null ? Optional.empty() : Optional.ofNullable(m.declared);
  }

  public synchronized Optional<Custody> custody(String subject) {
    Mutable m = shipments.get(subject);
    if (m == null || m.declared == null) {
      return Optional.empty();
    }
    return Optional.of(new Custody(m.declared, m.holdings, m.events, m.samples));
  }

  public synchronized List<String> subjects() {
    return List.copyOf(new TreeSet<>(shipments.keySet()));
  }

  /** Takes in one stored record (already judged when it was appended). */
  synchronized void ingest(AppliedRecord applied, List<String> signerOrgs) {
    ParsedRecord r = applied.record();
    String kind = r.kind();
    if (kind.equals(BiomaterialRecords.SHIPMENT)) {
      String s = r.subjects().get(0);
      Mutable m = early.containsKey(s) ? early.remove(s) : new Mutable();
      m.declared = new Declared(BiomaterialRecords.shipment(r), r.authorOrg(), r.eventTimeUnixMillis(), applied.index());
      m.holdings.add(new Holding(r.authorOrg(), r.eventTimeUnixMillis(), applied.index(), null, signerOrgs));
      shipments.put(s, m);
    } else if (kind.equals(BiomaterialRecords.HAND_OVER)) {
      HandOver h = BiomaterialRecords.handOver(r);
      Mutable m = shipments.get(r.subjects().get(0));
      if (m == null) {
        return; // stored before this rule judged hand-overs; nothing to attach it to
      }
      m.holdings.add(new Holding(h.getToOrg(), r.eventTimeUnixMillis(),
          applied.index(), h, signerOrgs));
    } else if (kind.startsWith(EpcisRecords.KIND_PREFIX)) {
      List<Sample> samples = SampleSources.fromEpcis(r, applied.index());
      String step = bizStep(r);
      for (String s : r.subjects()) {
        Mutable m = of(s);
        m.events.add(new Event(applied.index(), r.eventTimeUnixMillis(), r.authorOrg(), kind, step));
        m.samples.addAll(samples);
      }
    } else if (kind.equals(ColdChainRecords.LOGGER_READINGS)) {
      List<Sample> samples = SampleSources.fromLogger(ColdChainRecords.loggerReadings(r), applied.index());
      r.subjects().forEach(s -> of(s).samples.addAll(samples));
    }
  }

  private Mutable of(String subject) {
    Mutable m = shipments.get(subject);
    return m != null ? m : early.computeIfAbsent(subject, k -> new Mutable());
  }

  private static String bizStep(ParsedRecord r) {
    try {
      String step = EpcisJson.MAPPER.readTree(r.content()).path("bizStep").asText("");
      int i = Math.max(step.lastIndexOf('/'), step.lastIndexOf(':'));
      return step.substring(i + 1);
    } catch (java.io.IOException e) {
      return "";
    }
  }

  private static final class EpcisJson {
    static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();
  }
}
