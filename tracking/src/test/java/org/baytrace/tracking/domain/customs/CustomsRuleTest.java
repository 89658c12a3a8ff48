package org.baytrace.tracking.domain.customs;

import static org.baytrace.ledger.error.LedgerError.INVALID_FIELD;
import static org.baytrace.ledger.error.LedgerError.NOT_AUTHORISED;
import static org.baytrace.ledger.error.LedgerError.RULE_VIOLATED;
import static org.baytrace.tracking.domain.customs.CustomsFixture.BEEF;
import static org.baytrace.tracking.domain.customs.CustomsFixture.IMPORTER;
import static org.baytrace.tracking.domain.customs.CustomsFixture.declaration;
import static org.baytrace.tracking.domain.customs.CustomsFixture.urn;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.CUSTOMS;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.HOUR;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.PARTNER_A;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.T0;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.container;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.baytrace.api.customs.v1.Arrival;
import org.baytrace.api.customs.v1.DeclarationType;
import org.baytrace.api.customs.v1.DocumentLodgement;
import org.baytrace.api.customs.v1.DutiesPaid;
import org.baytrace.api.customs.v1.Exit;
import org.baytrace.api.customs.v1.InspectionOrdered;
import org.baytrace.api.customs.v1.InspectionOutcome;
import org.baytrace.api.customs.v1.InspectionPerformed;
import org.baytrace.api.customs.v1.InspectionResult;
import org.baytrace.api.customs.v1.Release;
import org.baytrace.api.customs.v1.RiskChannel;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.tracking.domain.waterbus.WaterBusFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every customs rule, good and bad: each refusal names its rule and stores nothing. */
class CustomsRuleTest {
  @TempDir Path dir;
  CustomsFixture c;

  @BeforeEach
  void open() {
    c = new CustomsFixture(dir).open();
  }

  @AfterEach
  void close() {
    c.close();
  }

  static final Release RELEASE = Release.newBuilder().setReference("R-1").build();
  static final Exit EXIT = Exit.newBuilder().setPort("CNNSA").build();

  static InspectionResult result(InspectionOutcome o) {
    return InspectionResult.newBuilder().setOutcome(o).setFindings("seal intact").build();
  }

  @Test
  void fullClearance_withInspection_isRecordedInOrder() {
    String d = c.lodge(T0 + HOUR, declaration("531620261000000001", DeclarationType.IMPORT, container(1)).build());
    c.append(CUSTOMS, d, T0, Arrival.newBuilder().setPort("CNNSA").build());
    c.append(IMPORTER, d, T0 + 2 * HOUR, DocumentLodgement.newBuilder().setDocumentType("phytosanitary-certificate")
        .setReference("TH-PC-2026-0425").build());
    c.append(CUSTOMS, d, T0 + 3 * HOUR, InspectionOrdered.newBuilder().setChannel(RiskChannel.RED).setReason("fruit profile").build());
    c.append(CUSTOMS, d, T0 + 5 * HOUR, InspectionPerformed.newBuilder().setLocation("Nansha inspection site 3").build());
    c.append(CUSTOMS, d, T0 + 6 * HOUR, result(InspectionOutcome.COMPLIANT));
    c.append(CUSTOMS, d, T0 + 6 * HOUR, DutiesPaid.newBuilder().setAmountMinor(123456).setCurrency("CNY").build());
    c.append(CUSTOMS, d, T0 + 7 * HOUR, RELEASE);
    c.append(CUSTOMS, d, T0 + 9 * HOUR, EXIT);
    Clearance cl = c.state().clearance(d).orElseThrow();
    assertEquals(List.of("Declaration", "Arrival", "DocumentLodgement", "InspectionOrdered", "InspectionPerformed",
        "InspectionResult", "DutiesPaid", "Release", "Exit"), cl.stages().stream().map(Clearance.Stage::stage).toList());
    assertEquals("1234.56 CNY", cl.first("DutiesPaid").orElseThrow().detail());
    assertEquals(List.of("urn:baytrace:customs:declaration:nansha-customs:531620261000000001", CustomsFixture.DURIAN,
        "urn:baytrace:container:" + container(1)), c.f.ledger.entry(0) == null ? null
        : org.baytrace.ledger.Ledger.applied(c.f.ledger.entry(0)).record().subjects());
  }

  @Test
  void declaration_badFields_areRefused() {
    var good = declaration("D1", DeclarationType.IMPORT).build();
    c.f.refused(c.declarationRecord(IMPORTER, T0, good).toBuilder().setSubjects(0, urn("D2")).build(), INVALID_FIELD,
        "declaration_number: got \"D1\", want \"D2\" (the number in subjects[0])");
    c.f.refused(c.declarationRecord(IMPORTER, T0, good.toBuilder().setType(DeclarationType.DECLARATION_TYPE_UNSPECIFIED).build()),
        INVALID_FIELD, "type: got DECLARATION_TYPE_UNSPECIFIED, want IMPORT or EXPORT");
    c.f.refused(c.declarationRecord(IMPORTER, T0, good.toBuilder().clearGoods().build()), INVALID_FIELD,
        "goods: got none, want the trace code of at least one declared good");
    c.f.refused(c.declarationRecord(IMPORTER, T0, good.toBuilder().setGoods(0, "urn:epc:id:sgtin:9506000.013435.1").build()),
        INVALID_FIELD, "goods[0]: got \"urn:epc:id:sgtin:9506000.013435.1\", want a GS1 Digital Link in canonical form");
    c.f.refused(c.declarationRecord(IMPORTER, T0, good.toBuilder().setGoods(0, "https://id.gs1.org/01/09506000134353/10/X")
        .build()), INVALID_FIELD, "goods[0]: got \"https://id.gs1.org/01/09506000134353/10/X\", want a GS1 Digital Link (");
    c.f.refused(c.declarationRecord(IMPORTER, T0, good.toBuilder().setDeclarantOrg("ghost").build()), INVALID_FIELD,
        "declarant_org: got \"ghost\", want an org of the registry");
    c.f.refused(c.declarationRecord(IMPORTER, T0, good.toBuilder().setPort("Nansha").build()), INVALID_FIELD,
        "port: got \"Nansha\", want a UN/LOCODE");
    c.f.refused(c.declarationRecord(IMPORTER, T0, good.toBuilder().addContainers("BTRU0000010").build()), INVALID_FIELD,
        "containers[0]: got \"BTRU0000010\", want an ISO 6346 container number");
    c.f.refused(c.declarationRecord(IMPORTER, T0, good.toBuilder().setVoyage("urn:baytrace:waterbus:voyage:X").build()),
        INVALID_FIELD, "voyage: got \"urn:baytrace:waterbus:voyage:X\"");
    RecordBody extraSubject = c.declarationRecord(IMPORTER, T0, good).toBuilder().addSubjects(BEEF).build();
    c.f.refused(extraSubject, INVALID_FIELD, "subjects: got 3 subjects", "want the declaration URN, then each goods trace code");
    RecordBody notAnOffice = org.baytrace.tracking.domain.customs.CustomsRecords.declaration(WaterBusFixture.ORIGIN, IMPORTER,
        WaterBusFixture.OPERATOR, T0, good);
    c.f.refused(notAnOffice, INVALID_FIELD, "subjects[0]: got customs office \"pearl-barge\", want an org of the registry "
        + "with the customs role");
    c.f.refused(c.declarationRecord(IMPORTER, T0, good).toBuilder().setSubjects(0, "urn:baytrace:customs:declaration:x").build(),
        INVALID_FIELD, "subjects[0]: got \"urn:baytrace:customs:declaration:x\", want urn:baytrace:customs:declaration:");
  }

  @Test
  void declaration_byTheDeclarantOrTheOffice_once() {
    var d = declaration("D1", DeclarationType.IMPORT).build();
    c.f.refused(c.declarationRecord(PARTNER_A, T0, d), NOT_AUTHORISED, "customs.declarant-only: org \"lingnan-logistics\" "
        + "may not lodge declaration " + urn("D1") + "; want its declarant \"durian-importer\" or the customs office "
        + "\"nansha-customs\"");
    c.f.append(c.declarationRecord(CUSTOMS, T0, d));
    c.f.refused(c.declarationRecord(IMPORTER, T0 + 1, d), RULE_VIOLATED, "customs.declaration-once: declaration "
        + urn("D1") + " is already lodged");
  }

  @Test
  void documentLodgement_byTheDeclarant_forALodgedDeclaration() {
    DocumentLodgement doc = DocumentLodgement.newBuilder().setDocumentType("commercial-invoice").setReference("INV-1").build();
    c.f.refused(c.stage(IMPORTER, urn("D9"), T0, doc), RULE_VIOLATED, "customs.declaration-known: declaration " + urn("D9")
        + " is not lodged");
    String d = c.lodge(T0, declaration("D1", DeclarationType.IMPORT).build());
    c.f.refused(c.stage("beef-importer", d, T0, doc), NOT_AUTHORISED, "customs.declarant-only: org \"beef-importer\" may not "
        + "write customs.DocumentLodgement");
    c.f.refused(c.stage(IMPORTER, d, T0, doc.toBuilder().setDocumentType("Invoice").build()), INVALID_FIELD,
        "document_type: got \"Invoice\", want 1 to 40 of a-z, 0-9 and -");
    c.append(IMPORTER, d, T0, doc);
    c.append(CUSTOMS, d, T0, doc.toBuilder().setReference("INV-1-corrected").build());
  }

  @Test
  void customsStages_onlyByTheCustomsOfficeOfTheDeclaration() {
    String d = c.lodge(T0, declaration("D1", DeclarationType.IMPORT).build());
    for (var m : List.of(Arrival.newBuilder().setPort("CNNSA").build(), RELEASE, EXIT,
        InspectionOrdered.newBuilder().setChannel(RiskChannel.YELLOW).build(),
        InspectionPerformed.newBuilder().setLocation("x").build(), result(InspectionOutcome.COMPLIANT),
        DutiesPaid.newBuilder().setCurrency("CNY").build())) {
      String kind = "customs." + m.getDescriptorForType().getName();
      c.f.refused(c.stage(IMPORTER, d, T0 + HOUR, m), NOT_AUTHORISED, "customs.customs-only: org \"durian-importer\" has no "
          + "customs role; " + kind + " is written by customs only");
      c.f.refused(c.stage("gongbei-customs", d, T0 + HOUR, m), NOT_AUTHORISED, "customs.office-only: org \"gongbei-customs\" "
          + "may not write " + kind + " for declaration " + d + "; only the office \"nansha-customs\" may");
    }
  }

  @Test
  void stageOrder_andPorts_areEnforced() {
    String d = c.lodge(T0 + HOUR, declaration("D1", DeclarationType.IMPORT).build());
    c.f.refused(c.stage(CUSTOMS, d, T0, Arrival.newBuilder().setPort("CNHUA").build()), RULE_VIOLATED,
        "customs.port: Arrival at CNHUA for declaration " + d + ", which is declared at CNNSA");
    c.append(CUSTOMS, d, T0, Arrival.newBuilder().setPort("CNNSA").build());
    c.f.refused(c.stage(CUSTOMS, d, T0 + 1, Arrival.newBuilder().setPort("CNNSA").build()), RULE_VIOLATED,
        "customs.stage-once: declaration " + d + " already has its Arrival record");
    c.f.refused(c.stage(CUSTOMS, d, T0 + 2 * HOUR, InspectionPerformed.newBuilder().setLocation("x").build()), RULE_VIOLATED,
        "customs.inspection-order: declaration " + d + " has no inspection ordered");
    c.f.refused(c.stage(CUSTOMS, d, T0 + 2 * HOUR, result(InspectionOutcome.COMPLIANT)), RULE_VIOLATED,
        "customs.inspection-order: declaration " + d + " has no inspection performed");
    c.f.refused(c.stage(CUSTOMS, d, T0 + 2 * HOUR, EXIT), RULE_VIOLATED, "customs.exit-after-release: declaration " + d
        + " is not released");
    c.f.refused(c.stage(CUSTOMS, d, T0, InspectionOrdered.newBuilder().setChannel(RiskChannel.RED).build()), RULE_VIOLATED,
        "customs.time-order: customs.InspectionOrdered of declaration " + d + " at 2026-11-28T00:00:00Z is before its "
            + "Declaration at 2026-11-28T01:00:00Z");
    c.f.refused(c.stage(CUSTOMS, d, T0, InspectionOrdered.newBuilder().build()), INVALID_FIELD,
        "channel: got RISK_CHANNEL_UNSPECIFIED, want YELLOW or RED");
    c.append(CUSTOMS, d, T0 + 2 * HOUR, InspectionOrdered.newBuilder().setChannel(RiskChannel.RED).build());
    c.f.refused(c.stage(CUSTOMS, d, T0 + 3 * HOUR, RELEASE), RULE_VIOLATED, "customs.release-after-inspection: declaration "
        + d + " has an inspection ordered and no result");
    c.append(CUSTOMS, d, T0 + 3 * HOUR, InspectionPerformed.newBuilder().setLocation("site 3").build());
    c.f.refused(c.stage(CUSTOMS, d, T0 + 4 * HOUR, InspectionResult.newBuilder().build()), INVALID_FIELD,
        "outcome: got INSPECTION_OUTCOME_UNSPECIFIED, want COMPLIANT or NON_COMPLIANT");
    c.append(CUSTOMS, d, T0 + 4 * HOUR, result(InspectionOutcome.COMPLIANT));
    c.f.refused(c.stage(CUSTOMS, d, T0 + 3 * HOUR, RELEASE), RULE_VIOLATED, "customs.time-order: customs.Release of "
        + "declaration " + d + " at 2026-11-28T03:00:00Z is before its InspectionResult at 2026-11-28T04:00:00Z");
    c.append(CUSTOMS, d, T0 + 5 * HOUR, RELEASE);
    c.f.refused(c.stage(CUSTOMS, d, T0 + 6 * HOUR, RELEASE), RULE_VIOLATED, "customs.stage-once");
    c.f.refused(c.stage(CUSTOMS, d, T0 + 6 * HOUR, InspectionOrdered.newBuilder().setChannel(RiskChannel.RED).build()),
        RULE_VIOLATED, "customs.stage-once");
    c.f.refused(c.stage(CUSTOMS, d, T0 + 4 * HOUR, EXIT), RULE_VIOLATED, "customs.time-order: customs.Exit");
    c.f.refused(c.stage(CUSTOMS, d, T0 + 6 * HOUR, Exit.newBuilder().setPort("HKHKG").build()), RULE_VIOLATED,
        "customs.port: Exit at HKHKG");
    c.append(CUSTOMS, d, T0 + 6 * HOUR, EXIT);
  }

  @Test
  void nonCompliantInspection_blocksRelease_andNoInspectionIsOrderedAfterRelease() {
    String d = c.lodge(T0, declaration("D1", DeclarationType.IMPORT).build());
    c.append(CUSTOMS, d, T0 + HOUR, InspectionOrdered.newBuilder().setChannel(RiskChannel.RED).build());
    c.append(CUSTOMS, d, T0 + 2 * HOUR, InspectionPerformed.newBuilder().setLocation("site 3").build());
    c.append(CUSTOMS, d, T0 + 3 * HOUR, result(InspectionOutcome.NON_COMPLIANT));
    c.f.refused(c.stage(CUSTOMS, d, T0 + 4 * HOUR, RELEASE), RULE_VIOLATED, "customs.release-after-inspection: declaration "
        + d + " was found NON_COMPLIANT");
    String e = c.lodge(T0, declaration("D2", DeclarationType.EXPORT).build());
    c.append(CUSTOMS, e, T0 + HOUR, RELEASE);
    c.f.refused(c.stage(CUSTOMS, e, T0 + 2 * HOUR, InspectionOrdered.newBuilder().setChannel(RiskChannel.YELLOW).build()),
        RULE_VIOLATED, "customs.inspection-order: declaration " + e + " is already released");
    c.f.refused(c.stage(CUSTOMS, e, T0 + 2 * HOUR, DutiesPaid.newBuilder().setAmountMinor(-1).setCurrency("CNY").build()),
        INVALID_FIELD, "amount_minor: got -1, want 0 or more");
    c.f.refused(c.stage(CUSTOMS, e, T0 + 2 * HOUR, DutiesPaid.newBuilder().setCurrency("rmb").build()), INVALID_FIELD,
        "currency: got \"rmb\", want an ISO 4217 code");
  }

  @Test
  void reopening_replaysTheStages() {
    String d = c.lodge(T0, declaration("D1", DeclarationType.EXPORT).build());
    c.append(CUSTOMS, d, T0 + HOUR, RELEASE);
    c.close();
    c.open();
    assertEquals(2, c.state().clearance(d).orElseThrow().stages().size());
    assertEquals(1, c.state().indexOf(c.state().clearance(d).orElseThrow().last("Release").orElseThrow().record()).getAsLong());
    c.f.refused(c.stage(CUSTOMS, d, T0 + 2 * HOUR, RELEASE), RULE_VIOLATED, "customs.stage-once");
  }
}
