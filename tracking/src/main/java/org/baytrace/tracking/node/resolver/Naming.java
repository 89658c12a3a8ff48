package org.baytrace.tracking.node.resolver;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.baytrace.tracking.domain.epcis.masterdata.AttributeIds;
import org.baytrace.tracking.domain.epcis.masterdata.VocabularyElement;
import org.baytrace.tracking.domain.gs1.Gtin;
import org.baytrace.tracking.domain.gs1.TraceCode;
import org.baytrace.tracking.node.pages.Lang;
import org.baytrace.tracking.node.resolver.TraceView.Origin;
import org.baytrace.tracking.node.resolver.TraceView.Place;
import org.baytrace.tracking.node.resolver.TraceView.Product;
import org.baytrace.tracking.node.resolver.TraceView.Step;

/**
 * Puts names on a {@link TraceView} in its language: the product's name and brand from the
 * master data of its lot or product class, each place's name and postal address (of the journey's
 * events and of the hand-overs) from its location master data (organisation names come from the registry, in {@link TraceViews}). Codes stay in the view (the page
 * keeps them one click away); nothing else changes. Pure over its {@link Names}; thread-safe.
 */
final class Naming {
  private Naming() {}

  static TraceView apply(TraceView v, Names names) {
    Set<String> ids = ids(v);
    return apply(v, ids.isEmpty() ? Map.of() : names.masterData(ids));
  }

  /** The vocabulary element ids whose master data names something on the view. */
  static Set<String> ids(TraceView v) {
    Set<String> ids = new LinkedHashSet<>(productIds(v.product()));
    if (v.product().origin() != null && v.product().origin().place() != null) {
      ids.add(v.product().origin().place().id());
    }
    for (Step s : v.journey()) {
      if (s.place() != null) {
        ids.add(s.place().id());
      }
    }
    for (TraceView.Leg l : v.legs()) {
      if (l.handOver() != null && l.handOver().place() != null) {
        ids.add(l.handOver().place().id());
      }
    }
    return ids;
  }

  /** The view with names from {@code md}, the master data of (some of) its {@link #ids}. */
  static TraceView apply(TraceView v, Map<String, VocabularyElement> md) {
    String tag = v.lang().tag;
    Product p = v.product();
    String name = null;
    String brand = null;
    for (String id : productIds(p)) {
      VocabularyElement e = md.get(id);
      if (e != null) {
        name = name != null ? name : e.text(AttributeIds.PRODUCT_NAMES, tag);
        brand = brand != null ? brand : e.text(List.of(AttributeIds.BRAND_NAME), tag);
      }
    }
    Origin origin = p.origin() == null ? null
        : new Origin(p.origin().countryCode(), p.origin().country(), place(p.origin().place(), md, v.lang()));
    Product product = new Product(p.gtin(), p.lot(), p.serial(), p.sscc(), name != null ? name : p.name(), origin,
        p.attributes(), brand);
    List<Step> journey = new ArrayList<>(v.journey().size());
    for (Step s : v.journey()) {
      journey.add(s.place() == null ? s : s.withPlace(place(s.place(), md, v.lang())));
    }
    List<TraceView.Leg> legs = new ArrayList<>(v.legs().size());
    for (TraceView.Leg l : v.legs()) {
      legs.add(l.handOver() == null ? l : l.withHandOver(l.handOver().withPlace(place(l.handOver().place(), md, v.lang()))));
    }
    return new TraceView(v.lang(), v.traceCode(), v.qrContent(), v.kind(), product, List.copyOf(journey),
        v.withdrawn(), v.truncated(), v.coldChain(), v.verification(), List.copyOf(legs));
  }

  /** The master data ids of a product, most specific first: its lot, then its product class. */
  static List<String> productIds(Product p) {
    if (p.gtin() == null) {
      return List.of();
    }
    Gtin gtin = Gtin.parse(p.gtin());
    List<String> out = new ArrayList<>(2);
    if (p.lot() != null) {
      try {
        out.add(new TraceCode.Lgtin(gtin, p.lot()).toDigitalLink());
      } catch (IllegalArgumentException e) {
        // a lot that is no valid AI (10) value has no master data of its own
      }
    }
    out.add(new TraceCode.ProductClass(gtin).toDigitalLink());
    return out;
  }

  private static Place place(Place p, Map<String, VocabularyElement> md, Lang lang) {
    if (p == null) {
      return null;
    }
    VocabularyElement e = md.get(p.id());
    if (e == null) {
      return p;
    }
    return new Place(p.id(), p.display(), e.text(AttributeIds.PLACE_NAMES, lang.tag), address(e, lang));
  }

  /** The postal address on one line: street lines, city, state, postal code, country (by name). */
  static String address(VocabularyElement e, Lang lang) {
    List<String> parts = new ArrayList<>();
    for (String a : AttributeIds.ADDRESS) {
      String t = e.text(List.of(a), lang.tag);
      if (t == null) {
        continue;
      }
      if (a.equals(AttributeIds.COUNTRY_CODE)) {
        String country = EventFacts.countryName(t, lang);
        t = country != null ? country : t;
      }
      parts.add(t);
    }
    return parts.isEmpty() ? null : String.join(", ", parts);
  }
}
