package org.baytrace.tracking.domain.customs.archfixture;

/** A customs class for {@code ArchitectureRulesCatchViolationsTest}; not part of the product. */
public final class CustomsThing {
  public static String office() {
    return "gongbei-customs";
  }
}
