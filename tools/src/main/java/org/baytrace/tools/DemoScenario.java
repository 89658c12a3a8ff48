package org.baytrace.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.baytrace.api.biomaterial.v1.Category;
import org.baytrace.api.biomaterial.v1.HandOver;
import org.baytrace.api.biomaterial.v1.TemperatureClass;
import org.baytrace.api.coldchain.v1.LoggerReadings;
import org.baytrace.api.coldchain.v1.Phase;
import org.baytrace.api.coldchain.v1.Reading;
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
import org.baytrace.api.multimodal.v1.TransportDocument;
import org.baytrace.api.multimodal.v1.TransportDocumentType;
import org.baytrace.api.multimodal.v1.TransportMeans;
import org.baytrace.api.multimodal.v1.TransportMode;
import org.baytrace.api.parcel.v1.ClearanceMode;
import org.baytrace.api.parcel.v1.Declared;
import org.baytrace.api.parcel.v1.Delivered;
import org.baytrace.api.parcel.v1.DeliveryMethod;
import org.baytrace.api.parcel.v1.Inspected;
import org.baytrace.api.parcel.v1.InspectionMethod;
import org.baytrace.api.parcel.v1.Released;
import org.baytrace.api.waterbus.v1.EquipmentEvent;
import org.baytrace.api.waterbus.v1.PortCall;
import org.baytrace.api.waterbus.v1.PortCallEvent;
import org.baytrace.api.waterbus.v1.Service;
import org.baytrace.api.waterbus.v1.SlotAllocation;
import org.baytrace.api.waterbus.v1.SlotBooking;
import org.baytrace.api.waterbus.v1.Voyage;
import org.baytrace.ledger.registry.OrgRegistry.Org;
import org.baytrace.ledger.registry.OrgRegistry.OrgKey;
import org.baytrace.ledger.registry.OrgRegistry.Role;
import org.baytrace.ledger.registry.OrgRegistry;
import org.baytrace.ledger.crypto.KeyFiles;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.record.Records;
import org.baytrace.tracking.domain.biomaterial.BiomaterialRecords;
import org.baytrace.tracking.domain.coldchain.ColdChainRecords;
import org.baytrace.tracking.domain.common.ContainerNumber;
import org.baytrace.tracking.domain.common.ProtoContent;
import org.baytrace.tracking.domain.customs.CustomsRecords;
import org.baytrace.tracking.domain.customs.DeclarationSubject;
import org.baytrace.tracking.domain.epcis.record.EpcisRecords;
import org.baytrace.tracking.domain.gs1.CheckDigit;
import org.baytrace.tracking.domain.multimodal.MultimodalRecords;
import org.baytrace.tracking.domain.parcel.ParcelRecords;
import org.baytrace.tracking.domain.parcel.ParcelSubject;
import org.baytrace.tracking.domain.waterbus.WaterBusRecords;
import org.baytrace.tracking.domain.waterbus.WaterBusSubjects;

/**
 * The demo's Greater Bay Area day as signed records, in the order they are appended: frozen beef
 * from Brazil through Nansha with one temperature excursion in the reefer yard, handed over from
 * the ship to a train at Nansha's port railway (sea-rail), Thai durian handed over from the ship
 * to the water bus in Hong Kong and carried by it to Foshan, a UN3373 specimen flown into Baiyun and handed (dual-signed)
 * to a lab in Guangzhou, and the import clearance of each; and a cross-border e-commerce parcel
 * from Hong Kong declared, X-rayed, released and delivered. The organisations and their keys are
 * made here; {@link #registry()} is the node's org registry. Times are fixed (reproducible).
 */
final class DemoScenario {
  /** 2026-11-23T00:00:00Z, 08:00 in Guangzhou. */
  static final long T0 = Instant.parse("2026-11-23T00:00:00Z").toEpochMilli();
  static final long MIN = 60_000L;
  static final long HOUR = 60 * MIN;

  // organisations
  static final String BEEF_EXPORTER = "minas-beef";
  static final String DURIAN_GROWER = "chanthaburi-durian";
  static final String IMPORTER = "gba-fresh-imports";
  static final String REEFER = "bay-reefer";
  static final String PORT = "nansha-port";
  static final String BARGE = "pearl-barge";
  static final String PARTNER = "lingnan-logistics";
  static final String HK_LAB = "hk-pathology";
  static final String COURIER = "skybridge-air";
  static final String GZ_LAB = "gz-clinical-lab";
  static final String NANSHA_CUSTOMS = "nansha-customs";
  static final String FOSHAN_CUSTOMS = "foshan-customs";
  static final String BAIYUN_CUSTOMS = "baiyun-customs";
  static final String EXPRESS = "bay-express";
  static final String OCEAN_LINE = "south-sea-reefer-line";
  static final String RAIL = "gba-rail-freight";

  // goods
  static final String BEEF_GTIN = CheckDigit.append("0789123400001");
  static final String BEEF_LOT = "BR-SIF-2611";
  static final String BEEF = "https://id.gs1.org/01/" + BEEF_GTIN + "/10/" + BEEF_LOT;
  static final String DURIAN_GTIN = CheckDigit.append("0885012300001");
  static final String DURIAN_LOT = "TH-DUR-2611";
  static final String DURIAN = "https://id.gs1.org/01/" + DURIAN_GTIN + "/10/" + DURIAN_LOT;
  static final String SPECIMEN_SSCC = CheckDigit.append("14891234000002611");
  static final String SPECIMEN = "https://id.gs1.org/00/" + SPECIMEN_SSCC;
  static final String DURIAN_BOX = container("LNLU", 261101);
  /** Booked Hong Kong → Nansha and loaded, left aboard: the README discharges it from a crew's spool. */
  static final String NANSHA_BOX = container("LNLU", 261102);
  static final String SERVICE = "HK-PRD";
  static final String VOYAGE_NO = "WB2611";
  static final String VOYAGE = WaterBusSubjects.voyageUrn(BARGE, VOYAGE_NO);
  static final String BEEF_DECL = "516620261100000431";
  static final String DURIAN_DECL = "516820261100000977";
  static final String SPECIMEN_DECL = "516120261100000318";
  // a cross-border e-commerce parcel: the waybill and the code printed beside it on the label
  static final String PARCEL_WAYBILL = "BX2611230001HK";
  static final String PARCEL_CODE = "H4T9K-2MWQ8";
  // multimodal hand-over places (GLNs): Nansha port railway yard, Hong Kong Kwai Tsing container terminal
  static final String NANSHA_RAIL_YARD = "urn:epc:id:sgln:6901234.00030.0";
  static final String KWAI_TSING = "urn:epc:id:sgln:6901234.00040.0";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One record to append: what it is (for progress lines) and its signed bytes. */
  record Step(String profile, String what, byte[] signed) {}

  private final String origin;
  private final Map<String, SigningKey> keys = new LinkedHashMap<>();
  private final OrgRegistry registry;
  private final List<Step> steps = new ArrayList<>();
  private int nonce;

  /** Makes the organisations, a key each (written to {@code keyDir} as PEM when not null). */
  DemoScenario(String origin, Path keyDir) throws IOException {
    this.origin = origin;
    List<Org> orgs = new ArrayList<>();
    org(orgs, BEEF_EXPORTER, "Minas Beef Exporters (Brazil)", Role.PRODUCER, List.of("7891234"), null, keyDir);
    org(orgs, DURIAN_GROWER, "Chanthaburi Durian Cooperative (Thailand)", Role.PRODUCER, List.of("8850123"), null, keyDir);
    org(orgs, IMPORTER, "GBA Fresh Imports (Guangzhou)", Role.PRODUCER, List.of("6901234"), "cn-advanced-certified", keyDir);
    org(orgs, REEFER, "Bay Reefer Logistics", Role.CARRIER, List.of(), null, keyDir);
    org(orgs, PORT, "Nansha Port Terminal", Role.PORT, List.of(), null, keyDir);
    org(orgs, BARGE, "Pearl Barge Water Bus", Role.BARGE_OPERATOR, List.of(), null, keyDir);
    org(orgs, PARTNER, "Lingnan Logistics", Role.CARRIER, List.of(), "cn-advanced-certified", keyDir);
    org(orgs, HK_LAB, "Hong Kong Pathology Services", Role.LAB, List.of(), null, keyDir);
    org(orgs, COURIER, "Skybridge Air Cargo", Role.CARRIER, List.of(), null, keyDir);
    org(orgs, GZ_LAB, "Guangzhou Clinical Laboratory", Role.LAB, List.of(), null, keyDir);
    org(orgs, NANSHA_CUSTOMS, "Nansha Customs", Role.CUSTOMS, List.of(), null, keyDir);
    org(orgs, FOSHAN_CUSTOMS, "Foshan Customs", Role.CUSTOMS, List.of(), null, keyDir);
    org(orgs, BAIYUN_CUSTOMS, "Baiyun Airport Customs", Role.CUSTOMS, List.of(), null, keyDir);
    org(orgs, EXPRESS, "Bay Express Cross-border Couriers", Role.CARRIER, List.of(), null, keyDir);
    org(orgs, OCEAN_LINE, "South Sea Reefer Line", Role.CARRIER, List.of(), null, keyDir);
    org(orgs, RAIL, "GBA Rail Freight", Role.CARRIER, List.of(), null, keyDir);
    registry = OrgRegistry.of(orgs);
    build();
  }

  private void org(List<Org> orgs, String id, String name, Role role, List<String> prefixes, String aeo, Path keyDir)
      throws IOException {
    SigningKey key = SigningKey.generate();
    if (keyDir != null) {
      KeyFiles.savePrivate(key, keyDir.resolve(id + ".key"));
      KeyFiles.savePublic(key.publicKey(), keyDir.resolve(id + ".pub"));
    }
    keys.put(id, key);
    orgs.add(new Org(id, name, Set.of(role), List.of(OrgKey.of(key.publicKey())), prefixes, aeo));
  }

  /** The record key of organisation {@code org}. */
  SigningKey key(String org) {
    SigningKey k = keys.get(org);
    if (k == null) {
      throw new IllegalArgumentException("no demo organisation " + org);
    }
    return k;
  }

  OrgRegistry registry() {
    return registry;
  }

  List<Step> steps() {
    return steps;
  }

  /**
   * A record the node must refuse: the Guangzhou lab handing the specimen on to a Hong Kong lab
   * with only its own signature (a hand-over needs both sides').
   */
  Step singleSignedHandOver() {
    RecordBody b = body(BiomaterialRecords.HAND_OVER, GZ_LAB, SPECIMEN, T0 + 30 * HOUR, BiomaterialRecords.HAND_OVER_PROTO,
        HandOver.newBuilder().setFromOrg(GZ_LAB).setToOrg(HK_LAB).setLocation("Guangzhou Clinical Laboratory")
            .setCondition("packaging intact").build());
    return new Step("biomaterial", "hand-over " + GZ_LAB + " -> " + HK_LAB + " signed by " + GZ_LAB + " only",
        Records.sign(b.toByteArray(), keys.get(GZ_LAB)));
  }

  static String container(String owner, int serial) {
    String first10 = owner + String.format("%06d", serial);
    return first10 + ContainerNumber.checkDigit(first10);
  }

  static String declarationUrn(String office, String number) {
    return DeclarationSubject.of(office, number).urn();
  }

  // --- building ---

  private void add(String profile, String what, RecordBody body, String... coSigners) {
    SigningKey[] signers = new SigningKey[1 + coSigners.length];
    signers[0] = keys.get(body.getAuthorOrg());
    for (int i = 0; i < coSigners.length; i++) {
      signers[i + 1] = keys.get(coSigners[i]);
    }
    steps.add(new Step(profile, what, Records.sign(body.toBuilder().setOrigin(origin).build().toByteArray(), signers)));
  }

  private RecordBody body(String kind, String author, String subject, long time, String proto, Message content) {
    return RecordBody.newBuilder().setOrigin(origin).setKind(kind).addSubjects(subject).setEventTimeUnixMillis(time)
        .setAuthorOrg(author).setNonce(ByteString.copyFrom("demo-" + (++nonce), StandardCharsets.UTF_8))
        .setContentType(ProtoContent.contentType(proto)).setContent(content.toByteString()).build();
  }

  private void epcis(String author, String what, String event) {
    try {
      JsonNode e = JSON.readTree(event);
      add("epcis", what, EpcisRecords.toBody(origin, author, e, null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String objectEvent(String id, String time, String offset, String action, String bizStep,
      String disposition, String readPoint, String lot, int kg, String extra) {
    return """
        {"type": "ObjectEvent", "eventID": "urn:uuid:%s", "eventTime": "%s", "eventTimeZoneOffset": "%s",
         "action": "%s", "bizStep": "%s", "disposition": "%s", "readPoint": {"id": "%s"},
         "quantityList": [{"epcClass": "%s", "quantity": %d, "uom": "KGM"}]%s}
        """.formatted(id, time, offset, action, bizStep, disposition, readPoint, lot, kg, extra);
  }

  private void logger(String author, String subject, String loggerId, String location, long start, long step,
      double... celsius) {
    LoggerReadings.Builder b = LoggerReadings.newBuilder().setLoggerId(loggerId).setLocation(location)
        .setSampleIntervalMillis(step).setPhase(Phase.PHASE_TRANSPORT);
    for (int i = 0; i < celsius.length; i++) {
      b.addReadings(Reading.newBuilder().setTimeUnixMillis(start + i * step).setCelsius(celsius[i]));
    }
    add("coldchain", celsius.length + " logger readings (" + loggerId + ")",
        body(ColdChainRecords.LOGGER_READINGS, author, subject, start, ColdChainRecords.LOGGER_READINGS_PROTO, b.build()));
  }

  private void coldChainShipment(String author, String subject, String commodity, String reference, long time) {
    add("coldchain", "shipment " + commodity, body(ColdChainRecords.SHIPMENT, author, subject, time,
        ColdChainRecords.SHIPMENT_PROTO, org.baytrace.api.coldchain.v1.Shipment.newBuilder().setCommodity(commodity)
            .setReference(reference).build()));
  }

  private void customs(String office, String number, long time, Message m) {
    add("customs", m.getDescriptorForType().getName() + " " + number,
        CustomsRecords.stage(origin, office, declarationUrn(office, number), time, m));
  }

  private void declare(String declarant, String office, long lodged, Declaration d) {
    add("customs", "Declaration " + d.getDeclarationNumber() + " lodged by " + declarant,
        CustomsRecords.declaration(origin, declarant, office, lodged, d));
  }

  private void build() {
    beef();
    durian();
    parcel();
    specimen(); // last: the demo verifies the receipt of its final hand-over
  }

  /**
   * A cross-border e-commerce parcel from Hong Kong, declared under 9610 at Nansha by the courier,
   * X-rayed and released by Nansha Customs, delivered to a pick-up point. Its records name only
   * the subject derived from waybill and label code.
   */
  private void parcel() {
    String subject = ParcelSubject.of(origin, PARCEL_WAYBILL, PARCEL_CODE);
    long t = T0 + 6 * HOUR;
    add("parcel", "declared (9610, Nansha) by " + EXPRESS, ParcelRecords.body(origin, EXPRESS, subject, t,
        Declared.newBuilder().setMode(ClearanceMode.MODE_9610).setCustomsOffice(NANSHA_CUSTOMS).setPort("CNNSA")
            .addHsCodes("330499").addHsCodes("610910").setItemCount(3).build()));
    add("parcel", "inspected (X-ray, compliant) by " + NANSHA_CUSTOMS, ParcelRecords.body(origin, NANSHA_CUSTOMS, subject,
        t + 2 * HOUR, Inspected.newBuilder().setMethod(InspectionMethod.X_RAY)
            .setOutcome(org.baytrace.api.parcel.v1.InspectionOutcome.COMPLIANT).build()));
    add("parcel", "released by " + NANSHA_CUSTOMS, ParcelRecords.body(origin, NANSHA_CUSTOMS, subject, t + 3 * HOUR,
        Released.getDefaultInstance()));
    add("parcel", "delivered (pick-up point) by " + EXPRESS, ParcelRecords.body(origin, EXPRESS, subject, t + 28 * HOUR,
        Delivered.newBuilder().setMethod(DeliveryMethod.PICKUP_POINT).build()));
  }

  /** Frozen beef: Minas Gerais → Santos → Nansha, 75 minutes at −16.5 °C in the reefer yard. */
  private void beef() {
    String farm = "urn:epc:id:sgln:7891234.00001.0";
    epcis(BEEF_EXPORTER, "commissioning of lot " + BEEF_LOT, objectEvent("8d1c0b7e-0001-4b2a-9a61-2f6c3e0b2611",
        "2026-10-09T09:00:00.000-03:00", "-03:00", "ADD", "commissioning", "active", farm, BEEF, 24000,
        ", \"ilmd\": {\"cbvmda:countryOfOrigin\": \"BR\", \"cbvmda:lotNumber\": \"" + BEEF_LOT + "\"}"));
    epcis(BEEF_EXPORTER, "shipping from Santos", objectEvent("8d1c0b7e-0002-4b2a-9a61-2f6c3e0b2611",
        "2026-10-21T16:00:00.000-03:00", "-03:00", "OBSERVE", "shipping", "in_transit",
        "urn:epc:id:sgln:7891234.00002.0", BEEF, 24000, ""));
    coldChainShipment(BEEF_EXPORTER, BEEF, "frozen-meat", "BKG-SSZ-NSA-2611", T0 - 33 * 24 * HOUR);
    epcis(PORT, "arriving at Nansha", objectEvent("8d1c0b7e-0003-4b2a-9a61-2f6c3e0b2611",
        "2026-11-23T10:00:00.000+08:00", "+08:00", "OBSERVE", "arriving", "in_transit",
        "urn:epc:id:sgln:6901234.00010.0", BEEF, 24000, ""));
    // 12 h in the reefer yard at 15-minute samples; a power cut: five samples (75 min) at -16.5 °C
    double[] t = new double[48];
    for (int i = 0; i < t.length; i++) {
      t[i] = (i >= 12 && i < 17) ? -16.5 : -20.5 + (i % 3) * 0.5;
    }
    logger(REEFER, BEEF, "BRL-7731", "Nansha Phase IV reefer yard", T0 + 2 * HOUR, 15 * MIN, t);

    Declaration d = Declaration.newBuilder().setDeclarationNumber(BEEF_DECL).setType(DeclarationType.IMPORT)
        .addGoods(BEEF).setDeclarantOrg(IMPORTER).setPort("CNNSA").build();
    declare(IMPORTER, NANSHA_CUSTOMS, T0 + 3 * HOUR, d);
    customs(NANSHA_CUSTOMS, BEEF_DECL, T0 + 2 * HOUR, Arrival.newBuilder().setPort("CNNSA").build());
    add("customs", "DocumentLodgement " + BEEF_DECL, CustomsRecords.stage(origin, IMPORTER,
        declarationUrn(NANSHA_CUSTOMS, BEEF_DECL), T0 + 4 * HOUR, DocumentLodgement.newBuilder()
            .setDocumentType("veterinary-health-certificate").setReference("BR-CSI-2611-0042").build()));
    customs(NANSHA_CUSTOMS, BEEF_DECL, T0 + 6 * HOUR, InspectionOrdered.newBuilder().setChannel(RiskChannel.RED)
        .setReason("frozen meat; temperature excursion reported in the reefer yard").build());
    customs(NANSHA_CUSTOMS, BEEF_DECL, T0 + 10 * HOUR, InspectionPerformed.newBuilder()
        .setLocation("Nansha cold-chain inspection area").build());
    customs(NANSHA_CUSTOMS, BEEF_DECL, T0 + 14 * HOUR, InspectionResult.newBuilder()
        .setOutcome(InspectionOutcome.COMPLIANT).build());
    customs(NANSHA_CUSTOMS, BEEF_DECL, T0 + 16 * HOUR, DutiesPaid.newBuilder().setAmountMinor(38_400_000)
        .setCurrency("CNY").build());
    customs(NANSHA_CUSTOMS, BEEF_DECL, T0 + 18 * HOUR, Release.newBuilder().setReference("REL-NSA-0431").build());
    // released, the lot leaves the ship's care for a train at the port railway (sea-rail), then the port
    handOver(BEEF, T0 + 21 * HOUR, org.baytrace.api.multimodal.v1.HandOver.newBuilder()
        .setFromMode(TransportMode.MARITIME).setToMode(TransportMode.RAIL).setPlace(NANSHA_RAIL_YARD)
        .setFromParty(OCEAN_LINE).setToParty(RAIL)
        .setFromMeans(vessel("611N", TransportDocumentType.BILL_OF_LADING, "SSRLSSZNSA2611042"))
        .setToMeans(TransportMeans.newBuilder().setReference("X8017").setDocument(TransportDocument.newBuilder()
            .setType(TransportDocumentType.RAIL_CONSIGNMENT_NOTE).setNumber("NSR2611-0431"))).build());
    customs(NANSHA_CUSTOMS, BEEF_DECL, T0 + 22 * HOUR, Exit.newBuilder().setPort("CNNSA").build());
  }

  /** Durian: by sea to Hong Kong, then water bus WB2611 Hong Kong → Nansha → Foshan. */
  private void durian() {
    epcis(DURIAN_GROWER, "harvest of lot " + DURIAN_LOT, objectEvent("5b7e2d10-0001-4c3f-8e21-7a9d4c1b2611",
        "2026-11-18T07:30:00.000+07:00", "+07:00", "ADD", "commissioning", "active",
        "urn:epc:id:sgln:8850123.00001.0", DURIAN, 9600,
        ", \"ilmd\": {\"cbvmda:countryOfOrigin\": \"TH\", \"cbvmda:lotNumber\": \"" + DURIAN_LOT + "\"}"));
    epcis(DURIAN_GROWER, "shipping from Laem Chabang", objectEvent("5b7e2d10-0002-4c3f-8e21-7a9d4c1b2611",
        "2026-11-19T06:00:00.000+07:00", "+07:00", "OBSERVE", "shipping", "in_transit",
        "urn:epc:id:sgln:8850123.00002.0", DURIAN, 9600, ""));
    coldChainShipment(DURIAN_GROWER, DURIAN, "durian", "BKG-LCB-HKG-2611", T0 - 4 * 24 * HOUR);

    add("waterbus", "service " + SERVICE, WaterBusRecords.service(origin, BARGE, T0 - 30 * 24 * HOUR, Service.newBuilder()
        .setServiceCode(SERVICE).setName("Hong Kong - Pearl River Delta water bus")
        .addAllPortRotation(List.of("HKHKG", "CNNSA", "CNFOS")).build()));
    Voyage v = Voyage.newBuilder().setVoyageNumber(VOYAGE_NO).setServiceCode(SERVICE).setBargeName("Zhu Jiang 26")
        .setTeuCapacity(36).setReeferPlugs(6).setSharingAgreement("PRD-VSA-2026")
        .addPortCalls(PortCall.newBuilder().setPort("HKHKG").setPlannedDepartureUnixMillis(T0 + HOUR))
        .addPortCalls(PortCall.newBuilder().setPort("CNNSA").setPlannedArrivalUnixMillis(T0 + 5 * HOUR)
            .setPlannedDepartureUnixMillis(T0 + 7 * HOUR))
        .addPortCalls(PortCall.newBuilder().setPort("CNFOS").setPlannedArrivalUnixMillis(T0 + 12 * HOUR))
        .addAllocations(SlotAllocation.newBuilder().setPartnerOrg(PARTNER).setTeu(12).setReeferPlugs(4))
        .build();
    add("waterbus", "voyage " + VOYAGE_NO, WaterBusRecords.voyage(origin, BARGE, T0 - 7 * 24 * HOUR, v));
    add("waterbus", "slot booking " + DURIAN_BOX, WaterBusRecords.booking(origin, PARTNER, T0 - 2 * 24 * HOUR, VOYAGE,
        SlotBooking.newBuilder().setBookingReference("LN-DUR-2611").setContainerNumber(DURIAN_BOX).setSizeType("45R1")
            .setLoadPort("HKHKG").setDischargePort("CNFOS").build()));
    // at Kwai Tsing the ship's line hands the lot to the water-bus partner (sea to inland waterway)
    handOver(DURIAN, T0 + 20 * MIN, org.baytrace.api.multimodal.v1.HandOver.newBuilder()
        .setFromMode(TransportMode.MARITIME).setToMode(TransportMode.INLAND_WATERWAY).setPlace(KWAI_TSING)
        .setFromParty(OCEAN_LINE).setToParty(PARTNER)
        .setFromMeans(vessel("611W", TransportDocumentType.SEA_WAYBILL, "SSRLLCBHKG2611977"))
        .setToMeans(TransportMeans.newBuilder().setReference(VOYAGE_NO).setName("Zhu Jiang 26")).build());
    add("waterbus", "LOAD " + DURIAN_BOX + " at Hong Kong", equipment(DURIAN_BOX, "LOAD", "HKHKG", T0 + 30 * MIN));
    add("waterbus", "slot booking " + NANSHA_BOX, WaterBusRecords.booking(origin, PARTNER, T0 - 2 * 24 * HOUR, VOYAGE,
        SlotBooking.newBuilder().setBookingReference("LN-DUR-2612").setContainerNumber(NANSHA_BOX).setSizeType("45R1")
            .setLoadPort("HKHKG").setDischargePort("CNNSA").build()));
    add("waterbus", "LOAD " + NANSHA_BOX + " at Hong Kong", equipment(NANSHA_BOX, "LOAD", "HKHKG", T0 + 35 * MIN));
    add("waterbus", "DEPA ACT Hong Kong", portCall("HKHKG", "DEPA", "ACT", T0 + 70 * MIN));
    add("waterbus", "ARRI EST Foshan", portCall("CNFOS", "ARRI", "EST", T0 + 12 * HOUR + 30 * MIN));
    add("waterbus", "ARRI ACT Foshan", portCall("CNFOS", "ARRI", "ACT", T0 + 12 * HOUR + 50 * MIN));
    add("waterbus", "DISC " + DURIAN_BOX + " at Foshan", equipment(DURIAN_BOX, "DISC", "CNFOS", T0 + 13 * HOUR + 30 * MIN));
    double[] t = new double[27];
    for (int i = 0; i < t.length; i++) {
      t[i] = 10.5 + (i % 4) * 0.3;
    }
    logger(PARTNER, DURIAN, "LN-R45-09", "water bus " + VOYAGE_NO + " Hong Kong - Foshan", T0, 30 * MIN, t);
    epcis(BARGE, "arriving at Foshan Lanshi", objectEvent("5b7e2d10-0003-4c3f-8e21-7a9d4c1b2611",
        "2026-11-23T21:30:00.000+08:00", "+08:00", "OBSERVE", "arriving", "in_transit",
        "urn:epc:id:sgln:6901234.00020.0", DURIAN, 9600, ""));

    Declaration d = Declaration.newBuilder().setDeclarationNumber(DURIAN_DECL).setType(DeclarationType.IMPORT)
        .addGoods(DURIAN).setDeclarantOrg(IMPORTER).setPort("CNFOS").addContainers(DURIAN_BOX).setVoyage(VOYAGE).build();
    declare(IMPORTER, FOSHAN_CUSTOMS, T0 + 9 * HOUR, d);
    add("customs", "DocumentLodgement " + DURIAN_DECL, CustomsRecords.stage(origin, IMPORTER,
        declarationUrn(FOSHAN_CUSTOMS, DURIAN_DECL), T0 + 9 * HOUR + 30 * MIN, DocumentLodgement.newBuilder()
            .setDocumentType("phytosanitary-certificate").setReference("TH-PC-2611-0977").build()));
    customs(FOSHAN_CUSTOMS, DURIAN_DECL, T0 + 15 * HOUR, DutiesPaid.newBuilder().setAmountMinor(5_760_000)
        .setCurrency("CNY").build());
    customs(FOSHAN_CUSTOMS, DURIAN_DECL, T0 + 16 * HOUR, Release.newBuilder().setReference("REL-FOS-0977").build());
    customs(FOSHAN_CUSTOMS, DURIAN_DECL, T0 + 18 * HOUR, Exit.newBuilder().setPort("CNFOS").build());
  }

  /** A hand-over of {@code subject}, signed by both parties (the handing one authors it). */
  private void handOver(String subject, long time, org.baytrace.api.multimodal.v1.HandOver h) {
    add("multimodal", "hand-over " + h.getFromMode() + " -> " + h.getToMode() + " by " + h.getFromParty() + " to "
        + h.getToParty(), MultimodalRecords.handOver(origin, h.getFromParty(), List.of(subject), time,
        "demo-" + (++nonce), h), h.getToParty());
  }

  /** The South Sea Reefer Line's ship on a voyage, with the document the goods travel under. */
  private static TransportMeans vessel(String voyage, TransportDocumentType type, String document) {
    return TransportMeans.newBuilder().setReference(voyage).setImoNumber("IMO9321483").setName("South Sea Harmony")
        .setDocument(TransportDocument.newBuilder().setType(type).setNumber(document)).build();
  }

  private RecordBody equipment(String box, String type, String port, long time) {
    return WaterBusRecords.equipmentEvent(origin, BARGE, VOYAGE, EquipmentEvent.newBuilder().setContainerNumber(box)
        .setEventType(type).setPort(port).setEventTimeUnixMillis(time).build());
  }

  private RecordBody portCall(String port, String type, String classifier, long time) {
    return WaterBusRecords.portCallEvent(origin, BARGE, VOYAGE_NO, "pc-" + (++nonce), PortCallEvent.newBuilder()
        .setPort(port).setEventType(type).setEventClassifier(classifier).setEventTimeUnixMillis(time).build());
  }

  /** A UN3373 specimen: Hong Kong lab → courier (dual-signed) → flown into Baiyun → Guangzhou lab (dual-signed). */
  private void specimen() {
    add("biomaterial", "specimen shipment declared (UN3373, 2-8 °C)", body(BiomaterialRecords.SHIPMENT, HK_LAB, SPECIMEN,
        T0 + HOUR, BiomaterialRecords.SHIPMENT_PROTO, org.baytrace.api.biomaterial.v1.Shipment.newBuilder()
            .setCategory(Category.UN3373_CATEGORY_B).setTemperatureClass(TemperatureClass.REFRIGERATED)
            .setPermitReference("GD-BIO-IMP-2611-018").setConsigneeOrg(GZ_LAB)
            .setDescription("Serum specimens for reference testing, 12 tubes").build()));
    add("biomaterial", "hand-over " + HK_LAB + " -> " + COURIER + " (dual-signed)", body(BiomaterialRecords.HAND_OVER,
        HK_LAB, SPECIMEN, T0 + 2 * HOUR, BiomaterialRecords.HAND_OVER_PROTO, HandOver.newBuilder().setFromOrg(HK_LAB)
            .setToOrg(COURIER).setLocation("HKG airport cargo terminal").setCondition("triple packaging intact").build()),
        COURIER);
    double[] t = new double[17];
    for (int i = 0; i < t.length; i++) {
      t[i] = 4.5 + (i % 3) * 0.5;
    }
    logger(COURIER, SPECIMEN, "SKY-TL-114", "flight HKG-CAN and Baiyun cargo terminal", T0 + 2 * HOUR, 15 * MIN, t);
    Declaration d = Declaration.newBuilder().setDeclarationNumber(SPECIMEN_DECL).setType(DeclarationType.IMPORT)
        .addGoods(SPECIMEN).setDeclarantOrg(COURIER).setPort("CNCAN").build();
    declare(COURIER, BAIYUN_CUSTOMS, T0 + 2 * HOUR + 30 * MIN, d);
    customs(BAIYUN_CUSTOMS, SPECIMEN_DECL, T0 + 4 * HOUR, Arrival.newBuilder().setPort("CNCAN").build());
    customs(BAIYUN_CUSTOMS, SPECIMEN_DECL, T0 + 5 * HOUR, Release.newBuilder().setReference("REL-CAN-0318").build());
    customs(BAIYUN_CUSTOMS, SPECIMEN_DECL, T0 + 5 * HOUR + 30 * MIN, Exit.newBuilder().setPort("CNCAN").build());
    add("biomaterial", "hand-over " + COURIER + " -> " + GZ_LAB + " (dual-signed)", body(BiomaterialRecords.HAND_OVER,
        COURIER, SPECIMEN, T0 + 6 * HOUR, BiomaterialRecords.HAND_OVER_PROTO, HandOver.newBuilder().setFromOrg(COURIER)
            .setToOrg(GZ_LAB).setLocation("Guangzhou Clinical Laboratory specimen reception")
            .setCondition("packaging intact, logger 4.5-5.5 °C").build()),
        GZ_LAB);
  }
}
