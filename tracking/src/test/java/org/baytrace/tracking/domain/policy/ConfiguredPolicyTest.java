package org.baytrace.tracking.domain.policy;

import static org.baytrace.tracking.domain.policy.PolicyFixture.CARRIER;
import static org.baytrace.tracking.domain.policy.PolicyFixture.CUSTOMS;
import static org.baytrace.tracking.domain.policy.PolicyFixture.FOODS;
import static org.baytrace.tracking.domain.policy.PolicyFixture.LAB;
import static org.baytrace.tracking.domain.policy.PolicyFixture.OPERATOR;
import static org.baytrace.tracking.domain.policy.PolicyFixture.OTHER_LAB;
import static org.baytrace.tracking.domain.policy.PolicyFixture.OWN_GTIN;
import static org.baytrace.tracking.domain.policy.PolicyFixture.X_GTIN;
import static org.baytrace.tracking.domain.policy.PolicyFixture.allowed;
import static org.baytrace.tracking.domain.policy.PolicyFixture.record;
import static org.baytrace.tracking.domain.policy.PolicyFixture.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.baytrace.config.NodeConfig;
import org.baytrace.ledger.registry.OrgRegistry.Org;
import org.baytrace.ledger.AuthorPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** [[policy]] tables read from a node file replace the built-in table; the first matching rule decides. */
class ConfiguredPolicyTest {
  @TempDir
  Path dir;

  private static final List<String> SHIPMENT = List.of("urn:baytrace:biomaterial:shipment:gz-lab:S1");

  /** The fixture's orgs as [[orgs]] tables, then the given [[policy]] tables. */
  private AuthorPolicy load(String policy) throws Exception {
    StringBuilder toml = new StringBuilder();
    for (Org o : PolicyFixture.orgs()) {
      toml.append("[[orgs]]\nid = \"").append(o.id()).append("\"\nroles = [")
          .append(String.join(", ", o.roles().stream().map(r -> "\"" + r.tomlName() + "\"").toList())).append("]\nkeys = [")
          .append(String.join(", ", o.keys().stream().map(k -> "{ public_key = \"" + k.key().base64() + "\" }").toList()))
          .append("]\ngs1_company_prefixes = [")
          .append(String.join(", ", o.gs1CompanyPrefixes().stream().map(p -> "\"" + p + "\"").toList())).append("]\n\n");
    }
    toml.append(policy);
    NodeConfig config = NodeConfig.load(Files.writeString(dir.resolve("node.toml"), toml));
    return AuthorPolicies.forRegistry(config.registry());
  }

  @Test
  void exceptionBeforeTheGeneralRule_keepsItsCoSignerRequirement() throws Exception {
    AuthorPolicy p = load("""
        [[policy]]
        name = "handover"
        kinds = ["biomaterial.HandOver"]
        roles = ["lab", "carrier"]
        co_signers = { roles = ["lab", "carrier"] }

        [[policy]]
        kinds = ["biomaterial.*"]
        roles = ["lab", "carrier"]
        """);
    assertTrue(refused(p, record("gz-lab", "biomaterial.HandOver", SHIPMENT, LAB)).startsWith("policy rule \"handover\""));
    allowed(p, record("gz-lab", "biomaterial.HandOver", SHIPMENT, LAB, CARRIER));
    allowed(p, record("gz-lab", "biomaterial.Shipment", SHIPMENT, LAB));
  }

  @Test
  void generalRuleFirst_decidesAlone_soOrderMatters() throws Exception {
    AuthorPolicy p = load("""
        [[policy]]
        kinds = ["biomaterial.*"]
        roles = ["lab", "carrier"]

        [[policy]]
        kinds = ["biomaterial.HandOver"]
        roles = ["lab", "carrier"]
        co_signers = { roles = ["lab", "carrier"] }
        """);
    allowed(p, record("gz-lab", "biomaterial.HandOver", SHIPMENT, LAB));
  }

  @Test
  void coSignersWithMinOrgs_countsDifferentOrgs() throws Exception {
    AuthorPolicy p = load("""
        [[policy]]
        kinds = ["biomaterial.*"]
        roles = ["lab"]
        co_signers = { roles = ["lab", "carrier"], min_orgs = 3 }
        """);
    allowed(p, record("gz-lab", "biomaterial.Transfer", SHIPMENT, LAB, OTHER_LAB, CARRIER));
    assertEquals("policy rule policy[0] (kinds [biomaterial.*], roles [lab]): signed by 2 orgs [\"gz-lab\", \"bay-reefer\"], "
        + "want signatures of at least 3 different orgs with roles [carrier, lab] (the parties of the hand-over each sign)",
        refused(p, record("gz-lab", "biomaterial.Transfer", SHIPMENT, LAB, CARRIER)));
  }

  @Test
  void anyRole_andSubjectConstraintsOnOtherKinds() throws Exception {
    AuthorPolicy p = load("""
        [[policy]]
        name = "notes"
        kinds = ["note.*"]
        roles = "any"

        [[policy]]
        name = "producer-coldchain"
        kinds = ["coldchain.*"]
        roles = ["producer"]
        subjects = "own_gs1_prefix"
        """);
    allowed(p, record("gongbei-customs", "note.Remark", List.of("urn:x:1"), CUSTOMS));
    allowed(p, record("pearl-river-foods", "coldchain.SensorReport", List.of("https://id.gs1.org/01/" + OWN_GTIN), FOODS));
    assertTrue(refused(p, record("pearl-river-foods", "coldchain.SensorReport", List.of("https://id.gs1.org/01/" + X_GTIN), FOODS))
        .startsWith("policy rule \"producer-coldchain\" (kinds [coldchain.*], roles [producer], subjects own_gs1_prefix): subject"));
  }

  @Test
  void configuredTable_replacesTheBuiltInOne_evenForTheOperator() throws Exception {
    AuthorPolicy p = load("""
        [[policy]]
        kinds = ["customs.*"]
        roles = ["customs"]
        """);
    allowed(p, record("gongbei-customs", "customs.Release", List.of("urn:x:1"), CUSTOMS));
    assertEquals("no policy rule lets org \"gba-operator\" (roles [operator]) author kind \"epcis.ObjectEvent\": no rule's kinds match it",
        refused(p, record("gba-operator", "epcis.ObjectEvent", List.of("urn:x:1"), OPERATOR)));
    assertEquals("policy rule policy[0] (kinds [customs.*], roles [customs]): org \"bay-reefer\" has roles [carrier], "
        + "so no policy rule lets it author kind \"customs.Release\"",
        refused(p, record("bay-reefer", "customs.Release", List.of("urn:x:1"), CARRIER)));
  }
}
