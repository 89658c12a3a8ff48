package org.baytrace.tracking.domain.epcis.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Bad parameters are 400 problem JSON of type epcisException:QueryParameterException that names the parameter. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryParametersTest {
  private QueryFixture fx;

  @BeforeAll
  void open(@TempDir Path dir) {
    fx = new QueryFixture(dir);
    for (int i = 0; i < 4; i++) {
      fx.append("{\"type\": \"ObjectEvent\", \"eventTime\": \"2026-01-0" + (i + 1) + "T00:00:00+08:00\", "
          + "\"epcList\": [\"urn:epc:id:sgtin:0614141.107346." + i + "\"], \"action\": \"OBSERVE\", "
          + "\"bizStep\": \"shipping\"}");
    }
    fx.awaitCaughtUp();
  }

  @AfterAll
  void close() {
    fx.close();
  }

  /** Query string → the parameter the problem must name. */
  private static final List<String[]> BAD = List.of(
      new String[] {"foo=bar", "foo"},
      new String[] {"WD_readPoint=not%20a%20uri", "WD_readPoint"},
      new String[] {"EXISTS_ILMD_example:lot=false", "EXISTS_ILMD_example:lot"},
      new String[] {"EQ_quantity=three", "EQ_quantity"},
      new String[] {"GT_quantity=1%7C2", "GT_quantity"},
      new String[] {"HASATTR_bizStep=x", "HASATTR_bizStep"},
      new String[] {"GE_time=soon", "GE_time"},
      new String[] {"EQ_bizTransaction_po=a%7C%7Cb", "EQ_bizTransaction_po"},
      new String[] {"GE_eventTime=yesterday", "GE_eventTime"},
      new String[] {"LT_recordTime=2026-01-01", "LT_recordTime"},
      new String[] {"perPage=0", "perPage"},
      new String[] {"perPage=1001", "perPage"},
      new String[] {"perPage=-1", "perPage"},
      new String[] {"perPage=abc", "perPage"},
      new String[] {"eventType=objectEvent", "eventType"},
      new String[] {"EQ_action=MOVE", "EQ_action"},
      new String[] {"MATCH_epc=https://id.gs1.org/01/09506000134353/21/X", "MATCH_epc"},
      new String[] {"MATCH_anyEPC=not%20a%20uri", "MATCH_anyEPC"},
      new String[] {"EQ_bizStep=shipping&EQ_bizStep=receiving", "EQ_bizStep"},
      new String[] {"EQ_bizStep=shipping%7C%7Creceiving", "EQ_bizStep"},
      new String[] {"nextPageToken=garbage!!", "nextPageToken"},
      new String[] {"nextPageToken=", "nextPageToken"},
      new String[] {"eventCountLimit=3", "eventCountLimit"},
      new String[] {"orderBy=bizStep", "orderBy"},
      new String[] {"orderDirection=UP", "orderDirection"},
      new String[] {"GE_value_CEL=hot", "GE_value_CEL"},
      new String[] {"LT_value_CEL=NaN", "LT_value_CEL"},
      new String[] {"EXISTS_errorDeclaration=yes", "EXISTS_errorDeclaration"},
      new String[] {"maxEventCount=1&eventCountLimit=1&orderBy=eventTime", "maxEventCount"});

  @Test
  void badParameter_is400ProblemJson_namingTheParameter() {
    for (String[] bad : BAD) {
      HttpResponse<String> r = fx.get("/events?" + bad[0]);
      assertEquals(400, r.statusCode(), bad[0] + ": " + r.body());
      assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""), bad[0]);
      JsonNode p = QueryFixture.json(r);
      assertEquals("epcisException:QueryParameterException", p.path("type").asText(), bad[0]);
      assertEquals("Query parameter exception", p.path("title").asText());
      assertEquals(400, p.path("status").asInt());
      assertEquals("INVALID_ARGUMENT", p.path("reason").asText());
      assertEquals(bad[1], p.path("parameter").asText(), bad[0] + ": " + p);
      assertTrue(p.path("detail").asText().startsWith(bad[1] + ": "), bad[0] + ": " + p);
      assertEquals("/events", p.path("instance").asText());
    }
  }

  @Test
  void pageTokenOfAnotherQuery_isRefused_perPageMayChange() {
    HttpResponse<String> first = fx.get("/events?perPage=1&EQ_bizStep=shipping");
    String next = first.headers().firstValue("Link").orElseThrow();
    String token = next.substring(next.indexOf("nextPageToken=") + "nextPageToken=".length(), next.indexOf('>'));
    HttpResponse<String> other = fx.get("/events?perPage=1&EQ_bizStep=receiving&nextPageToken=" + token);
    assertEquals(400, other.statusCode());
    assertEquals("nextPageToken", QueryFixture.json(other).path("parameter").asText());
    HttpResponse<String> wider = fx.get("/events?perPage=3&EQ_bizStep=shipping&nextPageToken=" + token);
    assertEquals(200, wider.statusCode(), wider.body());
    assertEquals(3, QueryFixture.json(wider).path("epcisBody").path("queryResults").path("resultsBody")
        .path("eventList").size());
  }

  @Test
  void offsetPlusNotPercentEncoded_isReadAsPlus() {
    HttpResponse<String> r = fx.get("/events?GE_eventTime=2026-01-02T00:00:00+08:00");
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(3, QueryFixture.json(r).path("epcisBody").path("queryResults").path("resultsBody")
        .path("eventList").size());
  }

  @Test
  void parse_unitLevel_refusalsAndDefaults() {
    EventQuery q = EventQuery.parse(Map.of());
    assertEquals(EventQuery.DEFAULT_PER_PAGE, q.perPage);
    assertEquals(EventQuery.Order.LEDGER, q.order);
    EventQuery ordered = EventQuery.parse(Map.of("orderBy", List.of("eventTime")));
    assertTrue(ordered.descending, "orderDirection defaults to DESC");
    EventQuery bare = EventQuery.parse(Map.of("EQ_bizStep", List.of("urn:epcglobal:cbv:bizstep:shipping|"
        + "https://gs1.org/voc/BizStep-receiving|https://example.com/steps/custom")));
    assertEquals(List.of("shipping", "receiving", "https://example.com/steps/custom"), List.copyOf(bare.bizSteps));
    EventQuery ids = EventQuery.parse(Map.of("MATCH_epc", List.of("urn:epc:id:sgtin:0614141.107346.2017")));
    assertEquals(List.of("https://id.gs1.org/01/10614141073464/21/2017"), List.copyOf(ids.matchEpc));
    QueryParameterException tooMany = assertThrows(QueryParameterException.class,
        () -> EventQuery.parse(Map.of("EQ_eventID", List.of("a|".repeat(100) + "b"))));
    assertEquals("EQ_eventID", tooMany.parameter());
    assertEquals(EventQuery.parse(Map.of("perPage", List.of("5"), "EQ_action", List.of("ADD"))).fingerprint,
        EventQuery.parse(Map.of("perPage", List.of("7"), "EQ_action", List.of("ADD"))).fingerprint);
  }
}
