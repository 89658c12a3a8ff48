package org.baytrace.tracking.domain.waterbus;

import static org.baytrace.ledger.error.LedgerError.INVALID_FIELD;
import static org.baytrace.ledger.error.LedgerError.NOT_AUTHORISED;
import static org.baytrace.ledger.error.LedgerError.RULE_VIOLATED;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.HOUR;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.OPERATOR;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.ORIGIN;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.OTHER_OPERATOR;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.PARTNER_A;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.PARTNER_B;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.PARTNER_C;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.PORT;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.T0;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.allocation;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.container;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.voyage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.util.List;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.api.waterbus.v1.BookingCancellation;
import org.baytrace.api.waterbus.v1.PortCall;
import org.baytrace.api.waterbus.v1.Service;
import org.baytrace.api.waterbus.v1.Voyage;
import org.baytrace.tracking.domain.common.ContainerNumber;
import org.baytrace.tracking.domain.waterbus.BargeVoyage.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every water-bus rule, good and bad, on a real ledger: each refusal precise and storing nothing. */
class WaterBusRuleTest {
  @TempDir Path dir;
  WaterBusFixture f;

  @BeforeEach
  void open() {
    f = new WaterBusFixture(dir).open();
  }

  @AfterEach
  void close() {
    f.close();
  }

  String v1(int teu, int reefers, org.baytrace.api.waterbus.v1.SlotAllocation... a) {
    return f.publish(voyage("V001", teu, reefers, a).build());
  }

  RecordBody cancel(String author, String voyageUrn, String container, String ref) {
    return WaterBusRecords.cancellation(ORIGIN, author, T0 + HOUR, voyageUrn, container,
        BookingCancellation.newBuilder().setBookingReference(ref).setReason("customer request").build());
  }

  // --- publishing ---

  @Test
  void serviceAndVoyage_arePublished_andVisibleInTheState() {
    String urn = v1(10, 2, allocation(PARTNER_A, 6, 1));
    var v = f.state().voyage(urn).orElseThrow();
    assertEquals(List.of("CNNSA", "CNHUA", "CNFOS", "CNZQG"), WaterBusRule.ports(v));
    assertEquals(3, v.legs());
    assertEquals(6, v.allocations().get(PARTNER_A).teu());
    assertTrue(f.state().indexOf(v.record()).isPresent(), "the voyage names its ledger index");
  }

  @Test
  void content_mustBeTheNamedProtobufMessage() {
    RecordBody good = f.serviceRecord();
    f.refused(good.toBuilder().setContentType("application/json").build(), INVALID_FIELD,
        "body.content_type: got \"application/json\", want \"application/protobuf; proto=baytrace.waterbus.v1.Service\" for kind waterbus.Service");
    f.refused(good.toBuilder().setContent(ByteString.copyFrom(new byte[] {(byte) 0xff, 1})).build(), INVALID_FIELD,
        "body.content: got bytes that are not a baytrace.waterbus.v1.Service");
    // field 99 is not part of Service
    f.refused(good.toBuilder().setContent(good.getContent().concat(ByteString.copyFrom(new byte[] {(byte) 0x98, 6, 1})))
        .build(), INVALID_FIELD,
        "body.content: got unknown field numbers [99], want only the fields of baytrace.waterbus.v1.Service");
    f.refused(good.toBuilder().setKind("waterbus.Sevrice").build(), INVALID_FIELD, "kind: got \"waterbus.Sevrice\"");
  }

  @Test
  void service_badFields_areRefused() {
    Service s = WaterBusFixture.service();
    f.refused(WaterBusRecords.service(ORIGIN, OPERATOR, T0, s.toBuilder().clearPortRotation().addPortRotation("CNNSA")
        .addPortRotation("CNNSA").build()), INVALID_FIELD, "port_rotation[1]: got \"CNNSA\" again, want each port once");
    f.refused(WaterBusRecords.service(ORIGIN, OPERATOR, T0, s.toBuilder().setPortRotation(1, "Huangpu").build()),
        INVALID_FIELD, "port_rotation[1]: got \"Huangpu\", want a UN/LOCODE");
    f.refused(WaterBusRecords.service(ORIGIN, OPERATOR, T0, s.toBuilder().clearPortRotation().addPortRotation("CNNSA")
        .build()), INVALID_FIELD, "port_rotation: got 1 ports, want 2 or more");
    f.refused(f.serviceRecord().toBuilder().setSubjects(0, "urn:baytrace:waterbus:service:pearl-barge:OTHER").build(),
        INVALID_FIELD, "service_code: got \"PRD1\", want \"OTHER\" (the code in subjects[0])");
    f.refused(f.serviceRecord().toBuilder().setSubjects(0, "urn:baytrace:waterbus:voyage:pearl-barge:PRD1").build(),
        INVALID_FIELD, "subjects[0]: got \"urn:baytrace:waterbus:voyage:pearl-barge:PRD1\", want urn:baytrace:waterbus:service:");
  }

  @Test
  void service_byAnotherOperator_isNotAuthorised_andAServiceIsPublishedOnce() {
    RecordBody foreign = WaterBusRecords.service(ORIGIN, OTHER_OPERATOR, T0, WaterBusFixture.service()).toBuilder()
        .setSubjects(0, WaterBusSubjects.serviceUrn(OPERATOR, "PRD1")).build();
    f.refused(foreign, NOT_AUTHORISED, "waterbus.operator-only: org \"west-river-barge\" may not write waterbus.Service for "
        + "urn:baytrace:waterbus:service:pearl-barge:PRD1; only its operator \"pearl-barge\" may");
    f.append(f.serviceRecord());
    f.refused(f.serviceRecord().toBuilder().setNonce(ByteString.copyFromUtf8("again")).build(), RULE_VIOLATED,
        "waterbus.service-once: service urn:baytrace:waterbus:service:pearl-barge:PRD1 is already published");
  }

  @Test
  void voyage_needsItsService_isPublishedOnce_andFollowsTheRotation() {
    f.refused(f.voyageRecord(voyage("V001", 10, 0).build()), RULE_VIOLATED,
        "waterbus.service-known: service urn:baytrace:waterbus:service:pearl-barge:PRD1 is not published");
    f.append(f.serviceRecord());
    f.append(f.voyageRecord(voyage("V001", 10, 0).build()));
    f.refused(f.voyageRecord(voyage("V001", 12, 0).build()), RULE_VIOLATED, "waterbus.voyage-once: voyage "
        + "urn:baytrace:waterbus:voyage:pearl-barge:V001 is already published");
    // Huangpu before Nansha: against the rotation
    Voyage backwards = voyage("V002", 10, 0).clearPortCalls()
        .addPortCalls(PortCall.newBuilder().setPort("CNHUA").setPlannedDepartureUnixMillis(T0 + HOUR))
        .addPortCalls(PortCall.newBuilder().setPort("CNNSA").setPlannedArrivalUnixMillis(T0 + 5 * HOUR)).build();
    f.refused(f.voyageRecord(backwards), RULE_VIOLATED, "waterbus.rotation: port call CNNSA of voyage "
        + "urn:baytrace:waterbus:voyage:pearl-barge:V002 is not on the rotation [CNNSA, CNHUA, CNFOS, CNZQG]");
    Voyage elsewhere = voyage("V003", 10, 0).setPortCalls(1, PortCall.newBuilder().setPort("HKHKG")
        .setPlannedArrivalUnixMillis(T0 + 8 * HOUR).setPlannedDepartureUnixMillis(T0 + 10 * HOUR)).build();
    f.refused(f.voyageRecord(elsewhere), RULE_VIOLATED, "waterbus.rotation: port call HKHKG");
    // skipping Foshan is fine: a subsequence of the rotation
    Voyage skip = voyage("V004", 10, 0).removePortCalls(2).build();
    f.append(f.voyageRecord(skip));
  }

  @Test
  void voyage_badFields_areRefused() {
    f.append(f.serviceRecord());
    f.refused(f.voyageRecord(voyage("V001", 0, 0).build()), INVALID_FIELD, "teu_capacity: got 0, want 1 to 10000");
    f.refused(f.voyageRecord(voyage("V001", 10, 11).build()), INVALID_FIELD, "reefer_plugs: got 11, want 0 to 10");
    f.refused(f.voyageRecord(voyage("V001", 10, 2, allocation(PARTNER_A, 11, 0)).build()), INVALID_FIELD,
        "allocations[0].teu: got 11, want 0 to 10 (teu_capacity)");
    f.refused(f.voyageRecord(voyage("V001", 10, 2, allocation(PARTNER_A, 5, 3)).build()), INVALID_FIELD,
        "allocations[0].reefer_plugs: got 3, want 0 to 2 (reefer_plugs)");
    f.refused(f.voyageRecord(voyage("V001", 10, 2, allocation("ghost-co", 5, 0)).build()), INVALID_FIELD,
        "allocations[0].partner_org: got \"ghost-co\", want an org of the registry");
    f.refused(f.voyageRecord(voyage("V001", 10, 2, allocation(PARTNER_A, 5, 0), allocation(PARTNER_A, 1, 0)).build()),
        INVALID_FIELD, "allocations[1].partner_org: got \"lingnan-logistics\" again");
    Voyage.Builder late = voyage("V001", 10, 0);
    late.setPortCalls(1, late.getPortCalls(1).toBuilder().setPlannedArrivalUnixMillis(T0 + HOUR));
    f.refused(f.voyageRecord(late.build()), INVALID_FIELD, "port_calls[1].planned_arrival_unix_millis: got "
        + (T0 + HOUR) + ", want not before the planned departure from the previous call " + (T0 + 2 * HOUR));
    Voyage.Builder noDeparture = voyage("V001", 10, 0);
    noDeparture.setPortCalls(0, noDeparture.getPortCalls(0).toBuilder().setPlannedDepartureUnixMillis(0));
    f.refused(f.voyageRecord(noDeparture.build()), INVALID_FIELD, "port_calls[0].planned_departure_unix_millis: got 0, want a time");
    f.refused(f.voyageRecord(voyage("V001", 10, 0).build()).toBuilder().clearSubjects().addSubjects(WaterBusSubjects.voyageUrn(OPERATOR, "V001")).build(), INVALID_FIELD,
        "subjects: got 1, want 2: the voyage URN, then the service URN");
    f.refused(f.voyageRecord(voyage("V001", 10, 0).build()).toBuilder()
        .setSubjects(1, WaterBusSubjects.serviceUrn(OTHER_OPERATOR, "PRD1")).build(), INVALID_FIELD,
        "subjects[1]: got \"west-river-barge\", want \"pearl-barge\" (the operator of subjects[0])");
  }

  // --- bookings: boundaries ---

  @Test
  void lastSlot_isBooked_andOneOver_isRefusedNamingLegPartnerAndNumbers() {
    String urn = v1(10, 2, allocation(PARTNER_A, 4, 1));
    f.append(f.booking(PARTNER_A, urn, "A1", container(1), "42G1", "CNNSA", "CNFOS"));
    f.append(f.booking(PARTNER_A, urn, "A2", container(2), "22G1", "CNNSA", "CNFOS"));
    f.append(f.booking(PARTNER_A, urn, "A3", container(3), "22G1", "CNHUA", "CNFOS")); // the last TEU on CNHUA→CNFOS
    f.refused(f.booking(PARTNER_A, urn, "A4", container(4), "22G1", "CNHUA", "CNZQG"), RULE_VIOLATED,
        "waterbus.partner-allocation: leg CNHUA→CNFOS of voyage urn:baytrace:waterbus:voyage:pearl-barge:V001: partner "
            + "\"lingnan-logistics\" has 4 of its 4 TEU booked, container " + container(4) + " (22G1) needs 1 more");
    // after Foshan the partner's slots are free again
    f.append(f.booking(PARTNER_A, urn, "A5", container(5), "45G1", "CNFOS", "CNZQG"));
    var v = f.state().voyage(urn).orElseThrow();
    assertEquals(3, v.partnerUse(PARTNER_A, 0, false));
    assertEquals(4, v.partnerUse(PARTNER_A, 1, false));
    assertEquals(2, v.partnerUse(PARTNER_A, 2, false));
  }

  @Test
  void multiLegBooking_isRefusedOnTheFirstFullLegItCrosses() {
    String urn = v1(2, 0, allocation(PARTNER_A, 2, 0), allocation(PARTNER_B, 2, 0));
    f.append(f.booking(PARTNER_A, urn, "A1", container(1), "22G1", "CNNSA", "CNHUA"));
    f.append(f.booking(PARTNER_B, urn, "B1", container(2), "22G1", "CNHUA", "CNZQG"));
    f.append(f.booking(PARTNER_B, urn, "B2", container(3), "22G1", "CNNSA", "CNHUA")); // leg 0 is now full
    f.append(f.booking(PARTNER_A, urn, "A2", container(4), "22G1", "CNFOS", "CNZQG")); // leg 2 is now full
    // leg 1 (CNHUA→CNFOS) has one TEU left, but the booking also crosses the full leg 2
    f.refused(f.booking(PARTNER_A, urn, "A3", container(5), "22G1", "CNHUA", "CNZQG"), RULE_VIOLATED,
        "waterbus.barge-capacity: leg CNFOS→CNZQG of voyage urn:baytrace:waterbus:voyage:pearl-barge:V001: the barge has 2 "
            + "of its 2 TEU booked, container " + container(5) + " of partner \"lingnan-logistics\" needs 1 more");
    f.append(f.booking(PARTNER_A, urn, "A4", container(6), "22G1", "CNHUA", "CNFOS"));
  }

  @Test
  void bargeCapacity_boundsPartnersWhoseAllocationsOverlap() {
    String urn = v1(4, 0, allocation(PARTNER_A, 3, 0), allocation(PARTNER_B, 3, 0));
    f.append(f.booking(PARTNER_A, urn, "A1", container(1), "42G1", "CNNSA", "CNZQG"));
    f.append(f.booking(PARTNER_B, urn, "B1", container(2), "22G1", "CNNSA", "CNZQG"));
    // within the partner's 3 TEU, beyond the barge's 4
    f.refused(f.booking(PARTNER_B, urn, "B2", container(3), "42G1", "CNNSA", "CNHUA"), RULE_VIOLATED,
        "waterbus.barge-capacity: leg CNNSA→CNHUA", "the barge has 3 of its 4 TEU booked", "of partner \"bay-fresh-carriers\" needs 2 more");
    f.append(f.booking(PARTNER_B, urn, "B3", container(4), "22G1", "CNNSA", "CNZQG")); // the barge's last TEU
    f.refused(f.booking(PARTNER_B, urn, "B4", container(6), "42G1", "CNNSA", "CNHUA"), RULE_VIOLATED,
        "waterbus.partner-allocation: leg CNNSA→CNHUA", "partner \"bay-fresh-carriers\" has 2 of its 3 TEU booked", "needs 2 more");
    f.refused(f.booking(PARTNER_A, urn, "A2", container(5), "22G1", "CNNSA", "CNHUA"), RULE_VIOLATED,
        "waterbus.barge-capacity: leg CNNSA→CNHUA", "the barge has 4 of its 4 TEU booked",
        "of partner \"lingnan-logistics\" needs 1 more");
  }

  @Test
  void reefers_needPlugs_ofThePartnerAndTheBarge() {
    String urn = v1(10, 1, allocation(PARTNER_A, 5, 1), allocation(PARTNER_B, 5, 1));
    f.append(f.booking(PARTNER_A, urn, "A1", container(1), "45R1", "CNNSA", "CNHUA"));
    f.refused(f.booking(PARTNER_A, urn, "A2", container(2), "22R1", "CNNSA", "CNHUA"), RULE_VIOLATED,
        "waterbus.partner-allocation: leg CNNSA→CNHUA", "has 1 of its 1 reefer plugs booked, reefer container "
            + container(2) + " needs 1 more");
    f.refused(f.booking(PARTNER_B, urn, "B1", container(3), "22R1", "CNNSA", "CNZQG"), RULE_VIOLATED,
        "waterbus.barge-capacity: leg CNNSA→CNHUA", "the barge has 1 of its 1 reefer plugs booked");
    f.append(f.booking(PARTNER_B, urn, "B2", container(4), "22R1", "CNHUA", "CNZQG"));
    f.append(f.booking(PARTNER_A, urn, "A3", container(5), "22G1", "CNNSA", "CNHUA")); // dry boxes need no plug
  }

  @Test
  void cancellation_freesTheSlots_andOnlyThePartnerOrOperatorMayCancel() {
    String urn = v1(1, 0, allocation(PARTNER_A, 1, 0), allocation(PARTNER_B, 1, 0));
    f.append(f.booking(PARTNER_A, urn, "A1", container(1), "22G1", "CNNSA", "CNZQG"));
    f.refused(f.booking(PARTNER_B, urn, "B1", container(2), "22G1", "CNHUA", "CNFOS"), RULE_VIOLATED,
        "waterbus.barge-capacity: leg CNHUA→CNFOS");
    f.refused(cancel(PARTNER_B, urn, container(1), "A1"), NOT_AUTHORISED, "waterbus.cancel-own: org \"bay-fresh-carriers\" "
        + "may not cancel booking \"A1\" of partner \"lingnan-logistics\"");
    f.refused(cancel(PARTNER_A, urn, container(2), "A1"), RULE_VIOLATED, "waterbus.booking-known: voyage "
        + urn + " has no booking \"A1\" for container " + container(2));
    f.append(cancel(PARTNER_A, urn, container(1), "A1"));
    f.refused(cancel(OPERATOR, urn, container(1), "A1"), RULE_VIOLATED, "is CANCELLED, want BOOKED to cancel it");
    f.append(f.booking(PARTNER_B, urn, "B1", container(2), "22G1", "CNHUA", "CNFOS"));
    assertEquals(Status.CANCELLED, f.state().voyage(urn).orElseThrow().booking("A1").orElseThrow().status());
    // a cancelled container may be booked again, under a new reference
    f.refused(f.booking(PARTNER_A, urn, "A1", container(1), "22G1", "CNNSA", "CNHUA"), RULE_VIOLATED,
        "waterbus.booking-reference: booking \"A1\" already exists");
    f.append(f.booking(PARTNER_A, urn, "A1-R", container(1), "22G1", "CNNSA", "CNHUA"));
  }

  @Test
  void booking_refusals() {
    String urn = v1(10, 0, allocation(PARTNER_A, 5, 0));
    f.refused(f.booking(PARTNER_C, urn, "C1", container(1), "22G1", "CNNSA", "CNHUA"), RULE_VIOLATED,
        "waterbus.partner-allocation: partner \"no-allocation-co\" holds no slot allocation on voyage " + urn);
    f.refused(f.booking(PARTNER_A, urn, "A1", "BTRU0000010", "22G1", "CNNSA", "CNHUA"), INVALID_FIELD,
        "container_number: got \"BTRU0000010\", want an ISO 6346 container number (check digit 0, want "
            + ContainerNumber.checkDigit("BTRU000001") + ")");
    f.refused(f.booking(PARTNER_A, urn, "A1", container(1), "32G1", "CNNSA", "CNHUA"), INVALID_FIELD,
        "size_type: got \"32G1\", want an ISO 6346 size-type code");
    f.refused(f.booking(PARTNER_A, urn, "A1", container(1), "22G1", "CNHUA", "CNNSA"), RULE_VIOLATED,
        "waterbus.port-on-rotation: discharge_port CNNSA is not after load_port CNHUA");
    f.refused(f.booking(PARTNER_A, urn, "A1", container(1), "22G1", "CNNSA", "HKHKG"), RULE_VIOLATED,
        "waterbus.port-on-rotation: discharge_port HKHKG is not a port call of voyage " + urn
            + " (calls [CNNSA, CNHUA, CNFOS, CNZQG])");
    f.refused(f.booking(PARTNER_A, WaterBusSubjects.voyageUrn(OPERATOR, "V999"), "A1", container(1), "22G1", "CNNSA",
        "CNHUA"), RULE_VIOLATED, "waterbus.voyage-known: voyage urn:baytrace:waterbus:voyage:pearl-barge:V999 is not published");
    f.refused(f.booking(PARTNER_A, urn, "A1", container(1), "22G1", "CNNSA", "CNHUA").toBuilder()
        .setSubjects(1, ContainerNumber.URN_PREFIX + container(2)).build(), INVALID_FIELD,
        "subjects[1]: got \"urn:baytrace:container:" + container(2) + "\", want \"urn:baytrace:container:" + container(1) + "\"");
    f.append(f.booking(PARTNER_A, urn, "A1", container(1), "22G1", "CNNSA", "CNHUA"));
    f.refused(f.booking(PARTNER_A, urn, "A2", container(1), "22G1", "CNFOS", "CNZQG"), RULE_VIOLATED,
        "waterbus.container-booked: container " + container(1) + " is already booked on voyage " + urn + " (booking \"A1\", BOOKED)");
    f.append(f.portCall("V001", "CNNSA", "DEPA", "ACT", T0 + 3 * HOUR));
    f.refused(f.booking(PARTNER_A, urn, "A3", container(3), "22G1", "CNNSA", "CNHUA"), RULE_VIOLATED,
        "waterbus.departed: voyage " + urn + " has departed from CNNSA");
    f.append(f.booking(PARTNER_A, urn, "A4", container(4), "22G1", "CNHUA", "CNZQG"));
  }

  // --- schedule events ---

  @Test
  void portCallEvents_byTheOperator_atItsPorts_EstOrAct() {
    String urn = v1(10, 0);
    f.append(f.portCall("V001", "CNHUA", "ARRI", "EST", T0 + 9 * HOUR));
    f.append(f.portCall("V001", "CNHUA", "ARRI", "ACT", T0 + 10 * HOUR));
    var v = f.state().voyage(urn).orElseThrow();
    assertEquals(T0 + 10 * HOUR, v.latest(1, "ARRI", "ACT").orElseThrow().time());
    f.refused(f.portCall("V001", "CNHUA", "ARRI", "PLN", T0), INVALID_FIELD, "event_classifier: got \"PLN\", want \"EST\" or \"ACT\"");
    f.refused(f.portCall("V001", "CNHUA", "ARRV", "ACT", T0), INVALID_FIELD, "event_type: got \"ARRV\", want one of [ARRI, DEPA]");
    f.refused(f.portCall("V001", "HKHKG", "ARRI", "ACT", T0), RULE_VIOLATED, "waterbus.port-on-rotation: port HKHKG");
    RecordBody foreign = f.portCall("V001", "CNHUA", "DEPA", "ACT", T0 + 11 * HOUR).toBuilder().setAuthorOrg(PARTNER_A).build();
    f.refused(foreign, NOT_AUTHORISED, "waterbus.operator-only: org \"lingnan-logistics\" may not write waterbus.PortCallEvent");
  }

  // --- load and discharge ---

  @Test
  void loadAndDischarge_followTheBooking() {
    String urn = v1(10, 0, allocation(PARTNER_A, 5, 0));
    String c = container(1);
    f.refused(f.equipment(OPERATOR, urn, c, "LOAD", "CNNSA", T0 + HOUR), RULE_VIOLATED,
        "waterbus.load-needs-booking: container " + c + " has no booking on voyage " + urn + "; LOAD at CNNSA refused");
    f.append(f.booking(PARTNER_A, urn, "A1", c, "22G1", "CNNSA", "CNFOS"));
    f.refused(f.equipment(OPERATOR, urn, c, "LOAD", "HKHKG", T0 + HOUR), RULE_VIOLATED,
        "waterbus.port-on-rotation: port HKHKG is not a port call of voyage " + urn);
    f.refused(f.equipment(OPERATOR, urn, c, "LOAD", "CNHUA", T0 + HOUR), RULE_VIOLATED,
        "is booked to load at CNNSA on voyage " + urn + ", not at CNHUA");
    f.refused(f.equipment(OPERATOR, urn, c, "DISC", "CNFOS", T0 + HOUR), RULE_VIOLATED,
        "waterbus.discharge-needs-load: container " + c + " is not on board voyage " + urn + " (booking \"A1\" is BOOKED)");
    f.refused(f.equipment(PARTNER_A, urn, c, "LOAD", "CNNSA", T0 + HOUR), NOT_AUTHORISED,
        "waterbus.equipment-author: org \"lingnan-logistics\" may not record LOAD");
    f.append(f.equipment(PORT, urn, c, "LOAD", "CNNSA", T0 + HOUR)); // the terminal may record it
    f.refused(f.equipment(OPERATOR, urn, c, "LOAD", "CNNSA", T0 + HOUR + 1), RULE_VIOLATED, "is already LOADED");
    f.refused(cancel(PARTNER_A, urn, c, "A1"), RULE_VIOLATED, "is LOADED, want BOOKED to cancel it");
    f.refused(f.equipment(OPERATOR, urn, c, "DISC", "CNHUA", T0 + 9 * HOUR), RULE_VIOLATED,
        "is booked to discharge at CNFOS on voyage " + urn + ", not at CNHUA");
    f.append(f.equipment(OPERATOR, urn, c, "DISC", "CNFOS", T0 + 17 * HOUR));
    assertEquals(Status.DISCHARGED, f.state().voyage(urn).orElseThrow().booking("A1").orElseThrow().status());
    assertEquals(T0 + 17 * HOUR, f.state().discharged(c, "CNFOS").getAsLong());
    f.refused(f.equipment(OPERATOR, urn, c, "LOAD", "CNNSA", T0 + 20 * HOUR), RULE_VIOLATED, "is already DISCHARGED");
  }

  // --- groups, batches, replay ---

  @Test
  void groupsInOneBatch_seeEachOther_andARefusedGroupStagesNothing() {
    String urn = v1(2, 0, allocation(PARTNER_A, 2, 0));
    var out = f.ledger.appendGroups(List.of(
        List.of(check(f.booking(PARTNER_A, urn, "A1", container(1), "22G1", "CNNSA", "CNZQG"))),
        List.of(check(f.booking(PARTNER_A, urn, "A2", container(2), "22G1", "CNNSA", "CNHUA")),
            check(f.booking(PARTNER_A, urn, "A3", container(3), "22G1", "CNNSA", "CNHUA"))), // one too many together
        List.of(check(f.booking(PARTNER_A, urn, "A4", container(4), "22G1", "CNHUA", "CNZQG")))), T0);
    assertEquals(null, out.get(0).refusal());
    assertEquals(RULE_VIOLATED, out.get(1).refusal().error());
    assertTrue(out.get(1).refusal().getMessage().contains("has 2 of its 2 TEU booked, container " + container(3)),
        out.get(1).refusal().getMessage());
    assertEquals(null, out.get(2).refusal(), "the refused group's first booking did not take the slot");
    var v = f.state().voyage(urn).orElseThrow();
    assertEquals(List.of("A1", "A4"), v.bookings().stream().map(BargeVoyage.Booking::reference).toList());
  }

  private org.baytrace.ledger.record.ParsedRecord check(RecordBody body) {
    return f.ledger.check(f.sign(body));
  }

  @Test
  void reopening_replaysTheLog_toTheSameStateAndVerdicts() {
    String urn = v1(2, 0, allocation(PARTNER_A, 2, 0));
    f.append(f.booking(PARTNER_A, urn, "A1", container(1), "42G1", "CNNSA", "CNHUA"));
    f.append(f.equipment(OPERATOR, urn, container(1), "LOAD", "CNNSA", T0 + HOUR));
    long size = f.ledger.head().size();
    f.close();
    f.open();
    var v = f.state().voyage(urn).orElseThrow();
    assertEquals(Status.LOADED, v.booking("A1").orElseThrow().status());
    assertEquals(size - 1, f.state().indexOf(v.equipmentEvents().get(0).record()).getAsLong());
    f.refused(f.booking(PARTNER_A, urn, "A2", container(2), "22G1", "CNNSA", "CNHUA"), RULE_VIOLATED, "has 2 of its 2 TEU booked");
  }

  @Test
  void otherKinds_passUntouched() {
    RecordBody epcis = f.serviceRecord().toBuilder().setKind("epcis.ObjectEvent").setContentType("application/json")
        .setContent(ByteString.copyFromUtf8("{}")).build();
    f.append(epcis);
  }
}
