package org.baytrace.ledger.registry;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.baytrace.ledger.registry.OrgRegistry.Role;

/**
 * One {@code [[policy]]} rule: which roles may author which record kinds, for which subjects, and
 * (optionally) which orgs must co-sign. Data only: {@code org.baytrace.tracking.policy} enforces
 * it, because the subject constraints need GS1 parsing. See {@link PolicyTable} for how rules
 * combine. Immutable and thread-safe.
 *
 * @param name a short name that refusals quote (org-id syntax), or null: refusals then say
 *     {@code policy[i]}
 * @param kinds exact record kinds ({@code customs.Release}) or globs in which {@code *} stands
 *     for any run of characters ({@code customs.*}, {@code waterbus.Booking*}, {@code *})
 * @param roles the author org must have at least one of these; all roles = any registered org
 * @param subjects what the record's subjects must be, relative to the author org
 * @param coSigners who must sign besides the author, or null if anyone may co-sign
 * @param othersGoods what the author may record about goods whose GS1 company prefix is not its
 *     own, wherever the record names them (subjects or content); null: {@link OthersGoods#NONE}
 *     for {@code own_gs1_prefix}, {@link OthersGoods#HANDLED} otherwise
 */
public record PolicyRule(String name, List<String> kinds, Set<Role> roles, Subjects subjects, CoSigners coSigners,
    OthersGoods othersGoods) {
  /** Longest kind pattern; records' kinds are at most 128 characters. */
  public static final int MAX_KIND_LENGTH = 128;

  private static final Pattern KIND = Pattern.compile("[\\x21-\\x7e]{1," + MAX_KIND_LENGTH + "}");

  /** The spelling of "every role" in TOML: {@code roles = "any"}. */
  public static final String ANY_ROLE = "any";

  /** Named subject constraints, written in lower case in TOML ({@code own_gs1_prefix}). */
  public enum Subjects {
    /** Any subjects. */
    ANY,
    /**
     * Every GS1 key among the subjects that carries a company prefix (GTIN, SGTIN, LGTIN, SSCC,
     * GLN; Digital Link or EPC URI) is under one of the author's {@code gs1_company_prefixes},
     * and at least one subject is such a key. Identifiers that are no such GS1 key (event ids,
     * {@code urn:uuid:}, containers) may accompany them.
     */
    OWN_GS1_PREFIX,
    /**
     * Every subject in an org namespace, {@code urn:baytrace:<domain>:<type>:<org-id>:<id>},
     * names the author org, and at least one does. Other subjects (GS1 codes, containers) may
     * accompany them.
     */
    OWN_ORG_NAMESPACE;

    public String tomlName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Subjects> fromTomlName(String s) {
      return Arrays.stream(values()).filter(v -> v.tomlName().equals(s)).findFirst();
    }

    public static List<String> tomlNames() {
      return Arrays.stream(values()).map(Subjects::tomlName).toList();
    }
  }

  /**
   * A rule for records that several parties sign (a custody hand-over): every signature must be
   * by a key of an org with one of {@code roles}, and the signatures must come from at least
   * {@code minOrgs} different orgs. The signer orgs are the parties of the record.
   */
  public record CoSigners(Set<Role> roles, int minOrgs) {
    /** A record carries at most 16 signatures. */
    public static final int MAX_ORGS = 16;

    public CoSigners {
      roles = checkRoles(roles, "roles");
      if (minOrgs < 1 || minOrgs > MAX_ORGS) {
        throw new InvalidValue("min_orgs", "got " + minOrgs + ", want an integer from 1 to " + MAX_ORGS);
      }
    }
  }

  /**
   * {@code others_goods}: what a rule lets its author say about goods of other companies (GS1
   * keys under a company prefix the author does not own), in subjects or content.
   * Statements that only the brand owner makes (commissioning, decommissioning, destroying,
   * recalls and the other owner dispositions, master data, the outputs of a transformation) are
   * refused for others' goods unless the mode is {@link Mode#ANY}.
   *
   * @param mode {@code "none"}, {@code "handled"}, {@code "any"}, or a list of business steps (handled, restricted)
   * @param bizSteps for {@link Mode#HANDLED}: the CBV business steps (short names such as
   *     {@code shipping}) an event naming others' goods must have; empty: any step
   */
  public record OthersGoods(Mode mode, List<String> bizSteps) {
    /** Nothing about other companies' goods. */
    public static final OthersGoods NONE = new OthersGoods(Mode.NONE, List.of());
    /** What a handler does with others' goods, with any business step; never an owner's statement. */
    public static final OthersGoods HANDLED = new OthersGoods(Mode.HANDLED, List.of());
    /** Anything, owner statements included: for the network operator only. */
    public static final OthersGoods ANY = new OthersGoods(Mode.ANY, List.of());

    public enum Mode {
      NONE, HANDLED, ANY;

      public String tomlName() {
        return name().toLowerCase(Locale.ROOT);
      }

      public static Optional<Mode> fromTomlName(String s) {
        return Arrays.stream(values()).filter(v -> v.tomlName().equals(s)).findFirst();
      }

      public static List<String> tomlNames() {
        return Arrays.stream(values()).map(Mode::tomlName).toList();
      }
    }

    private static final Pattern STEP = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    public OthersGoods {
      Objects.requireNonNull(mode, "mode");
      bizSteps = List.copyOf(bizSteps);
      if (mode != Mode.HANDLED && !bizSteps.isEmpty()) {
        throw new InvalidValue("others_goods", "business steps go with handled goods only");
      }
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < bizSteps.size(); i++) {
        String b = bizSteps.get(i);
        if (!STEP.matcher(b).matches()) {
          throw new InvalidValue("others_goods[" + i + "]", "got " + Quote.of(b)
              + ", want a CBV business step's short name such as \"shipping\" (a-z, 0-9, _)");
        }
        if (!seen.add(b)) {
          throw new InvalidValue("others_goods[" + i + "]", Quote.of(b) + " is listed twice");
        }
      }
    }

    /** Handled goods with these business steps only. */
    public static OthersGoods steps(List<String> bizSteps) {
      if (bizSteps.isEmpty()) {
        throw new InvalidValue("others_goods", "empty, want \"none\", \"handled\", \"any\" or at least one business step");
      }
      return new OthersGoods(Mode.HANDLED, bizSteps);
    }

    /** As TOML: {@code "none"}, {@code "handled"}, {@code "any"} or the list of steps. */
    public String text() {
      return bizSteps.isEmpty() ? "\"" + mode.tomlName() + "\"" : bizSteps.toString();
    }
  }

  /** A rule with the default {@code others_goods} for its subject constraint. */
  public PolicyRule(String name, List<String> kinds, Set<Role> roles, Subjects subjects, CoSigners coSigners) {
    this(name, kinds, roles, subjects, coSigners, null);
  }

  public PolicyRule {
    if (name != null && OrgRegistry.orgIdProblem(name) != null) {
      throw new InvalidValue("name", OrgRegistry.orgIdProblem(name));
    }
    Objects.requireNonNull(kinds, "kinds");
    if (kinds.isEmpty()) {
      throw new InvalidValue("kinds", "empty, want at least one kind, e.g. [\"customs.*\"]");
    }
    kinds = List.copyOf(kinds);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < kinds.size(); i++) {
      String k = kinds.get(i);
      if (!KIND.matcher(k).matches()) {
        throw new InvalidValue("kinds[" + i + "]", "got " + Quote.of(k) + ", want a record kind of 1 to "
            + MAX_KIND_LENGTH + " printable ASCII characters without spaces, '*' matching any run of characters,"
            + " e.g. \"customs.Release\" or \"customs.*\"");
      }
      if (!seen.add(k)) {
        throw new InvalidValue("kinds[" + i + "]", Quote.of(k) + " is listed twice");
      }
    }
    roles = checkRoles(roles, "roles");
    Objects.requireNonNull(subjects, "subjects");
    if (othersGoods == null) {
      othersGoods = subjects == Subjects.OWN_GS1_PREFIX ? OthersGoods.NONE : OthersGoods.HANDLED;
    }
  }

  /** A rule without name and co-signers. */
  public static PolicyRule of(List<String> kinds, Set<Role> roles, Subjects subjects) {
    return new PolicyRule(null, kinds, roles, subjects, null);
  }

  /** This rule with the {@code others_goods} it has when the key is left out. */
  public PolicyRule withDefaultOthersGoods() {
    return new PolicyRule(name, kinds, roles, subjects, coSigners, null);
  }

  public Optional<CoSigners> coSignersRule() {
    return Optional.ofNullable(coSigners);
  }

  /** True if every registered org may use this rule (it names every role). */
  public boolean anyRole() {
    return roles.size() == Role.values().length;
  }

  /** The roles as a person reads them: {@code any} or {@code [customs, producer]}. */
  public String rolesText() {
    return showRoles(roles);
  }

  static String showRoles(Set<Role> roles) {
    return roles.size() == Role.values().length ? ANY_ROLE : roles.stream().map(Role::tomlName).toList().toString();
  }

  private static Set<Role> checkRoles(Set<Role> roles, String key) {
    Objects.requireNonNull(roles, key);
    if (roles.isEmpty()) {
      throw new InvalidValue(key, "empty, want \"" + ANY_ROLE + "\" or at least one of " + Role.tomlNames());
    }
    return Collections.unmodifiableSet(EnumSet.copyOf(roles));
  }
}
