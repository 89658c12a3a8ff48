package org.baytrace.ledger.registry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The whole registry (DESIGN §8): the organisations with their roles, prefixes and keys and the
 * author policy table ({@link #orgs}), the member nodes, and who governs changes. A value: the
 * same registry has the same canonical encoding ({@link RegistryCodec}) on every member.
 *
 * <p>Every registry keeps the consortium able to govern itself: each governing org is
 * registered, and at least {@code threshold} of them hold a key that is neither retired nor
 * revoked.
 */
public record Registry(OrgRegistry orgs, List<Member> members, Governance governance) {
  public Registry {
    Objects.requireNonNull(orgs, "orgs");
    Objects.requireNonNull(governance, "governance");
    members = members.stream().sorted(Comparator.comparing(Member::name)).toList();
    Set<String> names = new HashSet<>();
    for (Member m : members) {
      if (!names.add(m.name())) {
        throw new InvalidValue("members", "member \"" + m.name() + "\" is listed twice");
      }
    }
    List<String> signing = new ArrayList<>();
    for (String id : governance.orgs()) {
      Optional<OrgRegistry.Org> org = orgs.org(id);
      if (org.isEmpty()) {
        throw new InvalidValue("governance.orgs", "got \"" + id + "\", want a registered org " + orgs.orgs().stream()
            .map(OrgRegistry.Org::id).toList());
      }
      if (org.get().hasActiveKey()) {
        signing.add(id);
      }
    }
    if (signing.size() < governance.threshold()) {
      throw new InvalidValue("governance", "only " + signing.size() + " governing organisation(s) " + signing
          + " hold a key in force, want at least the threshold " + governance.threshold()
          + ": no one could change the registry any more");
    }
  }

  /** The member called {@code name}. */
  public Optional<Member> member(String name) {
    return members.stream().filter(m -> m.name().equals(name)).findFirst();
  }

  public Registry withOrgs(OrgRegistry o) {
    return new Registry(o, members, governance);
  }

  public Registry withMembers(List<Member> m) {
    return new Registry(orgs, m, governance);
  }

  public Registry withGovernance(Governance g) {
    return new Registry(orgs, members, g);
  }
}
