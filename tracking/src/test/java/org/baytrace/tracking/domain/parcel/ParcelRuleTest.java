package org.baytrace.tracking.domain.parcel;

import static org.baytrace.ledger.error.LedgerError.INVALID_FIELD;
import static org.baytrace.ledger.error.LedgerError.NOT_AUTHORISED;
import static org.baytrace.ledger.error.LedgerError.RULE_VIOLATED;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.CUSTOMS;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.HOUR;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.ORIGIN;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.PARTNER_A;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.PARTNER_B;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.api.parcel.v1.ClearanceMode;
import org.baytrace.api.parcel.v1.Declared;
import org.baytrace.api.parcel.v1.Delivered;
import org.baytrace.api.parcel.v1.DeliveryMethod;
import org.baytrace.api.parcel.v1.Held;
import org.baytrace.api.parcel.v1.HoldReason;
import org.baytrace.api.parcel.v1.Inspected;
import org.baytrace.api.parcel.v1.InspectionMethod;
import org.baytrace.api.parcel.v1.InspectionOutcome;
import org.baytrace.api.parcel.v1.Released;
import org.baytrace.api.parcel.v1.ReturnReason;
import org.baytrace.api.parcel.v1.Returned;
import org.baytrace.tracking.domain.waterbus.WaterBusFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every parcel rule, good and bad: each refusal names its rule and stores nothing. */
class ParcelRuleTest {
  static final String COURIER = PARTNER_A; // a carrier
  static final String SELLER = "durian-importer"; // a producer: the e-commerce enterprise
  static final String OTHER_OFFICE = "gongbei-customs";
  static String parcel;
  static String other;

  @TempDir Path dir;
  WaterBusFixture f;
  ParcelRule rule;

  @BeforeAll
  static void subjects() {
    parcel = ParcelSubject.of(ORIGIN, "SF1234567890", "7KQ2M-X9D4T");
    other = ParcelSubject.of(ORIGIN, "SF1234567891", "7KQ2M-X9D4T");
  }

  @BeforeEach
  void open() {
    f = new WaterBusFixture(dir);
    rule = new ParcelRule(f.registry);
    f.open(rule);
  }

  @AfterEach
  void close() {
    f.close();
  }

  static Declared.Builder declared() {
    return Declared.newBuilder().setMode(ClearanceMode.MODE_9610).setCustomsOffice(CUSTOMS).setPort("CNNSA")
        .addHsCodes("330499").setItemCount(2);
  }

  static RecordBody rec(String author, String subject, long time, Message m) {
    return ParcelRecords.body(ORIGIN, author, subject, time, m);
  }

  static Inspected inspected(InspectionOutcome o) {
    return Inspected.newBuilder().setMethod(InspectionMethod.X_RAY).setOutcome(o).build();
  }

  static final Released RELEASED = Released.getDefaultInstance();
  static final Delivered DELIVERED = Delivered.newBuilder().setMethod(DeliveryMethod.PARCEL_LOCKER).build();

  @Test
  void parcelJourney_declaredInspectedHeldReleasedDelivered_isRecordedInOrder_withWhoRecordedEach() {
    f.append(rec(COURIER, parcel, T0, declared().build()));
    f.append(rec(CUSTOMS, parcel, T0 + HOUR, inspected(InspectionOutcome.COMPLIANT)));
    f.append(rec(CUSTOMS, parcel, T0 + 2 * HOUR, Held.newBuilder().setReason(HoldReason.DUTIES_UNPAID).build()));
    f.append(rec(CUSTOMS, parcel, T0 + 3 * HOUR, RELEASED));
    f.append(rec(PARTNER_B, parcel, T0 + 20 * HOUR, DELIVERED));
    Parcel p = rule.state().parcel(parcel).orElseThrow();
    assertEquals(List.of("declared", "inspected", "held", "released", "delivered"),
        p.stages().stream().map(Parcel.Stage::status).toList());
    assertEquals(List.of(COURIER, CUSTOMS, CUSTOMS, CUSTOMS, PARTNER_B), p.stages().stream().map(Parcel.Stage::author).toList());
    assertEquals("X_RAY COMPLIANT", p.first("Inspected").orElseThrow().detail());
    assertEquals(T0 + 3 * HOUR, p.first("Released").orElseThrow().time());
    assertEquals("delivered", p.last().status());
    assertEquals(4L, rule.state().indexOf(p.last().record()).orElseThrow());
    assertTrue(rule.state().parcel(other).isEmpty(), "another waybill with the same code is another parcel");
  }

  @Test
  void declaration_byCourierOrSeller_once_andNotByOthers() {
    f.refused(rec("pearl-barge", parcel, T0, declared().build()), NOT_AUTHORISED,
        "parcel.declarant-only: org \"pearl-barge\" is neither a carrier");
    f.refused(rec(CUSTOMS, parcel, T0, declared().build()), NOT_AUTHORISED, "parcel.declarant-only: org \"nansha-customs\" is neither a carrier");
    f.append(rec(SELLER, parcel, T0, declared().build()));
    f.refused(rec(COURIER, parcel, T0 + 1, declared().build()), RULE_VIOLATED,
        "parcel.declaration-once: parcel " + parcel + " is already declared");
  }

  @Test
  void declaration_badFields_areRefused() {
    f.refused(rec(COURIER, parcel, T0, declared().setMode(ClearanceMode.CLEARANCE_MODE_UNSPECIFIED).build()), INVALID_FIELD,
        "mode: got CLEARANCE_MODE_UNSPECIFIED");
    f.refused(rec(COURIER, parcel, T0, declared().setCustomsOffice(COURIER).build()), INVALID_FIELD,
        "customs_office: got \"lingnan-logistics\", want an org of the registry with the customs role");
    f.refused(rec(COURIER, parcel, T0, declared().setPort("Nansha").build()), INVALID_FIELD, "port: got \"Nansha\"");
    f.refused(rec(COURIER, parcel, T0, declared().clearHsCodes().build()), INVALID_FIELD, "hs_codes: got 0 codes");
    f.refused(rec(COURIER, parcel, T0, declared().setItemCount(0).build()), INVALID_FIELD, "item_count: got 0, want 1 to 99");
  }

  @Test
  void personalData_hasNoPlaceInAParcelRecord_andIsRefused() {
    // a phone number where an HS code goes
    f.refused(rec(COURIER, parcel, T0, declared().setHsCodes(0, "13800138000").build()), INVALID_FIELD,
        "hs_codes[0]: got \"13800138000\", want an HS subheading of 6 digits");
    f.refused(rec(COURIER, parcel, T0, declared().setHsCodes(0, "91234567").build()), INVALID_FIELD,
        "hs_codes[0]: got \"91234567\""); // a Hong Kong mobile number has 8 digits
    // a name and address smuggled in as a field the message does not define
    Declared withName = declared().setUnknownFields(UnknownFieldSet.newBuilder().addField(99, UnknownFieldSet.Field
        .newBuilder().addLengthDelimited(ByteString.copyFromUtf8("Chan Tai Man, 1 Nathan Road, Kowloon")).build()).build())
        .build();
    f.refused(rec(COURIER, parcel, T0, withName), INVALID_FIELD, "body.content: got unknown field numbers [99]");
    // the waybill or a name in the nonce
    RecordBody named = rec(COURIER, parcel, T0, declared().build()).toBuilder()
        .setNonce(ByteString.copyFrom("SF1234567890 Chan Tai Man", StandardCharsets.UTF_8)).build();
    f.refused(named, INVALID_FIELD, "nonce: got 25 bytes that are not the derived nonce", "parcel.no-free-bytes");
    // the waybill as a second subject, or as the subject
    f.refused(rec(COURIER, parcel, T0, declared().build()).toBuilder().addSubjects("SF1234567890").build(), INVALID_FIELD,
        "subjects: got 2 subjects, want 1: the parcel subject");
    f.refused(rec(COURIER, "urn:baytrace:parcel:SF1234567890", T0, declared().build()), INVALID_FIELD,
        "subjects[0]: got \"urn:baytrace:parcel:SF1234567890\", want urn:baytrace:parcel:{64 lower-case hex}");
    assertEquals(0, f.ledger.head().size());
  }

  @Test
  void customsStages_onlyByTheOfficeTheParcelIsDeclaredTo() {
    f.refused(rec(CUSTOMS, parcel, T0, RELEASED), RULE_VIOLATED, "parcel.declared-first: parcel " + parcel + " is not declared");
    f.append(rec(COURIER, parcel, T0, declared().build()));
    f.refused(rec(COURIER, parcel, T0 + HOUR, RELEASED), NOT_AUTHORISED, "parcel.customs-only: org \"lingnan-logistics\" has no customs role");
    f.refused(rec(OTHER_OFFICE, parcel, T0 + HOUR, inspected(InspectionOutcome.COMPLIANT)), NOT_AUTHORISED,
        "parcel.office-only: org \"gongbei-customs\" may not write parcel.Inspected for parcel " + parcel
            + "; only the office it is declared to, \"nansha-customs\", may");
  }

  @Test
  void release_afterDeclaration_once_andNeverAfterANonCompliantInspection() {
    f.append(rec(COURIER, parcel, T0, declared().build()));
    f.refused(rec(CUSTOMS, parcel, T0 - 1, RELEASED), RULE_VIOLATED, "parcel.time-order: parcel.Released of parcel "
        + parcel + " at 2026-11-27T23:59:59.999Z is before its Declared at 2026-11-28T00:00:00Z");
    f.append(rec(CUSTOMS, parcel, T0 + HOUR, inspected(InspectionOutcome.NON_COMPLIANT)));
    f.refused(rec(CUSTOMS, parcel, T0 + 2 * HOUR, RELEASED), RULE_VIOLATED,
        "parcel.release-after-inspection: parcel " + parcel + " was found NON_COMPLIANT");
    f.refused(rec(CUSTOMS, parcel, T0 + 2 * HOUR, inspected(InspectionOutcome.COMPLIANT)), RULE_VIOLATED,
        "parcel.stage-once: parcel " + parcel + " already has its Inspected record");
    f.append(rec(COURIER, parcel, T0 + 3 * HOUR, Returned.newBuilder().setReason(ReturnReason.NOT_RELEASED).build()));
    f.refused(rec(COURIER, parcel, T0 + 4 * HOUR, DELIVERED), RULE_VIOLATED, "parcel.final: parcel " + parcel
        + " is already returned; nothing follows");
    assertEquals("returned", rule.state().parcel(parcel).orElseThrow().last().status());
  }

  @Test
  void delivery_afterRelease_byACarrier_andNothingAfterIt() {
    f.append(rec(COURIER, parcel, T0, declared().build()));
    f.refused(rec(COURIER, parcel, T0 + HOUR, DELIVERED), RULE_VIOLATED, "parcel.delivery-after-release: parcel " + parcel
        + " is not released by customs");
    f.append(rec(CUSTOMS, parcel, T0 + HOUR, RELEASED));
    f.refused(rec(CUSTOMS, parcel, T0 + 2 * HOUR, RELEASED), RULE_VIOLATED, "parcel.stage-once");
    f.refused(rec(CUSTOMS, parcel, T0 + 2 * HOUR, Held.newBuilder().setReason(HoldReason.DOCUMENTS_REQUIRED).build()),
        RULE_VIOLATED, "parcel.before-release: parcel " + parcel + " is already released");
    f.refused(rec(SELLER, parcel, T0 + 2 * HOUR, DELIVERED), NOT_AUTHORISED, "parcel.carrier-only: org \"durian-importer\""
        + " has no carrier role");
    f.append(rec(COURIER, parcel, T0 + 5 * HOUR, DELIVERED));
    f.refused(rec(COURIER, parcel, T0 + 6 * HOUR, Returned.newBuilder().setReason(ReturnReason.REFUSED_BY_RECIPIENT)
        .build()), RULE_VIOLATED, "parcel.final: parcel " + parcel + " is already delivered");
  }
}
