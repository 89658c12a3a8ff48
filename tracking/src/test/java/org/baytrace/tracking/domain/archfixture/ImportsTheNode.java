package org.baytrace.tracking.domain.archfixture;

import org.baytrace.tracking.node.archfixture.NodeThing;

/** A domain class that wrongly uses the node, for {@code ArchitectureRulesCatchViolationsTest}. */
public final class ImportsTheNode {
  public static int wrongWay() {
    return NodeThing.port();
  }
}
