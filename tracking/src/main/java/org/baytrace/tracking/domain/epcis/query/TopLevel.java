package org.baytrace.tracking.domain.epcis.query;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.baytrace.tracking.domain.epcis.query.ProjectionDb.Family;
import org.baytrace.tracking.domain.epcis.record.EpcisRecords;

/**
 * The top-level resources of the EPCIS 2.0 REST binding ({@code /eventTypes}, {@code /epcs},
 * {@code /bizSteps}, {@code /bizLocations}, {@code /readPoints}, {@code /dispositions}): the
 * values events hold, as the projection indexes them (identifiers canonical, CBV values bare),
 * and the query parameter that selects a value's events ({@code /bizSteps/{bizStep}/events} is
 * {@code EQ_bizStep}). Immutable.
 */
public enum TopLevel {
  EVENT_TYPES("eventTypes", "eventType", Family.TYPE),
  EPCS("epcs", "MATCH_anyEPC", Family.EPC, Family.PARENT, Family.INPUT_EPC, Family.OUTPUT_EPC),
  BIZ_STEPS("bizSteps", "EQ_bizStep", Family.BIZ_STEP),
  BIZ_LOCATIONS("bizLocations", "EQ_bizLocation", Family.BIZ_LOCATION),
  READ_POINTS("readPoints", "EQ_readPoint", Family.READ_POINT),
  DISPOSITIONS("dispositions", "EQ_disposition", Family.DISPOSITION);

  private final String path;
  private final String parameter;
  private final Family[] families;

  TopLevel(String path, String parameter, Family... families) {
    this.path = path;
    this.parameter = parameter;
    this.families = families;
  }

  /** The resource's path segment, e.g. {@code bizSteps}. */
  public String path() {
    return path;
  }

  /** The query parameter that selects the events of one value. */
  public String parameter() {
    return parameter;
  }

  /**
   * Up to {@code limit} values after {@code after} (null: from the first), ascending. Event types
   * are the five of EPCIS 2.0 whether or not events of them are held (the binding lists every
   * type the repository supports).
   */
  public List<String> values(ProjectionDb.Reader r, String after, int limit) {
    if (this == EVENT_TYPES) {
      List<String> out = new ArrayList<>();
      for (String t : new TreeSet<>(EpcisRecords.EVENT_TYPES)) {
        if ((after == null || t.compareTo(after) > 0) && out.size() < limit) {
          out.add(t);
        }
      }
      return out;
    }
    List<String> out = new ArrayList<>();
    byte[] from = after == null ? Keys.EMPTY : Keys.after(Keys.str(after));
    while (out.size() < limit && from != null) {
      byte[] next = null;
      for (Family f : families) {
        byte[][] first = new byte[1][];
        r.scan(f, from, null, false, (k, v) -> {
          first[0] = k;
          return false;
        });
        if (first[0] != null && (next == null || Keys.compare(first[0], next) < 0)) {
          next = first[0];
        }
      }
      if (next == null) {
        break;
      }
      String value = Keys.readStr(next);
      out.add(value);
      from = Keys.after(Keys.str(value));
    }
    return out;
  }

  /** True if some event holds {@code value} (in its canonical form); event types: one of the five. */
  public boolean holds(ProjectionDb.Reader r, String value) {
    if (this == EVENT_TYPES) {
      return EpcisRecords.EVENT_TYPES.contains(value);
    }
    byte[] prefix = Keys.str(canonical(value));
    for (Family f : families) {
      boolean[] hit = {false};
      r.scan(f, prefix, Keys.after(prefix), false, (k, v) -> {
        hit[0] = true;
        return false;
      });
      if (hit[0]) {
        return true;
      }
    }
    return false;
  }

  /** A value as the index holds it: identifiers canonical, CBV values bare. */
  public String canonical(String value) {
    return switch (this) {
      case EVENT_TYPES -> value;
      case BIZ_STEPS -> org.baytrace.tracking.domain.epcis.vocab.Vocab.bizStep(value);
      case DISPOSITIONS -> org.baytrace.tracking.domain.epcis.vocab.Vocab.disposition(value);
      default -> Ids.canonical(value);
    };
  }
}
