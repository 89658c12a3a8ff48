package org.baytrace.ledger.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.baytrace.ledger.registry.OrgRegistry.Org;

/** What differs between two registries, in sentences a member's operator can act on. Stateless. */
public final class RegistryDiff {
  private RegistryDiff() {}

  /** The differences of {@code theirs} (this member's) from {@code ledger}'s; empty if they are equal. */
  public static List<String> between(Registry ledger, Registry theirs) {
    List<String> d = new ArrayList<>();
    Map<String, Org> a = byKey(ledger.orgs().orgs(), Org::id);
    Map<String, Org> b = byKey(theirs.orgs().orgs(), Org::id);
    for (String id : a.keySet()) {
      if (!b.containsKey(id)) {
        d.add("org \"" + id + "\" is on the ledger but not in this member's registry");
      }
    }
    for (String id : b.keySet()) {
      if (!a.containsKey(id)) {
        d.add("org \"" + id + "\" is in this member's registry but not on the ledger");
        continue;
      }
      d.addAll(orgDiff(a.get(id), b.get(id)));
    }
    if (!RegistryCodec.toProto(ledger.orgs().policy()).equals(RegistryCodec.toProto(theirs.orgs().policy()))) {
      d.add("the policy table differs: ledger " + ledger.orgs().policy() + ", this member " + theirs.orgs().policy());
    }
    Map<String, Member> ma = byKey(ledger.members(), Member::name);
    Map<String, Member> mb = byKey(theirs.members(), Member::name);
    for (String n : ma.keySet()) {
      if (!mb.containsKey(n)) {
        d.add("member \"" + n + "\" is on the ledger but not in this member's [[peers]]");
      } else if (!RegistryCodec.toProto(ma.get(n)).equals(RegistryCodec.toProto(mb.get(n)))) {
        d.add("member \"" + n + "\" differs (verifier key, TLS fingerprint or addresses): ledger "
            + describe(ma.get(n)) + ", this member " + describe(mb.get(n)));
      }
    }
    for (String n : mb.keySet()) {
      if (!ma.containsKey(n)) {
        d.add("member \"" + n + "\" is in this member's [[peers]] but not on the ledger");
      }
    }
    if (!ledger.governance().equals(theirs.governance())) {
      d.add("governance: ledger " + ledger.governance().describe() + ", this member " + theirs.governance().describe());
    }
    if (d.isEmpty() && !RegistryCodec.hash(ledger).equals(RegistryCodec.hash(theirs))) {
      d.add("the canonical encodings differ (registry hash " + RegistryCodec.hash(ledger).hex() + " on the ledger, "
          + RegistryCodec.hash(theirs).hex() + " here)");
    }
    return d;
  }

  private static List<String> orgDiff(Org a, Org b) {
    List<String> d = new ArrayList<>();
    String o = "org \"" + a.id() + "\": ";
    if (!a.name().equals(b.name())) {
      d.add(o + "name: ledger \"" + a.name() + "\", this member \"" + b.name() + "\"");
    }
    if (!a.roles().equals(b.roles())) {
      d.add(o + "roles: ledger " + RegistryCodec.roleNames(a.roles()) + ", this member " + RegistryCodec.roleNames(b.roles()));
    }
    if (!a.gs1CompanyPrefixes().stream().sorted().toList().equals(b.gs1CompanyPrefixes().stream().sorted().toList())) {
      d.add(o + "gs1_company_prefixes: ledger " + a.gs1CompanyPrefixes() + ", this member " + b.gs1CompanyPrefixes());
    }
    if (!Optional.ofNullable(a.aeoStatus()).equals(Optional.ofNullable(b.aeoStatus()))) {
      d.add(o + "aeo_status: ledger " + Quote.of(a.aeoStatus()) + ", this member " + Quote.of(b.aeoStatus()));
    }
    if (!a.signsFor().stream().sorted().toList().equals(b.signsFor().stream().sorted().toList())) {
      d.add(o + "signs_for: ledger " + a.signsFor() + ", this member " + b.signsFor());
    }
    Map<String, OrgRegistry.OrgKey> ka = byKey(a.keys(), k -> k.key().keyId());
    Map<String, OrgRegistry.OrgKey> kb = byKey(b.keys(), k -> k.key().keyId());
    for (String k : ka.keySet()) {
      if (!kb.containsKey(k)) {
        d.add(o + "key " + k + " is on the ledger but not in this member's registry");
      } else if (!ka.get(k).equals(kb.get(k))) {
        d.add(o + "key " + k + " has another validity: ledger " + ka.get(k).validity() + ", this member " + kb.get(k).validity());
      }
    }
    for (String k : kb.keySet()) {
      if (!ka.containsKey(k)) {
        d.add(o + "key " + k + " is in this member's registry but not on the ledger");
      }
    }
    return d;
  }

  private static String describe(Member m) {
    return m.verifierKey().encode() + " " + m.tlsCertificate().map(Object::toString).orElse("(no TLS pin)") + " grpc "
        + m.grpcAddress() + " raft " + m.raftAddress();
  }

  private static <T> Map<String, T> byKey(List<T> items, Function<T, String> key) {
    Map<String, T> m = new TreeMap<>();
    items.forEach(i -> m.put(key.apply(i), i));
    return m;
  }
}
