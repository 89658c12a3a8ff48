package org.baytrace.tracking.node.parcel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.registry.OrgRegistry;
import org.baytrace.tracking.domain.common.UnLocode;
import org.baytrace.tracking.domain.parcel.Parcel;
import org.baytrace.tracking.domain.parcel.ParcelState;
import org.baytrace.tracking.domain.parcel.ParcelSubject;
import org.baytrace.tracking.node.resolver.ParcelPages;

/**
 * What the parcel routes answer, over the rule's committed state: a parcel found by waybill and
 * label code (the subject derived as {@link ParcelSubject#of} does, on this ledger's origin), its
 * JSON view, and the names its page shows. A miss is one answer whatever missed. Thread-safe.
 */
public final class Parcels {
  static final ObjectMapper JSON = new ObjectMapper();
  /** What every miss says: no other answer tells a wrong code from an unknown waybill. */
  static final String NOT_FOUND = "no parcel with this waybill number and code is on the ledger";
  /** Look-ups per client address a minute, and the burst; derivations at once. */
  static final int PER_MINUTE = 30;
  static final int BURST = 20;
  static final int CONCURRENT = 2;

  private final ParcelState state;
  private final OrgRegistry registry;
  private final String origin;
  final LookupLimit limit = new LookupLimit(PER_MINUTE, BURST, CONCURRENT, System::nanoTime);

  Parcels(ParcelState state, OrgRegistry registry, String origin) {
    this.state = state;
    this.registry = registry;
    this.origin = origin;
  }

  /** A parcel looked up: the waybill and code as normalised, and the parcel. */
  record Found(String waybill, String code, Parcel parcel) {}

  /** The waybill as the subject uses it, or INVALID_ARGUMENT. */
  static String waybill(String waybill) {
    try {
      return ParcelSubject.waybill(waybill);
    } catch (LedgerException e) {
      throw new LedgerException(LedgerError.INVALID_ARGUMENT, e.getMessage());
    }
  }

  /** The code as printed ({@code XXXXX-XXXXX}), or INVALID_ARGUMENT. */
  static String code(String code) {
    if (code == null || code.isEmpty()) {
      throw new LedgerException(LedgerError.INVALID_ARGUMENT, "code: missing, want the 10-symbol code printed on the"
          + " parcel label (?code=)");
    }
    try {
      String c = ParcelSubject.code(code);
      return c.substring(0, 5) + "-" + c.substring(5);
    } catch (LedgerException e) {
      throw new LedgerException(LedgerError.INVALID_ARGUMENT, e.getMessage());
    }
  }

  /**
   * The parcel, or empty. Derives the subject even when nothing could match, so that a miss costs
   * as long as a hit. Null when no derivation slot came free in time.
   */
  Optional<Found> find(String waybill, String code) throws InterruptedException {
    String w = waybill(waybill);
    String c = code(code);
    String subject = limit.derive(() -> ParcelSubject.of(origin, w, c));
    if (subject == null) {
      return null;
    }
    return state.parcel(subject).map(p -> new Found(w, c, p));
  }

  /** The JSON view: status, and each stage with its time, who recorded it and its ledger index. */
  ObjectNode json(Found f) {
    Parcel p = f.parcel();
    ObjectNode n = JSON.createObjectNode();
    n.put("waybill", f.waybill());
    n.put("status", p.last().status());
    n.put("mode", p.mode().name());
    n.set("customsOffice", org(p.customsOffice()));
    n.put("port", p.port());
    n.put("portName", UnLocode.name(p.port()));
    p.hsCodes().forEach(n.putArray("hsCodes")::add);
    n.put("itemCount", p.itemCount());
    for (String s : new String[] {"Declared", "Inspected", "Released", "Delivered"}) {
      Optional<Parcel.Stage> st = p.first(s);
      if (st.isPresent()) {
        n.set(st.get().status(), stage(st.get()));
      } else {
        n.putNull(s.toLowerCase(java.util.Locale.ROOT));
      }
    }
    var stages = n.putArray("stages");
    p.stages().forEach(s -> stages.add(stage(s)));
    return n;
  }

  private ObjectNode stage(Parcel.Stage s) {
    ObjectNode n = JSON.createObjectNode();
    n.put("stage", s.status());
    n.put("time", Instant.ofEpochMilli(s.time()).toString());
    n.set("recordedBy", org(s.author()));
    if (!s.detail().isEmpty()) {
      n.put("detail", s.detail());
    }
    state.indexOf(s.record()).ifPresent(i -> n.put("ledgerIndex", i));
    return n;
  }

  private ObjectNode org(String id) {
    ObjectNode n = JSON.createObjectNode();
    n.put("org", id);
    n.put("name", orgName(id));
    return n;
  }

  private String orgName(String id) {
    return registry.org(id).map(OrgRegistry.Org::name).orElse(id);
  }

  /** The names and indexes the page shows. */
  ParcelPages.Names names() {
    return new ParcelPages.Names() {
      @Override
      public String org(String id) {
        return orgName(id);
      }

      @Override
      public String port(String unLocode) {
        String name = UnLocode.name(unLocode);
        return name == null || name.equals(unLocode) ? unLocode : name + " (" + unLocode + ")";
      }

      @Override
      public OptionalLong ledgerIndex(Parcel.Stage stage) {
        return state.indexOf(stage.record());
      }
    };
  }
}
