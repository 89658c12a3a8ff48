package org.baytrace.tracking.node.resolver;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.baytrace.tracking.domain.epcis.hash.HashIdMismatch;
import org.baytrace.tracking.domain.common.UnLocode;
import org.baytrace.tracking.domain.gs1.TraceCode;
import org.baytrace.tracking.node.pages.Formats;
import org.baytrace.tracking.node.pages.Lang;
import org.baytrace.tracking.node.resolver.ColdChainProfile.Reading;
import org.baytrace.tracking.node.resolver.TraceEvent.Relation;
import org.baytrace.tracking.node.resolver.TraceView.Attribute;
import org.baytrace.tracking.node.resolver.TraceView.ColdChain;
import org.baytrace.tracking.node.resolver.TraceView.Origin;
import org.baytrace.tracking.node.resolver.TraceView.Place;
import org.baytrace.tracking.node.resolver.TraceView.Product;
import org.baytrace.tracking.node.resolver.TraceView.Step;
import org.baytrace.tracking.node.resolver.TraceView.Temperatures;
import org.baytrace.tracking.node.resolver.TraceView.Verification;

/** Builds the {@link TraceView} of a code from its events and their checks. Pure; thread-safe. */
final class TraceViews {
  /** The most events one page shows (oldest first). */
  static final int MAX_SHOWN = 500;

  private TraceViews() {}

  /**
   * The events of a code split into what the page shows and what withdraws events.
   *
   * @param shown the events on the journey, oldest first, at most {@link #MAX_SHOWN}
   * @param declarations error declarations (EPCIS corrections): not steps, but they decide what is
   *     shown, so they are checked too
   * @param withdrawn how many events the declarations withdrew
   * @param truncated true if more events than {@link #MAX_SHOWN} remained
   */
  record Selection(List<TraceEvent> shown, List<TraceEvent> declarations, int withdrawn, boolean truncated) {
    /** Every event whose receipt the badge depends on. */
    List<TraceEvent> checked() {
      List<TraceEvent> all = new ArrayList<>(shown);
      all.addAll(declarations);
      return all;
    }
  }

  static Selection select(List<TraceEvent> events) {
    List<TraceEvent> declarations = new ArrayList<>();
    Set<String> withdrawnIds = new HashSet<>();
    for (TraceEvent e : events) {
      JsonNode ev = e.event();
      if (ev.path("errorDeclaration").isObject()) {
        declarations.add(e);
        String id = ev.path("eventID").asText("");
        if (!id.isEmpty()) {
          withdrawnIds.add(id);
        }
      }
    }
    List<TraceEvent> rest = new ArrayList<>();
    int withdrawn = 0;
    for (TraceEvent e : events) {
      JsonNode ev = e.event();
      if (ev.path("errorDeclaration").isObject()) {
        continue;
      }
      if (withdrawnIds.contains(ev.path("eventID").asText(""))) {
        withdrawn++;
        continue;
      }
      rest.add(e);
    }
    Map<TraceEvent, Instant> times = new IdentityHashMap<>();
    rest.forEach(e -> times.put(e, EventFacts.time(e.event(), e.recordTimeUnixMillis()).toInstant()));
    rest.sort(Comparator.comparing((TraceEvent e) -> times.get(e)).thenComparingLong(TraceEvent::ledgerIndex));
    boolean truncated = rest.size() > MAX_SHOWN;
    List<TraceEvent> shown = truncated ? List.copyOf(rest.subList(0, MAX_SHOWN)) : List.copyOf(rest);
    return new Selection(shown, List.copyOf(declarations), withdrawn, truncated);
  }

  /**
   * The cold-chain verdict, judged before the checks so that the records behind it are checked
   * with the rest.
   *
   * @param readings the temperature readings of the events shown, oldest first
   * @param assessment the profile's verdict, or empty
   */
  record Judged(List<Reading> readings, Optional<ColdChainProfile.Assessment> assessment) {}

  static Judged judge(TraceCode code, Selection selection, ColdChainProfile profile) {
    List<Reading> readings = new ArrayList<>();
    for (TraceEvent e : selection.shown()) {
      readings.addAll(EventFacts.temperatures(e.event(), EventFacts.time(e.event(), e.recordTimeUnixMillis()),
          e.ledgerIndex()));
    }
    readings.sort(Comparator.comparing(Reading::time));
    return new Judged(List.copyOf(readings), profile.assess(code, List.copyOf(readings)));
  }

  /** The subjects the events say the code travelled inside (containers, logistic units), as recorded. */
  static Set<String> parents(List<TraceEvent> shown) {
    Set<String> out = new java.util.TreeSet<>();
    for (TraceEvent e : shown) {
      if (e.relation() == Relation.CONTAINER && e.via() != null) {
        out.add(e.via());
      }
    }
    return out;
  }

  /** The container numbers the events say the code travelled in ({@code urn:baytrace:container:…} subjects). */
  static Set<String> containers(List<TraceEvent> shown) {
    Set<String> out = new java.util.TreeSet<>();
    for (TraceEvent e : shown) {
      if (e.relation() == Relation.CONTAINER && e.via() != null && e.via().startsWith(CONTAINER_URN)) {
        out.add(e.via().substring(CONTAINER_URN.length()));
      }
    }
    return out;
  }

  private static final String CONTAINER_URN = "urn:baytrace:container:";

  static TraceView build(TraceCode code, Lang lang, String qrContent, Selection selection, ReceiptChecks.Outcome checks,
      ColdChainProfile profile) {
    return build(code, lang, qrContent, selection, checks, judge(code, selection, profile), List.of(), null, id -> null,
        Map.of());
  }

  /** @param revokedKeys ledger index → what the registry in force says of a revoked key that signed it */
  static TraceView build(TraceCode code, Lang lang, String qrContent, Selection selection, ReceiptChecks.Outcome checks,
      Judged judged, List<JourneyLegs.Leg> found, String checkedBy, java.util.function.UnaryOperator<String> orgNames,
      Map<Long, String> revokedKeys) {
    List<Step> journey = new ArrayList<>();
    Map<String, String> master = new LinkedHashMap<>();
    String originCountry = null;
    Place originPlace = null;
    String name = null;
    String lotFromEvents = null;
    for (TraceEvent e : selection.shown()) {
      JsonNode ev = e.event();
      OffsetDateTime time = EventFacts.time(ev, e.recordTimeUnixMillis());
      ZoneOffset offset = EventFacts.offset(ev, time);
      String step = EventFacts.bizStep(ev);
      String disp = EventFacts.disposition(ev);
      Place place = EventFacts.place(EventFacts.placeId(ev));
      List<Reading> temps = EventFacts.temperatures(ev, time, e.ledgerIndex());
      Map<String, String> md = EventFacts.masterData(ev, lang);
      if ("commissioning".equals(step) && originPlace == null && place != null) {
        originPlace = place;
        originCountry = md.get("countryOfOrigin");
      }
      if (name == null && md.containsKey("name")) {
        name = md.get("name");
      }
      if (lotFromEvents == null && e.relation() == Relation.DIRECT && md.containsKey("lotNumber")) {
        lotFromEvents = md.get("lotNumber");
      }
      md.forEach(master::putIfAbsent);
      journey.add(new Step(e.ledgerIndex(), time.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), offset.getId(), EventFacts.localTime(time, offset, lang),
          ev.path("type").asText(""), step, stepLabel(step, lang), disp, dispositionLabel(disp, lang), place,
          e.relation(), e.via(), summary(temps), checks.failures().get(e.ledgerIndex()), named(e.author(), orgNames, lang),
          hashIdMismatch(ev), revokedKeys.get(e.ledgerIndex())));
    }
    if (originCountry == null) {
      originCountry = master.get("countryOfOrigin");
    }
    Origin origin = originCountry == null && originPlace == null ? null
        : new Origin(originCountry, EventFacts.countryName(originCountry, lang), originPlace);
    List<Attribute> attributes = new ArrayList<>();
    for (Map.Entry<String, String> a : master.entrySet()) {
      String key = a.getKey();
      if (key.equals("name") || key.equals("countryOfOrigin") || key.equals("lotNumber")) {
        continue;
      }
      String value = a.getValue();
      if (key.equals("countryOfExport")) {
        String country = EventFacts.countryName(value, lang);
        value = country == null ? value : country;
      }
      attributes.add(new Attribute(key, lang.msg("attr." + key), value));
    }
    Product product = product(code, name, lotFromEvents, origin, attributes);
    List<TraceView.Leg> legs = legs(found, checks, lang, orgNames);
    Set<Long> legIndexes = new HashSet<>();
    found.forEach(l -> legIndexes.add(l.ledgerIndex()));
    List<Long> coldRecords = checks.others().keySet().stream().filter(i -> !legIndexes.contains(i)).toList();
    Set<String> recordedBy = new java.util.LinkedHashSet<>();
    journey.forEach(st -> {
      if (st.author() != null) {
        recordedBy.add(st.author());
      }
    });
    checks.others().values().forEach(o -> {
      if (!o.author().isEmpty()) {
        recordedBy.add(named(o.author(), orgNames, lang));
      }
    });
    Verification verification = new Verification(checks.allVerified(selection.checked()), selection.checked().size(),
        checks.failures().size(), checks.treeSize(), checks.checkpoint(), checks.verifierKey(), checks.failureTexts(),
        legIndexes.size(), coldRecords, List.copyOf(recordedBy), checkedBy);
    return new TraceView(lang, code.toDigitalLink(), qrContent, kind(code), product, List.copyOf(journey),
        selection.withdrawn(), selection.truncated(), coldChain(judged, lang), verification, legs);
  }

  /** The legs for people, oldest first, each with who recorded it and whether its receipt verified. */
  static List<TraceView.Leg> legs(List<JourneyLegs.Leg> found, ReceiptChecks.Outcome checks, Lang lang,
      java.util.function.UnaryOperator<String> orgNames) {
    List<JourneyLegs.Leg> sorted = new ArrayList<>(found);
    sorted.sort(Comparator.comparing(JourneyLegs.Leg::time).thenComparingLong(JourneyLegs.Leg::ledgerIndex));
    List<TraceView.Leg> out = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    for (JourneyLegs.Leg l : sorted) {
      if (!seen.add(l.ledgerIndex())) {
        continue; // one record, one step
      }
      ReceiptChecks.Other o = checks.others().get(l.ledgerIndex());
      OffsetDateTime t = l.time().atOffset(Formats.GBA);
      out.add(new TraceView.Leg(l.ledgerIndex(), t.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
          EventFacts.localTime(t, Formats.GBA, lang), l.kind(), l.mode(), l.port(),
          l.port() == null ? null : Formats.port(lang, l.port(), UnLocode.name(l.port())), l.voyage(), l.vessel(),
          l.container(), l.reference(), o == null || o.author().isEmpty() ? null : named(o.author(), orgNames, lang),
          checks.failures().get(l.ledgerIndex()), handOver(l.handOver(), orgNames, lang)));
    }
    return List.copyOf(out);
  }

  /** A hand-over for people: the parties by their registry names, the place as a place (named later by {@link Naming}). */
  static TraceView.HandOver handOver(JourneyLegs.HandOver h, java.util.function.UnaryOperator<String> orgNames,
      Lang lang) {
    if (h == null) {
      return null;
    }
    return new TraceView.HandOver(h.fromMode(), h.toMode(), EventFacts.place(h.place()),
        named(h.fromParty(), orgNames, lang), named(h.toParty(), orgNames, lang), h.fromMeans(), h.toMeans());
  }

  /** An organisation for people: its name with its id ({@code Nansha Customs (nansha-customs)}), or the id. */
  static String named(String id, java.util.function.UnaryOperator<String> names, Lang lang) {
    if (id == null) {
      return null;
    }
    String name = names.apply(id);
    return name == null || name.isBlank() || name.equals(id) ? id : lang.msg("org.named", name, id);
  }

  static String kind(TraceCode code) {
    if (code instanceof TraceCode.Sgtin) {
      return "item";
    }
    if (code instanceof TraceCode.Lgtin) {
      return "lot";
    }
    if (code instanceof TraceCode.ProductClass) {
      return "product";
    }
    return code instanceof TraceCode.Sscc ? "logistic_unit" : "other";
  }

  private static Product product(TraceCode code, String name, String lotFromEvents, Origin origin,
      List<Attribute> attributes) {
    if (code instanceof TraceCode.Sgtin s) {
      return new Product(s.gtin().digits(), s.lot() != null ? s.lot() : lotFromEvents, s.serial(), null, name, origin,
          attributes);
    }
    if (code instanceof TraceCode.Lgtin l) {
      return new Product(l.gtin().digits(), l.lot(), null, null, name, origin, attributes);
    }
    if (code instanceof TraceCode.ProductClass p) {
      return new Product(p.gtin().digits(), null, null, null, name, origin, attributes);
    }
    if (code instanceof TraceCode.Sscc s) {
      return new Product(null, null, null, s.digits(), name, origin, attributes);
    }
    return new Product(null, null, null, null, name, origin, attributes);
  }

  static String stepLabel(String bizStep, Lang lang) {
    if (bizStep == null) {
      return lang.msg("step.other");
    }
    String m = lang.msgOrNull("bizstep." + bizStep);
    return m != null ? m : words(bizStep);
  }

  static String dispositionLabel(String disposition, Lang lang) {
    if (disposition == null) {
      return null;
    }
    String m = lang.msgOrNull("disp." + disposition);
    return m != null ? m : words(disposition);
  }

  private static String words(String term) {
    String w = term.replace('_', ' ');
    return w.substring(0, 1).toUpperCase(Locale.ROOT) + w.substring(1);
  }

  private static Temperatures summary(List<Reading> readings) {
    if (readings.isEmpty()) {
      return null;
    }
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (Reading r : readings) {
      min = Math.min(min, r.celsius());
      max = Math.max(max, r.celsius());
    }
    return new Temperatures(readings.size(), min, max);
  }

  private static ColdChain coldChain(Judged judged, Lang lang) {
    Temperatures t = summary(judged.readings());
    Optional<ColdChainProfile.Assessment> a = judged.assessment();
    String range = t == null ? null : lang.msg("cold.present", celsius(t.minCelsius()), celsius(t.maxCelsius()),
        t.readings());
    if (a.isEmpty()) {
      return t == null ? null : new ColdChain("records_present", t, range, null, null, null);
    }
    ColdChainProfile.Assessment v = a.get();
    String verdict = lang.msg(v.held() ? "cold.held" : "cold.broken", v.profile(), celsius(v.minCelsius()),
        celsius(v.maxCelsius()));
    List<String> excursions = new ArrayList<>();
    for (ColdChainProfile.Finding f : v.excursions()) {
      excursions.add(excursion(f, lang));
    }
    return new ColdChain(v.held() ? "held" : "broken", t, range == null ? verdict : verdict + " " + range, v.profile(),
        v.minCelsius(), v.maxCelsius(), excursions, v.chartPath());
  }

  private static final DateTimeFormatter UTC_MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'",
      Locale.ROOT).withZone(ZoneOffset.UTC);

  /** One excursion for people: what, when, how long, how far, where. */
  static String excursion(ColdChainProfile.Finding f, Lang lang) {
    String where = f.location().isEmpty() ? "" : lang.msg("cold.excursion.at", f.location());
    return lang.msg("cold.excursion", lang.msg("cold.kind." + f.kind()), UTC_MINUTE.format(f.start()),
        duration(f.duration(), lang), celsius(f.worstCelsius()), celsius(f.degreesBeyond()),
        lang.msg(f.above() ? "cold.above" : "cold.below"), where);
  }

  /** A duration for people: {@code 1 h 5 min 3 s}, zero parts left out. */
  static String duration(java.time.Duration d, Lang lang) {
    long s = d.toSeconds();
    StringBuilder b = new StringBuilder();
    long h = s / 3600;
    long m = s % 3600 / 60;
    long sec = s % 60;
    if (h > 0) {
      b.append(lang.msg("cold.hours", h));
    }
    if (m > 0) {
      b.append(b.length() > 0 ? " " : "").append(lang.msg("cold.minutes", m));
    }
    if (sec > 0 || b.length() == 0) {
      b.append(b.length() > 0 ? " " : "").append(lang.msg("cold.seconds", sec));
    }
    return b.toString();
  }

  /** A temperature for people: one decimal, {@code 4.5}. */
  /** The content's hash id when the event's own ni:/// eventID is another one, else null. */
  private static String hashIdMismatch(JsonNode event) {
    HashIdMismatch m = HashIdMismatch.of(event, null);
    return m == null ? null : m.computed();
  }

  static String celsius(double c) {
    return String.format(Locale.ROOT, "%.1f", c);
  }
}
