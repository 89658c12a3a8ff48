package org.baytrace.tracking.domain.coldchain.archfixture;

import org.baytrace.tracking.domain.customs.archfixture.CustomsThing;

/** A cold-chain class that wrongly uses another profile, for {@code ArchitectureRulesCatchViolationsTest}. */
public final class ImportsCustoms {
  public static String wrongWay() {
    return CustomsThing.office();
  }
}
