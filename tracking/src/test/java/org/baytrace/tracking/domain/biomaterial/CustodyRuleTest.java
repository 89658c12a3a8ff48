package org.baytrace.tracking.domain.biomaterial;

import static org.baytrace.tracking.domain.biomaterial.BioFixture.HOUR;
import static org.baytrace.tracking.domain.biomaterial.BioFixture.SSCC;
import static org.baytrace.tracking.domain.biomaterial.BioFixture.T0;
import static org.baytrace.tracking.domain.biomaterial.BioFixture.URN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.baytrace.api.biomaterial.v1.Category;
import org.baytrace.api.biomaterial.v1.TemperatureClass;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.record.ParsedRecord;
import org.baytrace.ledger.record.RecordLimits;
import org.baytrace.ledger.record.Records;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every custody rule, each refusal with its error and message and with the ledger unchanged. */
class CustodyRuleTest {
  @TempDir Path dir;
  BioFixture f;

  @BeforeEach
  void setUp() {
    f = new BioFixture(dir);
  }

  void refused(Ledger ledger, byte[] record, LedgerError error, String message) {
    long size = ledger.head().size();
    int history = ledger.subjectHistory(SSCC, 0, 100).size();
    LedgerException e = assertThrows(LedgerException.class, () -> ledger.append(record));
    assertEquals(error, e.error(), e.getMessage());
    assertEquals(message, e.getMessage());
    assertEquals(size, ledger.head().size(), "nothing stored");
    assertEquals(history, ledger.subjectHistory(SSCC, 0, 100).size(), "no chain link");
  }

  byte[] declare() {
    return BioFixture.sign(f.shipment(SSCC, Category.UN3373_CATEGORY_B, TemperatureClass.REFRIGERATED, ""), f.lab);
  }

  @Test
  void dualSignedHandOvers_passCustodyAlongTheChain() {
    try (Ledger ledger = f.open()) {
      ledger.append(declare());
      ledger.append(BioFixture.sign(f.handOver(SSCC, "gz-lab", "baiyun-courier", T0 + HOUR), f.lab, f.courier));
      // the receiver may be the author and sign first
      ledger.append(BioFixture.sign(f.handOver(SSCC, "baiyun-courier", "hk-lab", T0 + 5 * HOUR).setAuthorOrg("hk-lab"),
          f.hkLab, f.courier));
      CustodyState.Custody c = stateOf().custody(SSCC).orElseThrow();
      assertEquals(List.of("gz-lab", "baiyun-courier", "hk-lab"), c.holdings().stream().map(CustodyState.Holding::org).toList());
      assertEquals(List.of("hk-lab", "baiyun-courier"), c.current().signedBy());
      assertEquals(T0 + 5 * HOUR, c.current().sinceMillis());
    }
  }

  CustodyState stateOf() {
    return ((CustodyRule) f.feature.applyRules().get(0)).state();
  }

  @Test
  void handOverWithOneSignature_isRefused() {
    try (Ledger ledger = f.open()) {
      ledger.append(declare());
      refused(ledger, BioFixture.sign(f.handOver(SSCC, "gz-lab", "baiyun-courier", T0 + HOUR), f.lab),
          LedgerError.RULE_VIOLATED, "biomaterial.handover.dual_signature: got 1 signature (by [gz-lab]), want two: "
              + "one by sender \"gz-lab\" and one by receiver \"baiyun-courier\"");
    }
  }

  @Test
  void handOverSignedByTheWrongParties_isRefused() {
    try (Ledger ledger = f.open()) {
      ledger.append(declare());
      refused(ledger, BioFixture.sign(f.handOver(SSCC, "gz-lab", "baiyun-courier", T0 + HOUR), f.lab, f.stranger),
          LedgerError.NOT_AUTHORISED, "biomaterial.handover.dual_signature: signed by orgs [gz-lab, stranger], want "
              + "one by sender \"gz-lab\" and one by receiver \"baiyun-courier\"");
      refused(ledger, BioFixture.sign(f.handOver(SSCC, "gz-lab", "baiyun-courier", T0 + HOUR), f.lab, f.lab2),
          LedgerError.NOT_AUTHORISED, "biomaterial.handover.dual_signature: signed by orgs [gz-lab, gz-lab], want "
              + "one by sender \"gz-lab\" and one by receiver \"baiyun-courier\"");
      refused(ledger, BioFixture.sign(f.handOver(SSCC, "gz-lab", "baiyun-courier", T0 + HOUR), f.lab, f.courier, f.stranger),
          LedgerError.NOT_AUTHORISED, "biomaterial.handover.dual_signature: got 3 signatures (orgs [gz-lab, "
              + "baiyun-courier, stranger]), want exactly two: one by sender \"gz-lab\" and one by receiver \"baiyun-courier\"");
    }
  }

  @Test
  void handOverFromSomeoneWhoIsNotTheHolder_isRefused() {
    try (Ledger ledger = f.open()) {
      ledger.append(declare());
      refused(ledger, BioFixture.sign(f.handOver(SSCC, "baiyun-courier", "hk-lab", T0 + HOUR), f.courier, f.hkLab),
          LedgerError.RULE_VIOLATED, "biomaterial.handover.holder: from_org: got \"baiyun-courier\", want the current "
              + "holder \"gz-lab\" (since index 0)");
    }
  }

  @Test
  void handOverOfAnUndeclaredShipment_orDatedBeforeTheHolding_isRefused() {
    try (Ledger ledger = f.open()) {
      refused(ledger, BioFixture.sign(f.handOver(SSCC, "gz-lab", "baiyun-courier", T0 + HOUR), f.lab, f.courier),
          LedgerError.RULE_VIOLATED, "biomaterial.handover.declared: " + SSCC + " has no biomaterial.Shipment record; "
              + "declare the shipment before handing it over");
      ledger.append(declare());
      refused(ledger, BioFixture.sign(f.handOver(SSCC, "gz-lab", "baiyun-courier", T0 - 1), f.lab, f.courier),
          LedgerError.RULE_VIOLATED, "biomaterial.handover.time: body.event_time_unix_millis: got " + (T0 - 1)
              + ", want at or after " + T0 + " when \"gz-lab\" took custody");
      // exactly at the start of the holding is fine
      ledger.append(BioFixture.sign(f.handOver(SSCC, "gz-lab", "baiyun-courier", T0), f.lab, f.courier));
    }
  }

  @Test
  void shipmentDeclaredTwice_isRefused() {
    try (Ledger ledger = f.open()) {
      ledger.append(declare());
      refused(ledger, declare(), LedgerError.RULE_VIOLATED, "biomaterial.shipment.once: " + SSCC
          + " was already declared at index 0; a shipment is declared once");
    }
  }

  @Test
  void staticRules_categoryTemperatureClassPermitSubjectAndParties() {
    try (Ledger ledger = f.open()) {
      LedgerError bad = LedgerError.INVALID_FIELD;
      refused(ledger, BioFixture.sign(f.shipment(SSCC, Category.UN2814_CATEGORY_A, TemperatureClass.DRY_ICE, ""), f.lab),
          bad, "permit_reference: got \"\", want a permit reference: UN2814_CATEGORY_A (Category A) is shipped only under a permit");
      refused(ledger, BioFixture.sign(f.shipment(SSCC, Category.UN2900_CATEGORY_A, TemperatureClass.DRY_ICE, ""), f.lab),
          bad, "permit_reference: got \"\", want a permit reference: UN2900_CATEGORY_A (Category A) is shipped only under a permit");
      refused(ledger, BioFixture.sign(f.shipment(SSCC, Category.CATEGORY_UNSPECIFIED, TemperatureClass.DRY_ICE, ""), f.lab),
          bad, "category: got CATEGORY_UNSPECIFIED, want UN3373_CATEGORY_B, UN2814_CATEGORY_A, UN2900_CATEGORY_A or EXEMPT");
      refused(ledger, BioFixture.sign(f.shipment(SSCC, Category.EXEMPT, TemperatureClass.TEMPERATURE_CLASS_UNSPECIFIED, ""),
          f.lab), bad, "temperature_class: got TEMPERATURE_CLASS_UNSPECIFIED, want AMBIENT, REFRIGERATED, FROZEN, DRY_ICE or CRYOGENIC");
      refused(ledger, BioFixture.sign(f.shipment("https://id.gs1.org/01/09506000134352/10/L1", Category.EXEMPT,
          TemperatureClass.AMBIENT, ""), f.lab), bad, "body.subjects[0]: got \"https://id.gs1.org/01/09506000134352/10/L1\", "
              + "want an SSCC Digital Link https://id.gs1.org/00/{sscc} (a biomaterial shipment is https://id.gs1.org/00/{sscc} "
              + "or urn:baytrace:biomaterial:shipment:{lab-org-id}:{id})");
      refused(ledger, BioFixture.sign(f.shipment(SSCC, Category.EXEMPT, TemperatureClass.AMBIENT, "").addSubjects(URN), f.lab),
          bad, "body.subjects: got 2 subjects, want exactly one: the shipment");
      ledger.append(BioFixture.sign(f.shipment(SSCC, Category.UN2814_CATEGORY_A, TemperatureClass.DRY_ICE,
          "GD-HEALTH-2026-0042"), f.lab));
      ledger.append(BioFixture.sign(f.shipment(URN, Category.EXEMPT, TemperatureClass.AMBIENT, ""), f.lab));
      refused(ledger, BioFixture.sign(f.handOver(SSCC, "gz-lab", "gz-lab", T0 + HOUR), f.lab, f.lab2), bad,
          "to_org: got \"gz-lab\", want another org than from_org");
      refused(ledger, BioFixture.sign(f.handOver(SSCC, "gz-lab", "baiyun-courier", T0 + HOUR).setAuthorOrg("stranger"),
          f.stranger, f.lab, f.courier), bad, "body.author_org: got \"stranger\", want the sender \"gz-lab\" or the receiver "
              + "\"baiyun-courier\"");
    }
  }

  @Test
  void twoHandOversByOneHolderInOneBatch_theSecondIsRefused() {
    try (Ledger ledger = f.open()) {
      ledger.append(declare());
      List<Ledger.GroupOutcome> out = ledger.appendGroups(List.of(
          List.of(parse(BioFixture.sign(f.handOver(SSCC, "gz-lab", "baiyun-courier", T0 + HOUR), f.lab, f.courier))),
          List.of(parse(BioFixture.sign(f.handOver(SSCC, "gz-lab", "hk-lab", T0 + HOUR), f.lab, f.hkLab)))), T0 + 2 * HOUR);
      assertNull(out.get(0).refusal());
      assertEquals("biomaterial.handover.holder: from_org: got \"gz-lab\", want the current holder \"baiyun-courier\" "
          + "(since earlier in this batch)", out.get(1).refusal().getMessage());
      assertEquals(2, ledger.head().size());
    }
  }

  ParsedRecord parse(byte[] signed) {
    return Records.parse(signed, RecordLimits.DEFAULT);
  }

  @Test
  void custody_isReplayedFromTheStoredLog_afterARestart() {
    try (Ledger ledger = f.open()) {
      ledger.append(declare());
      ledger.append(BioFixture.sign(f.handOver(SSCC, "gz-lab", "baiyun-courier", T0 + HOUR), f.lab, f.courier));
    }
    try (Ledger ledger = f.open()) {
      assertEquals("baiyun-courier", stateOf().holder(SSCC).orElseThrow().org());
      refused(ledger, BioFixture.sign(f.handOver(SSCC, "gz-lab", "hk-lab", T0 + 2 * HOUR), f.lab, f.hkLab),
          LedgerError.RULE_VIOLATED, "biomaterial.handover.holder: from_org: got \"gz-lab\", want the current holder "
              + "\"baiyun-courier\" (since index 1)");
    }
  }
}
