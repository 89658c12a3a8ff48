package org.baytrace.tracking.node.waterbus;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.tracking.domain.common.ContainerNumber;
import org.baytrace.tracking.domain.common.Quoted;
import org.baytrace.tracking.domain.common.UnLocode;
import org.baytrace.tracking.domain.waterbus.BargeVoyage;
import org.baytrace.tracking.domain.waterbus.WaterBusRule;
import org.baytrace.tracking.domain.waterbus.WaterBusState;
import org.baytrace.tracking.domain.waterbus.WaterBusSubjects;

/**
 * The water-bus views as JSON: voyages, a voyage's schedule with delays (planned vs estimated
 * vs actual per port call), slot utilisation per leg and partner, and a container's journey
 * across voyages. Every fact names the ledger index of the record behind it. Thread-safe (reads
 * the committed state only).
 */
public final class WaterBusViews {
  static final ObjectMapper JSON = new ObjectMapper();
  private final WaterBusState state;

  public WaterBusViews(WaterBusState state) {
    this.state = state;
  }

  public WaterBusState state() {
    return state;
  }

  public ArrayNode voyages() {
    ArrayNode out = JSON.createArrayNode();
    for (BargeVoyage v : state.voyages()) {
      ObjectNode n = out.addObject();
      n.put("voyage", v.urn());
      n.put("operator", v.operator());
      n.put("voyageNumber", v.number());
      n.put("service", v.serviceUrn());
      n.put("bargeName", v.bargeName());
      WaterBusRule.ports(v).forEach(n.putArray("ports")::add);
      n.put("href", "/v1/waterbus/voyages/" + v.operator() + "/" + v.number());
    }
    return out;
  }

  /** The voyage, or NOT_FOUND. */
  public BargeVoyage voyage(String operator, String number) {
    String urn = WaterBusSubjects.voyageUrn(operator, number);
    return state.voyage(urn).orElseThrow(() -> new LedgerException(LedgerError.NOT_FOUND,
        "voyage " + Quoted.of(urn) + " is not on the ledger"));
  }

  /** Planned, estimated and actual arrival and departure per port call, with delays in minutes. */
  public ObjectNode schedule(BargeVoyage v) {
    ObjectNode n = header(v);
    ArrayNode calls = n.putArray("portCalls");
    for (int i = 0; i < v.calls().size(); i++) {
      BargeVoyage.Call c = v.calls().get(i);
      ObjectNode cn = calls.addObject();
      cn.put("sequence", i + 1);
      cn.put("port", c.port());
      cn.put("portName", UnLocode.name(c.port()));
      if (i > 0) {
        times(cn.putObject("arrival"), v, i, "ARRI", c.plannedArrival());
      }
      if (i < v.calls().size() - 1) {
        times(cn.putObject("departure"), v, i, "DEPA", c.plannedDeparture());
      }
    }
    ArrayNode events = n.putArray("events");
    for (BargeVoyage.TransportEvent e : v.transportEvents()) {
      ObjectNode en = events.addObject();
      en.put("port", v.calls().get(e.call()).port());
      en.put("eventType", e.type());
      en.put("eventClassifier", e.classifier());
      en.put("time", iso(e.time()));
      index(en, e.record());
    }
    return n;
  }

  private void times(ObjectNode n, BargeVoyage v, int call, String type, long planned) {
    n.put("planned", iso(planned));
    Optional<BargeVoyage.TransportEvent> est = v.latest(call, type, "EST");
    Optional<BargeVoyage.TransportEvent> act = v.latest(call, type, "ACT");
    n.put("estimated", est.map(e -> iso(e.time())).orElse(null));
    n.put("actual", act.map(e -> iso(e.time())).orElse(null));
    Optional<BargeVoyage.TransportEvent> best = act.isPresent() ? act : est;
    if (best.isPresent()) {
      n.put("delayMinutes", Math.floorDiv(best.get().time() - planned, 60_000L));
      n.put("delayFrom", best.get().classifier());
    } else {
      n.putNull("delayMinutes");
    }
  }

  /** TEU and reefer plugs booked per leg, for the barge and for each partner, and the bookings. */
  public ObjectNode utilisation(BargeVoyage v) {
    ObjectNode n = header(v);
    ArrayNode legs = n.putArray("legs");
    for (int leg = 0; leg < v.legs(); leg++) {
      ObjectNode ln = legs.addObject();
      ln.put("leg", leg + 1);
      ln.put("from", v.calls().get(leg).port());
      ln.put("to", v.calls().get(leg + 1).port());
      use(ln.putObject("teu"), v.teuCapacity(), v.legTeu(leg));
      use(ln.putObject("reeferPlugs"), v.reeferPlugs(), v.legReefer(leg));
      ArrayNode partners = ln.putArray("partners");
      for (BargeVoyage.Allocation a : v.allocations().values()) {
        ObjectNode pn = partners.addObject();
        pn.put("partner", a.partner());
        use(pn.putObject("teu"), a.teu(), v.partnerUse(a.partner(), leg, false));
        use(pn.putObject("reeferPlugs"), a.reeferPlugs(), v.partnerUse(a.partner(), leg, true));
      }
    }
    ArrayNode partners = n.putArray("partners");
    for (BargeVoyage.Allocation a : v.allocations().values()) {
      ObjectNode pn = partners.addObject();
      pn.put("partner", a.partner());
      pn.put("teuAllocated", a.teu());
      pn.put("reeferPlugsAllocated", a.reeferPlugs());
      int peak = 0;
      for (int leg = 0; leg < v.legs(); leg++) {
        peak = Math.max(peak, v.partnerUse(a.partner(), leg, false));
      }
      pn.put("teuPeakBooked", peak);
      pn.put("activeBookings", v.bookings().stream()
          .filter(b -> b.partner().equals(a.partner()) && b.status() != BargeVoyage.Status.CANCELLED).count());
    }
    ArrayNode bookings = n.putArray("bookings");
    v.bookings().forEach(b -> bookings.add(booking(v, b)));
    return n;
  }

  private static void use(ObjectNode n, int capacity, int booked) {
    n.put("capacity", capacity);
    n.put("booked", booked);
    n.put("free", capacity - booked);
    n.put("utilisationPercent", capacity == 0 ? 0 : Math.round(1000.0 * booked / capacity) / 10.0);
  }

  private ObjectNode booking(BargeVoyage v, BargeVoyage.Booking b) {
    ObjectNode n = JSON.createObjectNode();
    n.put("reference", b.reference());
    n.put("container", b.container());
    n.put("sizeType", b.sizeType().code());
    n.put("teu", b.sizeType().teu());
    n.put("reefer", b.sizeType().reefer());
    n.put("partner", b.partner());
    n.put("loadPort", v.calls().get(b.loadCall()).port());
    n.put("dischargePort", v.calls().get(b.dischargeCall()).port());
    n.put("status", b.status().name());
    index(n, b.record());
    return n;
  }

  /** Every voyage the container was booked on, with the booking and its LOAD/DISC events. */
  public ObjectNode journey(String number) {
    ContainerNumber c;
    try {
      c = ContainerNumber.parse("container", number);
    } catch (LedgerException e) {
      throw new LedgerException(LedgerError.INVALID_ARGUMENT, e.getMessage());
    }
    ObjectNode n = JSON.createObjectNode();
    n.put("container", c.value());
    n.put("subject", c.urn());
    ArrayNode legs = n.putArray("voyages");
    List<BargeVoyage> voyages = state.voyagesOf(c.value()).stream()
        .sorted(Comparator.comparingLong((BargeVoyage v) -> loadTime(v, c.value())).thenComparing(BargeVoyage::urn))
        .toList();
    for (BargeVoyage v : voyages) {
      for (BargeVoyage.Booking b : v.bookings()) {
        if (!b.container().equals(c.value())) {
          continue;
        }
        ObjectNode vn = legs.addObject();
        vn.put("voyage", v.urn());
        vn.put("operator", v.operator());
        vn.put("bargeName", v.bargeName());
        vn.set("booking", booking(v, b));
        ArrayNode events = vn.putArray("events");
        for (BargeVoyage.EquipmentEvent e : v.equipmentEvents()) {
          if (e.container().equals(c.value())) {
            ObjectNode en = events.addObject();
            en.put("eventType", e.type());
            en.put("port", v.calls().get(e.call()).port());
            en.put("portName", UnLocode.name(v.calls().get(e.call()).port()));
            en.put("time", iso(e.time()));
            index(en, e.record());
          }
        }
      }
    }
    if (voyages.isEmpty()) {
      throw new LedgerException(LedgerError.NOT_FOUND, "container " + c.value() + " has no water-bus booking on the ledger");
    }
    return n;
  }

  /** When the container's voyage starts for it: its LOAD, else the planned departure from its load port. */
  private static long loadTime(BargeVoyage v, String container) {
    for (BargeVoyage.EquipmentEvent e : v.equipmentEvents()) {
      if (e.container().equals(container) && e.type().equals("LOAD")) {
        return e.time();
      }
    }
    return v.bookingOf(container).map(b -> v.calls().get(b.loadCall()).plannedDeparture())
        .orElse(v.calls().get(0).plannedDeparture());
  }

  private ObjectNode header(BargeVoyage v) {
    ObjectNode n = JSON.createObjectNode();
    n.put("voyage", v.urn());
    n.put("operator", v.operator());
    n.put("voyageNumber", v.number());
    n.put("service", v.serviceUrn());
    state.service(v.serviceUrn()).ifPresent(s -> n.put("serviceName", s.name()));
    n.put("bargeName", v.bargeName());
    n.put("sharingAgreement", v.agreement());
    n.put("teuCapacity", v.teuCapacity());
    n.put("reeferPlugs", v.reeferPlugs());
    index(n, v.record());
    return n;
  }

  private void index(ObjectNode n, Hash32 record) {
    state.indexOf(record).ifPresent(i -> n.put("ledgerIndex", i));
  }

  static String iso(long millis) {
    return millis == 0 ? null : Instant.ofEpochMilli(millis).toString();
  }
}
