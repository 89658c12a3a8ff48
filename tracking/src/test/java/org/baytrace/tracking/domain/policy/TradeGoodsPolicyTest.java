package org.baytrace.tracking.domain.policy;

import static org.baytrace.tracking.domain.policy.PolicyFixture.CARRIER;
import static org.baytrace.tracking.domain.policy.PolicyFixture.CUSTOMS;
import static org.baytrace.tracking.domain.policy.PolicyFixture.FOODS;
import static org.baytrace.tracking.domain.policy.PolicyFixture.allowed;
import static org.baytrace.tracking.domain.policy.PolicyFixture.event;
import static org.baytrace.tracking.domain.policy.PolicyFixture.org;
import static org.baytrace.tracking.domain.policy.PolicyFixture.refused;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.baytrace.ledger.registry.OrgRegistry;
import org.baytrace.ledger.registry.OrgRegistry.Org;
import org.baytrace.ledger.registry.OrgRegistry.OrgKey;
import org.baytrace.ledger.registry.OrgRegistry.Role;
import org.baytrace.ledger.AuthorPolicy;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.error.LedgerError;
import org.junit.jupiter.api.Test;

/**
 * The built-in policy over everything an EPCIS record names, not only its subjects: the brand
 * owner (GS1 company prefix) alone commissions, retires, destroys and recalls its goods; carriers,
 * packers, processors, labs and customs record what they do with other companies' goods. Records
 * are built as a partner's system appends them over gRPC, with subjects of its own choosing.
 */
class TradeGoodsPolicyTest {
  static final SigningKey PACKER = PolicyFixture.key(20);
  static final SigningKey PROCESSOR = PolicyFixture.key(21);
  static final SigningKey CAPTURE = PolicyFixture.key(22);
  static final SigningKey LONE_CAPTURE = PolicyFixture.key(23);

  /** Brand owner 0614141's goods: registered to nobody here, so another company's for everyone. */
  static final String BRAND_ITEM = "urn:epc:id:sgtin:0614141.107346.2018";
  static final String BRAND_PALLET = "urn:epc:id:sscc:0614141.1234567890";
  static final String FOODS_ITEM = "urn:epc:id:sgtin:6901234.000001.42";
  static final String PROCESSOR_ITEM = "urn:epc:id:sgtin:6908888.000001.7";

  static final AuthorPolicy POLICY = AuthorPolicies.forRegistry(OrgRegistry.of(List.of(
      PolicyFixture.orgs().get(0), // pearl-river-foods, producer, 6901234
      PolicyFixture.orgs().get(2), // bay-reefer, carrier
      PolicyFixture.orgs().get(8), // gongbei-customs
      org("hk-packers", Set.of(Role.PACKER), List.of(), PACKER),
      org("jm-processing", Set.of(Role.PROCESSOR), List.of("6908888"), PROCESSOR),
      new Org("gba-capture", "GBA capture service", Set.of(Role.AUDITOR), List.of(OrgKey.of(CAPTURE.publicKey())), List.of(),
          null, List.of("*")),
      org("lone-capture", Set.of(Role.AUDITOR), List.of(), LONE_CAPTURE))));

  static String objectEvent(String action, String bizStep, String disposition, String... epcs) {
    return "{\"type\":\"ObjectEvent\",\"eventTime\":\"2026-12-01T08:00:00+08:00\",\"action\":\"" + action + "\","
        + "\"epcList\":" + list(epcs) + ",\"bizStep\":\"" + bizStep + "\""
        + (disposition == null ? "" : ",\"disposition\":\"" + disposition + "\"") + "}";
  }

  static String list(String... ids) {
    return "[" + String.join(",", java.util.Arrays.stream(ids).map(i -> "\"" + i + "\"").toList()) + "]";
  }

  @Test
  void producer_recallingAnotherCompanysItemNamedOnlyInTheContent_isRefused_namingTheIdentifierAndTheRule() {
    // The attack of issue 14: its own item as the subject, the other company's in epcList.
    String m = refused(POLICY, event("pearl-river-foods",
        objectEvent("OBSERVE", "destroying", "recalled", BRAND_ITEM), List.of(FOODS_ITEM), FOODS));
    assertTrue(m.startsWith("policy rule \"epcis-producer\""), m);
    assertTrue(m.contains("epcList[0] " + BRAND_ITEM + ": another company's goods"), m);
    assertTrue(m.contains("others_goods \"none\""), m);
  }

  @Test
  void producer_recallingAnotherCompanysAssetsOrVariants_inAnyIdentifierForm_isRefused() {
    // GS1 keys beyond items, pallets and places carry a company prefix too: returnable and
    // individual assets (GRAI, GIAI), a GTIN with a consumer product variant; and a Digital Link
    // may be on any host. Each is the brand owner's, however it is spelled.
    for (String brands : List.of("urn:epc:id:grai:0614141.12345.400", "https://id.gs1.org/8003/00614141123452400",
        "urn:epc:id:giai:0614141.12345", "https://id.gs1.org/01/00614141073467/22/VARIANT-A",
        "https://brand.example/01/00614141073467/21/2018", "URN:EPC:ID:SGTIN:0614141.107346.2018")) {
      String m = refused(POLICY, event("pearl-river-foods", objectEvent("OBSERVE", "destroying", "recalled", brands),
          List.of(FOODS_ITEM), FOODS));
      assertTrue(m.contains("epcList[0] " + brands + ": another company's goods"), m);
    }
  }

  @Test
  void producer_recallingItsOwnReturnableAsset_isAllowed() {
    allowed(POLICY, event("pearl-river-foods", objectEvent("OBSERVE", "destroying", "destroyed",
        "urn:epc:id:grai:6901234.00001.7"), List.of(FOODS_ITEM), FOODS));
  }

  @Test
  void producer_recordingItsOwnItems_inSubjectsAndContent_isAllowed() {
    allowed(POLICY, event("pearl-river-foods", objectEvent("ADD", "commissioning", "active", FOODS_ITEM),
        List.of(FOODS_ITEM), FOODS));
    allowed(POLICY, event("pearl-river-foods", objectEvent("OBSERVE", "destroying", "recalled", FOODS_ITEM),
        List.of(FOODS_ITEM), FOODS));
  }

  @Test
  void producer_namingAnotherCompanysClassInAQuantityList_isRefused() {
    String json = "{\"type\":\"ObjectEvent\",\"action\":\"OBSERVE\",\"bizStep\":\"shipping\",\"quantityList\":"
        + "[{\"epcClass\":\"urn:epc:class:lgtin:0614141.107346.LOT9\",\"quantity\":10}]}";
    String m = refused(POLICY, event("pearl-river-foods", json, List.of(FOODS_ITEM), FOODS));
    assertTrue(m.contains("quantityList[0].epcClass urn:epc:class:lgtin:0614141.107346.LOT9"), m);
  }

  @Test
  void carrier_shippingReceivingAndLoadingOtherCompaniesGoods_isAllowed() {
    for (String step : List.of("shipping", "receiving", "loading", "urn:epcglobal:cbv:bizstep:departing",
        "https://ref.gs1.org/cbv/BizStep-arriving")) {
      allowed(POLICY, event("bay-reefer", objectEvent("OBSERVE", step, "in_transit", BRAND_ITEM, FOODS_ITEM),
          List.of("urn:baytrace:container:MSCU1234566"), CARRIER));
    }
  }

  @Test
  void carrier_destroyingRecallingOrCommissioningOtherCompaniesGoods_isRefused_asTheBrandOwnersStatement() {
    String m = refused(POLICY, event("bay-reefer", objectEvent("OBSERVE", "destroying", null, BRAND_ITEM),
        List.of("urn:baytrace:container:MSCU1234566"), CARRIER));
    assertTrue(m.contains("epcList[0] " + BRAND_ITEM) && m.endsWith("bizStep destroying is for the brand owner alone"), m);
    m = refused(POLICY, event("bay-reefer", objectEvent("OBSERVE", "shipping", "recalled", BRAND_ITEM),
        List.of(BRAND_ITEM), CARRIER));
    assertTrue(m.endsWith("disposition recalled is for the brand owner alone"), m);
    m = refused(POLICY, event("bay-reefer", objectEvent("ADD", "shipping", null, BRAND_ITEM), List.of(BRAND_ITEM), CARRIER));
    assertTrue(m.endsWith("an ObjectEvent with action ADD (commissioning) is for the brand owner alone"), m);
  }

  @Test
  void carrier_recordingAStepOutsideItsTrade_aboutOthersGoods_isRefused_namingTheSteps() {
    String m = refused(POLICY, event("bay-reefer", objectEvent("OBSERVE", "retail_selling", null, BRAND_ITEM),
        List.of(BRAND_ITEM), CARRIER));
    assertTrue(m.contains("the rule lets it record only business steps [") && m.endsWith("got bizStep retail_selling"), m);
  }

  @Test
  void packer_aggregatingOtherCompaniesItemsOntoAPallet_isAllowed_butNotRecallingThem() {
    String pack = "{\"type\":\"AggregationEvent\",\"action\":\"ADD\",\"bizStep\":\"packing\",\"parentID\":\""
        + BRAND_PALLET + "\",\"childEPCs\":" + list(BRAND_ITEM, FOODS_ITEM) + "}";
    allowed(POLICY, event("hk-packers", pack, List.of(BRAND_PALLET), PACKER));
    String recall = pack.replace("\"bizStep\":\"packing\"", "\"bizStep\":\"packing\",\"disposition\":\"recalled\"");
    String m = refused(POLICY, event("hk-packers", recall, List.of(BRAND_PALLET), PACKER));
    assertTrue(m.startsWith("policy rule \"epcis-packer\""), m);
  }

  @Test
  void processor_transformingOtherCompaniesGoodsIntoItsOwn_isAllowed_butNotIntoAnothersCodes() {
    String transform = "{\"type\":\"TransformationEvent\",\"bizStep\":\"commissioning\",\"inputEPCList\":"
        + list(BRAND_ITEM, FOODS_ITEM) + ",\"outputEPCList\":" + list(PROCESSOR_ITEM) + "}";
    allowed(POLICY, event("jm-processing", transform, List.of(PROCESSOR_ITEM), PROCESSOR));
    String intoOthers = transform.replace(PROCESSOR_ITEM, "urn:epc:id:sgtin:0614141.107346.9999");
    String m = refused(POLICY, event("jm-processing", intoOthers, List.of(PROCESSOR_ITEM), PROCESSOR));
    assertTrue(m.contains("outputEPCList[0] urn:epc:id:sgtin:0614141.107346.9999")
        && m.endsWith("an output of a TransformationEvent (new goods, commissioned by their brand owner) is for the brand owner alone"), m);
  }

  @Test
  void customs_inspectingAndHoldingImportedGoods_isAllowed_butNotDestroyingThem() {
    allowed(POLICY, event("gongbei-customs", objectEvent("OBSERVE", "inspecting", "in_progress", BRAND_ITEM),
        List.of(BRAND_ITEM), CUSTOMS));
    allowed(POLICY, event("gongbei-customs", objectEvent("OBSERVE", "holding", null, BRAND_ITEM), List.of(BRAND_ITEM), CUSTOMS));
    refused(POLICY, event("gongbei-customs", objectEvent("OBSERVE", "destroying", "destroyed", BRAND_ITEM),
        List.of(BRAND_ITEM), CUSTOMS));
  }

  @Test
  void recordSignedByACaptureOrgForACaller_isJudgedAsTheCaller() {
    // The capture org may sign for anyone (signs_for ["*"]) but has no right of its own to write EPCIS.
    allowed(POLICY, event("gba-capture", "gongbei-customs", objectEvent("OBSERVE", "inspecting", null, BRAND_ITEM),
        List.of(BRAND_ITEM), CAPTURE));
    String m = refused(POLICY, event("gba-capture", "pearl-river-foods",
        objectEvent("OBSERVE", "destroying", "recalled", BRAND_ITEM), List.of(BRAND_ITEM), CAPTURE));
    assertTrue(m.startsWith("policy rule \"epcis-producer\"") && m.contains("not owned by \"pearl-river-foods\""), m);
  }

  @Test
  void recordSignedForAnotherOrg_byAnOrgThatDoesNotSignForIt_isRefused() {
    String m = refused(POLICY, event("lone-capture", "gongbei-customs", objectEvent("OBSERVE", "inspecting", null, BRAND_ITEM),
        List.of(BRAND_ITEM), LONE_CAPTURE));
    assertTrue(m.startsWith("body.submitted_by: org \"lone-capture\" does not sign for org \"gongbei-customs\""), m);
  }

  @Test
  void epcisRecordWhoseContentIsNotJson_isRefused_sinceWhatItNamesCannotBeJudged() {
    refused(POLICY, event("bay-reefer", "{\"type\":\"ObjectEvent\", not json", List.of(BRAND_ITEM), CARRIER),
        LedgerError.INVALID_FIELD);
  }
}
