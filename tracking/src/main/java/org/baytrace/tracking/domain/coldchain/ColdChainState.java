package org.baytrace.tracking.domain.coldchain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.baytrace.ledger.AppliedRecord;
import org.baytrace.ledger.record.ParsedRecord;
import org.baytrace.tracking.domain.epcis.record.EpcisRecords;
import org.baytrace.tracking.domain.gs1.TraceCode;

/**
 * What the cold-chain rule has learnt from the log: each subject's commodity (from {@code
 * coldchain.Shipment} records) and temperature samples (logger records and EPCIS sensor
 * reports), and the verdicts computed from them (cached until new samples arrive). Only the
 * ledger's writer adds; pages, reports and streams read. One lock guards everything: updates are
 * short and reads compute at most one verdict.
 */
public final class ColdChainState {
  private final CommodityProfiles profiles;
  private final Map<String, String> commodity = new HashMap<>();
  private final Map<String, List<Sample>> samples = new HashMap<>();
  private final Map<String, Verdict> verdicts = new HashMap<>();

  public ColdChainState(CommodityProfiles profiles) {
    this.profiles = profiles;
  }

  public CommodityProfiles profiles() {
    return profiles;
  }

  /** The subjects a stored record gives the rule something about (empty if none). */
  static Set<String> relevantSubjects(ParsedRecord r) {
    if (ColdChainRecords.isColdChain(r.kind()) || r.kind().startsWith(EpcisRecords.KIND_PREFIX)) {
      return new LinkedHashSet<>(r.subjects());
    }
    return Set.of();
  }

  /** Takes in one stored record (already checked when it was appended). */
  synchronized void ingest(AppliedRecord applied) {
    ParsedRecord r = applied.record();
    List<Sample> found;
    if (r.kind().equals(ColdChainRecords.SHIPMENT)) {
      String c = ColdChainRecords.shipment(r).getCommodity();
      for (String s : r.subjects()) {
        commodity.put(s, c);
        verdicts.remove(s);
      }
      return;
    } else if (r.kind().equals(ColdChainRecords.LOGGER_READINGS)) {
      found = SampleSources.fromLogger(ColdChainRecords.loggerReadings(r), applied.index());
    } else if (r.kind().startsWith(EpcisRecords.KIND_PREFIX)) {
      found = SampleSources.fromEpcis(r, applied.index());
    } else {
      return;
    }
    if (found.isEmpty()) {
      return;
    }
    for (String s : r.subjects()) {
      samples.computeIfAbsent(s, k -> new ArrayList<>()).addAll(found);
      verdicts.remove(s);
    }
  }

  /** The samples recorded for a subject, in the order the log gave them. */
  public synchronized List<Sample> samples(String subject) {
    return List.copyOf(samples.getOrDefault(subject, List.of()));
  }

  /** The commodity of a subject: named by a Shipment record, else by its GTIN in a profile. */
  public synchronized Optional<String> commodity(String subject) {
    String named = commodity.get(subject);
    if (named != null) {
      return Optional.of(named);
    }
    return gtinProfile(subject).map(CommodityProfile::id);
  }

  private Optional<CommodityProfile> gtinProfile(String subject) {
    try {
      TraceCode code = TraceCode.parse(subject);
      String gtin = null;
      if (code instanceof TraceCode.Sgtin s) {
        gtin = s.gtin().digits();
      } else if (code instanceof TraceCode.Lgtin l) {
        gtin = l.gtin().digits();
      } else if (code instanceof TraceCode.ProductClass p) {
        gtin = p.gtin().digits();
      }
      return gtin == null ? Optional.empty() : profiles.byGtin(gtin);
    } catch (IllegalArgumentException e) { // InvalidTraceCodeException too
      return Optional.empty();
    }
  }

  /**
   * The verdict of a subject, or empty if the log says nothing about its temperature or
   * commodity.
   */
  public synchronized Optional<Verdict> verdict(String subject) {
    Verdict cached = verdicts.get(subject);
    if (cached != null) {
      return Optional.of(cached);
    }
    List<Sample> own = samples.getOrDefault(subject, List.of());
    Optional<String> c = commodity(subject);
    if (own.isEmpty() && c.isEmpty()) {
      return Optional.empty();
    }
    Optional<CommodityProfile> p = c.flatMap(profiles::byId);
    Verdict v = p.isPresent() ? Judge.judge(p.get(), c.get(), own) : Verdict.noProfile(c.orElse(null), own.size());
    verdicts.put(subject, v);
    return Optional.of(v);
  }

  /** Every subject with samples or a named commodity, sorted. */
  public synchronized List<String> subjects() {
    TreeSet<String> all = new TreeSet<>(samples.keySet());
    all.addAll(commodity.keySet());
    return List.copyOf(all);
  }
}
