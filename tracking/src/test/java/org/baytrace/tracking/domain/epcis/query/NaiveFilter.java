package org.baytrace.tracking.domain.epcis.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.baytrace.tracking.domain.epcis.hash.EventHash;
import org.baytrace.tracking.domain.gs1.DigitalLink;
import org.baytrace.tracking.domain.gs1.EpcUris;
import org.baytrace.tracking.domain.gs1.TraceCode;

/**
 * The reference: EPCIS query semantics written the plain way, over the list of appended events,
 * without indexes and without the production code's parsing and normalising. The real query must
 * return exactly what this returns.
 */
final class NaiveFilter {
  private NaiveFilter() {}

  /** An appended event with its effective errorDeclaration (own, or the first later one naming it). */
  record Ev(long index, ObjectNode e, Instant recordTime, JsonNode declaration) {
    Instant eventTime() {
      return OffsetDateTime.parse(e.path("eventTime").asText()).toInstant();
    }
  }

  static List<Ev> prepare(List<QueryFixture.Appended> appended) {
    List<Ev> out = new ArrayList<>();
    for (QueryFixture.Appended a : appended) {
      JsonNode decl = a.content().get("errorDeclaration");
      if (decl == null) {
        String id = a.content().path("eventID").asText();
        String hash = EventHash.hashId(a.content(), null);
        long best = Long.MAX_VALUE;
        for (QueryFixture.Appended d : appended) {
          String did = d.content().path("eventID").asText();
          if (d.content().has("errorDeclaration") && (did.equals(id) || did.equals(hash)) && d.index() < best) {
            best = d.index();
            decl = d.content().get("errorDeclaration");
          }
        }
      }
      out.add(new Ev(a.index(), a.content(), a.recordTime(), decl));
    }
    out.sort(Comparator.comparingLong(Ev::index));
    return out;
  }

  /** The events matching the parameters, in the query's order, limited as eventCountLimit says. */
  static List<Ev> run(List<Ev> all, Map<String, String> params) {
    List<Ev> out = new ArrayList<>();
    for (Ev ev : all) {
      if (matches(params, ev)) {
        out.add(ev);
      }
    }
    String orderBy = params.get("orderBy");
    if (orderBy != null) {
      Comparator<Ev> c = orderBy.equals("eventTime") ? Comparator.comparing(Ev::eventTime)
          : Comparator.comparing(Ev::recordTime);
      c = c.thenComparingLong(Ev::index);
      out.sort("ASC".equals(params.get("orderDirection")) ? c : c.reversed());
    }
    if (params.containsKey("eventCountLimit")) {
      int n = Integer.parseInt(params.get("eventCountLimit"));
      out = out.subList(0, Math.min(n, out.size()));
    }
    return out;
  }

  private static final Pattern SENSOR = Pattern.compile("(EQ|GT|GE|LT|LE)_([a-zA-Z]+)_([A-Z0-9]+)");

  static boolean matches(Map<String, String> params, Ev ev) {
    JsonNode e = ev.e;
    for (Map.Entry<String, String> p : params.entrySet()) {
      String v = p.getValue();
      String[] values = v.split("\\|");
      boolean ok = switch (p.getKey()) {
        case "perPage", "nextPageToken", "orderBy", "orderDirection", "eventCountLimit", "maxEventCount" -> true;
        case "eventType" -> oneOf(values, e.path("type").asText());
        case "GE_eventTime" -> !ev.eventTime().isBefore(time(v));
        case "LT_eventTime" -> ev.eventTime().isBefore(time(v));
        case "GE_recordTime" -> !ev.recordTime.isBefore(time(v));
        case "LT_recordTime" -> ev.recordTime.isBefore(time(v));
        case "EQ_action" -> e.has("action") && oneOf(values, e.get("action").asText());
        case "EQ_bizStep" -> e.has("bizStep") && anyBare(values, e.get("bizStep").asText(), "bizstep", "BizStep");
        case "EQ_disposition" -> e.has("disposition") && anyBare(values, e.get("disposition").asText(), "disp", "Disp");
        case "EQ_readPoint" -> e.has("readPoint") && anyId(values, List.of(e.path("readPoint").path("id").asText()));
        case "EQ_bizLocation" -> e.has("bizLocation")
            && anyId(values, List.of(e.path("bizLocation").path("id").asText()));
        case "MATCH_epc" -> anyId(values, ids(e, "epcList", "childEPCs"));
        case "MATCH_parentID" -> anyId(values, ids(e, "parentID"));
        case "MATCH_inputEPC" -> anyId(values, ids(e, "inputEPCList"));
        case "MATCH_outputEPC" -> anyId(values, ids(e, "outputEPCList"));
        case "MATCH_anyEPC" -> anyId(values, ids(e, "epcList", "childEPCs", "parentID", "inputEPCList",
            "outputEPCList"));
        case "MATCH_epcClass" -> anyId(values, classes(e, "quantityList", "childQuantityList"));
        case "MATCH_inputEPCClass" -> anyId(values, classes(e, "inputQuantityList"));
        case "MATCH_outputEPCClass" -> anyId(values, classes(e, "outputQuantityList"));
        case "MATCH_anyEPCClass" -> anyId(values, classes(e, "quantityList", "childQuantityList",
            "inputQuantityList", "outputQuantityList"));
        case "EQ_eventID" -> oneOf(values, e.path("eventID").asText());
        case "EXISTS_errorDeclaration" -> v.equals("false") || ev.declaration != null;
        case "EQ_errorReason" -> ev.declaration != null
            && anyBare(values, ev.declaration.path("reason").asText(), "er", "ER");
        case "EQ_correctiveEventID" -> {
          boolean hit = false;
          if (ev.declaration != null) {
            for (JsonNode id : ev.declaration.path("correctiveEventIDs")) {
              hit |= oneOf(values, id.asText());
            }
          }
          yield hit;
        }
        case "GE_errorDeclarationTime" -> ev.declaration != null
            && !time(ev.declaration.path("declarationTime").asText()).isBefore(time(v));
        case "LT_errorDeclarationTime" -> ev.declaration != null
            && time(ev.declaration.path("declarationTime").asText()).isBefore(time(v));
        default -> sensor(p.getKey(), values, e);
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean sensor(String name, String[] values, JsonNode e) {
    Matcher m = SENSOR.matcher(name);
    if (!m.matches()) {
      throw new IllegalArgumentException("the reference does not know " + name);
    }
    for (JsonNode element : e.path("sensorElementList")) {
      for (JsonNode report : element.path("sensorReport")) {
        JsonNode value = report.get(m.group(2));
        if (!m.group(3).equals(report.path("uom").asText()) || value == null || !value.isNumber()) {
          continue;
        }
        for (String w : values) {
          double a = value.asDouble();
          double b = Double.parseDouble(w);
          boolean hit = switch (m.group(1)) {
            case "EQ" -> a == b;
            case "GT" -> a > b;
            case "GE" -> a >= b;
            case "LT" -> a < b;
            default -> a <= b;
          };
          if (hit) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static Instant time(String v) {
    return OffsetDateTime.parse(v).toInstant();
  }

  private static boolean oneOf(String[] values, String actual) {
    for (String v : values) {
      if (v.equals(actual)) {
        return true;
      }
    }
    return false;
  }

  /** CBV values: bare word, urn:epcglobal:cbv:{urnWord}:X, or any URI ending in {webWord}-X. */
  private static boolean anyBare(String[] values, String actual, String urnWord, String webWord) {
    for (String v : values) {
      if (bare(v, urnWord, webWord).equals(bare(actual, urnWord, webWord))) {
        return true;
      }
    }
    return false;
  }

  private static String bare(String v, String urnWord, String webWord) {
    String urn = "urn:epcglobal:cbv:" + urnWord + ":";
    if (v.startsWith(urn)) {
      return v.substring(urn.length());
    }
    int web = v.indexOf("/" + webWord + "-");
    if (web >= 0 && (v.startsWith("https://ref.gs1.org/cbv/") || v.startsWith("https://gs1.org/voc/"))) {
      return v.substring(web + webWord.length() + 2);
    }
    return v;
  }

  private static List<String> ids(JsonNode e, String... fields) {
    List<String> out = new ArrayList<>();
    for (String f : fields) {
      JsonNode n = e.get(f);
      if (n == null) {
        continue;
      }
      if (n.isArray()) {
        n.forEach(x -> out.add(x.asText()));
      } else {
        out.add(n.asText());
      }
    }
    return out;
  }

  private static List<String> classes(JsonNode e, String... lists) {
    List<String> out = new ArrayList<>();
    for (String l : lists) {
      for (JsonNode q : e.path(l)) {
        if (q.has("epcClass")) {
          out.add(q.get("epcClass").asText());
        }
      }
    }
    return out;
  }

  private static boolean anyId(String[] wanted, List<String> actual) {
    for (String w : wanted) {
      String kw = key(w);
      for (String a : actual) {
        String ka = key(a);
        if (kw.equals(ka)) {
          return true;
        }
        if (kw.startsWith("class/") && (ka.startsWith("sgtin/" + kw.substring(6) + "/")
            || ka.startsWith("lgtin/" + kw.substring(6) + "/"))) {
          return true;
        }
      }
    }
    return false;
  }

  /** One text per identified thing, whatever form it was written in. */
  static String key(String id) {
    TraceCode code;
    try {
      code = TraceCode.parse(id);
    } catch (IllegalArgumentException e) {
      return id;
    }
    if (code instanceof TraceCode.Sgtin s) {
      return "sgtin/" + s.gtin().digits() + "/" + s.serial();
    }
    if (code instanceof TraceCode.Lgtin l) {
      return "lgtin/" + l.gtin().digits() + "/" + l.lot();
    }
    if (code instanceof TraceCode.ProductClass c) {
      return "class/" + c.gtin().digits();
    }
    if (code instanceof TraceCode.Sscc s) {
      return "sscc/" + s.digits();
    }
    if (code instanceof TraceCode.Gln g) {
      return "gln/" + g.digits() + "/" + (g.extension() == null ? "" : g.extension());
    }
    try {
      if (id.startsWith("urn:epc:")) {
        return EpcUris.toDigitalLink(id).toUri();
      }
      if (id.startsWith("http")) {
        return DigitalLink.parse(id).toUri();
      }
    } catch (IllegalArgumentException e) {
      // not a GS1 key
    }
    return id;
  }
}
