package org.baytrace.tracking.node.customs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.baytrace.api.customs.v1.DeclarationType;
import org.baytrace.ledger.registry.OrgRegistry;
import org.baytrace.tracking.domain.common.UnLocode;
import org.baytrace.tracking.domain.customs.Clearance;
import org.baytrace.tracking.domain.customs.ClearanceReport;
import org.baytrace.tracking.domain.customs.ClearanceTimes;
import org.baytrace.tracking.domain.customs.CustomsState;
import org.baytrace.tracking.domain.customs.Measure;
import org.baytrace.tracking.domain.customs.Stats;
import org.baytrace.tracking.domain.customs.Target;

/**
 * The JSON and CSV forms of a {@link ClearanceReport} and the JSON view of one declaration.
 * Hours are rounded to two decimals; times are ISO 8601 in UTC. Stateless.
 */
public final class ReportJson {
  static final ObjectMapper JSON = new ObjectMapper();
  public static final String CSV_HEADER =
      "port,type,period,measure,count,median_hours,p90_hours,target_min_hours,target_max_hours,median_within_target";

  private ReportJson() {}

  static double hours(double h) {
    return Math.round(h * 100) / 100.0;
  }

  static double hours(long millis) {
    return hours(millis / Stats.HOUR_MILLIS);
  }

  static String type(DeclarationType t) {
    return t.name().toLowerCase(Locale.ROOT);
  }

  static ObjectNode report(ClearanceReport.Report r, CustomsState state) {
    ObjectNode out = JSON.createObjectNode();
    ObjectNode q = out.putObject("query");
    q.put("port", r.query().port());
    q.put("type", r.query().type() == null ? null : type(r.query().type()));
    q.put("period", r.query().period().name().toLowerCase(Locale.ROOT));
    q.put("timeZone", ClearanceReport.ZONE.getId());
    ObjectNode defs = out.putObject("measures");
    for (Measure m : Measure.values()) {
      defs.put(m.id(), m.description());
    }
    ObjectNode targets = out.putObject("targets");
    for (DeclarationType t : new DeclarationType[] {DeclarationType.IMPORT, DeclarationType.EXPORT}) {
      ObjectNode tt = targets.putObject(type(t));
      for (Measure m : Measure.values()) {
        Target.of(t, m).ifPresent(target -> target(tt.putObject(m.id()), target));
      }
    }
    ArrayNode groups = out.putArray("groups");
    for (ClearanceReport.Group g : r.groups()) {
      ObjectNode gn = groups.addObject();
      gn.put("port", g.port());
      gn.put("portName", UnLocode.name(g.port()));
      gn.put("type", type(g.type()));
      gn.put("period", g.period());
      ObjectNode measures = gn.putObject("measures");
      g.stats().forEach((m, s) -> {
        ObjectNode mn = measures.putObject(m.id());
        mn.put("count", s.count());
        mn.put("medianHours", hours(s.medianHours()));
        mn.put("p90Hours", hours(s.p90Hours()));
        Target.of(g.type(), m).ifPresent(t -> {
          target(mn.putObject("target"), t);
          mn.put("medianWithinTarget", s.medianHours() <= t.maxHours());
        });
      });
    }
    ArrayNode declarants = out.putArray("declarants");
    for (ClearanceReport.DeclarantRow d : r.declarants()) {
      ObjectNode dn = declarants.addObject();
      dn.put("org", d.org());
      dn.put("name", d.name());
      dn.put("aeoStatus", d.aeoStatus());
      dn.put("declarations", d.declarations());
      if (d.arrivalToRelease() != null) {
        dn.put("medianArrivalToReleaseHours", hours(d.arrivalToRelease().medianHours()));
      }
    }
    ArrayNode shipments = out.putArray("shipments");
    r.shipments().forEach(t -> shipments.add(times(t, state)));
    return out;
  }

  private static void target(ObjectNode n, Target t) {
    n.put("minHours", t.minHours());
    n.put("maxHours", t.maxHours());
    n.put("label", t.label());
  }

  /** One shipment's times and intervals. */
  static ObjectNode times(ClearanceTimes t, CustomsState state) {
    Clearance c = t.clearance();
    ObjectNode n = JSON.createObjectNode();
    n.put("declaration", c.subject().urn());
    n.put("type", type(c.type()));
    n.put("port", c.port());
    n.put("declarant", c.declarant());
    time(n, "arrival", t.arrival());
    n.put("arrivalSource", t.arrivalSource());
    time(n, "lodged", c.lodged());
    time(n, "release", t.release());
    time(n, "exit", t.exit());
    ObjectNode intervals = n.putObject("intervalsHours");
    for (Measure m : Measure.values()) {
      Long v = t.intervals().get(m);
      if (v != null) {
        intervals.put(m.id(), hours(v));
      }
    }
    return n;
  }

  static void time(ObjectNode n, String field, Long millis) {
    if (millis == null) {
      n.putNull(field);
    } else {
      n.put(field, Instant.ofEpochMilli(millis).toString());
    }
  }

  /** A declaration with its declarant (and AEO status), every stage with its ledger index, and its times. */
  static ObjectNode declaration(ClearanceTimes t, CustomsState state, OrgRegistry registry) {
    Clearance c = t.clearance();
    ObjectNode n = JSON.createObjectNode();
    n.put("declaration", c.subject().urn());
    n.put("number", c.subject().number());
    n.put("customsOffice", c.subject().customsOrg());
    n.put("type", type(c.type()));
    n.put("port", c.port());
    n.put("portName", UnLocode.name(c.port()));
    c.goods().forEach(n.putArray("goods")::add);
    c.containers().forEach(n.putArray("containers")::add);
    n.put("voyage", c.voyage().isEmpty() ? null : c.voyage());
    ObjectNode declarant = n.putObject("declarant");
    Optional<OrgRegistry.Org> org = registry.org(c.declarant());
    declarant.put("org", c.declarant());
    declarant.put("name", org.map(OrgRegistry.Org::name).orElse(c.declarant()));
    declarant.put("aeoStatus", org.map(OrgRegistry.Org::aeoStatus).orElse(null));
    ArrayNode stages = n.putArray("stages");
    for (Clearance.Stage s : c.stages()) {
      ObjectNode sn = stages.addObject();
      sn.put("stage", s.stage());
      time(sn, "time", s.time());
      sn.put("author", s.author());
      sn.put("detail", s.detail());
      state.indexOf(s.record()).ifPresent(i -> sn.put("ledgerIndex", i));
    }
    ObjectNode times = times(t, state);
    if (t.arrivalRecord() != null) {
      state.indexOf(t.arrivalRecord()).ifPresent(i -> times.put("arrivalLedgerIndex", i));
    }
    n.set("clearance", times);
    return n;
  }

  static String csv(ClearanceReport.Report r) {
    StringBuilder sb = new StringBuilder(CSV_HEADER).append("\r\n");
    for (ClearanceReport.Group g : r.groups()) {
      for (Map.Entry<Measure, Stats> e : g.stats().entrySet()) {
        Stats s = e.getValue();
        Optional<Target> t = Target.of(g.type(), e.getKey());
        sb.append(g.port()).append(',').append(type(g.type())).append(',').append(g.period()).append(',')
            .append(e.getKey().id()).append(',').append(s.count()).append(',').append(hours(s.medianHours())).append(',')
            .append(hours(s.p90Hours())).append(',')
            .append(t.map(x -> Double.toString(x.minHours())).orElse("")).append(',')
            .append(t.map(x -> Double.toString(x.maxHours())).orElse("")).append(',')
            .append(t.map(x -> Boolean.toString(s.medianHours() <= x.maxHours())).orElse("")).append("\r\n");
      }
    }
    return sb.toString();
  }
}
