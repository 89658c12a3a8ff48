package org.baytrace.ledger.registry;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.baytrace.api.governance.v1.CoSigners;
import org.baytrace.api.governance.v1.KeyEnd;
import org.baytrace.ledger.checkpoint.NoteVerifier;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.crypto.PublicKey;
import org.baytrace.ledger.crypto.Sha256;
import org.baytrace.ledger.registry.OrgRegistry.Org;
import org.baytrace.ledger.registry.OrgRegistry.OrgKey;
import org.baytrace.ledger.registry.OrgRegistry.Role;
import org.baytrace.ledger.registry.PolicyRule.OthersGoods;
import org.baytrace.ledger.registry.PolicyRule.Subjects;
import org.baytrace.ledger.tls.Fingerprint;

/**
 * The canonical encoding of the registry ({@code baytrace.governance.v1}, governance.proto): the
 * one place that maps registry values to and from their protobuf form. Sets are written sorted,
 * absent values left out, so one registry has one encoding; {@link #decode} refuses bytes that
 * do not re-encode to themselves. Stateless and thread-safe.
 */
public final class RegistryCodec {
  private RegistryCodec() {}

  /** The canonical bytes of {@code registry}. */
  public static byte[] encode(Registry registry) {
    return toProto(registry).toByteArray();
  }

  /** SHA-256 of the canonical bytes: equal registries, equal hashes. */
  public static Hash32 hash(Registry registry) {
    return Sha256.hash(encode(registry));
  }

  /**
   * A registry from its canonical bytes.
   *
   * @throws IllegalArgumentException naming the field that is malformed, or if the bytes are not canonical
   */
  public static Registry decode(byte[] bytes) {
    org.baytrace.api.governance.v1.Registry proto;
    try {
      proto = org.baytrace.api.governance.v1.Registry.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidValue("registry", "not a baytrace.governance.v1.Registry: " + e.getMessage());
    }
    Registry registry = fromProto(proto);
    requireCanonical("registry", bytes, toProto(registry));
    return registry;
  }

  static void requireCanonical(String what, byte[] bytes, Message reencoded) {
    if (!Arrays.equals(bytes, reencoded.toByteArray())) {
      throw new InvalidValue(what, "not in canonical form (unknown fields, unsorted sets or default values written);"
          + " encode it with the BayTrace registry codec");
    }
  }

  public static org.baytrace.api.governance.v1.Registry toProto(Registry r) {
    var b = org.baytrace.api.governance.v1.Registry.newBuilder();
    r.orgs().orgs().stream().sorted(Comparator.comparing(Org::id)).forEach(o -> b.addOrgs(toProto(o)));
    r.members().forEach(m -> b.addMembers(toProto(m)));
    b.setPolicy(toProto(r.orgs().policy()));
    b.setGovernance(toProto(r.governance()));
    return b.build();
  }

  public static Registry fromProto(org.baytrace.api.governance.v1.Registry p) {
    List<Org> orgs = new ArrayList<>();
    for (int i = 0; i < p.getOrgsCount(); i++) {
      int n = i;
      orgs.add(at("orgs[" + n + "]", () -> fromProto(p.getOrgs(n))));
    }
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < p.getMembersCount(); i++) {
      int n = i;
      members.add(at("members[" + n + "]", () -> fromProto(p.getMembers(n))));
    }
    PolicyTable policy = at("policy", () -> fromProto(p.getPolicy()));
    return new Registry(OrgRegistry.of(orgs, policy), members, fromProto(p.getGovernance()));
  }

  public static org.baytrace.api.governance.v1.Org toProto(Org o) {
    var b = org.baytrace.api.governance.v1.Org.newBuilder().setId(o.id()).setName(o.name())
        .addAllRoles(roleNames(o.roles()));
    o.keys().stream().sorted(Comparator.comparing(k -> k.key().keyId())).forEach(k -> b.addKeys(toProto(k)));
    b.addAllGs1CompanyPrefixes(o.gs1CompanyPrefixes().stream().sorted().toList());
    if (o.aeoStatus() != null) {
      b.setAeoStatus(o.aeoStatus());
    }
    b.addAllSignsFor(o.signsFor().stream().sorted().toList());
    return b.build();
  }

  public static Org fromProto(org.baytrace.api.governance.v1.Org p) {
    List<OrgKey> keys = new ArrayList<>();
    for (int i = 0; i < p.getKeysCount(); i++) {
      int n = i;
      keys.add(at("keys[" + n + "]", () -> fromProto(p.getKeys(n))));
    }
    return new Org(p.getId(), p.getName(), roles(p.getRolesList(), "roles"), keys, p.getGs1CompanyPrefixesList(),
        p.hasAeoStatus() ? p.getAeoStatus() : null, p.getSignsForList());
  }

  public static org.baytrace.api.governance.v1.OrgKey toProto(OrgKey k) {
    var b = org.baytrace.api.governance.v1.OrgKey.newBuilder().setPublicKey(ByteString.copyFrom(k.key().toByteArray()));
    if (k.notBefore() != null) {
      b.setNotBeforeUnixMillis(k.notBefore().toEpochMilli());
    }
    if (k.notAfter() != null) {
      b.setNotAfterUnixMillis(k.notAfter().toEpochMilli());
    }
    if (k.addedAt() != OrgKey.FOUNDING) {
      b.setAddedAtIndex(k.addedAt());
    }
    if (k.ended() != null) {
      b.setEnded(KeyEnd.newBuilder().setAtIndex(k.ended().atIndex()).setRevoked(k.ended().revoked())
          .setReason(k.ended().reason()));
    }
    return b.build();
  }

  public static OrgKey fromProto(org.baytrace.api.governance.v1.OrgKey p) {
    PublicKey key = publicKey(p.getPublicKey(), "public_key");
    return new OrgKey(key,
        p.hasNotBeforeUnixMillis() ? Instant.ofEpochMilli(p.getNotBeforeUnixMillis()) : null,
        p.hasNotAfterUnixMillis() ? Instant.ofEpochMilli(p.getNotAfterUnixMillis()) : null,
        p.hasAddedAtIndex() ? index(p.getAddedAtIndex(), "added_at_index") : OrgKey.FOUNDING,
        p.hasEnded() ? at("ended", () -> new OrgRegistry.KeyEnd(index(p.getEnded().getAtIndex(), "at_index"),
            p.getEnded().getRevoked(), p.getEnded().getReason())) : null);
  }

  public static org.baytrace.api.governance.v1.Member toProto(Member m) {
    var b = org.baytrace.api.governance.v1.Member.newBuilder().setName(m.name()).setVerifierKey(m.verifierKey().encode())
        .setGrpcAddress(m.grpcAddress()).setRaftAddress(m.raftAddress());
    m.tlsCertificate().ifPresent(f -> b.setTlsFingerprint(f.hex()));
    if (m.addedAt() != OrgKey.FOUNDING) {
      b.setAddedAtIndex(m.addedAt());
    }
    return b.build();
  }

  public static Member fromProto(org.baytrace.api.governance.v1.Member p) {
    NoteVerifier vkey = at("verifier_key", () -> NoteVerifier.parse(p.getVerifierKey()));
    Optional<Fingerprint> tls = p.hasTlsFingerprint()
        ? Optional.of(at("tls_fingerprint", () -> new Fingerprint(p.getTlsFingerprint())))
        : Optional.empty();
    return new Member(p.getName(), vkey, tls, p.getGrpcAddress(), p.getRaftAddress(),
        p.hasAddedAtIndex() ? index(p.getAddedAtIndex(), "added_at_index") : OrgKey.FOUNDING);
  }

  public static org.baytrace.api.governance.v1.PolicyTable toProto(PolicyTable t) {
    var b = org.baytrace.api.governance.v1.PolicyTable.newBuilder().setBuiltIn(t.isBuiltIn());
    t.rules().forEach(r -> b.addRules(toProto(r)));
    return b.build();
  }

  public static PolicyTable fromProto(org.baytrace.api.governance.v1.PolicyTable p) {
    List<PolicyRule> rules = new ArrayList<>();
    for (int i = 0; i < p.getRulesCount(); i++) {
      int n = i;
      rules.add(at("rules[" + n + "]", () -> fromProto(p.getRules(n))));
    }
    if (p.getBuiltIn() && rules.equals(PolicyTable.defaults().rules())) {
      return PolicyTable.defaults();
    }
    if (rules.isEmpty()) {
      throw new InvalidValue("rules", "empty, want at least one policy rule");
    }
    return new PolicyTable(rules, p.getBuiltIn());
  }

  public static org.baytrace.api.governance.v1.PolicyRule toProto(PolicyRule r) {
    var b = org.baytrace.api.governance.v1.PolicyRule.newBuilder().addAllKinds(r.kinds()).addAllRoles(roleNames(r.roles()))
        .setSubjects(r.subjects().tomlName()).setOthersGoods(r.othersGoods().mode().tomlName())
        .addAllOthersGoodsBizSteps(r.othersGoods().bizSteps());
    if (r.name() != null) {
      b.setName(r.name());
    }
    r.coSignersRule().ifPresent(c -> b.setCoSigners(CoSigners.newBuilder().addAllRoles(roleNames(c.roles()))
        .setMinOrgs(c.minOrgs())));
    return b.build();
  }

  public static PolicyRule fromProto(org.baytrace.api.governance.v1.PolicyRule p) {
    Subjects subjects = Subjects.fromTomlName(p.getSubjects()).orElseThrow(() -> new InvalidValue("subjects",
        "got " + Quote.of(p.getSubjects()) + ", want one of " + Subjects.tomlNames()));
    OthersGoods.Mode mode = OthersGoods.Mode.fromTomlName(p.getOthersGoods()).orElseThrow(() -> new InvalidValue(
        "others_goods", "got " + Quote.of(p.getOthersGoods()) + ", want one of " + OthersGoods.Mode.tomlNames()));
    PolicyRule.CoSigners co = p.hasCoSigners()
        ? new PolicyRule.CoSigners(roles(p.getCoSigners().getRolesList(), "co_signers.roles"), p.getCoSigners().getMinOrgs())
        : null;
    return new PolicyRule(p.hasName() ? p.getName() : null, p.getKindsList(), roles(p.getRolesList(), "roles"), subjects,
        co, new OthersGoods(mode, p.getOthersGoodsBizStepsList()));
  }

  public static org.baytrace.api.governance.v1.Governance toProto(Governance g) {
    return org.baytrace.api.governance.v1.Governance.newBuilder().setThreshold(g.threshold()).addAllOrgs(g.orgs()).build();
  }

  public static Governance fromProto(org.baytrace.api.governance.v1.Governance p) {
    return new Governance(p.getThreshold(), p.getOrgsList());
  }

  static List<String> roleNames(Set<Role> roles) {
    return roles.stream().map(Role::tomlName).sorted().toList();
  }

  static Set<Role> roles(List<String> names, String field) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (int i = 0; i < names.size(); i++) {
      String n = names.get(i);
      roles.add(Role.fromTomlName(n).orElseThrow(() -> new InvalidValue(field, "got " + Quote.of(n)
          + ", want one of " + Role.tomlNames())));
    }
    return roles;
  }

  static PublicKey publicKey(ByteString raw, String field) {
    return at(field, () -> PublicKey.of(raw.toByteArray()));
  }

  static long index(long unsigned, String field) {
    if (unsigned < 0) {
      throw new InvalidValue(field, "got " + Long.toUnsignedString(unsigned) + ", want an index below 2^63");
    }
    return unsigned;
  }

  /** Runs {@code f}, prefixing the key of any invalid value with {@code where}. */
  static <T> T at(String where, java.util.function.Supplier<T> f) {
    try {
      return f.get();
    } catch (InvalidValue e) {
      throw new InvalidValue(where + "." + e.key(), e.problem());
    } catch (IllegalArgumentException e) {
      throw new InvalidValue(where, e.getMessage());
    }
  }
}
