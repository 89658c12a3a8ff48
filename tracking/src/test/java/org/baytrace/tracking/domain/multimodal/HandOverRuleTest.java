package org.baytrace.tracking.domain.multimodal;

import static org.baytrace.ledger.error.LedgerError.INVALID_FIELD;
import static org.baytrace.ledger.error.LedgerError.NOT_AUTHORISED;
import static org.baytrace.ledger.error.LedgerError.RULE_VIOLATED;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.HOUR;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.ORIGIN;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.api.multimodal.v1.HandOver;
import org.baytrace.api.multimodal.v1.TransportDocument;
import org.baytrace.api.multimodal.v1.TransportDocumentType;
import org.baytrace.api.multimodal.v1.TransportMeans;
import org.baytrace.api.multimodal.v1.TransportMode;
import org.baytrace.ledger.Appended;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.record.Records;
import org.baytrace.tracking.domain.gs1.CheckDigit;
import org.baytrace.tracking.domain.testing.SnapshotReplay;
import org.baytrace.tracking.domain.testing.SnapshotReplay.Rebuilt;
import org.baytrace.tracking.domain.waterbus.WaterBusFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every hand-over rule, good and bad: a consignment changes mode from the mode it travels in and
 * the party that holds it, signed by both parties; each refusal names its field or rule and
 * stores nothing.
 */
class HandOverRuleTest {
  static final String OCEAN = WaterBusFixture.PARTNER_A; // carrier: the shipping line
  static final String AIRLINE = WaterBusFixture.PARTNER_B; // carrier: the air cargo carrier
  static final String RAIL = WaterBusFixture.PARTNER_C; // carrier: the rail operator
  static final String TERMINAL = WaterBusFixture.PORT; // port: the terminal operator
  static final String AIRPORT = "urn:epc:id:sgln:4890000.00001.0";
  static final String RAIL_TERMINAL = "https://id.gs1.org/414/" + CheckDigit.append("690123400003");
  static final String PALLET = "https://id.gs1.org/00/" + CheckDigit.append("04891234000000001");
  static final String BOX = "urn:baytrace:container:" + WaterBusFixture.container(1);
  static final String BOX2 = "urn:baytrace:container:" + WaterBusFixture.container(2);

  @TempDir Path dir;
  WaterBusFixture f;
  HandOverRule rule;
  int nonce;

  @BeforeEach
  void open() {
    f = new WaterBusFixture(dir);
    rule = new HandOverRule(f.registry);
    f.open(rule);
  }

  @AfterEach
  void close() {
    f.close();
  }

  static TransportMeans vessel() {
    return TransportMeans.newBuilder().setReference("611N").setImoNumber("IMO9321483").setName("Pearl Horizon")
        .setDocument(TransportDocument.newBuilder().setType(TransportDocumentType.BILL_OF_LADING)
            .setNumber("PHLSSZHKG2611042")).build();
  }

  static TransportMeans flight() {
    return TransportMeans.newBuilder().setReference("CX3270").setDocument(TransportDocument.newBuilder()
        .setType(TransportDocumentType.AIR_WAYBILL).setNumber("160-12345675")).build();
  }

  static TransportMeans train() {
    return TransportMeans.newBuilder().setReference("X8017").setDocument(TransportDocument.newBuilder()
        .setType(TransportDocumentType.RAIL_CONSIGNMENT_NOTE).setNumber("NSR2611-0042")).build();
  }

  /** Sea to air at Hong Kong airport, shipping line to air cargo carrier. */
  static HandOver.Builder seaAir() {
    return HandOver.newBuilder().setFromMode(TransportMode.MARITIME).setToMode(TransportMode.AIR).setPlace(AIRPORT)
        .setFromParty(OCEAN).setToParty(AIRLINE).setFromMeans(vessel()).setToMeans(flight());
  }

  RecordBody rec(String author, long time, HandOver h, String... subjects) {
    return MultimodalRecords.handOver(ORIGIN, author, List.of(subjects), time, "h" + (++nonce), h);
  }

  byte[] signed(RecordBody b, String... signers) {
    return Records.sign(b.toByteArray(), Arrays.stream(signers).map(f.keys::get).toArray(org.baytrace.ledger.crypto.SigningKey[]::new));
  }

  Appended append(RecordBody b, String... signers) {
    return f.ledger.append(signed(b, signers));
  }

  /** Signed by both parties of {@code h}, author first. */
  Appended handOver(String author, long time, HandOver h, String... subjects) {
    RecordBody b = rec(author, time, h, subjects);
    String other = author.equals(h.getFromParty()) ? h.getToParty() : h.getFromParty();
    return other.equals(author) ? append(b, author) : append(b, author, other);
  }

  LedgerException refused(LedgerError error, RecordBody b, List<String> signers, String... fragments) {
    long before = f.ledger.head().size();
    LedgerException e = assertThrows(LedgerException.class, () -> append(b, signers.toArray(String[]::new)));
    assertEquals(error, e.error(), e.getMessage());
    for (String fragment : fragments) {
      assertTrue(e.getMessage().contains(fragment), "message lacks \"" + fragment + "\": " + e.getMessage());
    }
    assertEquals(before, f.ledger.head().size(), "a refused record is not stored");
    return e;
  }

  /** A sea-air hand-over of the pallet with one change, signed by both parties; refused with {@code fragments}. */
  void refusedField(UnaryOperator<HandOver.Builder> change, String... fragments) {
    HandOver h = change.apply(seaAir()).build();
    refused(INVALID_FIELD, rec(OCEAN, T0, h, PALLET), List.of(OCEAN, AIRLINE), fragments);
  }

  @Test
  void seaAirThenAirRoad_areAccepted_andTheStateFollowsTheModeAndTheHolder() {
    Appended first = handOver(OCEAN, T0, seaAir().build(), PALLET);
    Appended second = handOver(AIRLINE, T0 + 6 * HOUR, HandOver.newBuilder().setFromMode(TransportMode.AIR)
        .setToMode(TransportMode.ROAD).setPlace(RAIL_TERMINAL).setFromParty(AIRLINE).setToParty(TERMINAL)
        .setFromMeans(flight()).setToMeans(TransportMeans.newBuilder().setReference("LV1234")).build(), PALLET);

    MultimodalState.Consignment c = rule.state().consignment(PALLET).orElseThrow();
    assertEquals(2, c.handOvers().size());
    assertEquals(TransportMode.ROAD, c.latest().toMode());
    assertEquals(TERMINAL, c.latest().toParty());
    assertEquals(first.index(), rule.state().indexOf(c.handOvers().get(0).record()).orElseThrow());
    assertEquals(second.index(), rule.state().indexOf(c.latest().record()).orElseThrow());
    ModeHandOver h = c.handOvers().get(0);
    assertEquals(AIRPORT, h.place());
    assertEquals("611N", h.fromMeans().reference());
    assertEquals("Pearl Horizon", h.fromMeans().name());
    assertEquals(TransportDocumentType.AIR_WAYBILL, h.toMeans().documentType());
    assertEquals("160-12345675", h.toMeans().documentNumber());
  }

  @Test
  void seaRail_ofTwoContainers_thenOneRailRoad_checksEachContainer() {
    HandOver seaRail = seaAir().setToMode(TransportMode.RAIL).setPlace(RAIL_TERMINAL).setToParty(RAIL)
        .setToMeans(train()).build();
    handOver(RAIL, T0, seaRail, BOX, BOX2);
    assertEquals(TransportMode.RAIL, rule.state().consignment(BOX2).orElseThrow().latest().toMode());
    // BOX2 is on the train now: a hand-over from the sea for it is refused
    refused(RULE_VIOLATED, rec(OCEAN, T0 + HOUR, seaAir().build(), BOX, BOX2), List.of(OCEAN, AIRLINE),
        "multimodal.handover.mode", "from_mode: got MARITIME, want RAIL");
    handOver(RAIL, T0 + 2 * HOUR, HandOver.newBuilder().setFromMode(TransportMode.RAIL).setToMode(TransportMode.ROAD)
        .setPlace(RAIL_TERMINAL).setFromParty(RAIL).setToParty(TERMINAL).setFromMeans(train())
        .setToMeans(TransportMeans.newBuilder().setReference("YUE-B12345")).build(), BOX);
    assertEquals(TransportMode.ROAD, rule.state().consignment(BOX).orElseThrow().latest().toMode());
    assertEquals(TransportMode.RAIL, rule.state().consignment(BOX2).orElseThrow().latest().toMode());
  }

  @Test
  void handOver_fromAModeTheGoodsAreNotIn_isRefused() {
    handOver(OCEAN, T0, seaAir().build(), PALLET);
    HandOver fromSeaAgain = seaAir().setFromParty(AIRLINE).setToParty(RAIL).setToMode(TransportMode.RAIL)
        .setToMeans(train()).build();
    refused(RULE_VIOLATED, rec(AIRLINE, T0 + HOUR, fromSeaAgain, PALLET), List.of(AIRLINE, RAIL),
        "multimodal.handover.mode: from_mode: got MARITIME, want AIR", "travels by AIR since its last hand-over");
  }

  @Test
  void handOver_byAPartyThatDoesNotHoldTheGoods_isRefused() {
    handOver(OCEAN, T0, seaAir().build(), PALLET);
    HandOver byOcean = HandOver.newBuilder().setFromMode(TransportMode.AIR).setToMode(TransportMode.RAIL)
        .setPlace(RAIL_TERMINAL).setFromParty(OCEAN).setToParty(RAIL).setFromMeans(flight()).setToMeans(train()).build();
    refused(RULE_VIOLATED, rec(OCEAN, T0 + HOUR, byOcean, PALLET), List.of(OCEAN, RAIL),
        "multimodal.handover.holder: from_party: got \"" + OCEAN + "\", want \"" + AIRLINE + "\"");
  }

  @Test
  void handOver_datedBeforeTheLastOne_isRefused() {
    handOver(OCEAN, T0, seaAir().build(), PALLET);
    HandOver airRail = HandOver.newBuilder().setFromMode(TransportMode.AIR).setToMode(TransportMode.RAIL)
        .setPlace(RAIL_TERMINAL).setFromParty(AIRLINE).setToParty(RAIL).setFromMeans(flight()).setToMeans(train()).build();
    refused(RULE_VIOLATED, rec(AIRLINE, T0 - HOUR, airRail, PALLET), List.of(AIRLINE, RAIL), "multimodal.handover.time");
  }

  @Test
  void handOver_signedByOnePartyOnly_orByAStranger_isRefused_butOneOperatorOfBothLegsSignsAlone() {
    RecordBody b = rec(OCEAN, T0, seaAir().build(), PALLET);
    refused(NOT_AUTHORISED, b, List.of(OCEAN), "multimodal.handover.signatures: got 1 signature by [" + OCEAN + "]",
        "one by the handing party \"" + OCEAN + "\" and one by the receiving party \"" + AIRLINE + "\"");
    refused(NOT_AUTHORISED, b, List.of(OCEAN, RAIL), "multimodal.handover.signatures");
    refused(NOT_AUTHORISED, b, List.of(OCEAN, AIRLINE, RAIL), "multimodal.handover.signatures");
    // the author must be a party
    refused(NOT_AUTHORISED, rec(RAIL, T0, seaAir().build(), PALLET), List.of(RAIL, OCEAN, AIRLINE));
    // a multimodal transport operator moving the goods from its ship to its own trains
    handOver(OCEAN, T0, seaAir().setToParty(OCEAN).setToMode(TransportMode.RAIL).setToMeans(train()).build(), PALLET);
    assertEquals(OCEAN, rule.state().consignment(PALLET).orElseThrow().latest().toParty());
  }

  @Test
  void handOver_byOrTo_anOrgThatIsNoCarrierPortOrBargeOperator_isRefused() {
    refused(INVALID_FIELD, rec(OCEAN, T0, seaAir().setToParty(WaterBusFixture.CUSTOMS).build(), PALLET),
        List.of(OCEAN, WaterBusFixture.CUSTOMS), "to_party: got \"" + WaterBusFixture.CUSTOMS + "\", want an org of the"
        + " registry with the carrier, port or barge_operator role");
    refusedField(b -> b.setFromParty("nobody-known"), "from_party: got \"nobody-known\"");
    refusedField(b -> b.setFromParty("Not An Id"), "from_party: got \"Not An Id\", want an org id");
  }

  @Test
  void badModes_areRefusedFieldByField() {
    refusedField(b -> b.setToMode(TransportMode.MARITIME), "to_mode: got MARITIME, want a mode other than from_mode");
    refusedField(b -> b.setFromMode(TransportMode.TRANSPORT_MODE_UNSPECIFIED), "from_mode: got TRANSPORT_MODE_UNSPECIFIED");
    // Rec 19 code 6 (multimodal) is no mode a consignment is handed over to
    refusedField(b -> b.setToModeValue(6), "to_mode: got a number that is no UN/ECE Rec 19 code here",
        "MARITIME (1), RAIL (2), ROAD (3), AIR (4), MAIL (5), INLAND_WATERWAY (8)");
  }

  @Test
  void badPlace_isRefused() {
    refusedField(b -> b.setPlace(""), "place: got \"\", want a GLN");
    refusedField(b -> b.setPlace("Hong Kong International Airport"), "place: got \"Hong Kong International Airport\"");
    refusedField(b -> b.setPlace("https://id.gs1.org/414/4890000000012"), "place: got", "check digit");
    refusedField(b -> b.setPlace(PALLET), "place: got \"" + PALLET + "\", want a GLN");
  }

  @Test
  void badMeans_areRefusedFieldByField() {
    refusedField(HandOver.Builder::clearFromMeans, "from_means: got nothing");
    refusedField(b -> b.setToMeans(flight().toBuilder().setReference("")), "to_means.reference: got \"\"");
    refusedField(b -> b.setToMeans(flight().toBuilder().setReference("cx 3270")), "to_means.reference: got \"cx 3270\"");
    refusedField(b -> b.setFromMeans(vessel().toBuilder().setImoNumber("IMO9321484")),
        "from_means.imo_number: got \"IMO9321484\", want IMO check digit 3");
    refusedField(b -> b.setToMeans(flight().toBuilder().setImoNumber("IMO9321483")),
        "to_means.imo_number: got \"IMO9321483\", want nothing: an IMO number names a sea-going ship");
    refusedField(b -> b.setToMeans(flight().toBuilder().setDocument(TransportDocument.newBuilder()
        .setType(TransportDocumentType.AIR_WAYBILL).setNumber("160-12345676"))),
        "to_means.document.number: got \"160-12345676\", want air waybill check digit 5");
    refusedField(b -> b.setToMeans(flight().toBuilder().setDocument(TransportDocument.newBuilder()
        .setNumber("160-12345675"))), "to_means.document.type: got TRANSPORT_DOCUMENT_TYPE_UNSPECIFIED");
    refusedField(b -> b.setFromMeans(vessel().toBuilder().setName("Pearl\nHorizon")), "from_means.name: got");
  }

  @Test
  void badSubjects_areRefused() {
    HandOver h = seaAir().build();
    List<String> both = List.of(OCEAN, AIRLINE);
    refused(INVALID_FIELD, rec(OCEAN, T0, h), both, "subjects"); // the ledger wants one at least
    refused(INVALID_FIELD, rec(OCEAN, T0, h, java.util.stream.IntStream.range(1, 18)
        .mapToObj(i -> "urn:baytrace:container:" + WaterBusFixture.container(i)).toArray(String[]::new)), both,
        "subjects: got 17 subjects, want 1 to 16");
    refused(INVALID_FIELD, rec(OCEAN, T0, h, "https://id.gs1.org/00/" + CheckDigit.append("04891234000000001")
        .substring(0, 17) + "9"), both, "subjects[0]: got");
    refused(INVALID_FIELD, rec(OCEAN, T0, h, "https://example.com/00/" + PALLET.substring(22)), both,
        "subjects[0]: got", "the canonical form");
    refused(INVALID_FIELD, rec(OCEAN, T0, h, RAIL_TERMINAL), both, "subjects[0]: got", "goods that travel");
    refused(INVALID_FIELD, rec(OCEAN, T0, h, "urn:baytrace:container:MSCU1234567"), both, "subjects[0]: got",
        "ISO 6346 check digit 6");
    refused(INVALID_FIELD, rec(OCEAN, T0, h, BOX, BOX), both, "subjects[1]", "named twice");
  }

  @Test
  void unknownKindsAndUnknownContentFields_areRefused() {
    RecordBody wrongKind = rec(OCEAN, T0, seaAir().build(), PALLET).toBuilder().setKind("multimodal.Transfer").build();
    refused(INVALID_FIELD, wrongKind, List.of(OCEAN, AIRLINE), "kind: got \"multimodal.Transfer\"");
    ByteString extra = seaAir().setUnknownFields(UnknownFieldSet.newBuilder().addField(99,
        UnknownFieldSet.Field.newBuilder().addVarint(1).build()).build()).build().toByteString();
    RecordBody withExtra = rec(OCEAN, T0, seaAir().build(), PALLET).toBuilder().setContent(extra).build();
    refused(INVALID_FIELD, withExtra, List.of(OCEAN, AIRLINE));
  }

  @Test
  void builtInPolicy_letsCarriersPortsAndBargeOperatorsRecordHandOvers_andNoOneElse() {
    var policy = org.baytrace.tracking.domain.policy.AuthorPolicies.forRegistry(f.registry);
    policy.check(org.baytrace.ledger.record.Records.parse(signed(rec(OCEAN, T0, seaAir().build(), PALLET), OCEAN,
        AIRLINE), org.baytrace.ledger.record.RecordLimits.DEFAULT));
    HandOver byProducer = seaAir().setFromParty("durian-importer").build();
    LedgerException e = assertThrows(LedgerException.class, () -> policy.check(org.baytrace.ledger.record.Records.parse(
        signed(rec("durian-importer", T0, byProducer, PALLET), "durian-importer", AIRLINE),
        org.baytrace.ledger.record.RecordLimits.DEFAULT)));
    assertEquals(NOT_AUTHORISED, e.error(), e.getMessage());
    assertTrue(e.getMessage().contains("policy rule \"multimodal-handover\"") && e.getMessage().contains(
        "org \"durian-importer\" has roles [producer], so no policy rule lets it author kind \"multimodal.HandOver\""),
        e.getMessage());
  }

  @Test
  void replay_rebuildsTheState_fromTheStoredHandOvers() {
    Appended first = handOver(OCEAN, T0, seaAir().build(), PALLET);
    f.close();
    rule = new HandOverRule(f.registry);
    f.open(rule);
    MultimodalState.Consignment c = rule.state().consignment(PALLET).orElseThrow();
    assertEquals(TransportMode.AIR, c.latest().toMode());
    assertEquals(first.index(), rule.state().indexOf(c.latest().record()).orElseThrow());
    // and the rebuilt state judges the next hand-over as before
    refused(RULE_VIOLATED, rec(OCEAN, T0 + HOUR, seaAir().build(), PALLET), List.of(OCEAN, AIRLINE),
        "multimodal.handover.mode");
  }

  @Test
  void handOvers_fromTheSnapshotAndTheTail_equalAFullReplay() {
    f.ledger.snapshotEvery(0, false);
    handOver(OCEAN, T0, seaAir().build(), PALLET);
    handOver(OCEAN, T0, seaAir().build(), BOX);
    f.ledger.writeRuleSnapshots(); // both at the air carrier; the tail moves the pallet on by road
    handOver(AIRLINE, T0 + 6 * HOUR, HandOver.newBuilder().setFromMode(TransportMode.AIR)
        .setToMode(TransportMode.ROAD).setPlace(RAIL_TERMINAL).setFromParty(AIRLINE).setToParty(TERMINAL)
        .setFromMeans(flight()).setToMeans(TransportMeans.newBuilder().setReference("LV1234")).build(), PALLET);
    f.close();

    Rebuilt<HandOverRule> r = SnapshotReplay.rebuild(dir, ORIGIN, () -> new HandOverRule(f.registry));
    assertTrue(r.report().lines().get(0).contains("snapshot of tree size 2 loaded (2 records it lists replayed), 1 entries"),
        r.report()::toString);
    for (String subject : List.of(PALLET, BOX)) {
      assertEquals(r.replayedFromTheStart().state().consignment(subject), r.fromSnapshot().state().consignment(subject),
          subject);
    }
    assertEquals(TransportMode.ROAD, r.fromSnapshot().state().consignment(PALLET).orElseThrow().latest().toMode());
    assertEquals(TransportMode.AIR, r.fromSnapshot().state().consignment(BOX).orElseThrow().latest().toMode());
  }
}
