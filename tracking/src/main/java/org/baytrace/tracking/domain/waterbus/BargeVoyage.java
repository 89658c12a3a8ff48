package org.baytrace.tracking.domain.waterbus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.tracking.domain.common.SizeType;

/**
 * One voyage as the log has built it so far: its published plan (port calls, capacity,
 * allocations) and what happened since (schedule events, bookings, load and discharge), with
 * the slot usage on each leg kept up to date. Leg {@code i} runs from call {@code i} to call
 * {@code i + 1}; a booking from call {@code a} to call {@code b} occupies legs {@code a..b-1}.
 *
 * <p>Not thread-safe while it is being changed. The rule changes only private copies
 * ({@link #copy()}); a voyage published to {@link WaterBusState} is never changed again, so
 * readers may share it.
 */
public final class BargeVoyage {
  /** A planned port call. Zero times mean none (no arrival at the first call, no departure at the last). */
  public record Call(String port, long plannedArrival, long plannedDeparture) {}

  /** A partner's allocation: TEU and reefer plugs it may use on any one leg. */
  public record Allocation(String partner, int teu, int reeferPlugs) {}

  /** Where a booking stands. */
  public enum Status { BOOKED, LOADED, DISCHARGED, CANCELLED }

  /** A slot booking. */
  public record Booking(String reference, String container, SizeType sizeType, String partner, int loadCall,
      int dischargeCall, Status status, Hash32 record, Hash32 changedBy) {
    Booking with(Status s, Hash32 by) {
      return new Booking(reference, container, sizeType, partner, loadCall, dischargeCall, s, record, by);
    }
  }

  /** An estimated or actual arrival or departure (DCSA transport event). */
  public record TransportEvent(int call, String type, String classifier, long time, Hash32 record) {}

  /** A container loaded or discharged (DCSA equipment event). */
  public record EquipmentEvent(String container, String type, int call, long time, Hash32 record) {}

  final String urn;
  final String operator;
  final String number;
  final String serviceUrn;
  final String bargeName;
  final String agreement;
  final List<Call> calls;
  final Map<String, Integer> callOfPort;
  final int teuCapacity;
  final int reeferPlugs;
  final Map<String, Allocation> allocations;
  final Hash32 record;
  // Changing state, copied by copy():
  private int[] legTeu;
  private int[] legReefer;
  private Map<String, int[][]> partnerLegs; // partner → {teu per leg, reefer per leg}
  private LinkedHashMap<String, Booking> bookings;
  private Map<String, String> bookingOfContainer; // not cancelled
  private List<TransportEvent> transportEvents;
  private List<EquipmentEvent> equipmentEvents;

  BargeVoyage(String urn, String operator, String number, String serviceUrn, String bargeName, String agreement,
      List<Call> calls, int teuCapacity, int reeferPlugs, List<Allocation> allocations, Hash32 record) {
    this.urn = urn;
    this.operator = operator;
    this.number = number;
    this.serviceUrn = serviceUrn;
    this.bargeName = bargeName;
    this.agreement = agreement;
    this.calls = List.copyOf(calls);
    Map<String, Integer> idx = new HashMap<>();
    for (int i = 0; i < calls.size(); i++) {
      idx.put(calls.get(i).port(), i);
    }
    this.callOfPort = Map.copyOf(idx);
    this.teuCapacity = teuCapacity;
    this.reeferPlugs = reeferPlugs;
    Map<String, Allocation> a = new LinkedHashMap<>();
    allocations.forEach(x -> a.put(x.partner(), x));
    this.allocations = java.util.Collections.unmodifiableMap(a);
    this.record = record;
    this.legTeu = new int[legs()];
    this.legReefer = new int[legs()];
    this.partnerLegs = new HashMap<>();
    this.bookings = new LinkedHashMap<>();
    this.bookingOfContainer = new HashMap<>();
    this.transportEvents = new ArrayList<>();
    this.equipmentEvents = new ArrayList<>();
  }

  private BargeVoyage(BargeVoyage o) {
    this(o.urn, o.operator, o.number, o.serviceUrn, o.bargeName, o.agreement, o.calls, o.teuCapacity, o.reeferPlugs,
        List.copyOf(o.allocations.values()), o.record);
    legTeu = o.legTeu.clone();
    legReefer = o.legReefer.clone();
    o.partnerLegs.forEach((p, v) -> partnerLegs.put(p, new int[][] {v[0].clone(), v[1].clone()}));
    bookings = new LinkedHashMap<>(o.bookings);
    bookingOfContainer = new HashMap<>(o.bookingOfContainer);
    transportEvents = new ArrayList<>(o.transportEvents);
    equipmentEvents = new ArrayList<>(o.equipmentEvents);
  }

  /** A private copy to change. */
  BargeVoyage copy() {
    return new BargeVoyage(this);
  }

  public int legs() {
    return calls.size() - 1;
  }

  public String urn() {
    return urn;
  }

  public String operator() {
    return operator;
  }

  public String number() {
    return number;
  }

  public String serviceUrn() {
    return serviceUrn;
  }

  public String bargeName() {
    return bargeName;
  }

  public String agreement() {
    return agreement;
  }

  public List<Call> calls() {
    return calls;
  }

  public int teuCapacity() {
    return teuCapacity;
  }

  public int reeferPlugs() {
    return reeferPlugs;
  }

  public Map<String, Allocation> allocations() {
    return allocations;
  }

  public Hash32 record() {
    return record;
  }

  /** Index of the call at {@code port}, or -1. */
  public int callOf(String port) {
    return callOfPort.getOrDefault(port, -1);
  }

  public int legTeu(int leg) {
    return legTeu[leg];
  }

  public int legReefer(int leg) {
    return legReefer[leg];
  }

  /** TEU ({@code reefer == false}) or reefer plugs the partner uses on the leg. */
  public int partnerUse(String partner, int leg, boolean reefer) {
    int[][] p = partnerLegs.get(partner);
    return p == null ? 0 : p[reefer ? 1 : 0][leg];
  }

  public List<Booking> bookings() {
    return List.copyOf(bookings.values());
  }

  public Optional<Booking> booking(String reference) {
    return Optional.ofNullable(bookings.get(reference));
  }

  /** The container's booking on this voyage that is not cancelled. */
  public Optional<Booking> bookingOf(String container) {
    String ref = bookingOfContainer.get(container);
    return ref == null ? Optional.empty() : Optional.of(bookings.get(ref));
  }

  public List<TransportEvent> transportEvents() {
    return List.copyOf(transportEvents);
  }

  public List<EquipmentEvent> equipmentEvents() {
    return List.copyOf(equipmentEvents);
  }

  /** The latest event of a type and classifier at a call, in log order. */
  public Optional<TransportEvent> latest(int call, String type, String classifier) {
    for (int i = transportEvents.size() - 1; i >= 0; i--) {
      TransportEvent e = transportEvents.get(i);
      if (e.call() == call && e.type().equals(type) && e.classifier().equals(classifier)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  void book(Booking b) {
    bookings.put(b.reference(), b);
    bookingOfContainer.put(b.container(), b.reference());
    use(b, +1);
  }

  void cancel(Booking b, Hash32 by) {
    bookings.put(b.reference(), b.with(Status.CANCELLED, by));
    bookingOfContainer.remove(b.container());
    use(b, -1);
  }

  void setStatus(Booking b, Status s, Hash32 by) {
    bookings.put(b.reference(), b.with(s, by));
  }

  void add(TransportEvent e) {
    transportEvents.add(e);
  }

  void add(EquipmentEvent e) {
    equipmentEvents.add(e);
  }

  private void use(Booking b, int sign) {
    int[][] p = partnerLegs.computeIfAbsent(b.partner(), k -> new int[][] {new int[legs()], new int[legs()]});
    int teu = sign * b.sizeType().teu();
    int reefer = b.sizeType().reefer() ? sign : 0;
    for (int leg = b.loadCall(); leg < b.dischargeCall(); leg++) {
      legTeu[leg] += teu;
      legReefer[leg] += reefer;
      p[0][leg] += teu;
      p[1][leg] += reefer;
    }
  }
}
