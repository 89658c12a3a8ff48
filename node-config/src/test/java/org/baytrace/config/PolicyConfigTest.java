package org.baytrace.config;

import org.baytrace.ledger.registry.PolicyRule;
import org.baytrace.ledger.registry.PolicyTable;
import org.baytrace.ledger.registry.OrgRegistry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.baytrace.ledger.registry.OrgRegistry.Org;
import org.baytrace.ledger.registry.OrgRegistry.Role;
import org.baytrace.ledger.registry.PolicyRule.CoSigners;
import org.baytrace.ledger.registry.PolicyRule.Subjects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code [[policy]]} tables: parsed into a {@link PolicyTable}, bad values refused naming the key. */
class PolicyConfigTest {
  @TempDir
  Path dir;

  private static final String ORG = "[[orgs]]\nid = \"acme\"\nroles = [\"producer\"]\nkeys = [ { public_key = \"$K1\" } ]\n";
  private static final String RULE = "[[policy]]\nkinds = [\"customs.*\"]\nroles = [\"customs\"]\n";

  private NodeConfig load(String toml) throws IOException, ConfigException {
    Path file = Files.writeString(dir.resolve("node.toml"), toml.replace("$K1", TestKeys.base64(1)) + "\n");
    return NodeConfig.load(file);
  }

  @Test
  void noPolicyTables_meansTheBuiltInDefault() throws Exception {
    PolicyTable p = load(ORG).registry().policy();
    assertSame(PolicyTable.defaults(), p);
    assertTrue(p.isBuiltIn());
    assertSame(PolicyTable.defaults(), NodeConfig.defaults().registry().policy());
  }

  @Test
  void policyTables_areParsedInFileOrder_withTheirDefaults() throws Exception {
    PolicyTable p = load(ORG + """
        [[policy]]
        name = "handover"
        kinds = ["biomaterial.*HandOver*", "biomaterial.Receipt"]
        roles = ["lab", "carrier"]
        co_signers = { roles = ["lab", "carrier"] }

        [[policy]]
        kinds = ["waterbus.*"]
        roles = ["barge_operator"]
        subjects = "own_org_namespace"

        [[policy]]
        kinds = ["waterbus.Booking*"]
        roles = "any"

        [[policy]]
        kinds = ["biomaterial.*"]
        roles = ["lab"]
        [policy.co_signers]
        roles = ["lab"]
        min_orgs = 3
        """).registry().policy();
    assertFalse(p.isBuiltIn());
    assertEquals(4, p.rules().size());
    PolicyRule handover = p.rules().get(0);
    assertEquals("handover", handover.name());
    assertEquals(List.of("biomaterial.*HandOver*", "biomaterial.Receipt"), handover.kinds());
    assertEquals(Set.of(Role.LAB, Role.CARRIER), handover.roles());
    assertEquals(Subjects.ANY, handover.subjects());
    assertEquals(new CoSigners(Set.of(Role.LAB, Role.CARRIER), 2), handover.coSigners());
    PolicyRule waterbus = p.rules().get(1);
    assertNull(waterbus.name());
    assertEquals(Subjects.OWN_ORG_NAMESPACE, waterbus.subjects());
    assertEquals(Optional.empty(), waterbus.coSignersRule());
    assertEquals(EnumSet.allOf(Role.class), p.rules().get(2).roles());
    assertTrue(p.rules().get(2).anyRole());
    assertEquals(new CoSigners(Set.of(Role.LAB), 3), p.rules().get(3).coSigners());
    assertEquals("policy rule \"handover\" (kinds [biomaterial.*HandOver*, biomaterial.Receipt], roles [carrier, lab])",
        p.describe(0));
    assertEquals("policy rule policy[1] (kinds [waterbus.*], roles [barge_operator], subjects own_org_namespace)",
        p.describe(1));
    assertEquals("policy rule policy[2] (kinds [waterbus.Booking*], roles any)", p.describe(2));
  }

  @Test
  void policy_survivesAddingTheNodesOwnOrg() throws Exception {
    OrgRegistry r = load(RULE).registry();
    OrgRegistry more = r.withOrg(Org.of("local", Role.OPERATOR, TestKeys.key(7).publicKey()));
    assertEquals(r.policy(), more.policy());
    assertFalse(more.policy().isBuiltIn());
  }

  static Stream<Arguments> badPolicies() {
    return Stream.of(
        bad("[policy]\nkinds = [\"a\"]\nroles = \"any\"", "policy", "want an array of tables [[policy]]"),
        bad("policy = []", "policy", "empty, want at least one [[policy]] table (leave [[policy]] out for the built-in default)"),
        bad(RULE.replace("kinds = [\"customs.*\"]\n", ""), "policy[0].kinds", "missing, want a list of record kinds or globs"),
        bad(RULE.replace("[\"customs.*\"]", "[]"), "policy[0].kinds", "empty, want at least one kind"),
        bad(RULE.replace("[\"customs.*\"]", "\"customs.*\""), "policy[0].kinds", "got \"customs.*\", want an array of strings"),
        bad(RULE.replace("[\"customs.*\"]", "[\"customs .*\"]"), "policy[0].kinds[0]",
            "got \"customs .*\", want a record kind of 1 to 128 printable ASCII characters without spaces"),
        bad(RULE.replace("[\"customs.*\"]", "[\"\"]"), "policy[0].kinds[0]", "got \"\", want a record kind"),
        bad(RULE.replace("[\"customs.*\"]", "[\"a.*\", \"b\", \"a.*\"]"), "policy[0].kinds[2]", "\"a.*\" is listed twice"),
        bad(RULE.replace("[\"customs.*\"]", "[5]"), "policy[0].kinds[0]", "got 5, want a string"),
        bad(RULE.replace("roles = [\"customs\"]\n", ""), "policy[0].roles", "missing, want \"any\" or a list of roles"),
        bad(RULE.replace("[\"customs\"]", "\"all\""), "policy[0].roles", "got \"all\", want \"any\" or a list of roles"),
        bad(RULE.replace("[\"customs\"]", "7"), "policy[0].roles", "got 7, want \"any\" or a list of roles"),
        bad(RULE.replace("[\"customs\"]", "[]"), "policy[0].roles", "empty, want \"any\" or at least one of"),
        bad(RULE.replace("[\"customs\"]", "[\"custom\"]"), "policy[0].roles[0]",
            "got \"custom\", want one of [customs, producer, carrier, barge_operator, port, lab, auditor, operator, packer, processor]; did you mean \"customs\"?"),
        bad(RULE.replace("[\"customs\"]", "[\"lab\", \"lab\"]"), "policy[0].roles[1]", "\"lab\" is listed twice"),
        bad(RULE + "subjects = \"own_gs1_prefx\"", "policy[0].subjects",
            "got \"own_gs1_prefx\", want one of [any, own_gs1_prefix, own_org_namespace]; did you mean \"own_gs1_prefix\"?"),
        bad(RULE + "subjects = [\"any\"]", "policy[0].subjects", "want a string"),
        bad(RULE + "name = \"Customs Only\"", "policy[0].name", "got \"Customs Only\", want 1 to 63 of a-z, 0-9 and '-'"),
        bad(RULE + "name = \"c\"\n" + RULE + "name = \"c\"", "policy[1].name", "\"c\" is already used by policy[0]"),
        bad(RULE + "co_signers = [\"lab\"]", "policy[0].co_signers", "want a table [policy[0].co_signers]"),
        bad(RULE + "co_signers = { min_orgs = 2 }", "policy[0].co_signers.roles", "missing, want the roles every signer's org"),
        bad(RULE + "co_signers = { roles = [] }", "policy[0].co_signers.roles", "empty, want"),
        bad(RULE + "co_signers = { roles = [\"labs\"] }", "policy[0].co_signers.roles[0]", "did you mean \"lab\"?"),
        bad(RULE + "co_signers = { roles = [\"lab\"], min_orgs = 0 }", "policy[0].co_signers.min_orgs",
            "got 0, want an integer from 1 to 16"),
        bad(RULE + "co_signers = { roles = [\"lab\"], min_orgs = 17 }", "policy[0].co_signers.min_orgs", "want an integer from 1 to 16"),
        bad(RULE + "kind = [\"x\"]", "policy[0].kind", "unknown key in [policy]; did you mean \"kinds\"?"),
        bad(RULE + "subject = \"any\"", "policy[0].subject", "unknown key in [policy]; did you mean \"subjects\"?"),
        bad(RULE + "co_signers = { roles = [\"lab\"], min_org = 2 }", "policy[0].co_signers.min_org",
            "unknown key in [policy.co_signers]; did you mean \"min_orgs\"?"));
  }

  private static Arguments bad(String toml, String key, String problem) {
    return Arguments.of(key, toml, problem);
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("badPolicies")
  void badPolicy_isRefused_namingFileAndKey(String key, String toml, String problem) throws IOException {
    Path file = Files.writeString(dir.resolve("node.toml"), toml + "\n");
    ConfigException e = assertThrows(ConfigException.class, () -> NodeConfig.load(file));
    assertEquals(Optional.of(key), e.key(), e.getMessage());
    assertTrue(e.getMessage().startsWith(file + ": " + key + ": "), e.getMessage());
    assertTrue(e.problem().contains(problem), () -> "want \"" + problem + "\" in: " + e.getMessage());
  }

  @Test
  void defaultTable_hasAnOperatorRuleForEveryKind_andNamesEveryRule() {
    PolicyTable d = PolicyTable.defaults();
    PolicyRule last = d.rules().get(d.rules().size() - 1);
    assertEquals(List.of("*"), last.kinds());
    assertEquals(Set.of(Role.OPERATOR), last.roles());
    assertTrue(d.rules().stream().allMatch(r -> r.name() != null));
  }

  @Test
  void rulesBuiltInCode_checkTheirValues() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PolicyRule.of(List.of("a"), Set.of(), Subjects.ANY));
    assertTrue(e.getMessage().startsWith("roles: empty"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> PolicyTable.of(List.of()));
  }
}
