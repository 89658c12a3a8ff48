package org.baytrace.tracking.domain.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.baytrace.ledger.registry.OrgRegistry.Org;
import org.baytrace.ledger.registry.OrgRegistry.Role;
import org.baytrace.ledger.registry.OrgRegistry;
import org.baytrace.ledger.registry.PolicyRule;
import org.baytrace.ledger.registry.PolicyRule.OthersGoods;
import org.baytrace.ledger.registry.PolicyTable;
import org.baytrace.ledger.AuthorPolicy;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.record.AuthorSignature;
import org.baytrace.ledger.record.ParsedRecord;
import org.baytrace.tracking.domain.gs1.InvalidTraceCodeException;
import org.baytrace.tracking.domain.gs1.TraceCode;

/**
 * The policy table of a registry, compiled: the first rule whose kinds match the record's kind
 * and whose roles share a role with the author org decides (see {@link PolicyTable}). Roles are
 * bit masks, kinds precompiled patterns, so a check is a few string comparisons per rule plus the
 * deciding rule's subject and co-signer checks. Assumes the key rules ran first (every key
 * registered, the first one the author org's), but does not rely on it.
 */
final class RulePolicy implements AuthorPolicy {
  private final OrgRegistry registry;
  private final List<Compiled> rules;
  private final Map<String, Integer> roleMaskByOrg;

  private record Compiled(String description, List<KindPattern> kinds, int roleMask, SubjectCheck subjects,
      int coSignerMask, PolicyRule rule, OthersGoods othersGoods) {
    boolean matchesKind(String kind) {
      for (KindPattern k : kinds) {
        if (k.matches(kind)) {
          return true;
        }
      }
      return false;
    }

    /** A rule for every kind ({@code kinds = ["*"]}) says nothing about this kind in particular. */
    boolean catchAll() {
      return kinds.stream().anyMatch(KindPattern::matchesEverything);
    }
  }

  RulePolicy(OrgRegistry registry) {
    this.registry = registry;
    PolicyTable table = registry.policy();
    List<Compiled> compiled = new ArrayList<>();
    for (int i = 0; i < table.rules().size(); i++) {
      PolicyRule r = table.rules().get(i);
      compiled.add(new Compiled(table.describe(i), r.kinds().stream().map(KindPattern::compile).toList(),
          mask(r.roles()), SubjectCheck.of(r.subjects()), r.coSignersRule().map(c -> mask(c.roles())).orElse(0), r,
          r.othersGoods()));
    }
    this.rules = List.copyOf(compiled);
    Map<String, Integer> masks = new HashMap<>();
    registry.orgs().forEach(o -> masks.put(o.id(), mask(o.roles())));
    this.roleMaskByOrg = Map.copyOf(masks);
  }

  @Override
  public void check(ParsedRecord record) {
    String kind = record.kind();
    Org signer = registry.org(record.authorOrg()).orElseThrow(() -> new LedgerException(LedgerError.NOT_AUTHORISED,
        "body.author_org: got \"" + record.authorOrg() + "\", want an org of the registry"));
    // A record a node signed for a caller is judged as the caller's (DESIGN §3.1).
    Org author = signer;
    if (!record.submittedBy().isEmpty()) {
      author = registry.org(record.submittedBy()).orElseThrow(() -> new LedgerException(LedgerError.NOT_AUTHORISED,
          "body.submitted_by: got \"" + record.submittedBy() + "\", want an org of the registry"));
      if (!signer.signsFor(author.id())) {
        throw new LedgerException(LedgerError.NOT_AUTHORISED, "body.submitted_by: org \"" + signer.id()
            + "\" does not sign for org \"" + author.id() + "\" (its signs_for in the registry: " + signer.signsFor() + ")");
      }
    }
    int authorRoles = roleMaskByOrg.get(author.id());
    List<Compiled> forOtherRoles = null;
    for (Compiled c : rules) {
      if (!c.matchesKind(kind)) {
        continue;
      }
      if ((c.roleMask() & authorRoles) == 0) {
        if (forOtherRoles == null) {
          forOtherRoles = new ArrayList<>(2);
        }
        forOtherRoles.add(c);
        continue;
      }
      String problem = c.subjects().problem(record.subjects(), author);
      if (problem == null && c.othersGoods().mode() != OthersGoods.Mode.ANY) { // ANY: what it names needs no reading
        problem = goodsProblem(NamedGoods.of(record), c.othersGoods(), author);
      }
      if (problem == null && c.coSignerMask() != 0) {
        problem = coSignerProblem(record, c);
      }
      if (problem != null) {
        throw new LedgerException(LedgerError.NOT_AUTHORISED, c.description() + ": " + problem);
      }
      return;
    }
    throw new LedgerException(LedgerError.NOT_AUTHORISED, noRule(author, kind, forOtherRoles));
  }

  /**
   * Names the rules for this kind that are for other roles; catch-all rules ({@code *}) only when
   * no other rule names the kind.
   */
  private static String noRule(Org author, String kind, List<Compiled> forOtherRoles) {
    String roles = roles(author);
    List<Compiled> specific = forOtherRoles == null ? List.of()
        : forOtherRoles.stream().filter(c -> !c.catchAll()).toList();
    if (!specific.isEmpty()) {
      return String.join(", ", specific.stream().map(Compiled::description).toList()) + ": org \"" + author.id()
          + "\" has roles " + roles + ", so no policy rule lets it author kind \"" + kind + "\"";
    }
    String start = "no policy rule lets org \"" + author.id() + "\" (roles " + roles + ") author kind \"" + kind + "\": ";
    if (forOtherRoles == null) {
      return start + "no rule's kinds match it";
    }
    return start + "no rule names that kind, and " + String.join(", ", forOtherRoles.stream().map(Compiled::description).toList())
        + (forOtherRoles.size() == 1 ? " is" : " are") + " for other roles";
  }

  /**
   * Every GS1 key the record names under another company's prefix: allowed by the rule's
   * {@code others_goods}, and never in a brand owner's statement unless the rule allows anything.
   */
  private static String goodsProblem(NamedGoods.Statement statement, OthersGoods others, Org author) {
    if (others.mode() == OthersGoods.Mode.ANY) {
      return null;
    }
    for (NamedGoods.Named n : statement.named()) {
      String digits;
      try {
        digits = OwnGs1Prefix.prefixedDigits(TraceCode.parse(n.id()));
      } catch (InvalidTraceCodeException e) {
        return n.where() + " " + n.id() + ": not a valid trace code, so its GS1 company prefix cannot be told: " + e.getMessage();
      }
      if (digits == null || OwnGs1Prefix.owns(author, digits)) {
        continue;
      }
      String whose = n.where() + " " + n.id() + ": another company's goods (GS1 company prefix not owned by \""
          + author.id() + "\", which owns " + OwnGs1Prefix.owned(author) + ")";
      if (others.mode() == OthersGoods.Mode.NONE) {
        return whose + ", and the rule lets it record nothing about other companies' goods (others_goods \"none\")";
      }
      if (n.ownerStatement() != null) {
        return whose + ", and " + n.ownerStatement() + " is for the brand owner alone";
      }
      if (!others.bizSteps().isEmpty() && !others.bizSteps().contains(statement.bizStep())) {
        return whose + ", and the rule lets it record only business steps " + others.bizSteps()
            + " about them; got bizStep " + (statement.bizStep().isEmpty() ? "none" : statement.bizStep());
      }
    }
    return null;
  }

  /** Every signer's org has one of the rule's co-signer roles; enough different orgs signed. */
  private String coSignerProblem(ParsedRecord record, Compiled c) {
    PolicyRule.CoSigners co = c.rule().coSigners();
    Set<String> parties = new LinkedHashSet<>();
    List<AuthorSignature> signatures = record.signatures();
    for (int i = 0; i < signatures.size(); i++) {
      AuthorSignature s = signatures.get(i);
      Org signer = registry.orgOfKey(s.publicKey()).orElse(null);
      if (signer == null) {
        return "signatures[" + i + "]: key " + s.keyId() + " is not registered";
      }
      if ((roleMaskByOrg.get(signer.id()) & c.coSignerMask()) == 0) {
        return "signatures[" + i + "]: key " + s.keyId() + " is of org \"" + signer.id() + "\" with roles "
            + roles(signer) + ", want an org with one of " + names(co.roles());
      }
      parties.add(signer.id());
    }
    if (parties.size() < co.minOrgs()) {
      return "signed by " + parties.size() + (parties.size() == 1 ? " org " : " orgs ") + quoted(parties)
          + ", want signatures of at least " + co.minOrgs() + " different orgs with roles " + names(co.roles())
          + " (the parties of the hand-over each sign)";
    }
    return null;
  }

  private static int mask(Set<Role> roles) {
    int m = 0;
    for (Role r : roles) {
      m |= 1 << r.ordinal();
    }
    return m;
  }

  private static String roles(Org org) {
    return names(org.roles());
  }

  private static String names(Set<Role> roles) {
    return roles.stream().map(Role::tomlName).toList().toString();
  }

  private static String quoted(Set<String> ids) {
    return ids.stream().map(id -> "\"" + id + "\"").toList().toString();
  }
}
