package org.baytrace.tracking.node.coldchain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.baytrace.tracking.domain.coldchain.CommodityProfile;
import org.baytrace.tracking.domain.coldchain.Excursion;
import org.baytrace.tracking.domain.coldchain.ExcursionEvent;
import org.baytrace.tracking.domain.coldchain.Verdict;

/** The JSON forms of verdicts, excursions and profiles (HTTP answers and SSE events). Stateless. */
public final class VerdictJson {
  private VerdictJson() {}

  static final ObjectMapper JSON = new ObjectMapper();

  public static ObjectNode verdict(String subject, Verdict v, String chartPath) {
    ObjectNode n = JSON.createObjectNode();
    n.put("subject", subject);
    n.put("status", v.status().name());
    if (v.commodity() == null) {
      n.putNull("commodity");
    } else {
      n.put("commodity", v.commodity());
    }
    if (v.profile() != null) {
      n.set("profile", profile(v.profile()));
    } else {
      n.putNull("profile");
    }
    n.put("samples", v.samples());
    n.put("longestBreachSeconds", v.longestBreachMillis() / 1000.0);
    n.put("accumulatedBreachSeconds", v.accumulatedBreachMillis() / 1000.0);
    ArrayNode ex = n.putArray("excursions");
    v.excursions().forEach(e -> ex.add(excursion(e)));
    n.put("chart", chartPath);
    return n;
  }

  public static ObjectNode excursion(Excursion e) {
    ObjectNode n = JSON.createObjectNode();
    n.put("kind", e.kind().name());
    n.put("direction", e.above() ? "above" : "below");
    n.put("start", Instant.ofEpochMilli(e.startMillis()).toString());
    n.put("end", Instant.ofEpochMilli(e.endMillis()).toString());
    n.put("durationSeconds", e.durationMillis() / 1000.0);
    n.put("worstCelsius", e.worstCelsius());
    n.put("degreesBeyond", e.degreesBeyond());
    n.put("location", e.location());
    ArrayNode idx = n.putArray("ledgerIndexes");
    e.ledgerIndexes().forEach(idx::add);
    return n;
  }

  public static ObjectNode event(ExcursionEvent e) {
    ObjectNode n = excursion(e.excursion());
    n.put("subject", e.subject());
    n.put("commodity", e.commodity());
    n.put("detectedAtIndex", e.detectedAtIndex());
    return n;
  }

  public static ObjectNode profile(CommodityProfile p) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", p.id());
    n.put("name", p.name());
    n.put("minCelsius", p.minCelsius());
    n.put("maxCelsius", p.maxCelsius());
    n.put("toleranceMinCelsius", p.toleranceMinCelsius());
    n.put("toleranceMaxCelsius", p.toleranceMaxCelsius());
    n.put("toleranceInTransportOnly", p.toleranceInTransportOnly());
    if (p.maxContinuousBreach() != null) {
      n.put("maxContinuousBreachSeconds", p.maxContinuousBreach().toSeconds());
    } else {
      n.putNull("maxContinuousBreachSeconds");
    }
    if (p.maxAccumulatedBreach() != null) {
      n.put("maxAccumulatedBreachSeconds", p.maxAccumulatedBreach().toSeconds());
    } else {
      n.putNull("maxAccumulatedBreachSeconds");
    }
    ArrayNode g = n.putArray("gtins");
    p.gtins().forEach(g::add);
    return n;
  }
}
