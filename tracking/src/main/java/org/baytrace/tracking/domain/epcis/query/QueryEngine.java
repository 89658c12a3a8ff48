package org.baytrace.tracking.domain.epcis.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.baytrace.tracking.domain.epcis.query.ProjectionDb.Family;

/**
 * Runs an {@link EventQuery} on a snapshot of the projection. Plan: every parameter that an index
 * serves becomes a source (a union of key ranges of one or more index families); the sources are
 * counted up to {@link #CANDIDATE_CAP} keys and the smallest is read whole as the candidate set;
 * each candidate's stored event is then fetched and checked against the whole query. When no
 * source is that small, the events are read in the query's order (ledger index, or the event or
 * record time index) and checked one by one, at most {@link #SCAN_BUDGET} per page: a page may
 * then hold fewer than {@code perPage} events and still link to a next page.
 *
 * <p>Order: by ledger index (the default, which is also the order of capture), or by {@code
 * orderBy} eventTime/recordTime then ledger index, ascending or descending. Paging is stable:
 * a page starts strictly after the last event of the one before in this order, so a query paged
 * to its end returns every matching event once (events appended meanwhile come last in the
 * default order).
 *
 * <p>Stateless; thread-safe (the reader is the caller's).
 */
public final class QueryEngine {
  public static final int CANDIDATE_CAP = 20_000;
  public static final int SCAN_BUDGET = 50_000;

  private QueryEngine() {}

  /** One page: its events in order, and the token of the next page (null on the last). */
  public record Page(List<ProjectedEvent> events, String nextPageToken) {}

  private record Range(Family family, byte[] from, byte[] to) {}

  private record Source(String parameter, List<Range> ranges) {}

  private record Hit(ProjectedEvent event, byte[] position) {}

  private record Found(List<Hit> hits, byte[] resumeAfter) {}

  public static Page run(ProjectionDb.Reader r, EventQuery q) {
    return run(r, q, CANDIDATE_CAP, SCAN_BUDGET);
  }

  /** As {@link #run(ProjectionDb.Reader, EventQuery)} with other limits (tests force each plan with them). */
  public static Page run(ProjectionDb.Reader r, EventQuery q, int candidateCap, int scanBudget) {
    PageToken token = q.nextPageToken == null ? null : PageToken.decode(q.nextPageToken, q);
    long served = token == null ? 0 : token.served();
    int limit = q.perPage;
    if (q.eventCountLimit != null) {
      long remaining = q.eventCountLimit - served;
      if (remaining <= 0) {
        return new Page(List.of(), null);
      }
      limit = (int) Math.min(limit, remaining);
    }
    if (q.maxEventCount != null && token == null) {
      int n = find(r, q, EventQuery.Order.LEDGER, false, null, q.maxEventCount + 1, candidateCap, Integer.MAX_VALUE)
          .hits.size();
      if (n > q.maxEventCount) {
        throw new QueryTooLargeException("maxEventCount", "maxEventCount: the query matches more than "
            + q.maxEventCount + " events; narrow it or raise maxEventCount");
      }
    }
    Found found = find(r, q, q.order, q.descending, token == null ? null : token.position(), limit, candidateCap,
        scanBudget);
    List<ProjectedEvent> events = found.hits.stream().map(Hit::event).toList();
    String next = null;
    long servedNow = served + events.size();
    if (found.resumeAfter != null && (q.eventCountLimit == null || servedNow < q.eventCountLimit)) {
      next = new PageToken(q.fingerprint, q.order, q.descending, servedNow, found.resumeAfter).encode();
    }
    return new Page(events, next);
  }

  /**
   * Up to {@code limit} matching events after {@code after} in the given order, and where to
   * resume (null if nothing can follow).
   */
  private static Found find(ProjectionDb.Reader r, EventQuery q, EventQuery.Order order, boolean desc, byte[] after,
      int limit, int candidateCap, int budget) {
    Source best = null;
    long bestCount = Long.MAX_VALUE;
    for (Source s : sources(q)) {
      long n = count(r, s, candidateCap);
      if (n < bestCount) {
        best = s;
        bestCount = n;
      }
      if (n == 0) {
        return new Found(List.of(), null);
      }
    }
    if (best != null && bestCount < candidateCap) {
      return fromCandidates(r, q, order, desc, after, limit, collect(r, best));
    }
    return stream(r, q, order, desc, after, limit, budget);
  }

  private static Found fromCandidates(ProjectionDb.Reader r, EventQuery q, EventQuery.Order order, boolean desc,
      byte[] after, int limit, long[] candidates) {
    List<Hit> hits = new ArrayList<>();
    if (order == EventQuery.Order.LEDGER) {
      long start = after == null ? 0 : Keys.readBe64(after, 0) + 1;
      int from = Arrays.binarySearch(candidates, start);
      for (int i = from >= 0 ? from : -from - 1; i < candidates.length; i++) {
        Hit h = check(r, q, order, candidates[i]);
        if (h != null) {
          hits.add(h);
          if (hits.size() > limit) {
            break;
          }
        }
      }
    } else {
      for (long c : candidates) {
        Hit h = check(r, q, order, c);
        if (h != null && (after == null || (desc ? Keys.compare(h.position, after) < 0
            : Keys.compare(h.position, after) > 0))) {
          hits.add(h);
        }
      }
      Comparator<Hit> byPosition = (a, b) -> Keys.compare(a.position, b.position);
      hits.sort(desc ? byPosition.reversed() : byPosition);
    }
    return page(hits, limit);
  }

  private static Found page(List<Hit> hits, int limit) {
    if (hits.size() > limit) {
      List<Hit> first = List.copyOf(hits.subList(0, limit));
      return new Found(first, first.isEmpty() ? null : first.get(limit - 1).position);
    }
    return new Found(hits, null);
  }

  /**
   * The events a subscription has not seen yet: those at ledger indexes from {@code from} (inclusive)
   * to {@code to} (exclusive) that match {@code q}, in ledger order, at most {@code limit} of them
   * and examining at most {@code budget} entries; {@code next} is where the next call continues
   * ({@code to} when the range was exhausted). Page parameters of {@code q} are ignored.
   */
  public record Appended(List<ProjectedEvent> events, long next) {}

  /** See {@link Appended}. */
  public static Appended appended(ProjectionDb.Reader r, EventQuery q, long from, long to, int limit, int budget) {
    if (from >= to) {
      return new Appended(List.of(), Math.max(from, 0));
    }
    List<ProjectedEvent> hits = new ArrayList<>();
    long[] next = {to};
    int[] examined = new int[1];
    r.scan(Family.EVENTS, Keys.be64(from), Keys.be64(to), false, (key, value) -> {
      long idx = Keys.ledgerIndexOf(key);
      if (examined[0] >= budget || hits.size() >= limit) {
        next[0] = idx;
        return false;
      }
      examined[0]++;
      ProjectedEvent e = ProjectedEvent.read(idx, value, r.get(Family.DECLARED, Keys.be64(idx)));
      if (accepts(r, q, e)) {
        hits.add(e);
      }
      return true;
    });
    return new Appended(List.copyOf(hits), next[0]);
  }

  /** Reads events in the order's own index, checking each, within a budget. */
  private static Found stream(ProjectionDb.Reader r, EventQuery q, EventQuery.Order order, boolean desc, byte[] after,
      int limit, int budget) {
    Family family;
    byte[] from = Keys.EMPTY;
    byte[] to = null;
    switch (order) {
      case LEDGER -> family = Family.EVENTS;
      case EVENT_TIME -> {
        family = Family.EVENT_TIME;
        if (q.eventTime.ge() != null) {
          from = Keys.time(q.eventTime.ge());
        }
        if (q.eventTime.lt() != null) {
          to = Keys.time(q.eventTime.lt());
        }
      }
      case RECORD_TIME -> {
        family = Family.RECORD_TIME;
        if (q.recordTime.ge() != null) {
          from = Keys.signed64(ceilMillis(q.recordTime.ge()));
        }
        if (q.recordTime.lt() != null) {
          to = Keys.signed64(ceilMillis(q.recordTime.lt()));
        }
      }
      default -> throw new IllegalStateException("order " + order);
    }
    if (after != null) {
      if (desc) {
        to = to == null || Keys.compare(after, to) < 0 ? after : to; // below the last position
      } else {
        byte[] next = Keys.concat(after, new byte[] {0}); // the smallest key above it
        from = Keys.compare(next, from) > 0 ? next : from;
      }
    }
    List<Hit> hits = new ArrayList<>();
    byte[][] last = new byte[1][];
    int[] examined = new int[1];
    boolean[] exhausted = {true};
    r.scan(family, from, to, desc, (key, value) -> {
      if (examined[0] >= budget) {
        exhausted[0] = false;
        return false;
      }
      examined[0]++;
      last[0] = key;
      long idx = Keys.ledgerIndexOf(key);
      ProjectedEvent e = family == Family.EVENTS
          ? ProjectedEvent.read(idx, value, r.get(Family.DECLARED, Keys.be64(idx)))
          : load(r, idx);
      if (e != null && accepts(r, q, e)) {
        hits.add(new Hit(e, key));
        if (hits.size() > limit) {
          exhausted[0] = false;
          return false;
        }
      }
      return true;
    });
    if (hits.size() > limit) {
      return page(hits, limit);
    }
    return new Found(hits, exhausted[0] ? null : last[0]);
  }

  private static Hit check(ProjectionDb.Reader r, EventQuery q, EventQuery.Order order, long idx) {
    ProjectedEvent e = load(r, idx);
    if (e == null) {
      return null;
    }
    EventFacts f = e.facts();
    if (!accepts(r, q, e)) {
      return null;
    }
    byte[] position = switch (order) {
      case LEDGER -> Keys.be64(idx);
      case EVENT_TIME -> Keys.indexKey(Keys.time(f.eventTime()), idx);
      case RECORD_TIME -> Keys.indexKey(Keys.signed64(e.recordTimeMillis()), idx);
    };
    return new Hit(e, position);
  }

  /** True if an event matches the whole query: indexed fields, content, and master data attributes. */
  private static boolean accepts(ProjectionDb.Reader r, EventQuery q, ProjectedEvent e) {
    if (!q.matches(e.facts(), e.recordTime(), e.declaration()) || !q.matchesContent(e.event())) {
      return false;
    }
    return q.attributeFilters.isEmpty() || q.matchesAttributes(e.facts(), e.event(), id -> MasterData.get(r, id));
  }

  /** The stored event at a ledger index with its declaration, or null if there is none. */
  static ProjectedEvent load(ProjectionDb.Reader r, long idx) {
    byte[] envelope = r.get(Family.EVENTS, Keys.be64(idx));
    return envelope == null ? null : ProjectedEvent.read(idx, envelope, r.get(Family.DECLARED, Keys.be64(idx)));
  }

  /** The smallest whole millisecond not before {@code t}. */
  static long ceilMillis(Instant t) {
    long ms = t.getEpochSecond() * 1000 + t.getNano() / 1_000_000;
    return t.getNano() % 1_000_000 == 0 ? ms : ms + 1;
  }

  // ---- sources ----

  private static List<Source> sources(EventQuery q) {
    List<Source> out = new ArrayList<>();
    if (!q.eventTypes.isEmpty()) {
      out.add(exact("eventType", Family.TYPE, q.eventTypes));
    }
    if (q.eventTime.isSet()) {
      out.add(new Source("eventTime", List.of(new Range(Family.EVENT_TIME,
          q.eventTime.ge() == null ? Keys.EMPTY : Keys.time(q.eventTime.ge()),
          q.eventTime.lt() == null ? null : Keys.time(q.eventTime.lt())))));
    }
    if (q.recordTime.isSet()) {
      out.add(new Source("recordTime", List.of(new Range(Family.RECORD_TIME,
          q.recordTime.ge() == null ? Keys.EMPTY : Keys.signed64(ceilMillis(q.recordTime.ge())),
          q.recordTime.lt() == null ? null : Keys.signed64(ceilMillis(q.recordTime.lt()))))));
    }
    addExact(out, "EQ_bizStep", Family.BIZ_STEP, q.bizSteps);
    addExact(out, "EQ_disposition", Family.DISPOSITION, q.dispositions);
    addExact(out, "EQ_readPoint", Family.READ_POINT, q.readPoints);
    addExact(out, "EQ_bizLocation", Family.BIZ_LOCATION, q.bizLocations);
    addExact(out, "WD_readPoint", Family.READ_POINT, q.wdReadPoints);
    addExact(out, "WD_bizLocation", Family.BIZ_LOCATION, q.wdBizLocations);
    addExact(out, "EQ_eventID", Family.EVENT_ID, q.eventIds);
    addIds(out, "MATCH_epc", q.matchEpc, Family.EPC);
    addIds(out, "MATCH_parentID", q.matchParent, Family.PARENT);
    addIds(out, "MATCH_inputEPC", q.matchInput, Family.INPUT_EPC);
    addIds(out, "MATCH_outputEPC", q.matchOutput, Family.OUTPUT_EPC);
    addIds(out, "MATCH_anyEPC", q.matchAny, Family.EPC, Family.PARENT, Family.INPUT_EPC, Family.OUTPUT_EPC);
    addIds(out, "MATCH_epcClass", q.matchClass, Family.EPC_CLASS);
    addIds(out, "MATCH_inputEPCClass", q.matchInputClass, Family.INPUT_EPC_CLASS);
    addIds(out, "MATCH_outputEPCClass", q.matchOutputClass, Family.OUTPUT_EPC_CLASS);
    addIds(out, "MATCH_anyEPCClass", q.matchAnyClass, Family.EPC_CLASS, Family.INPUT_EPC_CLASS,
        Family.OUTPUT_EPC_CLASS);
    if (q.needsDeclaration()) {
      out.add(new Source("EXISTS_errorDeclaration", List.of(new Range(Family.DECLARED, Keys.EMPTY, null))));
    }
    for (EventQuery.SensorFilter s : q.sensorFilters) {
      out.add(new Source(s.parameter(), sensorRanges(s)));
    }
    return out;
  }

  private static List<Range> sensorRanges(EventQuery.SensorFilter s) {
    byte[] prefix = Keys.concat(Keys.str(s.field()), Keys.str(s.uom()));
    byte[] end = Keys.after(prefix);
    List<Range> ranges = new ArrayList<>();
    for (double v : s.values()) {
      long sd = Keys.sortableDouble(v);
      byte[] at = Keys.concat(prefix, Keys.be64(sd));
      byte[] above = Keys.concat(prefix, Keys.be64(sd + 1));
      ranges.add(switch (s.op()) {
        case EQ -> new Range(Family.SENSOR, at, above);
        case GT -> new Range(Family.SENSOR, above, end);
        case GE -> new Range(Family.SENSOR, at, end);
        case LT -> new Range(Family.SENSOR, prefix, at);
        case LE -> new Range(Family.SENSOR, prefix, above);
      });
    }
    return ranges;
  }

  private static void addExact(List<Source> out, String parameter, Family f, Set<String> values) {
    if (!values.isEmpty()) {
      out.add(exact(parameter, f, values));
    }
  }

  private static Source exact(String parameter, Family f, Set<String> values) {
    List<Range> ranges = new ArrayList<>();
    for (String v : values) {
      byte[] p = Keys.str(v);
      ranges.add(new Range(f, p, Keys.after(p)));
    }
    return new Source(parameter, ranges);
  }

  private static void addIds(List<Source> out, String parameter, Set<String> wanted, Family... families) {
    if (wanted.isEmpty()) {
      return;
    }
    List<Range> ranges = new ArrayList<>();
    for (Family f : families) {
      for (String w : wanted) {
        byte[] p = Keys.str(w);
        ranges.add(new Range(f, p, Keys.after(p)));
        if (Ids.isClassPattern(w)) {
          byte[] sub = Keys.strPrefix(w + "/");
          ranges.add(new Range(f, sub, Keys.after(sub)));
        }
      }
    }
    out.add(new Source(parameter, ranges));
  }

  private static long count(ProjectionDb.Reader r, Source s, long cap) {
    long[] n = {0};
    for (Range range : s.ranges) {
      r.scan(range.family, range.from, range.to, false, (k, v) -> ++n[0] < cap);
      if (n[0] >= cap) {
        break;
      }
    }
    return n[0];
  }

  /** The distinct ledger indexes of a source, ascending. */
  private static long[] collect(ProjectionDb.Reader r, Source s) {
    long[][] buf = {new long[64]};
    int[] n = {0};
    for (Range range : s.ranges) {
      r.scan(range.family, range.from, range.to, false, (k, v) -> {
        if (n[0] == buf[0].length) {
          buf[0] = Arrays.copyOf(buf[0], n[0] * 2);
        }
        buf[0][n[0]++] = Keys.ledgerIndexOf(k);
        return true;
      });
    }
    long[] out = Arrays.copyOf(buf[0], n[0]);
    Arrays.sort(out);
    return Arrays.stream(out).distinct().toArray();
  }
}
