package org.baytrace.tracking.domain.policy;

import static org.baytrace.tracking.domain.policy.PolicyFixture.AUDITOR;
import static org.baytrace.tracking.domain.policy.PolicyFixture.BARGE;
import static org.baytrace.tracking.domain.policy.PolicyFixture.CARRIER;
import static org.baytrace.tracking.domain.policy.PolicyFixture.CUSTOMS;
import static org.baytrace.tracking.domain.policy.PolicyFixture.FOODS;
import static org.baytrace.tracking.domain.policy.PolicyFixture.LAB;
import static org.baytrace.tracking.domain.policy.PolicyFixture.LAB_SECOND_KEY;
import static org.baytrace.tracking.domain.policy.PolicyFixture.MIXED;
import static org.baytrace.tracking.domain.policy.PolicyFixture.MIXED_GTIN;
import static org.baytrace.tracking.domain.policy.PolicyFixture.NOBODYS_GTIN;
import static org.baytrace.tracking.domain.policy.PolicyFixture.NO_PREFIX;
import static org.baytrace.tracking.domain.policy.PolicyFixture.OPERATOR;
import static org.baytrace.tracking.domain.policy.PolicyFixture.OTHER_BARGE;
import static org.baytrace.tracking.domain.policy.PolicyFixture.OTHER_FOODS;
import static org.baytrace.tracking.domain.policy.PolicyFixture.OTHER_LAB;
import static org.baytrace.tracking.domain.policy.PolicyFixture.OWN_GTIN;
import static org.baytrace.tracking.domain.policy.PolicyFixture.OWN_SSCC;
import static org.baytrace.tracking.domain.policy.PolicyFixture.PORT;
import static org.baytrace.tracking.domain.policy.PolicyFixture.X_GTIN;
import static org.baytrace.tracking.domain.policy.PolicyFixture.X_SSCC;
import static org.baytrace.tracking.domain.policy.PolicyFixture.allowed;
import static org.baytrace.tracking.domain.policy.PolicyFixture.record;
import static org.baytrace.tracking.domain.policy.PolicyFixture.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.baytrace.ledger.registry.OrgRegistry.Org;
import org.baytrace.ledger.registry.OrgRegistry.Role;
import org.baytrace.ledger.registry.OrgRegistry;
import org.baytrace.ledger.AuthorPolicy;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.error.LedgerError;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The built-in policy table, rule by rule: what each allows and what it refuses, and why. */
class DefaultPolicyTest {
  private static final AuthorPolicy POLICY = AuthorPolicies.forRegistry(PolicyFixture.registry());
  private static final String DL = "https://id.gs1.org/01/";

  private static void ok(String org, String kind, List<String> subjects, SigningKey... keys) {
    allowed(POLICY, record(org, kind, subjects, keys));
  }

  private static String no(String org, String kind, List<String> subjects, SigningKey... keys) {
    return refused(POLICY, record(org, kind, subjects, keys));
  }

  @Nested
  class KeyRules {
    @Test
    void unregisteredKey_isRefusedAsUnknownKey_beforeAnyPolicyRule() {
      String m = refused(POLICY, record("gba-operator", "epcis.ObjectEvent", List.of("urn:x:1"), PolicyFixture.key(99)),
          LedgerError.UNKNOWN_KEY);
      assertTrue(m.contains("is not registered"), m);
    }

    @Test
    void firstSignatureOfAnotherOrg_isRefused() {
      String m = no("gongbei-customs", "customs.Release", List.of("urn:x:1"), FOODS);
      assertTrue(m.startsWith("body.author_org: got \"gongbei-customs\", but the first signature's key"), m);
    }

    @Test
    void expiredKey_isStillRefused() {
      Org org = new Org("late", "late", Set.of(Role.OPERATOR), List.of(new OrgRegistry.OrgKey(PolicyFixture.key(50).publicKey(),
          null, java.time.Instant.ofEpochMilli(1_000))), List.of(), null);
      AuthorPolicy p = AuthorPolicies.forRegistry(OrgRegistry.of(List.of(org)));
      String m = refused(p, record("late", "epcis.ObjectEvent", List.of("urn:x:1"), PolicyFixture.key(50)));
      assertTrue(m.contains("not valid at"), m);
    }
  }

  @Nested
  class Epcis {
    @Test
    void carrierPortBargeLabCustomsOperator_mayRecordWhatTheyDoWithAnyonesGoods() {
      List<String> anything = List.of(DL + NOBODYS_GTIN, "urn:baytrace:container:MSCU1234566");
      String observe = "{\"type\":\"ObjectEvent\",\"action\":\"OBSERVE\",\"epcList\":[\"" + DL + NOBODYS_GTIN + "/21/1\"],"
          + "\"bizStep\":\"%s\"}";
      allowed(POLICY, PolicyFixture.event("bay-reefer", observe.formatted("shipping"), anything, CARRIER));
      allowed(POLICY, PolicyFixture.event("nansha-port", observe.formatted("loading"), anything, PORT));
      allowed(POLICY, PolicyFixture.event("pearl-barge", observe.formatted("transporting"), anything, BARGE));
      allowed(POLICY, PolicyFixture.event("gz-lab", observe.formatted("sampling"), anything, LAB));
      allowed(POLICY, PolicyFixture.event("gongbei-customs", observe.formatted("inspecting"), anything, CUSTOMS));
      allowed(POLICY, PolicyFixture.event("gba-operator", observe.formatted("destroying"), anything, OPERATOR));
    }

    @Test
    void auditor_mayNotRecordEpcisEvents_namingTheRulesForOtherRoles() {
      String m = no("hk-audit", "epcis.ObjectEvent", List.of(DL + OWN_GTIN), AUDITOR);
      assertTrue(m.startsWith("policy rule \"epcis-logistics\" (kinds [epcis.*], roles [carrier, barge_operator, port]), "), m);
      assertTrue(m.endsWith("policy rule \"epcis-producer\" (kinds [epcis.*], roles [producer], subjects own_gs1_prefix): "
          + "org \"hk-audit\" has roles [auditor], so no policy rule lets it author kind \"epcis.ObjectEvent\""), m);
    }
  }

  @Nested
  class EpcisProducer {
    @Test
    void producer_mayRecordItsOwnGtinsLotsAndSerials_inEitherForm() {
      ok("pearl-river-foods", "epcis.ObjectEvent", List.of(DL + OWN_GTIN), FOODS);
      ok("pearl-river-foods", "epcis.ObjectEvent", List.of(DL + OWN_GTIN + "/10/LOT1"), FOODS);
      ok("pearl-river-foods", "epcis.ObjectEvent", List.of(DL + OWN_GTIN + "/10/LOT1/21/42", DL + OWN_GTIN + "/21/43"), FOODS);
      ok("pearl-river-foods", "epcis.ObjectEvent", List.of("urn:epc:id:sgtin:6901234.000001.42"), FOODS);
      ok("pearl-river-foods", "epcis.ObjectEvent", List.of("urn:epc:class:lgtin:6901234.000001.L7"), FOODS);
    }

    @Test
    void producer_mayPackItsItemsIntoItsOwnSscc_andNameNonGs1Identifiers() {
      ok("pearl-river-foods", "epcis.AggregationEvent", List.of("https://id.gs1.org/00/" + OWN_SSCC, DL + OWN_GTIN + "/21/1"), FOODS);
      ok("pearl-river-foods", "epcis.ObjectEvent", List.of("https://id.gs1.org/00/" + OWN_SSCC), FOODS);
      ok("pearl-river-foods", "epcis.ObjectEvent",
          List.of(DL + OWN_GTIN, "urn:uuid:5f3a9a46-0f39-4a4f-9f4a-2d0d0c9e0a11", "urn:baytrace:container:MSCU1234566"), FOODS);
    }

    @Test
    void anotherCompanysGtin_isRefused_namingTheSubjectAndThePrefixesOwned() {
      String m = no("x", "epcis.ObjectEvent", List.of(DL + OWN_GTIN), OTHER_FOODS);
      assertEquals("policy rule \"epcis-producer\" (kinds [epcis.*], roles [producer], subjects own_gs1_prefix): subject "
          + DL + OWN_GTIN + ": GS1 company prefix not owned by \"x\" (owns [6905555])", m);
    }

    @Test
    void ownGtinBesideAnotherCompanysGtinOrSscc_isRefused() {
      assertTrue(no("pearl-river-foods", "epcis.ObjectEvent", List.of(DL + OWN_GTIN, DL + X_GTIN), FOODS)
          .contains("subject " + DL + X_GTIN + ": GS1 company prefix not owned by \"pearl-river-foods\" (owns [6901234])"));
      assertTrue(no("pearl-river-foods", "epcis.AggregationEvent",
          List.of("https://id.gs1.org/00/" + X_SSCC, DL + OWN_GTIN + "/21/1"), FOODS).contains("/00/" + X_SSCC));
      assertTrue(no("pearl-river-foods", "epcis.ObjectEvent", List.of("urn:epc:id:sgtin:6905555.000001.1", DL + OWN_GTIN), FOODS)
          .contains("urn:epc:id:sgtin:6905555.000001.1: GS1 company prefix not owned"));
    }

    @Test
    void noGs1KeyAtAll_isRefused() {
      String m = no("pearl-river-foods", "epcis.ObjectEvent", List.of("urn:uuid:5f3a9a46-0f39-4a4f-9f4a-2d0d0c9e0a11"), FOODS);
      assertTrue(m.endsWith(": none is a GS1 key (GTIN, SSCC, GLN) under a GS1 company prefix of \"pearl-river-foods\" (owns [6901234])"), m);
    }

    @Test
    void malformedGs1Key_isRefused() {
      String bad = DL + OWN_GTIN.substring(0, 13) + ((OWN_GTIN.charAt(13) - '0' + 1) % 10);
      String m = no("pearl-river-foods", "epcis.ObjectEvent", List.of(bad), FOODS);
      assertTrue(m.contains("subject " + bad + ": not a valid trace code"), m);
      assertTrue(m.contains("check digit"), m);
    }

    @Test
    void producerWithoutPrefixes_ownsNothing() {
      String m = no("no-prefix-foods", "epcis.ObjectEvent", List.of(DL + OWN_GTIN), NO_PREFIX);
      assertTrue(m.endsWith("GS1 company prefix not owned by \"no-prefix-foods\" (owns none)"), m);
    }

    @Test
    void producerThatIsAlsoACarrier_getsTheCarriersRule_whichComesFirst() {
      allowed(POLICY, PolicyFixture.event("mixed-co", "{\"type\":\"ObjectEvent\",\"action\":\"OBSERVE\",\"bizStep\":\"shipping\"}",
          List.of(DL + NOBODYS_GTIN), MIXED));
      ok("mixed-co", "epcis.ObjectEvent", List.of(DL + MIXED_GTIN), MIXED);
    }
  }

  @Nested
  class ColdChain {
    @Test
    void carrierProducerPortBarge_mayReport() {
      List<String> s = List.of("urn:baytrace:container:MSCU1234566");
      ok("bay-reefer", "coldchain.SensorReport", s, CARRIER);
      ok("pearl-river-foods", "coldchain.SensorReport", s, FOODS);
      ok("nansha-port", "coldchain.Excursion", s, PORT);
      ok("pearl-barge", "coldchain.SensorReport", s, BARGE);
    }

    @Test
    void labCustomsAuditor_mayNot() {
      List<String> s = List.of("urn:baytrace:container:MSCU1234566");
      String m = no("gz-lab", "coldchain.SensorReport", s, LAB);
      assertEquals("policy rule \"coldchain\" (kinds [coldchain.*], roles [producer, carrier, barge_operator, port]): "
          + "org \"gz-lab\" has roles [lab], so no policy rule lets it author kind \"coldchain.SensorReport\"", m);
      no("gongbei-customs", "coldchain.SensorReport", s, CUSTOMS);
      no("hk-audit", "coldchain.SensorReport", s, AUDITOR);
    }
  }

  @Nested
  class BiomaterialHandOver {
    private final List<String> shipment = List.of("urn:baytrace:biomaterial:shipment:gz-lab:S1");

    @Test
    void handOverSignedByLabAndCarrier_isAllowed_eitherMayAuthor() {
      ok("gz-lab", "biomaterial.HandOver", shipment, LAB, CARRIER);
      ok("bay-reefer", "biomaterial.CustodyHandover", shipment, CARRIER, LAB);
      ok("gz-lab", "biomaterial.HandOverAccepted", shipment, LAB, OTHER_LAB);
    }

    @Test
    void handOverSignedByOneParty_isRefused() {
      String m = no("gz-lab", "biomaterial.HandOver", shipment, LAB);
      assertEquals("policy rule \"biomaterial-handover\" (kinds [biomaterial.*HandOver*, biomaterial.*Handover*], roles [carrier, lab]): "
          + "signed by 1 org [\"gz-lab\"], want signatures of at least 2 different orgs with roles [carrier, lab] "
          + "(the parties of the hand-over each sign)", m);
    }

    @Test
    void twoKeysOfTheSameOrg_areOneParty() {
      assertTrue(no("gz-lab", "biomaterial.HandOver", shipment, LAB, LAB_SECOND_KEY).contains("signed by 1 org [\"gz-lab\"]"));
    }

    @Test
    void coSignerWithoutALabOrCarrierRole_isRefused_namingTheSignature() {
      String m = no("gz-lab", "biomaterial.HandOver", shipment, LAB, CARRIER, FOODS);
      assertTrue(m.endsWith(": signatures[2]: key " + FOODS.publicKey().keyId()
          + " is of org \"pearl-river-foods\" with roles [producer], want an org with one of [carrier, lab]"), m);
    }

    @Test
    void authorWithoutTheRole_isRefusedEvenIfCoSigned() {
      assertTrue(no("pearl-river-foods", "biomaterial.HandOver", shipment, FOODS, LAB, CARRIER)
          .contains("org \"pearl-river-foods\" has roles [producer]"));
    }
  }

  @Nested
  class Biomaterial {
    @Test
    void labAndCarrier_mayWriteOtherBiomaterialKinds_signedAlone() {
      ok("gz-lab", "biomaterial.Shipment", List.of("urn:baytrace:biomaterial:shipment:gz-lab:S1"), LAB);
      ok("bay-reefer", "biomaterial.TemperatureLog", List.of("https://id.gs1.org/00/" + OWN_SSCC), CARRIER);
    }

    @Test
    void othersMayNot() {
      String m = no("pearl-river-foods", "biomaterial.Shipment", List.of("urn:x:1"), FOODS);
      assertEquals("policy rule \"biomaterial\" (kinds [biomaterial.*], roles [carrier, lab]): org \"pearl-river-foods\" "
          + "has roles [producer], so no policy rule lets it author kind \"biomaterial.Shipment\"", m);
    }
  }

  @Nested
  class WaterBusBooking {
    @Test
    void anyRegisteredOrg_mayBookSlots_onAnyVoyage() {
      List<String> voyage = List.of("urn:baytrace:waterbus:voyage:pearl-barge:V001");
      ok("pearl-river-foods", "waterbus.BookingRequest", voyage, FOODS);
      ok("bay-reefer", "waterbus.Booking", voyage, CARRIER);
      ok("hk-audit", "waterbus.SlotBooking", voyage, AUDITOR);
      ok("delta-barge", "waterbus.BookingCancelled", voyage, OTHER_BARGE);
    }
  }

  @Nested
  class WaterBusCargo {
    @Test
    void portAndBargeOperator_mayRecordLoadAndDischarge_onAnyVoyage() {
      List<String> s = List.of("urn:baytrace:waterbus:voyage:pearl-barge:V001", "urn:baytrace:container:MSCU1234566");
      ok("nansha-port", "waterbus.EquipmentEvent", s, PORT);
      ok("pearl-barge", "waterbus.EquipmentEvent", s, BARGE);
      ok("nansha-port", "waterbus.LoadEvent", s, PORT);
      ok("delta-barge", "waterbus.DischargeEvent", s, OTHER_BARGE);
    }

    @Test
    void othersMayNot() {
      String m = no("bay-reefer", "waterbus.EquipmentEvent", List.of("urn:baytrace:waterbus:voyage:pearl-barge:V001"), CARRIER);
      assertTrue(m.startsWith("policy rule \"waterbus-cargo\" (kinds [waterbus.EquipmentEvent, waterbus.Load*, waterbus.Discharge*], "
          + "roles [barge_operator, port]), "
          + "policy rule \"waterbus\" (kinds [waterbus.*], roles [barge_operator], subjects own_org_namespace): "
          + "org \"bay-reefer\" has roles [carrier]"), m);
    }
  }

  @Nested
  class WaterBus {
    @Test
    void bargeOperator_mayWriteItsOwnVoyagesAndServices() {
      ok("pearl-barge", "waterbus.Voyage", List.of("urn:baytrace:waterbus:voyage:pearl-barge:V001",
          "urn:baytrace:waterbus:service:pearl-barge:NS-HK"), BARGE);
      ok("pearl-barge", "waterbus.SlotAllocation", List.of("urn:baytrace:waterbus:voyage:pearl-barge:V001",
          "urn:baytrace:container:MSCU1234566"), BARGE);
    }

    @Test
    void anotherOperatorsVoyage_isRefused_namingTheSubject() {
      String m = no("delta-barge", "waterbus.Voyage", List.of("urn:baytrace:waterbus:voyage:pearl-barge:V001"), OTHER_BARGE);
      assertEquals("policy rule \"waterbus\" (kinds [waterbus.*], roles [barge_operator], subjects own_org_namespace): "
          + "subject urn:baytrace:waterbus:voyage:pearl-barge:V001: in the namespace of org \"pearl-barge\", not of \"delta-barge\"", m);
    }

    @Test
    void ownVoyageBesideAnothers_orDifferentlyCased_orCutShort_isRefused() {
      no("pearl-barge", "waterbus.Voyage", List.of("urn:baytrace:waterbus:voyage:pearl-barge:V1",
          "urn:baytrace:waterbus:voyage:delta-barge:V9"), BARGE);
      no("pearl-barge", "waterbus.Voyage", List.of("urn:baytrace:waterbus:voyage:pearl-barge:V1",
          "URN:BAYTRACE:waterbus:voyage:delta-barge:V9"), BARGE);
      no("pearl-barge", "waterbus.Voyage", List.of("urn:baytrace:waterbus:voyage:pearl-barge:V1",
          "urn:baytrace:waterbus:voyage:delta-barge"), BARGE);
    }

    @Test
    void noSubjectInItsNamespace_isRefused() {
      String m = no("pearl-barge", "waterbus.Voyage", List.of("urn:baytrace:container:MSCU1234566"), BARGE);
      assertTrue(m.endsWith("subjects [urn:baytrace:container:MSCU1234566]: none is in the namespace of \"pearl-barge\" "
          + "(urn:baytrace:<domain>:<type>:pearl-barge:<id>)"), m);
    }

    @Test
    void portMayNotScheduleVoyages() {
      assertTrue(no("nansha-port", "waterbus.Voyage", List.of("urn:baytrace:waterbus:voyage:nansha-port:V1"), PORT)
          .contains("org \"nansha-port\" has roles [port]"));
    }
  }

  @Nested
  class CustomsDeclaration {
    @Test
    void declarantsAndCustoms_mayDeclareAndLodgeDocuments() {
      List<String> decl = List.of("urn:baytrace:customs:declaration:gongbei-customs:D1");
      ok("pearl-river-foods", "customs.Declaration", decl, FOODS);
      ok("bay-reefer", "customs.DocumentLodgement", decl, CARRIER);
      ok("gba-operator", "customs.Declaration", decl, OPERATOR);
      ok("gongbei-customs", "customs.Declaration", decl, CUSTOMS);
    }

    @Test
    void labMayNotDeclare() {
      assertTrue(no("gz-lab", "customs.Declaration", List.of("urn:baytrace:customs:declaration:gongbei-customs:D1"), LAB)
          .contains("policy rule \"customs-declaration\""));
    }
  }

  @Nested
  class Customs {
    @Test
    void customsOnly_mayInspectAndRelease() {
      List<String> decl = List.of("urn:baytrace:customs:declaration:gongbei-customs:D1");
      ok("gongbei-customs", "customs.Release", decl, CUSTOMS);
      ok("gongbei-customs", "customs.InspectionOrdered", List.of(decl.get(0), "urn:baytrace:container:MSCU1234566"), CUSTOMS);
    }

    @Test
    void customsOffice_mayNotReleaseADeclarationLodgedWithAnother() {
      String m = no("gongbei-customs", "customs.Release", List.of("urn:baytrace:customs:declaration:hk-customs:D1"), CUSTOMS);
      assertTrue(m.endsWith("subject urn:baytrace:customs:declaration:hk-customs:D1: in the namespace of org \"hk-customs\", "
          + "not of \"gongbei-customs\""), m);
    }

    @Test
    void producer_mayNotRelease_namingTheRuleAndItsRoles() {
      String m = no("pearl-river-foods", "customs.Release", List.of("urn:baytrace:customs:declaration:gongbei-customs:D1"), FOODS);
      assertEquals("policy rule \"customs\" (kinds [customs.*], roles [customs], subjects own_org_namespace): "
          + "org \"pearl-river-foods\" has roles [producer], "
          + "so no policy rule lets it author kind \"customs.Release\"", m);
    }
  }

  @Nested
  class Operator {
    @Test
    void operator_mayAuthorAnyKind_forAnySubject() {
      ok("gba-operator", "waterbus.Voyage", List.of("urn:baytrace:waterbus:voyage:pearl-barge:V001"), OPERATOR);
      ok("gba-operator", "customs.Release", List.of("urn:x:1"), OPERATOR);
      ok("gba-operator", "customs.Release", List.of("urn:baytrace:customs:declaration:hk-customs:D1"), OPERATOR);
      ok("gba-operator", "biomaterial.HandOver", List.of("urn:x:1"), OPERATOR);
      ok("gba-operator", "test.Durability", List.of("urn:test:crash:1"), OPERATOR);
    }
  }

  @Nested
  class UnknownKinds {
    @Test
    void kindNoRuleNames_isRefused_forEveryoneButTheOperator() {
      String m = no("pearl-river-foods", "barge.SlotAllocation", List.of(DL + OWN_GTIN), FOODS);
      assertEquals("no policy rule lets org \"pearl-river-foods\" (roles [producer]) author kind \"barge.SlotAllocation\": "
          + "no rule names that kind, and policy rule \"operator\" (kinds [*], roles [operator]) is for other roles", m);
    }

    @Test
    void kindThatOnlyLooksLikeAKnownOne_isNotMatched() {
      no("gongbei-customs", "customsX.Release", List.of("urn:x:1"), CUSTOMS);
      no("gongbei-customs", "Customs.Release", List.of("urn:x:1"), CUSTOMS);
      no("bay-reefer", "epcis", List.of("urn:x:1"), CARRIER);
    }
  }
}
