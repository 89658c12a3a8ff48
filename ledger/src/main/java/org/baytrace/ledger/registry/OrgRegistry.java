package org.baytrace.ledger.registry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.baytrace.ledger.AuthorPolicy;
import org.baytrace.ledger.crypto.PublicKey;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.record.AuthorSignature;

/**
 * The organisation registry, the ledger's genesis (DESIGN §8): which organisations exist, their
 * roles, the keys that sign for them (with validity), the GS1 company prefixes they own and
 * their AEO status, and the author policy table ({@link #policy()}: which roles may author which
 * kinds for which subjects). {@link #authorPolicy()} enforces the key rules; the policy table is
 * enforced on top of them by {@code org.baytrace.tracking.domain.policy.AuthorPolicies}, which needs GS1
 * parsing that this module does not have.
 *
 * <p>Immutable and thread-safe.
 */
public final class OrgRegistry {
  /** What an organisation does; written in lower case in TOML ({@code barge_operator}). */
  public enum Role {
    CUSTOMS, PRODUCER, CARRIER, BARGE_OPERATOR, PORT, LAB, AUDITOR, OPERATOR,
    /** Packs, repacks and unpacks other companies' goods (aggregation events). */
    PACKER,
    /** Turns other companies' goods into its own products (transformation events). */
    PROCESSOR;

    /** The TOML spelling, e.g. {@code barge_operator}. */
    public String tomlName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The role for its TOML spelling; exact, lower case. */
    public static Optional<Role> fromTomlName(String s) {
      return Arrays.stream(values()).filter(r -> r.tomlName().equals(s)).findFirst();
    }

    public static List<String> tomlNames() {
      return Arrays.stream(values()).map(Role::tomlName).toList();
    }
  }

  /**
   * A registered key. It may sign records whose event time lies within
   * [{@code notBefore}, {@code notAfter}], both ends inclusive (a null end is open), and whose
   * index lies after {@code addedAt} ({@link #FOUNDING} for a key of the founding registry) and,
   * once the key is {@code ended} (retired or revoked), not after the index that ended it.
   */
  public record OrgKey(PublicKey key, Instant notBefore, Instant notAfter, long addedAt, KeyEnd ended) {
    /** {@link #addedAt} of a key the ledger was founded (or adopted) with. */
    public static final long FOUNDING = -1;

    public OrgKey {
      Objects.requireNonNull(key, "key");
      if (notBefore != null && notAfter != null && notAfter.isBefore(notBefore)) {
        throw new InvalidValue("not_after", "got " + notAfter + ", want a time not before not_before (" + notBefore + ")");
      }
      if (addedAt < FOUNDING) {
        throw new InvalidValue("added_at_index", "got " + addedAt + ", want an index or " + FOUNDING);
      }
      if (ended != null && ended.atIndex() <= addedAt) {
        throw new InvalidValue("ended.at_index", "got " + ended.atIndex() + ", want an index after " + addedAt);
      }
    }

    /** A key of the founding registry, valid from and to these event times (null: open). */
    public OrgKey(PublicKey key, Instant notBefore, Instant notAfter) {
      this(key, notBefore, notAfter, FOUNDING, null);
    }

    /** A key valid at any time. */
    public static OrgKey of(PublicKey key) {
      return new OrgKey(key, null, null);
    }

    public boolean validAt(Instant t) {
      return (notBefore == null || !t.isBefore(notBefore)) && (notAfter == null || !t.isAfter(notAfter));
    }

    /** Whether the key may sign the record at {@code index}: after it was added, and not after it ended. */
    public boolean validAtIndex(long index) {
      return index > addedAt && (ended == null || index <= ended.atIndex());
    }

    /** This key as added by the governance record at {@code index}. */
    public OrgKey addedAt(long index) {
      return new OrgKey(key, notBefore, notAfter, index, null);
    }

    /** This key retired or revoked by the governance record at {@code index}. */
    public OrgKey endedAt(long index, boolean revoked, String reason) {
      return new OrgKey(key, notBefore, notAfter, addedAt, new KeyEnd(index, revoked, reason));
    }

    /** "from X to Y", with open ends spelled out. */
    String validity() {
      return "valid from " + (notBefore == null ? "any time" : notBefore.toString())
          + " to " + (notAfter == null ? "no end" : notAfter.toString());
    }
  }

  /**
   * How a key stopped signing: retired (rotated out) or revoked (compromised) by the governance
   * record at {@code atIndex}, with the reason that record gave. Records at {@code atIndex} and
   * before keep verifying; later ones by the key are refused.
   */
  public record KeyEnd(long atIndex, boolean revoked, String reason) {
    public KeyEnd {
      Objects.requireNonNull(reason, "reason");
      if (atIndex < 0) {
        throw new InvalidValue("at_index", "got " + atIndex + ", want an index");
      }
      if (reason.isBlank() || reason.length() > 200 || hasControl(reason)) {
        throw new InvalidValue("reason", "got " + Quote.of(reason) + ", want 1 to 200 characters on one line");
      }
    }

    /** "revoked at index 41 (key file leaked)". */
    public String describe() {
      return (revoked ? "revoked" : "retired") + " at index " + atIndex + " (" + reason + ")";
    }
  }

  /**
   * A registered organisation. {@code id} is what records name as {@code author_org}:
   * {@code [a-z0-9][a-z0-9-]{0,62}}. GS1 company prefixes are 6 to 12 digits. The AEO status is
   * optional (null) free text of one short line, e.g. {@code "cn-advanced-certified"}.
   * {@code signsFor} ({@code signs_for}) lists the orgs whose records this org's keys may sign
   * as a node's capture org, naming them in {@code submitted_by}; {@link #ANY_ORG} for every org.
   */
  public record Org(String id, String name, Set<Role> roles, List<OrgKey> keys, List<String> gs1CompanyPrefixes,
      String aeoStatus, List<String> signsFor) {
    /** {@code signs_for = ["*"]}: this org may sign records for every registered org. */
    public static final String ANY_ORG = "*";

    /** An org that signs for itself only. */
    public Org(String id, String name, Set<Role> roles, List<OrgKey> keys, List<String> gs1CompanyPrefixes,
        String aeoStatus) {
      this(id, name, roles, keys, gs1CompanyPrefixes, aeoStatus, List.of());
    }

    public Org {
      String idProblem = orgIdProblem(id);
      if (idProblem != null) {
        throw new InvalidValue("id", idProblem);
      }
      Objects.requireNonNull(name, "name");
      if (name.isBlank() || name.length() > 200 || hasControl(name)) {
        throw new InvalidValue("name", "got " + Quote.of(name) + ", want 1 to 200 characters on one line");
      }
      Objects.requireNonNull(roles, "roles");
      if (roles.isEmpty()) {
        throw new InvalidValue("roles", "empty, want at least one of " + Role.tomlNames());
      }
      roles = Collections.unmodifiableSet(EnumSet.copyOf(roles));
      keys = List.copyOf(keys);
      Set<PublicKey> seen = new HashSet<>();
      for (int i = 0; i < keys.size(); i++) {
        if (!seen.add(keys.get(i).key())) {
          throw new InvalidValue("keys[" + i + "]", "key " + keys.get(i).key().keyId() + " is listed twice");
        }
      }
      gs1CompanyPrefixes = List.copyOf(gs1CompanyPrefixes);
      for (int i = 0; i < gs1CompanyPrefixes.size(); i++) {
        String p = gs1CompanyPrefixes.get(i);
        if (p.length() < 6 || p.length() > 12 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
          throw new InvalidValue("gs1_company_prefixes[" + i + "]", "got " + Quote.of(p) + ", want 6 to 12 digits");
        }
      }
      if (aeoStatus != null && (aeoStatus.isBlank() || aeoStatus.length() > 64 || hasControl(aeoStatus))) {
        throw new InvalidValue("aeo_status", "got " + Quote.of(aeoStatus) + ", want 1 to 64 characters on one line");
      }
      signsFor = List.copyOf(signsFor);
      for (int i = 0; i < signsFor.size(); i++) {
        String o = signsFor.get(i);
        if (!o.equals(ANY_ORG) && orgIdProblem(o) != null) {
          throw new InvalidValue("signs_for[" + i + "]", orgIdProblem(o) + ", or \"*\" for every org");
        }
      }
    }

    /** True if this org's keys may sign a record that {@code submitter} submitted through a node. */
    public boolean signsFor(String submitter) {
      return signsFor.contains(ANY_ORG) || signsFor.contains(submitter);
    }

    /** An org with one role and keys valid at any time, no prefixes and no AEO status. */
    public static Org of(String id, Role role, PublicKey... keys) {
      return new Org(id, id, Set.of(role), Arrays.stream(keys).map(OrgKey::of).toList(), List.of(), null);
    }

    public boolean hasRole(Role role) {
      return roles.contains(role);
    }

    public Org withRoles(Set<Role> r) {
      return new Org(id, name, r, keys, gs1CompanyPrefixes, aeoStatus, signsFor);
    }

    public Org withGs1CompanyPrefixes(List<String> p) {
      return new Org(id, name, roles, keys, p, aeoStatus, signsFor);
    }

    public Org withKeys(List<OrgKey> k) {
      return new Org(id, name, roles, k, gs1CompanyPrefixes, aeoStatus, signsFor);
    }

    /** The registration of {@code key} in this org, if it has it. */
    public Optional<OrgKey> key(PublicKey key) {
      return keys.stream().filter(k -> k.key().equals(key)).findFirst();
    }

    /** Whether some key of this org is neither retired nor revoked. */
    public boolean hasActiveKey() {
      return keys.stream().anyMatch(k -> k.ended() == null);
    }
  }

  private static final Pattern ORG_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final OrgRegistry EMPTY = new OrgRegistry(List.of(), PolicyTable.defaults());

  private final List<Org> orgs;
  private final PolicyTable policy;
  private final Map<String, Org> byId;
  private final Map<PublicKey, Org> orgByKey;
  private final Map<PublicKey, OrgKey> keyByKey;

  private OrgRegistry(List<Org> orgs, PolicyTable policy) {
    this.orgs = List.copyOf(orgs);
    this.policy = Objects.requireNonNull(policy, "policy");
    Map<String, Integer> ids = new HashMap<>();
    Map<PublicKey, Integer> keyOwners = new HashMap<>();
    Map<String, Integer> prefixOwners = new HashMap<>();
    Map<String, Org> byId = new LinkedHashMap<>();
    Map<PublicKey, Org> orgByKey = new HashMap<>();
    Map<PublicKey, OrgKey> keyByKey = new HashMap<>();
    for (int i = 0; i < this.orgs.size(); i++) {
      Org org = Objects.requireNonNull(this.orgs.get(i), "org");
      Integer first = ids.putIfAbsent(org.id(), i);
      if (first != null) {
        throw new InvalidValue("orgs[" + i + "].id", "\"" + org.id() + "\" is already registered by orgs[" + first + "]");
      }
      for (int k = 0; k < org.keys().size(); k++) {
        OrgKey key = org.keys().get(k);
        Integer owner = keyOwners.putIfAbsent(key.key(), i);
        if (owner != null) {
          throw new InvalidValue("orgs[" + i + "].keys[" + k + "]", "key " + key.key().keyId()
              + " is already registered to org \"" + this.orgs.get(owner).id() + "\"; a key signs for one org only");
        }
        orgByKey.put(key.key(), org);
        keyByKey.put(key.key(), key);
      }
      for (int p = 0; p < org.gs1CompanyPrefixes().size(); p++) {
        String prefix = org.gs1CompanyPrefixes().get(p);
        for (Map.Entry<String, Integer> e : prefixOwners.entrySet()) {
          if (prefix.startsWith(e.getKey()) || e.getKey().startsWith(prefix)) {
            throw new InvalidValue("orgs[" + i + "].gs1_company_prefixes[" + p + "]", "\"" + prefix
                + "\" overlaps \"" + e.getKey() + "\" of org \"" + this.orgs.get(e.getValue()).id()
                + "\"; each GS1 company prefix belongs to one org, and no prefix may start with another");
          }
        }
        prefixOwners.put(prefix, i);
      }
      byId.put(org.id(), org);
    }
    for (int i = 0; i < this.orgs.size(); i++) {
      List<String> signsFor = this.orgs.get(i).signsFor();
      for (int k = 0; k < signsFor.size(); k++) {
        String o = signsFor.get(k);
        if (!o.equals(Org.ANY_ORG) && !byId.containsKey(o)) {
          throw new InvalidValue("orgs[" + i + "].signs_for[" + k + "]", "got " + Quote.of(o)
              + ", want the id of an org in [[orgs]] " + byId.keySet() + " or \"*\"");
        }
      }
    }
    this.byId = Collections.unmodifiableMap(byId);
    this.orgByKey = Map.copyOf(orgByKey);
    this.keyByKey = Map.copyOf(keyByKey);
  }

  /**
   * A registry of these orgs, in this order.
   *
   * @throws IllegalArgumentException naming the entry ({@code orgs[i]...}) if an org id is
   *     used twice, a key is registered twice, or two GS1 company prefixes overlap
   */
  public static OrgRegistry of(List<Org> orgs) {
    return orgs.isEmpty() ? EMPTY : new OrgRegistry(orgs, PolicyTable.defaults());
  }

  /** A registry of these orgs with this policy table ({@code [[policy]]}). */
  public static OrgRegistry of(List<Org> orgs, PolicyTable policy) {
    return new OrgRegistry(orgs, policy);
  }

  public static OrgRegistry empty() {
    return EMPTY;
  }

  public List<Org> orgs() {
    return orgs;
  }

  /** The author policy table: the node file's {@code [[policy]]}, or {@link PolicyTable#defaults()}. */
  public PolicyTable policy() {
    return policy;
  }

  /** This registry with another policy table. */
  public OrgRegistry withPolicy(PolicyTable p) {
    return new OrgRegistry(orgs, p);
  }

  public Optional<Org> org(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** The org a key is registered to, whatever the key's validity. */
  public Optional<Org> orgOfKey(PublicKey key) {
    return Optional.ofNullable(orgByKey.get(key));
  }

  /** The registration of a key (with its validity). */
  public Optional<OrgKey> registration(PublicKey key) {
    return Optional.ofNullable(keyByKey.get(key));
  }

  public boolean isEmpty() {
    return orgs.isEmpty();
  }

  /**
   * This registry with one more org appended, e.g. the node's own org for the embedded default.
   *
   * @throws IllegalArgumentException if its id or a key is already registered
   */
  public OrgRegistry withOrg(Org org) {
    List<Org> all = new ArrayList<>(orgs);
    all.add(org);
    return new OrgRegistry(all, policy);
  }

  /**
   * This registry with {@code org} in place of the registered org of the same id.
   *
   * @throws IllegalArgumentException if no org has its id, or the result breaks a rule of
   *     {@link #of(List, PolicyTable)}
   */
  public OrgRegistry replacing(Org org) {
    if (!byId.containsKey(org.id())) {
      throw new InvalidValue("org", "got " + Quote.of(org.id()) + ", want a registered org " + byId.keySet());
    }
    List<Org> all = new ArrayList<>(orgs);
    all.replaceAll(o -> o.id().equals(org.id()) ? org : o);
    return new OrgRegistry(all, policy);
  }

  /**
   * The key rules of this registry (not the {@link #policy()} table: see the class comment):
   * every signature's key must be registered
   * ({@link LedgerError#UNKNOWN_KEY}), the first signature's key must belong to the record's
   * {@code author_org} ({@link LedgerError#NOT_AUTHORISED}), and every signature's key must be
   * neither retired nor revoked and valid at the record's event time ({@link LedgerError#NOT_AUTHORISED}).
   * Judged with the registry in force where the record lands in the log, this is "valid at the
   * record's index". Deterministic: it
   * reads no clock. An empty registry accepts no record.
   */
  public AuthorPolicy authorPolicy() {
    AuthorPolicy registered = AuthorPolicy.registeredKeys(
        orgByKey.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().id())));
    Map<PublicKey, OrgKey> keys = keyByKey;
    return record -> {
      registered.check(record);
      Instant at = Instant.ofEpochMilli(record.eventTimeUnixMillis());
      for (AuthorSignature s : record.signatures()) {
        OrgKey key = keys.get(s.publicKey());
        if (key.ended() != null) {
          throw new LedgerException(LedgerError.NOT_AUTHORISED, "key " + s.keyId() + " of org \""
              + orgByKey.get(s.publicKey()).id() + "\" was " + key.ended().describe() + " and signs no new record");
        }
        if (!key.validAt(at)) {
          throw new LedgerException(LedgerError.NOT_AUTHORISED, "key " + s.keyId() + " of org \""
              + orgByKey.get(s.publicKey()).id() + "\" not valid at " + at + " (body.event_time_unix_millis "
              + record.eventTimeUnixMillis() + "): " + key.validity());
        }
      }
    };
  }

  public static String orgIdProblem(String id) {
    if (id == null || !ORG_ID.matcher(id).matches()) {
      return "got " + Quote.of(id) + ", want 1 to 63 of a-z, 0-9 and '-', starting with a letter or digit";
    }
    return null;
  }

  public static boolean hasControl(String s) {
    return s.chars().anyMatch(Character::isISOControl);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OrgRegistry && ((OrgRegistry) o).orgs.equals(orgs) && ((OrgRegistry) o).policy.equals(policy);
  }

  @Override
  public int hashCode() {
    return orgs.hashCode() * 31 + policy.hashCode();
  }

  @Override
  public String toString() {
    return "OrgRegistry" + orgs.stream().map(Org::id).toList() + (policy.isBuiltIn() ? "" : " " + policy);
  }
}
