package org.baytrace.tracking.domain.waterbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.api.waterbus.v1.EquipmentEvent;
import org.baytrace.api.waterbus.v1.PortCall;
import org.baytrace.api.waterbus.v1.PortCallEvent;
import org.baytrace.api.waterbus.v1.Service;
import org.baytrace.api.waterbus.v1.SlotAllocation;
import org.baytrace.api.waterbus.v1.SlotBooking;
import org.baytrace.api.waterbus.v1.Voyage;
import org.baytrace.ledger.registry.OrgRegistry.Role;
import org.baytrace.ledger.registry.OrgRegistry;
import org.baytrace.ledger.Appended;
import org.baytrace.ledger.ApplyRule;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.LedgerConfig;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.record.Records;
import org.baytrace.ledger.store.LedgerStores;
import org.baytrace.tracking.domain.common.ContainerNumber;

/**
 * A real ledger on RocksDB with the org registry's author policy and the water-bus rule
 * installed, the registry's orgs with their keys, and builders for a Pearl River service
 * (Nansha → Huangpu → Foshan → Zhaoqing) and its voyages.
 */
public final class WaterBusFixture implements AutoCloseable {
  public static final String ORIGIN = "baytrace.test/gba";
  public static final String OPERATOR = "pearl-barge";
  public static final String OTHER_OPERATOR = "west-river-barge";
  public static final String PARTNER_A = "lingnan-logistics";
  public static final String PARTNER_B = "bay-fresh-carriers";
  public static final String PARTNER_C = "no-allocation-co";
  public static final String PORT = "nansha-terminal";
  public static final String CUSTOMS = "nansha-customs";
  public static final String SERVICE = "PRD1";
  public static final List<String> ROTATION = List.of("CNNSA", "CNHUA", "CNFOS", "CNZQG");
  /** 2026-11-28T00:00:00Z. */
  public static final long T0 = Instant.parse("2026-11-28T00:00:00Z").toEpochMilli();
  public static final long HOUR = 3_600_000L;

  public final Map<String, SigningKey> keys = new HashMap<>();
  public final OrgRegistry registry;
  public final NoteSigner node = new NoteSigner("test-node", SigningKey.generate());
  private final Path dir;
  private final List<ApplyRule> extraRules = new ArrayList<>();
  public Ledger ledger;
  public WaterBusRule rule;
  private int nonce;

  public WaterBusFixture(Path dir) {
    this.dir = dir;
    List<OrgRegistry.Org> orgs = new ArrayList<>();
    org(orgs, OPERATOR, Role.BARGE_OPERATOR, null);
    org(orgs, OTHER_OPERATOR, Role.BARGE_OPERATOR, null);
    org(orgs, PARTNER_A, Role.CARRIER, "cn-advanced-certified");
    org(orgs, PARTNER_B, Role.CARRIER, null);
    org(orgs, PARTNER_C, Role.CARRIER, null);
    org(orgs, PORT, Role.PORT, null);
    org(orgs, CUSTOMS, Role.CUSTOMS, null);
    org(orgs, "gongbei-customs", Role.CUSTOMS, null);
    org(orgs, "durian-importer", Role.PRODUCER, "cn-advanced-certified");
    org(orgs, "beef-importer", Role.PRODUCER, null);
    registry = OrgRegistry.of(orgs);
  }

  private void org(List<OrgRegistry.Org> orgs, String id, Role role, String aeo) {
    SigningKey key = SigningKey.generate();
    keys.put(id, key);
    orgs.add(new OrgRegistry.Org(id, id, Set.of(role), List.of(OrgRegistry.OrgKey.of(key.publicKey())), List.of(), aeo));
  }

  /** Opens the ledger with the water-bus rule and {@code rules} installed (replaying what is stored). */
  public WaterBusFixture open(ApplyRule... rules) {
    ledger = Ledger.open(new LedgerConfig(ORIGIN, node, registry.authorPolicy()), LedgerStores.openRocksDb(dir));
    rule = new WaterBusRule(registry);
    ledger.install(rule);
    extraRules.clear();
    for (ApplyRule r : rules) {
      ledger.install(r);
      extraRules.add(r);
    }
    return this;
  }

  public WaterBusState state() {
    return rule.state();
  }

  public byte[] sign(RecordBody body) {
    return Records.sign(body.toByteArray(), keys.get(body.getAuthorOrg()));
  }

  public Appended append(RecordBody body) {
    return ledger.append(sign(body));
  }

  /** Appends and expects a refusal with {@code error} whose message contains every fragment; nothing stored. */
  public LedgerException refused(RecordBody body, LedgerError error, String... fragments) {
    long before = ledger.head().size();
    LedgerException e = assertThrows(LedgerException.class, () -> append(body));
    assertEquals(error, e.error(), e.getMessage());
    for (String f : fragments) {
      if (!e.getMessage().contains(f)) {
        throw new AssertionError("message lacks \"" + f + "\": " + e.getMessage());
      }
    }
    assertEquals(before, ledger.head().size(), "a refused record is not stored");
    return e;
  }

  public String nonce() {
    return "n" + (++nonce);
  }

  // --- builders ---

  public static Service service() {
    return Service.newBuilder().setServiceCode(SERVICE).setName("Pearl River feeder").addAllPortRotation(ROTATION).build();
  }

  public RecordBody serviceRecord() {
    return WaterBusRecords.service(ORIGIN, OPERATOR, T0, service());
  }

  /** A voyage over the whole rotation, 6 h per leg with 2 h in port. */
  public static Voyage.Builder voyage(String number, int teu, int reefers, SlotAllocation... allocations) {
    Voyage.Builder v = Voyage.newBuilder().setVoyageNumber(number).setServiceCode(SERVICE).setBargeName("Zhu Jiang 18")
        .setTeuCapacity(teu).setReeferPlugs(reefers).setSharingAgreement("PRD-VSA-2026");
    for (int i = 0; i < ROTATION.size(); i++) {
      long arr = i == 0 ? 0 : T0 + i * 8 * HOUR;
      long dep = i == ROTATION.size() - 1 ? 0 : T0 + i * 8 * HOUR + 2 * HOUR;
      v.addPortCalls(PortCall.newBuilder().setPort(ROTATION.get(i)).setPlannedArrivalUnixMillis(arr)
          .setPlannedDepartureUnixMillis(dep));
    }
    for (SlotAllocation a : allocations) {
      v.addAllocations(a);
    }
    return v;
  }

  public static SlotAllocation allocation(String partner, int teu, int reefers) {
    return SlotAllocation.newBuilder().setPartnerOrg(partner).setTeu(teu).setReeferPlugs(reefers).build();
  }

  public RecordBody voyageRecord(Voyage v) {
    return WaterBusRecords.voyage(ORIGIN, OPERATOR, T0, v);
  }

  /** Publishes the service and a voyage; returns the voyage URN. */
  public String publish(Voyage v) {
    if (state().service(WaterBusSubjects.serviceUrn(OPERATOR, SERVICE)).isEmpty()) {
      append(serviceRecord());
    }
    append(voyageRecord(v));
    return WaterBusSubjects.voyageUrn(OPERATOR, v.getVoyageNumber());
  }

  public RecordBody booking(String partner, String voyageUrn, String ref, String container, String sizeType, String from,
      String to) {
    return WaterBusRecords.booking(ORIGIN, partner, T0 + HOUR / 2, voyageUrn, SlotBooking.newBuilder()
        .setBookingReference(ref).setContainerNumber(container).setSizeType(sizeType).setLoadPort(from)
        .setDischargePort(to).build());
  }

  public RecordBody equipment(String author, String voyageUrn, String container, String type, String port, long time) {
    return WaterBusRecords.equipmentEvent(ORIGIN, author, voyageUrn, EquipmentEvent.newBuilder()
        .setContainerNumber(container).setEventType(type).setPort(port).setEventTimeUnixMillis(time).build());
  }

  public RecordBody portCall(String voyageNumber, String port, String type, String classifier, long time) {
    return WaterBusRecords.portCallEvent(ORIGIN, OPERATOR, voyageNumber, nonce(), PortCallEvent.newBuilder().setPort(port)
        .setEventType(type).setEventClassifier(classifier).setEventTimeUnixMillis(time).build());
  }

  /** A valid container number of owner BTR with the given serial. */
  public static String container(int serial) {
    String first10 = String.format("BTRU%06d", serial);
    return first10 + ContainerNumber.checkDigit(first10);
  }

  @Override
  public void close() {
    if (ledger != null) {
      ledger.close();
      ledger = null;
    }
  }
}
