package org.baytrace.tracking.domain.policy;

import java.time.Instant;
import java.util.List;
import org.baytrace.config.EventTimeBounds;
import org.baytrace.ledger.AppliedRecord;
import org.baytrace.ledger.ApplyRule;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.record.ParsedRecord;

/**
 * Time sanity: a record's event time lies within {@link EventTimeBounds}: not before
 * {@code event_time_not_before} and not after the record time the ledger stamps plus
 * {@code event_time_max_ahead_seconds}. An apply rule because the upper bound depends on the
 * record time, which every member knows only when it applies the batch; so every member
 * judges the same. Refusals are {@code INVALID_FIELD} (gRPC INVALID_ARGUMENT, HTTP 400) naming
 * the bound. Keeps no state: stored entries were judged when they were appended. Thread-safe.
 */
public final class EventTimeRule implements ApplyRule {
  private final EventTimeBounds bounds;

  public EventTimeRule(EventTimeBounds bounds) {
    this.bounds = bounds;
  }

  @Override
  public void replay(AppliedRecord applied) {}

  @Override
  public boolean replays() {
    return false;
  }

  @Override
  public Batch begin(long recordTimeUnixMillis) {
    long latest = recordTimeUnixMillis + bounds.maxAhead().toMillis();
    long earliest = bounds.notBefore().toEpochMilli();
    return new Batch() {
      @Override
      public void check(List<ParsedRecord> group) {
        for (ParsedRecord r : group) {
          long t = r.eventTimeUnixMillis();
          if (t < earliest) {
            throw new LedgerException(LedgerError.INVALID_FIELD, "body.event_time_unix_millis: got " + show(t)
                + ", want not before " + bounds.notBefore() + " (event_time_not_before)");
          }
          if (t > latest) {
            throw new LedgerException(LedgerError.INVALID_FIELD, "body.event_time_unix_millis: got " + show(t)
                + ", want not after the record time plus " + bounds.maxAhead() + " (event_time_max_ahead_seconds "
                + bounds.maxAhead().getSeconds() + "): " + Instant.ofEpochMilli(latest));
          }
        }
      }

      @Override
      public void stage(List<ParsedRecord> group) {}

      @Override
      public void commit(List<AppliedRecord> stored) {}
    };
  }

  private static String show(long millis) {
    try {
      return Instant.ofEpochMilli(millis).toString();
    } catch (java.time.DateTimeException e) {
      return millis + " ms";
    }
  }
}
