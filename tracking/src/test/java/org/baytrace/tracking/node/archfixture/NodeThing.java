package org.baytrace.tracking.node.archfixture;

/** A node-layer class for {@code ArchitectureRulesCatchViolationsTest}; not part of the product. */
public final class NodeThing {
  public static int port() {
    return 0;
  }
}
