package org.baytrace.tracking.domain.waterbus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.baytrace.api.waterbus.v1.BookingCancellation;
import org.baytrace.api.waterbus.v1.EquipmentEvent;
import org.baytrace.api.waterbus.v1.PortCall;
import org.baytrace.api.waterbus.v1.PortCallEvent;
import org.baytrace.api.waterbus.v1.Service;
import org.baytrace.api.waterbus.v1.SlotAllocation;
import org.baytrace.api.waterbus.v1.SlotBooking;
import org.baytrace.ledger.AppliedRecord;
import org.baytrace.ledger.ApplyRule;
import org.baytrace.ledger.StagedRule;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.record.ParsedRecord;
import org.baytrace.ledger.registry.OrgRegistry;
import org.baytrace.tracking.domain.common.ContainerNumber;
import org.baytrace.tracking.domain.common.Fields;
import org.baytrace.tracking.domain.common.ProtoContent;
import org.baytrace.tracking.domain.common.Quoted;
import org.baytrace.tracking.domain.common.SizeType;
import org.baytrace.tracking.domain.common.UnLocode;
import org.baytrace.tracking.domain.waterbus.BargeVoyage.Booking;
import org.baytrace.tracking.domain.waterbus.BargeVoyage.Status;

/**
 * Judges every {@code waterbus.*} record against the voyages the log holds, in log order, and
 * keeps {@link WaterBusState} up to date. Refusals, each naming its rule:
 * <ul>
 *   <li>INVALID_FIELD: content or subjects malformed ({@code field: got X, want Y});</li>
 *   <li>NOT_AUTHORISED: {@code waterbus.operator-only} (services, voyages and schedule events only
 *       by the operator named in the subject), {@code waterbus.cancel-own} (a cancellation by the
 *       booking's partner or the operator), {@code waterbus.equipment-author} (LOAD/DISC by the
 *       operator or an org with the port role);</li>
 *   <li>RULE_VIOLATED: {@code waterbus.service-once}, {@code waterbus.service-known},
 *       {@code waterbus.voyage-once}, {@code waterbus.voyage-known}, {@code waterbus.rotation},
 *       {@code waterbus.port-on-rotation}, {@code waterbus.booking-reference},
 *       {@code waterbus.container-booked}, {@code waterbus.departed},
 *       {@code waterbus.partner-allocation}, {@code waterbus.barge-capacity},
 *       {@code waterbus.booking-known}, {@code waterbus.load-needs-booking},
 *       {@code waterbus.discharge-needs-load}.</li>
 * </ul>
 * Records of other kinds pass untouched. On replay, a stored record this rule would refuse (one
 * stored before the rule existed) is left out of the state, on every node alike.
 *
 * <p>Driven by the ledger's single writer (see {@link ApplyRule}); its state is read through
 * {@link #state()} from any thread.
 */
public final class WaterBusRule extends StagedRule<Draft> {
  private static final int MAX_TEU = 10_000;

  private final OrgRegistry registry;
  private final WaterBusState state = new WaterBusState();

  public WaterBusRule(OrgRegistry registry) {
    this.registry = registry;
  }

  public WaterBusState state() {
    return state;
  }

  @Override
  protected Draft draft() {
    return new Draft(state, null);
  }

  @Override
  protected boolean judges(ParsedRecord r) {
    return r.kind().startsWith(WaterBusKinds.PREFIX);
  }

  /** The snapshot name of this rule's state. */
  public static final String SNAPSHOT = "waterbus";

  /** Snapshotted as the water-bus records it took: its state is built from those alone. */
  @Override
  public Optional<ApplyRule.Snapshots> snapshots() {
    return Optional.of(ApplyRule.Snapshots.ofTakenRecords(SNAPSHOT, 1, this::judges));
  }

  @Override
  protected void commit(Draft draft, List<AppliedRecord> stored) {
    Map<Hash32, Long> indexes = new HashMap<>();
    stored.stream().filter(a -> judges(a.record())).forEach(a -> indexes.put(a.record().bodyHash(), a.index()));
    state.publish(draft, indexes);
  }

  /** Judges one record against the draft and, if it passes, applies it there. */
  @Override
  protected void apply(ParsedRecord r, Draft d) {
    switch (r.kind()) {
      case WaterBusKinds.SERVICE -> service(r, d);
      case WaterBusKinds.VOYAGE -> voyage(r, d);
      case WaterBusKinds.PORT_CALL_EVENT -> portCallEvent(r, d);
      case WaterBusKinds.SLOT_BOOKING -> booking(r, d);
      case WaterBusKinds.BOOKING_CANCELLATION -> cancellation(r, d);
      case WaterBusKinds.EQUIPMENT_EVENT -> equipmentEvent(r, d);
      default -> throw Fields.invalid("kind: got " + Quoted.of(r.kind()) + ", want one of " + WaterBusKinds.ALL);
    }
  }

  private void service(ParsedRecord r, Draft d) {
    Service s = ProtoContent.parse(r, Service.parser(), Service.getDescriptor());
    subjectCount(r, 1, "the service URN");
    WaterBusSubjects.Id id = WaterBusSubjects.service("subjects[0]", r.subjects().get(0));
    same("service_code", s.getServiceCode(), id.code(), "the code in subjects[0]");
    Fields.text("name", s.getName(), 1, 200);
    if (s.getPortRotationCount() < 2) {
      throw Fields.invalid("port_rotation: got " + s.getPortRotationCount() + " ports, want 2 or more");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < s.getPortRotationCount(); i++) {
      String port = UnLocode.check("port_rotation[" + i + "]", s.getPortRotation(i));
      if (!seen.add(port)) {
        throw Fields.invalid("port_rotation[" + i + "]: got \"" + port + "\" again, want each port once");
      }
    }
    operatorOnly(r, id);
    if (d.service(id.urn()) != null) {
      throw violated("waterbus.service-once: service " + id.urn() + " is already published; a service is published once");
    }
    d.services.put(id.urn(), new BargeService(id.urn(), id.operator(), id.code(), s.getName(), s.getPortRotationList(),
        r.bodyHash()));
  }

  private void voyage(ParsedRecord r, Draft d) {
    org.baytrace.api.waterbus.v1.Voyage v =
        ProtoContent.parse(r, org.baytrace.api.waterbus.v1.Voyage.parser(), org.baytrace.api.waterbus.v1.Voyage.getDescriptor());
    subjectCount(r, 2, "the voyage URN, then the service URN");
    WaterBusSubjects.Id id = WaterBusSubjects.voyage("subjects[0]", r.subjects().get(0));
    WaterBusSubjects.Id service = WaterBusSubjects.service("subjects[1]", r.subjects().get(1));
    same("subjects[1]", service.operator(), id.operator(), "the operator of subjects[0]");
    same("voyage_number", v.getVoyageNumber(), id.code(), "the number in subjects[0]");
    same("service_code", v.getServiceCode(), service.code(), "the code in subjects[1]");
    Fields.text("barge_name", v.getBargeName(), 1, 100);
    Fields.text("sharing_agreement", v.getSharingAgreement(), 0, 64);
    List<BargeVoyage.Call> calls = calls(v.getPortCallsList());
    if (v.getTeuCapacity() < 1 || v.getTeuCapacity() > MAX_TEU) {
      throw Fields.invalid("teu_capacity: got " + v.getTeuCapacity() + ", want 1 to " + MAX_TEU);
    }
    if (v.getReeferPlugs() < 0 || v.getReeferPlugs() > v.getTeuCapacity()) {
      throw Fields.invalid("reefer_plugs: got " + v.getReeferPlugs() + ", want 0 to " + v.getTeuCapacity()
          + " (teu_capacity)");
    }
    List<BargeVoyage.Allocation> allocations = new ArrayList<>();
    Set<String> partners = new HashSet<>();
    for (int i = 0; i < v.getAllocationsCount(); i++) {
      SlotAllocation a = v.getAllocations(i);
      String f = "allocations[" + i + "]";
      if (registry.org(a.getPartnerOrg()).isEmpty()) {
        throw Fields.invalid(f + ".partner_org: got " + Quoted.of(a.getPartnerOrg()) + ", want an org of the registry");
      }
      if (!partners.add(a.getPartnerOrg())) {
        throw Fields.invalid(f + ".partner_org: got \"" + a.getPartnerOrg() + "\" again, want one allocation per partner");
      }
      if (a.getTeu() < 0 || a.getTeu() > v.getTeuCapacity()) {
        throw Fields.invalid(f + ".teu: got " + a.getTeu() + ", want 0 to " + v.getTeuCapacity() + " (teu_capacity)");
      }
      if (a.getReeferPlugs() < 0 || a.getReeferPlugs() > v.getReeferPlugs()) {
        throw Fields.invalid(f + ".reefer_plugs: got " + a.getReeferPlugs() + ", want 0 to " + v.getReeferPlugs()
            + " (reefer_plugs)");
      }
      allocations.add(new BargeVoyage.Allocation(a.getPartnerOrg(), a.getTeu(), a.getReeferPlugs()));
    }
    operatorOnly(r, id);
    BargeService published = d.service(service.urn());
    if (published == null) {
      throw violated("waterbus.service-known: service " + service.urn() + " is not published; publish it before its voyages");
    }
    if (d.voyage(id.urn()) != null) {
      throw violated("waterbus.voyage-once: voyage " + id.urn() + " is already published; change its schedule with "
          + WaterBusKinds.PORT_CALL_EVENT + " records");
    }
    int next = 0;
    for (BargeVoyage.Call c : calls) {
      int at = published.rotation().subList(next, published.rotation().size()).indexOf(c.port());
      if (at < 0) {
        throw violated("waterbus.rotation: port call " + c.port() + " of voyage " + id.urn() + " is not on the rotation "
            + published.rotation() + " of service " + service.urn() + " after the previous call; want the calls in rotation order");
      }
      next += at + 1;
    }
    d.voyages.put(id.urn(), new BargeVoyage(id.urn(), id.operator(), id.code(), service.urn(), v.getBargeName(),
        v.getSharingAgreement(), calls, v.getTeuCapacity(), v.getReeferPlugs(), allocations, r.bodyHash()));
  }

  private static List<BargeVoyage.Call> calls(List<PortCall> list) {
    if (list.size() < 2) {
      throw Fields.invalid("port_calls: got " + list.size() + " calls, want 2 or more");
    }
    List<BargeVoyage.Call> calls = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    long previousDeparture = 0;
    for (int i = 0; i < list.size(); i++) {
      PortCall c = list.get(i);
      String f = "port_calls[" + i + "]";
      String port = UnLocode.check(f + ".port", c.getPort());
      if (!seen.add(port)) {
        throw Fields.invalid(f + ".port: got \"" + port + "\" again, want each port once per voyage");
      }
      long arr = c.getPlannedArrivalUnixMillis();
      long dep = c.getPlannedDepartureUnixMillis();
      boolean first = i == 0;
      boolean last = i == list.size() - 1;
      if (first ? arr < 0 : arr <= 0) {
        throw Fields.invalid(f + ".planned_arrival_unix_millis: got " + arr + ", want " + (first ? "0 or a time" : "a time"));
      }
      if (last ? dep < 0 : dep <= 0) {
        throw Fields.invalid(f + ".planned_departure_unix_millis: got " + dep + ", want " + (last ? "0 or a time" : "a time"));
      }
      if (arr > 0 && dep > 0 && dep < arr) {
        throw Fields.invalid(f + ".planned_departure_unix_millis: got " + dep + ", want not before the planned arrival " + arr);
      }
      if (!first && arr < previousDeparture) {
        throw Fields.invalid(f + ".planned_arrival_unix_millis: got " + arr
            + ", want not before the planned departure from the previous call " + previousDeparture);
      }
      previousDeparture = dep;
      calls.add(new BargeVoyage.Call(port, arr, dep));
    }
    return calls;
  }

  private void portCallEvent(ParsedRecord r, Draft d) {
    PortCallEvent e = ProtoContent.parse(r, PortCallEvent.parser(), PortCallEvent.getDescriptor());
    subjectCount(r, 1, "the voyage URN");
    WaterBusSubjects.Id id = WaterBusSubjects.voyage("subjects[0]", r.subjects().get(0));
    String port = UnLocode.check("port", e.getPort());
    oneOf("event_type", e.getEventType(), "ARRI", "DEPA");
    if (e.getEventClassifier().equals("PLN")) {
      throw Fields.invalid("event_classifier: got \"PLN\", want \"EST\" or \"ACT\" (planned times are in the "
          + WaterBusKinds.VOYAGE + " record)");
    }
    oneOf("event_classifier", e.getEventClassifier(), "EST", "ACT");
    positive("event_time_unix_millis", e.getEventTimeUnixMillis());
    operatorOnly(r, id);
    BargeVoyage v = knownVoyage(d, id.urn());
    int call = onRotation(v, port, "port");
    d.voyageToChange(id.urn()).add(new BargeVoyage.TransportEvent(call, e.getEventType(), e.getEventClassifier(),
        e.getEventTimeUnixMillis(), r.bodyHash()));
  }

  private void booking(ParsedRecord r, Draft d) {
    SlotBooking b = ProtoContent.parse(r, SlotBooking.parser(), SlotBooking.getDescriptor());
    subjectCount(r, 2, "the voyage URN, then the container URN");
    WaterBusSubjects.Id id = WaterBusSubjects.voyage("subjects[0]", r.subjects().get(0));
    ContainerNumber container = containerSubject(r, b.getContainerNumber());
    reference(b.getBookingReference());
    SizeType size = SizeType.parse("size_type", b.getSizeType());
    String load = UnLocode.check("load_port", b.getLoadPort());
    String discharge = UnLocode.check("discharge_port", b.getDischargePort());
    BargeVoyage v = knownVoyage(d, id.urn());
    int from = onRotation(v, load, "load_port");
    int to = onRotation(v, discharge, "discharge_port");
    if (to <= from) {
      throw violated("waterbus.port-on-rotation: discharge_port " + discharge + " is not after load_port " + load
          + " on voyage " + v.urn() + " (calls " + ports(v) + ")");
    }
    if (v.booking(b.getBookingReference()).isPresent()) {
      throw violated("waterbus.booking-reference: booking " + Quoted.of(b.getBookingReference()) + " already exists on voyage "
          + v.urn());
    }
    v.bookingOf(container.value()).ifPresent(other -> {
      throw violated("waterbus.container-booked: container " + container + " is already booked on voyage " + v.urn()
          + " (booking " + Quoted.of(other.reference()) + ", " + other.status() + ")");
    });
    if (v.latest(from, "DEPA", "ACT").isPresent()) {
      throw violated("waterbus.departed: voyage " + v.urn() + " has departed from " + load + "; no more bookings from there");
    }
    String partner = r.authorOrg();
    BargeVoyage.Allocation allocation = v.allocations().get(partner);
    if (allocation == null) {
      throw violated("waterbus.partner-allocation: partner " + Quoted.of(partner) + " holds no slot allocation on voyage "
          + v.urn() + " (partners: " + v.allocations().keySet() + ")");
    }
    for (int leg = from; leg < to; leg++) {
      String where = "leg " + leg(v, leg) + " of voyage " + v.urn();
      int usedTeu = v.partnerUse(partner, leg, false);
      if (usedTeu + size.teu() > allocation.teu()) {
        throw violated("waterbus.partner-allocation: " + where + ": partner \"" + partner + "\" has " + usedTeu + " of its "
            + allocation.teu() + " TEU booked, container " + container + " (" + size.code() + ") needs " + size.teu() + " more");
      }
      int usedReefer = v.partnerUse(partner, leg, true);
      if (size.reefer() && usedReefer + 1 > allocation.reeferPlugs()) {
        throw violated("waterbus.partner-allocation: " + where + ": partner \"" + partner + "\" has " + usedReefer + " of its "
            + allocation.reeferPlugs() + " reefer plugs booked, reefer container " + container + " needs 1 more");
      }
      if (v.legTeu(leg) + size.teu() > v.teuCapacity()) {
        throw violated("waterbus.barge-capacity: " + where + ": the barge has " + v.legTeu(leg) + " of its " + v.teuCapacity()
            + " TEU booked, container " + container + " of partner \"" + partner + "\" needs " + size.teu() + " more");
      }
      if (size.reefer() && v.legReefer(leg) + 1 > v.reeferPlugs()) {
        throw violated("waterbus.barge-capacity: " + where + ": the barge has " + v.legReefer(leg) + " of its "
            + v.reeferPlugs() + " reefer plugs booked, reefer container " + container + " of partner \"" + partner
            + "\" needs 1 more");
      }
    }
    d.voyageToChange(v.urn()).book(new Booking(b.getBookingReference(), container.value(), size, partner, from, to,
        Status.BOOKED, r.bodyHash(), null));
  }

  private void cancellation(ParsedRecord r, Draft d) {
    BookingCancellation c = ProtoContent.parse(r, BookingCancellation.parser(), BookingCancellation.getDescriptor());
    subjectCount(r, 2, "the voyage URN, then the container URN");
    WaterBusSubjects.Id id = WaterBusSubjects.voyage("subjects[0]", r.subjects().get(0));
    ContainerNumber container = ContainerNumber.fromUrn("subjects[1]", r.subjects().get(1));
    reference(c.getBookingReference());
    Fields.text("reason", c.getReason(), 0, 200);
    BargeVoyage v = knownVoyage(d, id.urn());
    Booking b = v.booking(c.getBookingReference()).filter(x -> x.container().equals(container.value())).orElseThrow(() ->
        violated("waterbus.booking-known: voyage " + v.urn() + " has no booking " + Quoted.of(c.getBookingReference())
            + " for container " + container));
    if (!r.authorOrg().equals(b.partner()) && !r.authorOrg().equals(v.operator())) {
      throw new LedgerException(LedgerError.NOT_AUTHORISED, "waterbus.cancel-own: org " + Quoted.of(r.authorOrg())
          + " may not cancel booking \"" + b.reference() + "\" of partner \"" + b.partner() + "\" on voyage " + v.urn()
          + "; want the partner or the operator \"" + v.operator() + "\"");
    }
    if (b.status() != Status.BOOKED) {
      throw violated("waterbus.booking-known: booking \"" + b.reference() + "\" on voyage " + v.urn() + " is "
          + b.status() + ", want BOOKED to cancel it");
    }
    d.voyageToChange(v.urn()).cancel(b, r.bodyHash());
  }

  private void equipmentEvent(ParsedRecord r, Draft d) {
    EquipmentEvent e = ProtoContent.parse(r, EquipmentEvent.parser(), EquipmentEvent.getDescriptor());
    subjectCount(r, 2, "the voyage URN, then the container URN");
    WaterBusSubjects.Id id = WaterBusSubjects.voyage("subjects[0]", r.subjects().get(0));
    ContainerNumber container = containerSubject(r, e.getContainerNumber());
    oneOf("event_type", e.getEventType(), "LOAD", "DISC");
    String port = UnLocode.check("port", e.getPort());
    positive("event_time_unix_millis", e.getEventTimeUnixMillis());
    boolean portRole = registry.org(r.authorOrg()).map(o -> o.hasRole(OrgRegistry.Role.PORT)).orElse(false);
    if (!r.authorOrg().equals(id.operator()) && !portRole) {
      throw new LedgerException(LedgerError.NOT_AUTHORISED, "waterbus.equipment-author: org " + Quoted.of(r.authorOrg())
          + " may not record " + e.getEventType() + " on voyage " + id.urn() + "; want the operator \"" + id.operator()
          + "\" or an org with the port role");
    }
    BargeVoyage v = knownVoyage(d, id.urn());
    int call = onRotation(v, port, "port");
    boolean load = e.getEventType().equals("LOAD");
    Booking b = v.bookingOf(container.value()).orElse(null);
    if (load) {
      if (b == null) {
        throw violated("waterbus.load-needs-booking: container " + container + " has no booking on voyage " + v.urn()
            + "; LOAD at " + port + " refused");
      }
      if (b.status() != Status.BOOKED) {
        throw violated("waterbus.load-needs-booking: container " + container + " on voyage " + v.urn() + " is already "
            + b.status() + " (booking \"" + b.reference() + "\")");
      }
      if (call != b.loadCall()) {
        throw violated("waterbus.load-needs-booking: container " + container + " is booked to load at "
            + v.calls().get(b.loadCall()).port() + " on voyage " + v.urn() + ", not at " + port);
      }
    } else {
      if (b == null || b.status() != Status.LOADED) {
        throw violated("waterbus.discharge-needs-load: container " + container + " is not on board voyage " + v.urn()
            + (b == null ? " (no booking)" : " (booking \"" + b.reference() + "\" is " + b.status() + ")") + "; DISC at "
            + port + " refused");
      }
      if (call != b.dischargeCall()) {
        throw violated("waterbus.discharge-needs-load: container " + container + " is booked to discharge at "
            + v.calls().get(b.dischargeCall()).port() + " on voyage " + v.urn() + ", not at " + port);
      }
    }
    BargeVoyage own = d.voyageToChange(v.urn());
    own.setStatus(b, load ? Status.LOADED : Status.DISCHARGED, r.bodyHash());
    own.add(new BargeVoyage.EquipmentEvent(container.value(), e.getEventType(), call, e.getEventTimeUnixMillis(), r.bodyHash()));
  }

  // --- shared checks ---

  private static void subjectCount(ParsedRecord r, int n, String want) {
    if (r.subjects().size() != n) {
      throw Fields.invalid("subjects: got " + r.subjects().size() + ", want " + n + ": " + want);
    }
  }

  private static ContainerNumber containerSubject(ParsedRecord r, String number) {
    ContainerNumber container = ContainerNumber.parse("container_number", number);
    same("subjects[1]", r.subjects().get(1), container.urn(), "the container_number's URN");
    return container;
  }

  private static void operatorOnly(ParsedRecord r, WaterBusSubjects.Id id) {
    if (!r.authorOrg().equals(id.operator())) {
      throw new LedgerException(LedgerError.NOT_AUTHORISED, "waterbus.operator-only: org " + Quoted.of(r.authorOrg())
          + " may not write " + r.kind() + " for " + id.urn() + "; only its operator \"" + id.operator() + "\" may");
    }
  }

  private static BargeVoyage knownVoyage(Draft d, String urn) {
    BargeVoyage v = d.voyage(urn);
    if (v == null) {
      throw violated("waterbus.voyage-known: voyage " + urn + " is not published");
    }
    return v;
  }

  private static int onRotation(BargeVoyage v, String port, String field) {
    int call = v.callOf(port);
    if (call < 0) {
      throw violated("waterbus.port-on-rotation: " + field + " " + port + " is not a port call of voyage " + v.urn()
          + " (calls " + ports(v) + ")");
    }
    return call;
  }

  public static List<String> ports(BargeVoyage v) {
    return v.calls().stream().map(BargeVoyage.Call::port).toList();
  }

  public static String leg(BargeVoyage v, int leg) {
    return v.calls().get(leg).port() + "→" + v.calls().get(leg + 1).port();
  }

  private static void reference(String ref) {
    if (!ref.matches("[A-Z0-9][A-Z0-9-]{0,34}")) {
      throw Fields.invalid("booking_reference: got " + Quoted.of(ref) + ", want 1 to 35 of A-Z, 0-9 and -");
    }
  }

  private static void same(String field, String got, String want, String what) {
    if (!got.equals(want)) {
      throw Fields.invalid(field + ": got " + Quoted.of(got) + ", want \"" + want + "\" (" + what + ")");
    }
  }

  private static void oneOf(String field, String got, String... allowed) {
    if (!List.of(allowed).contains(got)) {
      throw Fields.invalid(field + ": got " + Quoted.of(got) + ", want one of " + List.of(allowed));
    }
  }

  private static void positive(String field, long got) {
    if (got <= 0) {
      throw Fields.invalid(field + ": got " + got + ", want a time after 1970");
    }
  }

  private static LedgerException violated(String message) {
    return new LedgerException(LedgerError.RULE_VIOLATED, message);
  }
}
