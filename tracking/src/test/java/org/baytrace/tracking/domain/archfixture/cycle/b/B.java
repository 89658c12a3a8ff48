package org.baytrace.tracking.domain.archfixture.cycle.b;

import org.baytrace.tracking.domain.archfixture.cycle.a.A;

/** The other half of a package cycle, for {@code ArchitectureRulesCatchViolationsTest}. */
public final class B {
  public static int viaA() {
    return A.value();
  }

  public static int value() {
    return 2;
  }
}
