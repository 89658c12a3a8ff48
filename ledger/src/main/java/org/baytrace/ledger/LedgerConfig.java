package org.baytrace.ledger;

import java.time.Clock;
import java.util.Objects;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.record.RecordLimits;

/**
 * What a {@link Ledger} needs besides its store: its origin (the checkpoint origin line that
 * every record must name), the node's checkpoint signer, who may author records, size limits and
 * the clock that stamps record times.
 */
public record LedgerConfig(String origin, NoteSigner signer, AuthorPolicy policy, RecordLimits limits, Clock clock) {
  public LedgerConfig {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(clock, "clock");
    if (origin.isBlank() || origin.contains("\n")) {
      throw new IllegalArgumentException("origin: got \"" + origin + "\", want one non-blank line");
    }
  }

  public LedgerConfig(String origin, NoteSigner signer, AuthorPolicy policy) {
    this(origin, signer, policy, RecordLimits.DEFAULT, Clock.systemUTC());
  }
}
