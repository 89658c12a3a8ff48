package org.baytrace.tracking.domain.archfixture.cycle.a;

import org.baytrace.tracking.domain.archfixture.cycle.b.B;

/** One half of a package cycle, for {@code ArchitectureRulesCatchViolationsTest}. */
public final class A {
  public static int viaB() {
    return B.value();
  }

  public static int value() {
    return 1;
  }
}
