package org.baytrace.tracking.node.multimodal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.api.multimodal.v1.HandOver;
import org.baytrace.api.multimodal.v1.TransportDocument;
import org.baytrace.api.multimodal.v1.TransportDocumentType;
import org.baytrace.api.multimodal.v1.TransportMeans;
import org.baytrace.api.multimodal.v1.TransportMode;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.record.Records;
import org.baytrace.tracking.domain.gs1.CheckDigit;
import org.baytrace.tracking.domain.gs1.TraceCode;
import org.baytrace.tracking.domain.multimodal.MultimodalRecords;
import org.baytrace.tracking.domain.waterbus.WaterBusFixture;
import org.baytrace.tracking.node.resolver.JourneyLegs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The multimodal profile tells the consumer page the hand-overs of what it shows, from its
 * committed state on a real ledger: those of the code, of an item's lot, of the containers and of
 * the logistic units the code travelled in, each proved by its own entry, and nothing of goods it
 * did not travel with.
 */
class MultimodalJourneyLegsTest {
  static final String GTIN = CheckDigit.append("0885012300001");
  static final TraceCode ITEM = TraceCode.parse("/01/" + GTIN + "/10/DUR-2611/21/BOX-0001");
  static final String LOT = "https://id.gs1.org/01/" + GTIN + "/10/DUR-2611";
  static final String PALLET = "https://id.gs1.org/00/" + CheckDigit.append("04891234000000001");
  static final String PALLET_EPC = "urn:epc:id:sscc:4891234.0000000001";
  static final String OTHER_PALLET = "https://id.gs1.org/00/" + CheckDigit.append("04891234000000002");
  static final String BOX = WaterBusFixture.container(1);

  static HandOver handOver(TransportMode from, TransportMode to, String fromParty, String toParty) {
    TransportMeans means = TransportMeans.newBuilder().setReference("REF1").build();
    return HandOver.newBuilder().setFromMode(from).setToMode(to).setPlace("urn:epc:id:sgln:4890000.00001.0")
        .setFromParty(fromParty).setToParty(toParty).setFromMeans(means).setToMeans(means.toBuilder()
            .setDocument(TransportDocument.newBuilder().setType(TransportDocumentType.AIR_WAYBILL)
                .setNumber("160-12345675"))).build();
  }

  @Test
  void legs_ofTheCode_itsLot_itsContainerAndItsPallet_eachProvedByItsEntry(@TempDir Path dir) {
    WaterBusFixture f = new WaterBusFixture(dir);
    MultimodalFeature feature = MultimodalFeature.create(f.registry);
    f.open(feature.applyRules().toArray(new org.baytrace.ledger.ApplyRule[0]));
    try {
      String a = WaterBusFixture.PARTNER_A;
      String b = WaterBusFixture.PARTNER_B;
      long t = WaterBusFixture.T0;
      long h = WaterBusFixture.HOUR;
      long lot = append(f, a, b, t, handOver(TransportMode.MARITIME, TransportMode.AIR, a, b), LOT);
      long box = append(f, a, b, t + h, handOver(TransportMode.MARITIME, TransportMode.RAIL, a, b),
          "urn:baytrace:container:" + BOX);
      long pallet = append(f, a, b, t + 2 * h, handOver(TransportMode.INLAND_WATERWAY, TransportMode.ROAD, a, b),
          PALLET, OTHER_PALLET);
      append(f, a, b, t + 3 * h, handOver(TransportMode.MARITIME, TransportMode.AIR, a, b),
          "https://id.gs1.org/00/" + CheckDigit.append("04891234000000003"));

      List<JourneyLegs.Leg> legs = feature.service(JourneyLegs.class).orElseThrow()
          .legs(ITEM, Set.of(BOX), Set.of("urn:baytrace:container:" + BOX, PALLET_EPC));
      assertEquals(List.of(lot, box, pallet), legs.stream().map(JourneyLegs.Leg::ledgerIndex).toList());
      assertEquals(List.of("air", "rail", "road"), legs.stream().map(JourneyLegs.Leg::mode).toList());
      assertEquals(List.of("sea", "sea", "water"), legs.stream().map(l -> l.handOver().fromMode()).toList());
      for (JourneyLegs.Leg l : legs) {
        var record = Ledger.applied(f.ledger.entry(l.ledgerIndex())).record();
        assertEquals(MultimodalRecords.HAND_OVER, record.kind());
        assertEquals(l.time().toEpochMilli(), record.eventTimeUnixMillis());
        assertEquals("multimodal.HandOver", l.kind());
        assertEquals(a, l.handOver().fromParty());
        assertEquals(b, l.handOver().toParty());
        assertEquals("AIR_WAYBILL", l.handOver().toMeans().documentType());
      }
      assertNull(legs.get(0).container());
      assertEquals(BOX, legs.get(1).container());
      // goods that travelled in none of them have none
      assertEquals(List.of(), feature.service(JourneyLegs.class).orElseThrow()
          .legs(TraceCode.parse("/01/" + GTIN + "/10/OTHER-LOT/21/BOX-0002"), Set.of(), Set.of()));
    } finally {
      f.close();
    }
  }

  static long append(WaterBusFixture f, String author, String other, long time, HandOver h, String... subjects) {
    RecordBody body = MultimodalRecords.handOver(WaterBusFixture.ORIGIN, author, List.of(subjects), time,
        f.nonce(), h);
    return f.ledger.append(Records.sign(body.toByteArray(), f.keys.get(author), f.keys.get(other))).index();
  }
}
