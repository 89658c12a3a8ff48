package org.baytrace.tracking.node.resolver;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import org.baytrace.tracking.node.pages.Lang;
import org.baytrace.tracking.node.resolver.TraceView.Place;
import org.baytrace.tracking.node.resolver.TraceView.Step;
import org.baytrace.tracking.node.resolver.TraceView.Temperatures;

/**
 * The JSON forms: the page's content ({@link #page}), the GS1 link set ({@link #linkset}, RFC 9264
 * {@code application/linkset+json}) and problem details (RFC 7807, in the shape the rest of the
 * node's HTTP API uses). Null fields are left out. Pure; thread-safe.
 */
final class JsonViews {
  static final String LINKSET_TYPE = "application/linkset+json";
  /** Link relation types: GS1 Web Vocabulary link types, and BayTrace's own as URNs. */
  static final String REL_DEFAULT = "https://gs1.org/voc/defaultLink";
  static final String REL_TRACEABILITY = "https://gs1.org/voc/traceability";
  static final String REL_RECEIPTS = "urn:baytrace:linktype:receipts";
  static final String REL_RECEIPT = "urn:baytrace:linktype:receipt";
  static final String REL_QR = "urn:baytrace:linktype:qrCode";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonViews() {}

  static ObjectNode page(TraceView v, Links links) {
    ObjectNode n = NODES.objectNode();
    n.put("traceCode", v.traceCode());
    n.put("qrContent", v.qrContent());
    n.put("kind", v.kind());
    n.put("lang", v.lang().code);

    ObjectNode product = n.putObject("product");
    putIfNotNull(product, "gtin", v.product().gtin());
    putIfNotNull(product, "lot", v.product().lot());
    putIfNotNull(product, "serial", v.product().serial());
    putIfNotNull(product, "sscc", v.product().sscc());
    putIfNotNull(product, "name", v.product().name());
    putIfNotNull(product, "brand", v.product().brand());
    if (v.product().origin() != null) {
      ObjectNode o = product.putObject("origin");
      putIfNotNull(o, "countryCode", v.product().origin().countryCode());
      putIfNotNull(o, "country", v.product().origin().country());
      place(o, "place", v.product().origin().place());
    }
    ArrayNode attrs = product.putArray("attributes");
    v.product().attributes().forEach(a -> attrs.addObject().put("key", a.key()).put("label", a.label())
        .put("value", a.value()));

    ArrayNode journey = n.putArray("journey");
    for (Step s : v.journey()) {
      ObjectNode j = journey.addObject();
      j.put("eventTime", s.eventTime());
      j.put("eventTimeZoneOffset", s.offset());
      j.put("localTime", s.localTime());
      j.put("type", s.type());
      putIfNotNull(j, "bizStep", s.bizStep());
      j.put("label", s.label());
      putIfNotNull(j, "disposition", s.disposition());
      putIfNotNull(j, "dispositionLabel", s.dispositionLabel());
      place(j, "place", s.place());
      j.put("relation", s.relation().name().toLowerCase(Locale.ROOT));
      putIfNotNull(j, "via", s.via());
      putIfNotNull(j, "author", s.author());
      putIfNotNull(j, "hashIdMismatch", s.hashIdMismatch());
      putIfNotNull(j, "revokedKey", s.revokedKey());
      if (s.temperatures() != null) {
        temperatures(j.putObject("temperature"), s.temperatures());
      }
      j.put("ledgerIndex", s.ledgerIndex());
      j.put("verified", s.verified());
      putIfNotNull(j, "failure", s.failure());
      j.put("receipt", links.receipt(s.ledgerIndex(), v.verification().treeSize()));
    }
    ArrayNode legs = n.putArray("legs");
    for (TraceView.Leg l : v.legs()) {
      ObjectNode j = legs.addObject();
      j.put("time", l.eventTime());
      j.put("localTime", l.localTime());
      j.put("kind", l.kind());
      j.put("label", v.lang().msgOr("legkind." + l.kind(), l.kind()));
      putIfNotNull(j, "mode", l.mode());
      putIfNotNull(j, "port", l.port());
      putIfNotNull(j, "portName", l.portName());
      putIfNotNull(j, "voyage", l.voyage());
      putIfNotNull(j, "vessel", l.vessel());
      putIfNotNull(j, "container", l.container());
      putIfNotNull(j, "reference", l.reference());
      if (l.handOver() != null) {
        handOver(j.putObject("handOver"), l.handOver(), v.lang());
      }
      putIfNotNull(j, "author", l.author());
      j.put("ledgerIndex", l.ledgerIndex());
      j.put("verified", l.verified());
      putIfNotNull(j, "failure", l.failure());
      j.put("receipt", links.receipt(l.ledgerIndex(), v.verification().treeSize()));
    }
    n.put("withdrawnEvents", v.withdrawn());
    n.put("truncated", v.truncated());

    if (v.coldChain() != null) {
      ObjectNode c = n.putObject("coldChain");
      c.put("status", v.coldChain().status());
      if (v.coldChain().temperatures() != null) {
        temperatures(c, v.coldChain().temperatures());
      }
      c.put("text", v.coldChain().text());
      if (!v.coldChain().excursions().isEmpty()) {
        v.coldChain().excursions().forEach(c.putArray("excursions")::add);
      }
      putIfNotNull(c, "chart", v.coldChain().chart());
      putIfNotNull(c, "profile", v.coldChain().profile());
      if (v.coldChain().allowedMinCelsius() != null) {
        c.put("allowedMinCelsius", v.coldChain().allowedMinCelsius());
        c.put("allowedMaxCelsius", v.coldChain().allowedMaxCelsius());
      }
    } else {
      n.putNull("coldChain");
    }

    ObjectNode ver = n.putObject("verification");
    ver.put("verified", v.verification().verified());
    ver.put("text", v.lang().msg(v.verification().verified() ? "verified.yes" : "verified.no"));
    ver.put("eventsChecked", v.verification().events());
    ver.put("eventsFailed", v.verification().failed());
    ver.put("recordsChecked", v.verification().records());
    ver.put("legRecordsChecked", v.verification().legRecords());
    ver.put("coldChainRecordsChecked", v.verification().coldChainRecords().size());
    ArrayNode recordedBy = ver.putArray("recordedBy");
    v.verification().recordedBy().forEach(recordedBy::add);
    putIfNotNull(ver, "checkedBy", v.verification().checkedBy());
    ver.put("treeSize", v.verification().treeSize());
    putIfNotNull(ver, "checkpoint", v.verification().checkpoint());
    ver.put("verifierKey", v.verification().verifierKey());
    ArrayNode failures = ver.putArray("failures");
    v.verification().failures().forEach(failures::add);
    ver.put("receipts", links.receipts());

    ObjectNode l = n.putObject("links");
    l.put("page", links.page());
    l.put("linkset", links.linkset());
    l.put("receipts", links.receipts());
    l.put("qrPng", links.qrPng());
    l.put("qrSvg", links.qrSvg());
    return n;
  }

  private static void temperatures(ObjectNode n, Temperatures t) {
    n.put("readings", t.readings());
    n.put("minCelsius", round(t.minCelsius()));
    n.put("maxCelsius", round(t.maxCelsius()));
  }

  private static double round(double c) {
    return Math.round(c * 100) / 100.0;
  }

  private static void place(ObjectNode parent, String field, Place p) {
    if (p != null) {
      ObjectNode o = parent.putObject(field).put("id", p.id()).put("display", p.display());
      putIfNotNull(o, "name", p.name());
      putIfNotNull(o, "address", p.address());
    }
  }

  /** A hand-over: the modes (page words and their names in the page's language), place, parties and means. */
  private static void handOver(ObjectNode o, TraceView.HandOver h, Lang lang) {
    o.put("fromMode", h.fromMode()).put("fromModeLabel", lang.msg("handover.mode." + h.fromMode()));
    o.put("toMode", h.toMode()).put("toModeLabel", lang.msg("handover.mode." + h.toMode()));
    place(o, "place", h.place());
    o.put("fromParty", h.fromParty()).put("toParty", h.toParty());
    means(o.putObject("fromMeans"), h.fromMeans(), lang);
    means(o.putObject("toMeans"), h.toMeans(), lang);
  }

  private static void means(ObjectNode o, JourneyLegs.Means m, Lang lang) {
    o.put("reference", m.reference());
    putIfNotNull(o, "name", m.name());
    if (m.documentType() != null) {
      o.putObject("document").put("type", m.documentType())
          .put("label", lang.msg("handover.doc." + m.documentType())).put("number", m.documentNumber());
    }
  }

  private static void putIfNotNull(ObjectNode n, String field, String value) {
    if (value != null) {
      n.put(field, value);
    }
  }

  /**
   * The link set of a code (RFC 9264 JSON, the form GS1 resolvers answer {@code ?linkType=all}
   * with): anchored at the URI a QR code for the code carries, with the page in each language,
   * the JSON form, the receipts bundle, each entry's receipt and the QR images.
   */
  static ObjectNode linkset(TraceView v, Links links) {
    ObjectNode set = NODES.objectNode();
    ObjectNode ctx = set.putArray("linkset").addObject();
    ctx.put("anchor", v.qrContent());
    String title = v.lang().msg("linkset.title");
    ObjectNode html = link(ctx.putArray(REL_DEFAULT), links.page(), "text/html", title);
    html.putArray("hreflang").add("en").add("zh-Hans").add("zh-Hant");
    ArrayNode trace = ctx.putArray(REL_TRACEABILITY);
    for (Lang lang : Lang.values()) {
      link(trace, links.page(lang), "text/html", lang.msg("linkset.title")).putArray("hreflang").add(lang.tag);
    }
    link(trace, links.page(), "application/json", v.lang().msg("linkset.json"));
    link(ctx.putArray(REL_RECEIPTS), links.receipts(), "application/json", v.lang().msg("linkset.receipts"));
    ArrayNode receipts = ctx.putArray(REL_RECEIPT);
    for (Step s : v.journey()) {
      link(receipts, links.receipt(s.ledgerIndex(), v.verification().treeSize()), "application/json",
          v.lang().msg("linkset.receipt", s.ledgerIndex()));
    }
    ArrayNode qr = ctx.putArray(REL_QR);
    link(qr, links.qrPng(), "image/png", v.lang().msg("linkset.qr"));
    link(qr, links.qrSvg(), "image/svg+xml", v.lang().msg("linkset.qr"));
    return set;
  }

  private static ObjectNode link(ArrayNode list, String href, String type, String title) {
    return list.addObject().put("href", href).put("type", type).put("title", title);
  }
}
