package org.baytrace.tracking.domain.customs;

import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.CUSTOMS;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.HOUR;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.OPERATOR;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.PARTNER_A;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.PARTNER_B;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.T0;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.allocation;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.container;
import static org.baytrace.tracking.domain.waterbus.WaterBusFixture.voyage;

import com.google.protobuf.Message;
import java.util.function.Consumer;
import org.baytrace.api.customs.v1.Arrival;
import org.baytrace.api.customs.v1.Declaration;
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
import org.baytrace.tracking.domain.waterbus.WaterBusSubjects;

/**
 * A small Greater Bay Area day as signed records: voyage V2611 of the Pearl River feeder with two
 * partners, a delayed arrival at Foshan, durian containers loaded at Nansha and discharged at
 * Foshan, their import declaration at Foshan (arrival from the discharge, a red-channel
 * inspection, release, exit) and an export declaration at Nansha.
 */
public final class TradeScenario {
  static final String VOYAGE = WaterBusSubjects.voyageUrn(OPERATOR, "V2611");
  static final String IMPORT_NO = "531620261000000001";
  static final String EXPORT_NO = "531620261000000002";

  private final WaterBusFixture f;
  private final String origin;
  private final Consumer<byte[]> sink;

  public TradeScenario(WaterBusFixture f, String origin, Consumer<byte[]> sink) {
    this.f = f;
    this.origin = origin;
    this.sink = sink;
  }

  private void add(RecordBody body) {
    sink.accept(f.sign(body.toBuilder().setOrigin(origin).build()));
  }

  private void customs(String author, String urn, long time, Message m) {
    add(CustomsRecords.stage(origin, author, urn, time, m));
  }

  public void play() {
    add(f.serviceRecord());
    add(f.voyageRecord(voyage("V2611", 24, 4, allocation(PARTNER_A, 14, 2), allocation(PARTNER_B, 14, 2)).build()));
    add(f.booking(PARTNER_A, VOYAGE, "LN-001", container(1), "45R1", "CNNSA", "CNFOS"));
    add(f.booking(PARTNER_A, VOYAGE, "LN-002", container(2), "22G1", "CNNSA", "CNZQG"));
    add(f.booking(PARTNER_B, VOYAGE, "BF-001", container(3), "42G1", "CNHUA", "CNZQG"));
    add(f.portCall("V2611", "CNNSA", "DEPA", "ACT", T0 + 2 * HOUR + 20 * 60_000));
    add(f.equipment(OPERATOR, VOYAGE, container(1), "LOAD", "CNNSA", T0 + HOUR));
    add(f.equipment(OPERATOR, VOYAGE, container(2), "LOAD", "CNNSA", T0 + HOUR));
    add(f.portCall("V2611", "CNFOS", "ARRI", "EST", T0 + 17 * HOUR));
    add(f.portCall("V2611", "CNFOS", "ARRI", "ACT", T0 + 17 * HOUR + 45 * 60_000));
    add(f.equipment(OPERATOR, VOYAGE, container(1), "DISC", "CNFOS", T0 + 18 * HOUR));
    Declaration imp = Declaration.newBuilder().setDeclarationNumber(IMPORT_NO).setType(DeclarationType.IMPORT)
        .addGoods(CustomsFixture.DURIAN).setDeclarantOrg(CustomsFixture.IMPORTER).setPort("CNFOS")
        .addContainers(container(1)).setVoyage(VOYAGE).build();
    add(CustomsRecords.declaration(origin, CustomsFixture.IMPORTER, CUSTOMS, T0 + 12 * HOUR, imp));
    String d = DeclarationSubject.of(CUSTOMS, IMPORT_NO).urn();
    customs(CustomsFixture.IMPORTER, d, T0 + 13 * HOUR, DocumentLodgement.newBuilder()
        .setDocumentType("phytosanitary-certificate").setReference("TH-PC-0425").build());
    customs(CUSTOMS, d, T0 + 19 * HOUR, InspectionOrdered.newBuilder().setChannel(RiskChannel.RED).setReason("fruit").build());
    customs(CUSTOMS, d, T0 + 22 * HOUR, InspectionPerformed.newBuilder().setLocation("Lanshi inspection area").build());
    customs(CUSTOMS, d, T0 + 24 * HOUR, InspectionResult.newBuilder().setOutcome(InspectionOutcome.COMPLIANT).build());
    customs(CUSTOMS, d, T0 + 25 * HOUR, DutiesPaid.newBuilder().setAmountMinor(4_250_000).setCurrency("CNY").build());
    customs(CUSTOMS, d, T0 + 26 * HOUR, Release.newBuilder().setReference("REL-0001").build());
    customs(CUSTOMS, d, T0 + 30 * HOUR, Exit.newBuilder().setPort("CNFOS").build());
    Declaration exp = Declaration.newBuilder().setDeclarationNumber(EXPORT_NO).setType(DeclarationType.EXPORT)
        .addGoods(CustomsFixture.BEEF).setDeclarantOrg("beef-importer").setPort("CNNSA").build();
    add(CustomsRecords.declaration(origin, "beef-importer", CUSTOMS, T0 + 3 * HOUR, exp));
    String e = DeclarationSubject.of(CUSTOMS, EXPORT_NO).urn();
    customs(CUSTOMS, e, T0 + 2 * HOUR, Arrival.newBuilder().setPort("CNNSA").build());
    customs(CUSTOMS, e, T0 + 9 * HOUR, Release.newBuilder().build());
    customs(CUSTOMS, e, T0 + 20 * HOUR, Exit.newBuilder().setPort("CNNSA").build());
  }
}
