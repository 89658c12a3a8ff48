package org.baytrace.config;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Which event times a record may state ({@code [limits] event_time_not_before} and
 * {@code event_time_max_ahead_seconds}): not before a fixed instant, and not later than the
 * record time the ledger stamps plus a margin (clocks of devices and partners drift, and
 * time zones get mixed up, but nothing recorded today happened next week). Immutable.
 *
 * @param notBefore the earliest event time accepted
 * @param maxAhead how far after its record time an event time may lie
 */
public record EventTimeBounds(Instant notBefore, Duration maxAhead) {
  static final NodeConfig.IntRange MAX_AHEAD_SECONDS =
      new NodeConfig.IntRange("limits.event_time_max_ahead_seconds", 0, 366L * 24 * 3600);
  public static final Instant DEFAULT_NOT_BEFORE = Instant.parse("2000-01-01T00:00:00Z");
  public static final Duration DEFAULT_MAX_AHEAD = Duration.ofDays(1);
  public static final EventTimeBounds DEFAULT = new EventTimeBounds(DEFAULT_NOT_BEFORE, DEFAULT_MAX_AHEAD);

  public EventTimeBounds {
    Objects.requireNonNull(notBefore, "notBefore");
    Objects.requireNonNull(maxAhead, "maxAhead");
    MAX_AHEAD_SECONDS.check(maxAhead.getSeconds());
  }
}
