package org.baytrace.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.baytrace.ledger.registry.Governance;
import org.baytrace.ledger.registry.InvalidValue;
import org.baytrace.ledger.registry.OrgRegistry;

/**
 * {@code [governance]}: who changes the founding registry and how the ledger begins (node-config
 * README, "[governance]"). Immutable.
 *
 * @param genesis {@code genesis}: the genesis proposal file (from {@code baytrace registry propose
 *     --genesis}, signed offline by the founding organisations) that a new ledger holds as its
 *     entry 0; empty if the configuration names none
 * @param threshold {@code threshold}: how many governing organisations must sign a change (k of
 *     n); empty for a majority of them
 * @param orgs {@code orgs}: the governing organisations; empty for every organisation of
 *     {@code [[orgs]]}
 */
public record GovernanceSettings(Optional<Path> genesis, OptionalInt threshold, Optional<List<String>> orgs) {
  /** No genesis file; every organisation governs, a majority of them decides. */
  public static final GovernanceSettings NONE = new GovernanceSettings(Optional.empty(), OptionalInt.empty(), Optional.empty());

  public GovernanceSettings {
    Objects.requireNonNull(genesis, "genesis");
    Objects.requireNonNull(threshold, "threshold");
    orgs = Objects.requireNonNull(orgs, "orgs").map(List::copyOf);
  }

  /** These settings with another genesis file (empty: none). */
  public GovernanceSettings withGenesis(Optional<Path> file) {
    return new GovernanceSettings(file.map(f -> f.toAbsolutePath().normalize()), threshold, orgs);
  }

  /**
   * Who governs the founding registry {@code registry}: the configured orgs (or all of them) and
   * threshold (or a majority of them).
   *
   * @throws InvalidValue naming {@code governance.orgs} or {@code governance.threshold}
   */
  public Governance governance(OrgRegistry registry) {
    List<String> registered = registry.orgs().stream().map(OrgRegistry.Org::id).toList();
    List<String> governing = orgs.orElse(registered);
    for (int i = 0; i < governing.size(); i++) {
      if (!registered.contains(governing.get(i))) {
        throw new InvalidValue("governance.orgs[" + i + "]", "got " + Toml.quote(governing.get(i))
            + ", want the id of an org of [[orgs]] " + registered);
      }
    }
    if (governing.isEmpty()) {
      throw new InvalidValue("governance.orgs", "empty, want at least one org of [[orgs]] " + registered);
    }
    if (governing.stream().distinct().count() != governing.size()) {
      throw new InvalidValue("governance.orgs", "got " + governing + ", an org is listed twice");
    }
    int k = threshold.orElse(governing.size() / 2 + 1);
    if (k < 1 || k > governing.size()) {
      throw new InvalidValue("governance.threshold", "got " + k + ", want 1 to " + governing.size()
          + " (the number of governing organisations " + governing.stream().sorted().toList() + ")");
    }
    return new Governance(k, governing);
  }

  /**
   * Checks these settings against the configuration's registry; an empty registry (the embedded
   * node, whose own org governs alone) takes neither {@code threshold} nor {@code orgs}.
   */
  void check(OrgRegistry registry) {
    if (registry.isEmpty()) {
      if (threshold.isPresent() || orgs.isPresent()) {
        throw new InvalidValue(threshold.isPresent() ? "governance.threshold" : "governance.orgs",
            "set, but [[orgs]] registers no organisation: the node's own org governs alone; register the founding"
                + " organisations in [[orgs]] first");
      }
      return;
    }
    governance(registry);
  }
}
