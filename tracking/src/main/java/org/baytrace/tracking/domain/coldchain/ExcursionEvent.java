package org.baytrace.tracking.domain.coldchain;

import java.util.Objects;

/**
 * An excursion as announced to subscribers: whose it is, and the entry whose arrival revealed it.
 *
 * @param commodity the commodity profile id judged against
 */
public record ExcursionEvent(String subject, String commodity, Excursion excursion, long detectedAtIndex) {
  public ExcursionEvent {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(commodity, "commodity");
    Objects.requireNonNull(excursion, "excursion");
  }
}
