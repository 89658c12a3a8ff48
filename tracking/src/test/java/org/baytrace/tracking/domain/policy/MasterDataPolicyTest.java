package org.baytrace.tracking.domain.policy;

import static org.baytrace.tracking.domain.policy.PolicyFixture.CARRIER;
import static org.baytrace.tracking.domain.policy.PolicyFixture.FOODS;
import static org.baytrace.tracking.domain.policy.PolicyFixture.OPERATOR;
import static org.baytrace.tracking.domain.policy.PolicyFixture.OTHER_FOODS;
import static org.baytrace.tracking.domain.policy.PolicyFixture.allowed;
import static org.baytrace.tracking.domain.policy.PolicyFixture.refused;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.ledger.AuthorPolicy;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.record.ParsedRecord;
import org.baytrace.ledger.record.RecordLimits;
import org.baytrace.ledger.record.Records;
import org.baytrace.ledger.registry.OrgRegistry;
import org.baytrace.ledger.registry.OrgRegistry.Org;
import org.baytrace.ledger.registry.OrgRegistry.OrgKey;
import org.baytrace.ledger.registry.OrgRegistry.Role;
import org.baytrace.tracking.domain.epcis.masterdata.MasterDataRecords;
import org.junit.jupiter.api.Test;

/** Who may write master data: the GS1 company prefix owner, or an org whose signs_for names it; nobody else. */
class MasterDataPolicyTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SigningKey POOL = PolicyFixture.key(40);
  private static final SigningKey NODE = PolicyFixture.key(41);
  private static final AuthorPolicy POLICY;

  static {
    List<Org> orgs = new ArrayList<>(PolicyFixture.orgs());
    orgs.add(new Org("data-pool", "Data pool", Set.of(Role.AUDITOR), List.of(OrgKey.of(POOL.publicKey())), List.of(),
        null, List.of("pearl-river-foods")));
    orgs.add(new Org("any-node", "Signs for all", Set.of(Role.AUDITOR), List.of(OrgKey.of(NODE.publicKey())), List.of(),
        null, List.of("*")));
    POLICY = AuthorPolicies.forRegistry(OrgRegistry.of(orgs));
  }

  private static ParsedRecord element(String author, String id, SigningKey key) throws Exception {
    RecordBody body = MasterDataRecords.toBody(PolicyFixture.ORIGIN, author, "urn:epcglobal:epcis:vtype:EPCClass",
        JSON.readTree("{\"id\":\"" + id + "\",\"attributes\":[{\"id\":\"cbvmda:descriptionShort\",\"attribute\":\"n\"}]}"),
        null, 1_764_000_000_000L);
    return Records.parse(Records.sign(body.toByteArray(), key), RecordLimits.DEFAULT);
  }

  @Test
  void theOwner_mayDescribeItsProductClassAndLocations_inEPCAndDigitalLinkForms() throws Exception {
    allowed(POLICY, element("pearl-river-foods", "urn:epc:idpat:sgtin:6901234.000001.*", FOODS));
    allowed(POLICY, element("pearl-river-foods", "https://id.gs1.org/01/" + PolicyFixture.OWN_GTIN + "/10/L1", FOODS));
    allowed(POLICY, element("pearl-river-foods", "urn:epc:id:sgln:6901234.00001.0", FOODS));
  }

  @Test
  void anotherProducer_aCarrier_andTheOperator_areRefused_namingTheOwner() throws Exception {
    String m = refused(POLICY, element("x", "urn:epc:idpat:sgtin:6901234.000001.*", OTHER_FOODS));
    assertTrue(m.startsWith("masterdata-owner: element urn:epc:idpat:sgtin:6901234.000001.*: its GS1 company prefix is "
        + "owned by [\"pearl-river-foods\" [6901234]]; org \"x\" (owns [6905555])"), m);
    refused(POLICY, element("bay-reefer", "urn:epc:id:sgln:6901234.00001.0", CARRIER));
    String op = refused(POLICY, element("gba-operator", "urn:epc:id:sgln:6901234.00001.0", OPERATOR));
    assertTrue(op.startsWith("masterdata-owner:"), "the operator's catch-all does not cover names: " + op);
  }

  @Test
  void anOrgSigningForTheOwner_mayWriteForIt_butAWildcardSignerMayNot() throws Exception {
    allowed(POLICY, element("data-pool", "urn:epc:idpat:sgtin:6901234.000001.*", POOL));
    refused(POLICY, element("data-pool", "https://id.gs1.org/01/" + PolicyFixture.X_GTIN, POOL));
    String m = refused(POLICY, element("any-node", "urn:epc:idpat:sgtin:6901234.000001.*", NODE));
    assertTrue(m.contains("signs_for [*]"), m);
  }

  @Test
  void aGtinNoOneRegistered_isRefusedSayingSo() throws Exception {
    String m = refused(POLICY, element("pearl-river-foods", "https://id.gs1.org/01/" + PolicyFixture.NOBODYS_GTIN, FOODS));
    assertTrue(m.contains("no registered organisation owns its GS1 company prefix"), m);
  }
}
