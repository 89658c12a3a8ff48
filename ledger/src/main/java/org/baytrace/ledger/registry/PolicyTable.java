package org.baytrace.ledger.registry;

import static org.baytrace.ledger.registry.OrgRegistry.Role.BARGE_OPERATOR;
import static org.baytrace.ledger.registry.OrgRegistry.Role.CARRIER;
import static org.baytrace.ledger.registry.OrgRegistry.Role.CUSTOMS;
import static org.baytrace.ledger.registry.OrgRegistry.Role.LAB;
import static org.baytrace.ledger.registry.OrgRegistry.Role.PACKER;
import static org.baytrace.ledger.registry.OrgRegistry.Role.PROCESSOR;
import static org.baytrace.ledger.registry.OrgRegistry.Role.OPERATOR;
import static org.baytrace.ledger.registry.OrgRegistry.Role.PORT;
import static org.baytrace.ledger.registry.OrgRegistry.Role.PRODUCER;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.baytrace.ledger.registry.OrgRegistry.Role;
import org.baytrace.ledger.registry.PolicyRule.CoSigners;
import org.baytrace.ledger.registry.PolicyRule.OthersGoods;
import org.baytrace.ledger.registry.PolicyRule.Subjects;

/**
 * The author policy table: the node file's {@code [[policy]]} rules, or the built-in
 * {@link #defaults()} when the file has none. Part of the registry (genesis), so every node of
 * a ledger must hold the same table.
 *
 * <p>How rules combine (first match wins, as in a firewall): for a record of kind K whose author
 * org has roles R, the first rule in table order whose {@code kinds} match K and whose
 * {@code roles} share a role with R decides. Its subject and co-signer constraints must then
 * hold, else the record is refused naming that rule; later rules are not tried. If no rule
 * matches, the record is refused ("no policy rule lets org ... author kind ..."). So put
 * exceptions (a narrower kind or a stricter constraint for the same roles) before the general
 * rule, and for the same kind put the less restricted roles first.
 *
 * <p>Immutable and thread-safe.
 */
public final class PolicyTable {
  // What each trade records about goods it handles but does not own (CBV 2.0 business steps).
  static final List<String> LOGISTICS_STEPS = List.of("accepting", "arriving", "departing", "entering_exiting",
      "holding", "loading", "picking", "receiving", "sensor_reporting", "shipping", "staging_outbound", "storing",
      "transporting", "unloading", "void_shipping");
  static final List<String> PACKER_STEPS = List.of("packing", "unpacking", "repackaging", "picking", "receiving",
      "shipping", "staging_outbound", "storing", "inspecting");
  static final List<String> PROCESSOR_STEPS = List.of("receiving", "storing", "inspecting", "sampling", "assembling",
      "commissioning", "creating_class_instance", "transforming", "repackaging", "shipping");
  static final List<String> LAB_STEPS = List.of("receiving", "sampling", "inspecting", "storing", "shipping",
      "sensor_reporting");
  static final List<String> CUSTOMS_STEPS = List.of("inspecting", "sampling", "holding", "releasing", "accepting",
      "entering_exiting", "arriving", "departing");

  private static final PolicyTable DEFAULTS = new PolicyTable(defaultRules(), true);

  private final List<PolicyRule> rules;
  private final boolean builtIn;

  PolicyTable(List<PolicyRule> rules, boolean builtIn) {
    this.rules = List.copyOf(rules);
    this.builtIn = builtIn;
    Map<String, Integer> names = new HashMap<>();
    for (int i = 0; i < this.rules.size(); i++) {
      PolicyRule r = Objects.requireNonNull(this.rules.get(i), "rule");
      if (r.name() != null) {
        Integer first = names.putIfAbsent(r.name(), i);
        if (first != null) {
          throw new InvalidValue("policy[" + i + "].name", Quote.of(r.name()) + " is already used by policy[" + first + "]");
        }
      }
    }
  }

  /**
   * A table of these rules, in this order.
   *
   * @throws IllegalArgumentException ({@code policy: ...}) if there are none, or naming the rule
   *     ({@code policy[i].name}) if two rules share a name
   */
  public static PolicyTable of(List<PolicyRule> rules) {
    if (rules.isEmpty()) {
      throw new InvalidValue("policy", "empty, want at least one [[policy]] table (leave [[policy]] out for the built-in default)");
    }
    return new PolicyTable(rules, false);
  }

  /**
   * The built-in table, used when the node file has no {@code [[policy]]} (node-config/README.md
   * lists it). The operator role may author anything, so the embedded single node (one org
   * "local" with role operator) can write every kind.
   */
  public static PolicyTable defaults() {
    return DEFAULTS;
  }

  private static List<PolicyRule> defaultRules() {
    Set<Role> declarants = EnumSet.of(PRODUCER, CARRIER, OPERATOR, CUSTOMS);
    List<String> epcis = List.of("epcis.*");
    return List.of(
        rule("epcis-logistics", epcis, EnumSet.of(CARRIER, PORT, BARGE_OPERATOR), Subjects.ANY, null, OthersGoods.steps(LOGISTICS_STEPS)),
        rule("epcis-packer", epcis, EnumSet.of(PACKER), Subjects.ANY, null, OthersGoods.steps(PACKER_STEPS)),
        rule("epcis-processor", epcis, EnumSet.of(PROCESSOR), Subjects.ANY, null, OthersGoods.steps(PROCESSOR_STEPS)),
        rule("epcis-lab", epcis, EnumSet.of(LAB), Subjects.ANY, null, OthersGoods.steps(LAB_STEPS)),
        rule("epcis-customs", epcis, EnumSet.of(CUSTOMS), Subjects.ANY, null, OthersGoods.steps(CUSTOMS_STEPS)),
        rule("epcis-producer", epcis, EnumSet.of(PRODUCER), Subjects.OWN_GS1_PREFIX, null),
        rule("coldchain", List.of("coldchain.*"), EnumSet.of(CARRIER, PRODUCER, PORT, BARGE_OPERATOR), Subjects.ANY, null),
        rule("biomaterial-handover", List.of("biomaterial.*HandOver*", "biomaterial.*Handover*"), EnumSet.of(LAB, CARRIER),
            Subjects.ANY, new CoSigners(EnumSet.of(LAB, CARRIER), 2)),
        rule("biomaterial", List.of("biomaterial.*"), EnumSet.of(LAB, CARRIER), Subjects.ANY, null),
        rule("waterbus-booking", List.of("waterbus.Booking*", "waterbus.SlotBooking"), EnumSet.allOf(Role.class),
            Subjects.ANY, null),
        rule("waterbus-cargo", List.of("waterbus.EquipmentEvent", "waterbus.Load*", "waterbus.Discharge*"), EnumSet.of(BARGE_OPERATOR, PORT),
            Subjects.ANY, null),
        rule("waterbus", List.of("waterbus.*"), EnumSet.of(BARGE_OPERATOR), Subjects.OWN_ORG_NAMESPACE, null),
        rule("customs-declaration", List.of("customs.Declaration", "customs.DocumentLodgement"), declarants,
            Subjects.ANY, null),
        rule("customs", List.of("customs.*"), EnumSet.of(CUSTOMS), Subjects.OWN_ORG_NAMESPACE, null),
        // Who may describe which element is decided by the master data ownership rule of the
        // author policy (the GS1 company prefix owner or an org signing for it), for every role.
        rule("masterdata", List.of("masterdata.*"), EnumSet.allOf(Role.class), Subjects.ANY, null, OthersGoods.ANY),
        rule("parcel-customs", List.of("parcel.Inspected", "parcel.Held", "parcel.Released"), EnumSet.of(CUSTOMS),
            Subjects.ANY, null),
        rule("parcel", List.of("parcel.Declared", "parcel.Delivered", "parcel.Returned"), EnumSet.of(CARRIER, PRODUCER),
            Subjects.ANY, null),
        // Both parties sign a hand-over; the multimodal rule checks they are exactly its from_party and to_party.
        rule("multimodal-handover", List.of("multimodal.HandOver"), EnumSet.of(CARRIER, PORT, BARGE_OPERATOR),
            Subjects.ANY, new CoSigners(EnumSet.of(CARRIER, PORT, BARGE_OPERATOR), 1)),
        rule("operator", List.of("*"), EnumSet.of(OPERATOR), Subjects.ANY, null, OthersGoods.ANY));
  }


  private static PolicyRule rule(String name, List<String> kinds, Set<Role> roles, Subjects subjects, CoSigners co) {
    return new PolicyRule(name, kinds, roles, subjects, co);
  }

  private static PolicyRule rule(String name, List<String> kinds, Set<Role> roles, Subjects subjects, CoSigners co,
      OthersGoods others) {
    return new PolicyRule(name, kinds, roles, subjects, co, others);
  }

  public List<PolicyRule> rules() {
    return rules;
  }

  /** True for {@link #defaults()}: the node file had no {@code [[policy]]}. */
  public boolean isBuiltIn() {
    return builtIn;
  }

  /**
   * How refusals name rule {@code i}: {@code policy rule "customs" (kinds [customs.*], roles
   * [customs])}, or {@code policy rule policy[3] (...)} for a rule without a name; the subject
   * constraint is added when it is not {@code any}.
   */
  public String describe(int i) {
    PolicyRule r = rules.get(i);
    return "policy rule " + (r.name() != null ? "\"" + r.name() + "\"" : "policy[" + i + "]")
        + " (kinds " + r.kinds() + ", roles " + r.rolesText()
        + (r.subjects() == Subjects.ANY ? "" : ", subjects " + r.subjects().tomlName()) + ")";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PolicyTable t && t.rules.equals(rules) && t.builtIn == builtIn;
  }

  @Override
  public int hashCode() {
    return rules.hashCode();
  }

  @Override
  public String toString() {
    return (builtIn ? "PolicyTable(built-in)" : "PolicyTable") + rules.stream().map(r -> r.name() == null ? r.kinds().toString() : r.name()).toList();
  }
}
