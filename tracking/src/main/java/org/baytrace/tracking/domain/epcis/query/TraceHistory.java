package org.baytrace.tracking.domain.epcis.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.baytrace.tracking.domain.common.Quoted;
import org.baytrace.tracking.domain.epcis.query.ProjectionDb.Family;
import org.baytrace.tracking.domain.gs1.TraceCode;

/**
 * A trace code's history for tracing (DESIGN §6, aggregation): its own events; the events of every
 * container it travelled in (case, pallet, container, voyage), recursively outwards, each only for
 * the time the item was inside; and the events about its class. Containment follows the
 * AggregationEvents of EPCIS 2.0: {@code ADD} puts the childEPCs into the parentID from its
 * eventTime, {@code DELETE} takes them out (all of them when it names no children) at its
 * eventTime, {@code OBSERVE} changes nothing; both ends are inclusive, and an interval without
 * DELETE stays open. Aggregation events declared in error do not count. Other event types never
 * pack anything (an ObjectEvent's ADD/DELETE commissions and decommissions, an AssociationEvent
 * associates).
 *
 * <p>Class-level events: for an SGTIN, those about its product (GTIN) and about its lot where the
 * lot is known (from the trace code, or from a Digital Link of the item in one of its own events);
 * for an LGTIN, those about its product.
 *
 * <p>Stateless; thread-safe (the reader is the caller's).
 */
public final class TraceHistory {
  /** How many containers deep the walk goes (item, case, pallet, container, vessel, ... ). */
  static final int MAX_DEPTH = 8;
  private static final Family[] OBJECT_FAMILIES = {Family.EPC, Family.PARENT, Family.INPUT_EPC, Family.OUTPUT_EPC};
  private static final Family[] CLASS_FAMILIES = {Family.EPC_CLASS, Family.INPUT_EPC_CLASS, Family.OUTPUT_EPC_CLASS};

  private TraceHistory() {}

  private record Hit(HistoryEvent.Relation relation, String via, List<String> path, ProjectedEvent event) {}

  private record Interval(String parent, Instant from, Instant to) {}

  /** The canonical form of a trace code given by a client. */
  public static String canonicalCode(String code) {
    if (code == null || code.isBlank()) {
      throw new QueryParameterException("traceCode", "traceCode: empty, want an EPC URI or GS1 Digital Link");
    }
    try {
      return Ids.canonicalOrThrow(code.strip());
    } catch (IllegalArgumentException e) {
      throw new QueryParameterException("traceCode", "traceCode: got " + Quoted.of(code)
          + ", want an EPC URI or GS1 Digital Link: " + e.getMessage());
    }
  }

  public static List<HistoryEvent> of(ProjectionDb.Reader r, String code) {
    String c = canonicalCode(code);
    Map<Long, ProjectedEvent> cache = new HashMap<>();
    Map<Long, Hit> hits = new LinkedHashMap<>();
    for (long idx : exact(r, c, OBJECT_FAMILIES, CLASS_FAMILIES)) {
      ProjectedEvent e = load(r, cache, idx);
      if (e != null) {
        hits.put(idx, new Hit(HistoryEvent.Relation.DIRECT, c, List.of(), e));
      }
    }
    Set<String> visiting = new HashSet<>();
    visiting.add(c);
    walk(r, cache, hits, c, null, null, List.of(), visiting);
    for (String k : classesOf(code, c, hits.values())) {
      for (long idx : exact(r, k, CLASS_FAMILIES)) {
        ProjectedEvent e = load(r, cache, idx);
        if (e != null) {
          hits.putIfAbsent(idx, new Hit(HistoryEvent.Relation.CLASS_LEVEL, k, List.of(), e));
        }
      }
    }
    List<Hit> ordered = new ArrayList<>(hits.values());
    ordered.sort(Comparator.comparing((Hit h) -> h.event.facts().eventTime())
        .thenComparingLong(h -> h.event.ledgerIndex()));
    List<HistoryEvent> out = new ArrayList<>(ordered.size());
    for (Hit h : ordered) {
      out.add(new HistoryEvent(h.relation, h.via, h.path, h.event.toStoredEvent(), h.event.leafHashHex(),
          h.event.toJson(), h.event.declaredInError()));
    }
    return out;
  }

  /** Adds the events of every container {@code child} was in during [from, to] (null: open). */
  private static void walk(ProjectionDb.Reader r, Map<Long, ProjectedEvent> cache, Map<Long, Hit> hits, String child,
      Instant from, Instant to, List<String> path, Set<String> visiting) {
    for (Interval in : containment(r, cache, child)) {
      Instant lo = from == null || in.from.isAfter(from) ? in.from : from;
      Instant hi = to == null ? in.to : in.to == null || in.to.isAfter(to) ? to : in.to;
      if (hi != null && lo.isAfter(hi)) {
        continue;
      }
      List<String> via = new ArrayList<>(path);
      via.add(in.parent);
      for (long idx : exact(r, in.parent, OBJECT_FAMILIES)) {
        ProjectedEvent e = load(r, cache, idx);
        if (e == null) {
          continue;
        }
        Instant t = e.facts().eventTime();
        if (t.isBefore(lo) || (hi != null && t.isAfter(hi))) {
          continue;
        }
        Hit old = hits.get(idx);
        if (old == null || (old.relation == HistoryEvent.Relation.INHERITED && old.path.size() > via.size())) {
          hits.put(idx, new Hit(HistoryEvent.Relation.INHERITED, in.parent, List.copyOf(via), e));
        }
      }
      if (via.size() < MAX_DEPTH && visiting.add(in.parent)) {
        walk(r, cache, hits, in.parent, lo, hi, via, visiting);
        visiting.remove(in.parent);
      }
    }
  }

  /** The intervals in which {@code child} was inside each of its parents. */
  private static List<Interval> containment(ProjectionDb.Reader r, Map<Long, ProjectedEvent> cache, String child) {
    Map<Long, ProjectedEvent> aggregations = new HashMap<>();
    Set<String> parents = new LinkedHashSet<>();
    for (long idx : exact(r, child, new Family[] {Family.EPC})) {
      ProjectedEvent e = load(r, cache, idx);
      if (e != null && counts(e)) {
        EventFacts f = e.facts();
        if (f.parentId() != null && f.epcs().contains(child)) {
          aggregations.put(idx, e);
          parents.add(f.parentId());
        }
      }
    }
    for (String p : parents) {
      for (long idx : exact(r, p, new Family[] {Family.PARENT})) {
        ProjectedEvent e = load(r, cache, idx);
        if (e != null && counts(e) && "DELETE".equals(e.facts().action()) && e.facts().epcs().isEmpty()
            && e.event().path("childQuantityList").isEmpty()) {
          aggregations.put(idx, e); // takes out every child
        }
      }
    }
    List<ProjectedEvent> ordered = new ArrayList<>(aggregations.values());
    ordered.sort(Comparator.comparing((ProjectedEvent e) -> e.facts().eventTime())
        .thenComparingLong(ProjectedEvent::ledgerIndex));
    Map<String, Instant> open = new LinkedHashMap<>();
    List<Interval> out = new ArrayList<>();
    for (ProjectedEvent e : ordered) {
      EventFacts f = e.facts();
      String action = f.action() == null ? "" : f.action();
      switch (action) {
        case "ADD" -> open.putIfAbsent(f.parentId(), f.eventTime());
        case "DELETE" -> {
          Instant since = open.remove(f.parentId());
          if (since != null) {
            out.add(new Interval(f.parentId(), since, f.eventTime()));
          }
        }
        default -> {
          // OBSERVE confirms what is packed; it neither packs nor unpacks
        }
      }
    }
    open.forEach((p, since) -> out.add(new Interval(p, since, null)));
    return out;
  }

  /** An AggregationEvent that packs or unpacks: not declared in error. */
  private static boolean counts(ProjectedEvent e) {
    return "AggregationEvent".equals(e.event().path("type").asText()) && !e.declaredInError();
  }

  /** The classes whose events belong to the history of {@code canonical}. */
  private static Set<String> classesOf(String given, String canonical, Iterable<Hit> direct) {
    Set<String> out = new LinkedHashSet<>();
    TraceCode code;
    try {
      code = TraceCode.parse(canonical);
    } catch (IllegalArgumentException e) {
      return out;
    }
    if (code instanceof TraceCode.Sgtin item) {
      out.add(new TraceCode.ProductClass(item.gtin()).toDigitalLink());
      Set<String> lots = new TreeSet<>();
      addLot(lots, item, given);
      for (Hit h : direct) {
        JsonNode e = h.event.event();
        for (String list : new String[] {"epcList", "childEPCs", "inputEPCList", "outputEPCList"}) {
          for (JsonNode id : e.path(list)) {
            addLot(lots, item, id.asText());
          }
        }
        addLot(lots, item, e.path("parentID").asText(""));
      }
      for (String lot : lots) {
        out.add(new TraceCode.Lgtin(item.gtin(), lot).toDigitalLink());
      }
    } else if (code instanceof TraceCode.Lgtin lot) {
      out.add(new TraceCode.ProductClass(lot.gtin()).toDigitalLink());
    }
    out.remove(canonical);
    return out;
  }

  private static void addLot(Set<String> lots, TraceCode.Sgtin item, String id) {
    if (id.isEmpty()) {
      return;
    }
    try {
      if (TraceCode.parse(id.strip()) instanceof TraceCode.Sgtin s && s.lot() != null && s.gtin().equals(item.gtin())
          && s.serial().equals(item.serial())) {
        lots.add(s.lot());
      }
    } catch (IllegalArgumentException e) {
      // not this item
    }
  }

  private static TreeSet<Long> exact(ProjectionDb.Reader r, String value, Family[]... families) {
    TreeSet<Long> out = new TreeSet<>();
    byte[] from = Keys.str(value);
    byte[] to = Keys.after(from);
    for (Family[] group : families) {
      for (Family f : group) {
        r.scan(f, from, to, false, (k, v) -> out.add(Keys.ledgerIndexOf(k)) || true);
      }
    }
    return out;
  }

  private static ProjectedEvent load(ProjectionDb.Reader r, Map<Long, ProjectedEvent> cache, long idx) {
    return cache.computeIfAbsent(idx, i -> QueryEngine.load(r, i));
  }
}
