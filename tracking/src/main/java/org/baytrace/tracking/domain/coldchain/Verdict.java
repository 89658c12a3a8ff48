package org.baytrace.tracking.domain.coldchain;

import java.util.List;

/**
 * A shipment's cold-chain verdict, computed from its samples against its commodity profile.
 *
 * @param status {@link Status}
 * @param profile the profile judged against; null for {@link Status#NO_PROFILE}
 * @param commodity the commodity id named (by a Shipment record or the GTIN list), or null
 * @param samples how many samples were judged
 * @param longestBreachMillis the longest continuous time outside the range
 * @param accumulatedBreachMillis all time outside the range added up
 * @param excursions in order of start
 */
public record Verdict(Status status, CommodityProfile profile, String commodity, int samples,
    long longestBreachMillis, long accumulatedBreachMillis, List<Excursion> excursions) {

  public Verdict {
    excursions = List.copyOf(excursions);
  }

  public enum Status {
    /** Every sample within the rules. */
    IN_RANGE,
    /** At least one excursion. */
    EXCURSION,
    /** Samples exist but no profile is known for the commodity (or none is named). */
    NO_PROFILE,
    /** A profile is known but no sample. */
    NO_DATA
  }

  static Verdict noProfile(String commodity, int samples) {
    return new Verdict(Status.NO_PROFILE, null, commodity, samples, 0, 0, List.of());
  }
}
