package org.baytrace.ledger.registry;

import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Who changes the registry: at least {@code threshold} of the governing organisations
 * {@code orgs} (k of n), each signing with a key of its own that is in force.
 */
public record Governance(int threshold, List<String> orgs) {
  public Governance {
    Objects.requireNonNull(orgs, "orgs");
    TreeSet<String> sorted = new TreeSet<>(orgs);
    if (sorted.size() != orgs.size()) {
      throw new InvalidValue("governance.orgs", "got " + orgs + ", an org is listed twice");
    }
    if (sorted.isEmpty()) {
      throw new InvalidValue("governance.orgs", "empty, want at least one governing organisation");
    }
    orgs = List.copyOf(sorted);
    if (threshold < 1 || threshold > orgs.size()) {
      throw new InvalidValue("governance.threshold", "got " + threshold + ", want 1 to " + orgs.size()
          + " (the number of governing organisations)");
    }
  }

  /** Every org of {@code registry} governs; a majority of them decides. */
  public static Governance majorityOf(OrgRegistry registry) {
    List<String> ids = registry.orgs().stream().map(OrgRegistry.Org::id).toList();
    return new Governance(ids.size() / 2 + 1, ids);
  }

  /** "2 of [a, b, c]". */
  public String describe() {
    return threshold + " of " + orgs;
  }
}
