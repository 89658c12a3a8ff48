package org.baytrace.tracking.domain.biomaterial;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.baytrace.ledger.registry.OrgRegistry;
import org.baytrace.tracking.domain.biomaterial.CustodyState.Custody;
import org.baytrace.tracking.domain.biomaterial.CustodyState.Event;
import org.baytrace.tracking.domain.biomaterial.CustodyState.Holding;
import org.baytrace.tracking.domain.coldchain.Excursion;
import org.baytrace.tracking.domain.coldchain.Judge;
import org.baytrace.tracking.domain.coldchain.Sample;
import org.baytrace.tracking.domain.coldchain.Verdict;

/**
 * The chain-of-custody report of one shipment, as JSON: every holder with from and until, and
 * three kinds of flags: {@code gaps} (stretches longer than {@code maxSilence} with no record
 * about the shipment at all: no hand-over, EPCIS event or temperature sample), {@code
 * unsignedHandOvers} (EPCIS events recorded by an org other than the holder of the time: custody
 * changed hands without a dual-signed hand-over) and {@code temperatureBreaches} (samples outside
 * the shipment's temperature class, with the holder of the time). Pure: the same records give
 * the same report. Stateless.
 */
public final class CustodyReport {
  private CustodyReport() {}

  public static final ObjectMapper JSON = new ObjectMapper();
  public static final Duration DEFAULT_MAX_SILENCE = Duration.ofHours(6);

  public static ObjectNode build(String subject, Custody c, OrgRegistry registry, Duration maxSilence) {
    ObjectNode n = JSON.createObjectNode();
    n.put("subject", subject);
    ObjectNode s = n.putObject("shipment");
    s.put("category", c.declared().shipment().getCategory().name());
    s.put("temperatureClass", c.declared().shipment().getTemperatureClass().name());
    s.put("temperatureRange", TemperatureClasses.range(c.declared().shipment().getTemperatureClass()));
    s.put("permitReference", c.declared().shipment().getPermitReference());
    s.put("consigneeOrg", c.declared().shipment().getConsigneeOrg());
    s.put("description", c.declared().shipment().getDescription());
    s.put("declaredBy", c.declared().declaredBy());
    s.put("declaredAt", time(c.declared().eventTimeMillis()));
    s.put("ledgerIndex", c.declared().ledgerIndex());
    n.put("currentHolder", c.current().org());

    ArrayNode holders = n.putArray("holders");
    List<Holding> hs = c.holdings();
    for (int i = 0; i < hs.size(); i++) {
      Holding h = hs.get(i);
      ObjectNode o = holders.addObject();
      o.put("org", h.org());
      o.put("name", registry.org(h.org()).map(OrgRegistry.Org::name).orElse(h.org()));
      o.put("from", time(h.sinceMillis()));
      if (i + 1 < hs.size()) {
        o.put("until", time(hs.get(i + 1).sinceMillis()));
      } else {
        o.putNull("until");
      }
      o.put("ledgerIndex", h.ledgerIndex());
      o.put("via", h.handOver() == null ? "declaration" : "hand-over");
      if (h.handOver() != null) {
        o.put("fromOrg", h.handOver().getFromOrg());
        o.put("location", h.handOver().getLocation());
        o.put("condition", h.handOver().getCondition());
      }
      ArrayNode signed = o.putArray("signedBy");
      h.signedBy().forEach(signed::add);
    }

    n.put("maxSilenceHours", maxSilence.toMinutes() / 60.0);
    ArrayNode gaps = n.putArray("gaps");
    gaps(c, maxSilence, gaps);
    ArrayNode unsigned = n.putArray("unsignedHandOvers");
    for (Event e : c.events()) {
      Holding h = holderAt(c, e.eventTimeMillis());
      if (h != null && !h.org().equals(e.authorOrg())) {
        ObjectNode o = unsigned.addObject();
        o.put("ledgerIndex", e.ledgerIndex());
        o.put("time", time(e.eventTimeMillis()));
        o.put("kind", e.kind());
        o.put("bizStep", e.bizStep());
        o.put("recordedBy", e.authorOrg());
        o.put("holder", h.org());
        o.put("text", e.kind() + (e.bizStep().isEmpty() ? "" : " (" + e.bizStep() + ")") + " recorded by \""
            + e.authorOrg() + "\" while \"" + h.org() + "\" held the shipment: custody changed without a "
            + "dual-signed biomaterial.HandOver");
      }
    }
    ArrayNode breaches = n.putArray("temperatureBreaches");
    Verdict v = Judge.judge(TemperatureClasses.profile(c.declared().shipment().getTemperatureClass()),
        c.declared().shipment().getTemperatureClass().name(), c.samples());
    for (Excursion x : v.excursions()) {
      ObjectNode o = breaches.addObject();
      o.put("start", time(x.startMillis()));
      o.put("end", time(x.endMillis()));
      o.put("durationSeconds", x.durationMillis() / 1000.0);
      o.put("direction", x.above() ? "above" : "below");
      o.put("worstCelsius", x.worstCelsius());
      o.put("degreesBeyond", x.degreesBeyond());
      o.put("location", x.location());
      Holding h = holderAt(c, x.startMillis());
      if (h == null) {
        o.putNull("holder");
      } else {
        o.put("holder", h.org());
      }
      ArrayNode idx = o.putArray("ledgerIndexes");
      x.ledgerIndexes().forEach(idx::add);
    }
    n.put("temperatureSamples", c.samples().size());
    n.put("flagged", !gaps.isEmpty() || !unsigned.isEmpty() || !breaches.isEmpty());
    return n;
  }

  private static void gaps(Custody c, Duration maxSilence, ArrayNode out) {
    long from = c.declared().eventTimeMillis();
    TreeSet<Long> times = new TreeSet<>();
    times.add(from);
    c.holdings().forEach(h -> times.add(h.sinceMillis()));
    c.events().forEach(e -> times.add(e.eventTimeMillis()));
    for (Sample s : c.samples()) {
      times.add(s.startMillis());
      times.add(s.endMillis());
    }
    List<Long> after = new ArrayList<>(times.tailSet(from, true));
    for (int i = 1; i < after.size(); i++) {
      long a = after.get(i - 1);
      long b = after.get(i);
      if (b - a > maxSilence.toMillis()) {
        ObjectNode o = out.addObject();
        o.put("from", time(a));
        o.put("until", time(b));
        o.put("hours", (b - a) / 3_600_000.0);
        Holding h = holderAt(c, a);
        o.put("holder", h == null ? null : h.org());
      }
    }
  }

  /** Who held the shipment at {@code t}: the last holding begun at or before it, or null. */
  static Holding holderAt(Custody c, long t) {
    Holding found = null;
    for (Holding h : c.holdings()) {
      if (h.sinceMillis() <= t) {
        found = h;
      }
    }
    return found;
  }

  private static String time(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }
}
