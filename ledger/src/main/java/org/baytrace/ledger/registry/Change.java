package org.baytrace.ledger.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.baytrace.ledger.crypto.PublicKey;
import org.baytrace.ledger.registry.OrgRegistry.Org;
import org.baytrace.ledger.registry.OrgRegistry.OrgKey;
import org.baytrace.ledger.registry.OrgRegistry.Role;

/**
 * One change of the registry, as a governance proposal carries it. Each kind is a record kind of
 * its own ({@code governance.AddOrg}, ...: {@link #kind}) and takes effect at the index of its
 * record ({@link #applyTo}).
 */
public sealed interface Change {
  /** The record kind's suffix: a record carrying this change has kind {@code governance.<kind>}. */
  String kind();

  /**
   * The registry after this change, made by the governance record at {@code index}.
   *
   * @throws InvalidValue naming what the change cannot do (an unknown org, a key already
   *     registered, a registry left without enough governing organisations...)
   */
  Registry applyTo(Registry r, long index);

  /** One line for people and for the registry's list of changes. */
  String describe();

  /** Genesis, or the adoption of an existing ledger's configured registry: the first governance record. */
  record AdoptRegistry(Registry registry) implements Change {
    public AdoptRegistry {
      Objects.requireNonNull(registry, "registry");
    }

    @Override
    public String kind() {
      return "AdoptRegistry";
    }

    @Override
    public Registry applyTo(Registry r, long index) {
      return registry;
    }

    @Override
    public String describe() {
      return "adopt the registry of orgs " + registry.orgs().orgs().stream().map(Org::id).sorted().toList() + ", governed by "
          + registry.governance().describe();
    }
  }

  /** A new organisation, with its keys (valid after this record). */
  record AddOrg(Org org) implements Change {
    @Override
    public String kind() {
      return "AddOrg";
    }

    @Override
    public Registry applyTo(Registry r, long index) {
      if (r.orgs().org(org.id()).isPresent()) {
        throw new InvalidValue("add_org.id", "\"" + org.id() + "\" is already registered");
      }
      Org added = org.withKeys(org.keys().stream().map(k -> k.addedAt(index)).toList());
      return r.withOrgs(r.orgs().withOrg(added));
    }

    @Override
    public String describe() {
      return "add org " + org.id() + " (" + RegistryCodec.roleNames(org.roles()) + ")";
    }
  }

  record SetOrgRoles(String org, Set<Role> roles) implements Change {
    public SetOrgRoles {
      roles = Set.copyOf(roles);
    }

    @Override
    public String kind() {
      return "SetOrgRoles";
    }

    @Override
    public Registry applyTo(Registry r, long index) {
      return r.withOrgs(r.orgs().replacing(existing(r, org, "set_org_roles").withRoles(roles)));
    }

    @Override
    public String describe() {
      return "set the roles of " + org + " to " + RegistryCodec.roleNames(roles);
    }
  }

  record SetOrgPrefixes(String org, List<String> gs1CompanyPrefixes) implements Change {
    public SetOrgPrefixes {
      gs1CompanyPrefixes = List.copyOf(gs1CompanyPrefixes);
    }

    @Override
    public String kind() {
      return "SetOrgPrefixes";
    }

    @Override
    public Registry applyTo(Registry r, long index) {
      return r.withOrgs(r.orgs().replacing(existing(r, org, "set_org_prefixes").withGs1CompanyPrefixes(gs1CompanyPrefixes)));
    }

    @Override
    public String describe() {
      return "set the GS1 company prefixes of " + org + " to " + gs1CompanyPrefixes;
    }
  }

  /** A new key of an organisation, valid after this record. */
  record AddKey(String org, OrgKey key) implements Change {
    @Override
    public String kind() {
      return "AddKey";
    }

    @Override
    public Registry applyTo(Registry r, long index) {
      Org o = existing(r, org, "add_key");
      List<OrgKey> keys = new ArrayList<>(o.keys());
      keys.add(key.addedAt(index));
      return r.withOrgs(r.orgs().replacing(o.withKeys(keys)));
    }

    @Override
    public String describe() {
      return "add key " + key.key().keyId() + " to " + org;
    }
  }

  /** A key retired (rotated out) or revoked (compromised): it signs no record after this one. */
  record EndKey(String org, PublicKey key, boolean revoke, String reason) implements Change {
    @Override
    public String kind() {
      return revoke ? "RevokeKey" : "RetireKey";
    }

    @Override
    public Registry applyTo(Registry r, long index) {
      String field = revoke ? "revoke_key" : "retire_key";
      Org o = existing(r, org, field);
      OrgKey k = o.key(key).orElseThrow(() -> new InvalidValue(field + ".public_key", "key " + key.keyId()
          + " is not a key of org \"" + org + "\""));
      if (k.ended() != null && (k.ended().revoked() || !revoke)) {
        throw new InvalidValue(field + ".public_key", "key " + key.keyId() + " of org \"" + org + "\" was already "
            + k.ended().describe());
      }
      // A retired key that turns out leaked is revoked from its retirement on: nothing it signed after is valid.
      OrgKey ended = k.ended() != null ? k.endedAt(k.ended().atIndex(), true, reason) : k.endedAt(index, revoke, reason);
      List<OrgKey> keys = new ArrayList<>(o.keys());
      keys.replaceAll(x -> x.key().equals(key) ? ended : x);
      return r.withOrgs(r.orgs().replacing(o.withKeys(keys)));
    }

    @Override
    public String describe() {
      return (revoke ? "revoke" : "retire") + " key " + key.keyId() + " of " + org + " (" + reason + ")";
    }
  }

  record AddMember(Member member) implements Change {
    @Override
    public String kind() {
      return "AddMember";
    }

    @Override
    public Registry applyTo(Registry r, long index) {
      if (r.member(member.name()).isPresent()) {
        throw new InvalidValue("add_member.name", "member \"" + member.name() + "\" is already in the group");
      }
      List<Member> members = new ArrayList<>(r.members());
      members.add(member.addedAt(index));
      return r.withMembers(members);
    }

    @Override
    public String describe() {
      return "add member " + member.name();
    }
  }

  record RemoveMember(String name) implements Change {
    @Override
    public String kind() {
      return "RemoveMember";
    }

    @Override
    public Registry applyTo(Registry r, long index) {
      if (r.member(name).isEmpty()) {
        throw new InvalidValue("remove_member.name", "got \"" + name + "\", want a member "
            + r.members().stream().map(Member::name).toList());
      }
      return r.withMembers(r.members().stream().filter(m -> !m.name().equals(name)).toList());
    }

    @Override
    public String describe() {
      return "remove member " + name;
    }
  }

  record SetPolicy(PolicyTable policy) implements Change {
    @Override
    public String kind() {
      return "SetPolicy";
    }

    @Override
    public Registry applyTo(Registry r, long index) {
      return r.withOrgs(r.orgs().withPolicy(policy));
    }

    @Override
    public String describe() {
      return "set the policy table to " + policy;
    }
  }

  /** Who governs, and how many of them must sign a change. */
  record SetGovernance(Governance governance) implements Change {
    @Override
    public String kind() {
      return "SetGovernance";
    }

    @Override
    public Registry applyTo(Registry r, long index) {
      return r.withGovernance(governance);
    }

    @Override
    public String describe() {
      return "set governance to " + governance.describe();
    }
  }

  private static Org existing(Registry r, String id, String field) {
    return r.orgs().org(id).orElseThrow(() -> new InvalidValue(field + ".org", "got " + Quote.of(id)
        + ", want a registered org " + r.orgs().orgs().stream().map(Org::id).toList()));
  }
}
