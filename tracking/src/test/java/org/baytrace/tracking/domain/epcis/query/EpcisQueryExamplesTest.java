package org.baytrace.tracking.domain.epcis.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.baytrace.tracking.domain.gs1.CompanyPrefixLookup;
import org.baytrace.tracking.domain.gs1.TraceCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every GS1 EPCIS example event in the ledger; every supported query parameter, with values taken
 * from the examples in their different forms, must return over HTTP (paged) exactly the events
 * the naive reference filter returns, in the same order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EpcisQueryExamplesTest {
  /** What capture accepts of the examples today; fewer means examples or events went missing. */
  private static final int MIN_EVENTS = 50;

  private QueryFixture fx;
  private List<NaiveFilter.Ev> reference;

  @BeforeAll
  void loadExamples(@TempDir Path dir) {
    fx = new QueryFixture(dir);
    int n = fx.appendAllExamples();
    System.out.println("appended " + n + " example events, " + fx.appended.size() + " distinct records");
    assertTrue(n >= MIN_EVENTS, "events appended from the examples: got " + n + ", want at least " + MIN_EVENTS);
    fx.awaitCaughtUp();
    reference = NaiveFilter.prepare(fx.appended);
  }

  @AfterAll
  void close() {
    fx.close();
  }

  @TestFactory
  Stream<DynamicTest> everyParameter_returnsExactlyWhatTheNaiveFilterReturns() {
    // every query paged small, so that following the next links is part of every answer
    List<Map<String, String>> queries = new ArrayList<>();
    for (Map<String, String> q : queries()) {
      Map<String, String> paged = new LinkedHashMap<>(q);
      paged.put("perPage", "3");
      queries.add(paged);
    }
    assertTrue(queries.size() > 150, "queries generated: " + queries.size());
    int[] nonEmpty = {0};
    List<DynamicTest> tests = new ArrayList<>();
    for (Map<String, String> q : queries) {
      tests.add(DynamicTest.dynamicTest(q.toString(), () -> {
        List<Long> want = NaiveFilter.run(reference, q).stream().map(NaiveFilter.Ev::index).toList();
        List<Long> got = fx.queryAll(q).stream().map(QueryFixture::ledgerIndex).toList();
        assertEquals(want, got, "query " + q);
        if (!want.isEmpty()) {
          nonEmpty[0]++;
        }
      }));
    }
    tests.add(DynamicTest.dynamicTest("most queries find something", () -> assertTrue(nonEmpty[0] > queries.size() / 2,
        "non-empty: " + nonEmpty[0] + " of " + queries.size())));
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> everyPlan_streamOrCandidates_anyScanBudget_returnsTheSameEvents() {
    List<DynamicTest> tests = new ArrayList<>();
    int[][] plans = {{1, 3}, {1, 1_000}, {1_000_000, 1}};
    List<Map<String, String>> queries = queries();
    for (Map<String, String> q : queries) {
      tests.add(DynamicTest.dynamicTest(q.toString(), () -> {
        List<Long> want = NaiveFilter.run(reference, q).stream().map(NaiveFilter.Ev::index).toList();
        for (int[] plan : plans) {
          assertEquals(want, direct(q, plan[0], plan[1]), "plan cap=" + plan[0] + " budget=" + plan[1]);
        }
      }));
    }
    return tests.stream();
  }

  /** Every event of a query through the Java API with the given plan limits, page by page (perPage 2). */
  private List<Long> direct(Map<String, String> q, int candidateCap, int scanBudget) {
    List<Long> out = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      Map<String, List<String>> p = new LinkedHashMap<>();
      q.forEach((k, v) -> p.put(k, List.of(v)));
      p.put("perPage", List.of("2"));
      if (token != null) {
        p.put("nextPageToken", List.of(token));
      }
      QueryPage page = fx.queries.query(p, candidateCap, scanBudget);
      page.document().path("epcisBody").path("queryResults").path("resultsBody").path("eventList")
          .forEach(e -> out.add(QueryFixture.ledgerIndex(e)));
      token = page.nextPageToken();
      assertTrue(++pages < 10_000, "too many pages");
    } while (token != null);
    return out;
  }

  @Test
  void identifiersAndVocabulary_inEitherForm_findTheSameEvents() {
    // captured as EPC URIs, asked for as a Digital Link
    String dl = TraceCode.parse("urn:epc:id:sgtin:0614141.107346.2017").toDigitalLink();
    assertEquals("https://id.gs1.org/01/10614141073464/21/2017", dl);
    List<JsonNode> byUrn = fx.queryAll(Map.of("MATCH_epc", "urn:epc:id:sgtin:0614141.107346.2017"));
    assertFalse(byUrn.isEmpty());
    assertEquals(byUrn, fx.queryAll(Map.of("MATCH_epc", dl)));
    // captured as Digital Links, asked for as an EPC URI
    String urn = TraceCode.parse("https://id.gs1.org/01/70614141123451/21/2017")
        .toEpcUrn(CompanyPrefixLookup.ofKnownPrefixes(List.of("0614141")));
    assertEquals("urn:epc:id:sgtin:0614141.712345.2017", urn);
    List<JsonNode> byLink = fx.queryAll(Map.of("MATCH_epc", "https://id.gs1.org/01/70614141123451/21/2017"));
    assertFalse(byLink.isEmpty());
    assertTrue(byLink.stream().allMatch(e -> (e.path("epcList").toString() + e.path("childEPCs"))
        .contains("/01/70614141123451/21/2017")), "captured as Digital Links");
    assertEquals(byLink, fx.queryAll(Map.of("MATCH_epc", urn)));
    List<JsonNode> bare = fx.queryAll(Map.of("EQ_bizStep", "shipping"));
    assertFalse(bare.isEmpty());
    assertEquals(bare, fx.queryAll(Map.of("EQ_bizStep", "urn:epcglobal:cbv:bizstep:shipping")));
    assertEquals(bare, fx.queryAll(Map.of("EQ_bizStep", "https://ref.gs1.org/cbv/BizStep-shipping")));
    assertTrue(bare.stream().allMatch(e -> e.path("bizStep").asText().endsWith("shipping")));
  }

  @Test
  void sensorFilters_onTheSensorExamples_findReadingsByUnitAndValue() {
    Map<String, String> hot = Map.of("GE_value_CEL", "26.2");
    List<NaiveFilter.Ev> want = NaiveFilter.run(reference, hot);
    assertFalse(want.isEmpty(), "the sensor examples have readings of 26.2 CEL or more");
    assertTrue(want.size() < NaiveFilter.run(reference, Map.of("GE_value_CEL", "20")).size());
    assertEquals(want.stream().map(NaiveFilter.Ev::index).toList(),
        fx.queryAll(hot).stream().map(QueryFixture::ledgerIndex).toList());
    Map<String, String> band = Map.of("GE_value_CEL", "20", "LT_value_CEL", "21", "eventType", "ObjectEvent");
    assertFalse(NaiveFilter.run(reference, band).isEmpty());
    assertEquals(NaiveFilter.run(reference, band).stream().map(NaiveFilter.Ev::index).toList(),
        fx.queryAll(band).stream().map(QueryFixture::ledgerIndex).toList());
    assertTrue(fx.queryAll(Map.of("GE_value_CEL", "1000000")).isEmpty());
  }

  @Test
  void paging_everyPageSize_coversEveryEventOnce() {
    List<Long> all = reference.stream().map(NaiveFilter.Ev::index).toList();
    for (String perPage : List.of("1", "2", "7", "30", "1000")) {
      List<Long> got = fx.queryAll(Map.of("perPage", perPage)).stream().map(QueryFixture::ledgerIndex).toList();
      assertEquals(all, got, "perPage=" + perPage);
      assertEquals(new HashSet<>(got).size(), got.size(), "an event twice with perPage=" + perPage);
    }
    for (String dir : List.of("ASC", "DESC")) {
      for (String by : List.of("eventTime", "recordTime")) {
        Map<String, String> q = Map.of("perPage", "4", "orderBy", by, "orderDirection", dir);
        assertEquals(NaiveFilter.run(reference, q).stream().map(NaiveFilter.Ev::index).toList(),
            fx.queryAll(q).stream().map(QueryFixture::ledgerIndex).toList(), q.toString());
      }
    }
  }

  @Test
  void firstPage_hasLinkToNext_lastPageHasNone_andDocumentIsAQueryDocument() {
    HttpResponse<String> first = fx.get("/events?perPage=5&EQ_bizStep=shipping%7Creceiving");
    assertEquals(200, first.statusCode(), first.body());
    assertEquals("application/ld+json", first.headers().firstValue("Content-Type").orElse(""));
    assertEquals("2.0.0", first.headers().firstValue("GS1-EPCIS-Version").orElse(""));
    JsonNode doc = QueryFixture.json(first);
    assertEquals("EPCISQueryDocument", doc.path("type").asText());
    assertEquals("2.0", doc.path("schemaVersion").asText());
    assertEquals(QueryDocuments.EPCIS_CONTEXT, doc.path("@context").path(0).asText());
    assertEquals(ProjectedEvent.NS, doc.path("@context").path(1).path("bt").asText());
    OffsetDateTime.parse(doc.path("creationDate").asText());
    JsonNode results = doc.path("epcisBody").path("queryResults");
    assertEquals("SimpleEventQuery", results.path("queryName").asText());
    JsonNode events = results.path("resultsBody").path("eventList");
    assertEquals(5, events.size());
    for (JsonNode e : events) {
      long idx = QueryFixture.ledgerIndex(e);
      assertTrue(idx >= 0, e.toString());
      assertEquals(fx.ledger.entry(idx).leafHash().toString().toLowerCase(java.util.Locale.ROOT).replace("0x", ""),
          e.path("bt:ledger").path("leafHash").asText().toLowerCase(java.util.Locale.ROOT), "leaf hash of " + idx);
      NaiveFilter.Ev stored = reference.stream().filter(r -> r.index() == idx).findFirst().orElseThrow();
      assertEquals(stored.recordTime(), Instant.parse(e.path("recordTime").asText()));
      // as captured: every field of the stored event is there unchanged
      stored.e().properties().forEach(f -> assertEquals(f.getValue(), e.get(f.getKey()), f.getKey()));
    }
    String link = first.headers().firstValue("Link").orElseThrow();
    assertTrue(link.contains("EQ_bizStep=shipping%7Creceiving") && link.contains("perPage=5"), link);
    HttpResponse<String> last = fx.get("/events?perPage=1000");
    assertTrue(last.headers().firstValue("Link").isEmpty());
  }

  @Test
  void maxEventCount_moreMatches_is413QueryTooLarge() {
    HttpResponse<String> r = fx.get("/events?maxEventCount=3");
    assertEquals(413, r.statusCode(), r.body());
    assertEquals("epcisException:QueryTooLargeException", QueryFixture.json(r).path("type").asText());
    assertEquals(200, fx.get("/events?maxEventCount=100000").statusCode());
  }

  @Test
  void eventCountLimit_withOrderBy_returnsTheFirstN() {
    Map<String, String> q = Map.of("orderBy", "eventTime", "eventCountLimit", "3", "perPage", "2");
    List<Long> want = NaiveFilter.run(reference, q).stream().map(NaiveFilter.Ev::index).toList();
    assertEquals(3, want.size());
    assertEquals(want, fx.queryAll(q).stream().map(QueryFixture::ledgerIndex).toList());
  }

  // ---- the queries ----

  private List<Map<String, String>> queries() {
    List<Map<String, String>> out = new ArrayList<>();
    out.add(Map.of());
    for (String t : List.of("ObjectEvent", "AggregationEvent", "TransactionEvent", "TransformationEvent",
        "AssociationEvent", "ObjectEvent|AggregationEvent")) {
      out.add(Map.of("eventType", t));
    }
    // times: pivots at several events' times, written in other offsets
    List<Instant> times = reference.stream().map(NaiveFilter.Ev::eventTime).sorted().toList();
    for (int i = 0; i < times.size(); i += Math.max(1, times.size() / 6)) {
      String at = OffsetDateTime.ofInstant(times.get(i), ZoneOffset.ofHours(8)).toString();
      out.add(Map.of("GE_eventTime", at));
      out.add(Map.of("LT_eventTime", at));
      out.add(Map.of("GE_eventTime", OffsetDateTime.ofInstant(times.get(i).minusSeconds(86_400 * 30),
          ZoneOffset.ofHours(-5)).toString(), "LT_eventTime", at));
    }
    List<Instant> records = reference.stream().map(NaiveFilter.Ev::recordTime).sorted().toList();
    Instant mid = records.get(records.size() / 2);
    out.add(Map.of("GE_recordTime", mid.toString()));
    out.add(Map.of("LT_recordTime", OffsetDateTime.ofInstant(mid, ZoneOffset.ofHours(8)).toString()));
    out.add(Map.of("GE_recordTime", records.get(3).toString(), "LT_recordTime", records.get(9).toString()));
    for (String a : List.of("ADD", "OBSERVE", "DELETE", "ADD|DELETE")) {
      out.add(Map.of("EQ_action", a));
    }
    for (String s : values("bizStep")) {
      String bare = s.replaceFirst("^urn:epcglobal:cbv:bizstep:", "").replaceFirst("^https://ref.gs1.org/cbv/BizStep-", "");
      out.add(Map.of("EQ_bizStep", s));
      out.add(Map.of("EQ_bizStep", bare));
      out.add(Map.of("EQ_bizStep", "urn:epcglobal:cbv:bizstep:" + bare));
      out.add(Map.of("EQ_bizStep", "https://ref.gs1.org/cbv/BizStep-" + bare));
    }
    out.add(Map.of("EQ_bizStep", "shipping|receiving"));
    for (String s : values("disposition")) {
      String bare = s.replaceFirst("^urn:epcglobal:cbv:disp:", "").replaceFirst("^https://ref.gs1.org/cbv/Disp-", "");
      out.add(Map.of("EQ_disposition", bare));
      out.add(Map.of("EQ_disposition", "urn:epcglobal:cbv:disp:" + bare));
      out.add(Map.of("EQ_disposition", "https://gs1.org/voc/Disp-" + bare));
    }
    for (String field : List.of("readPoint", "bizLocation")) {
      for (String id : locationValues(field)) {
        for (String form : forms(id)) {
          out.add(Map.of("EQ_" + field, form));
        }
      }
    }
    Map<String, List<String>> idParams = new LinkedHashMap<>();
    idParams.put("MATCH_epc", List.of("epcList", "childEPCs"));
    idParams.put("MATCH_parentID", List.of("parentID"));
    idParams.put("MATCH_inputEPC", List.of("inputEPCList"));
    idParams.put("MATCH_outputEPC", List.of("outputEPCList"));
    idParams.put("MATCH_anyEPC", List.of("epcList", "childEPCs", "parentID", "inputEPCList", "outputEPCList"));
    for (Map.Entry<String, List<String>> p : idParams.entrySet()) {
      for (String id : sample(ids(p.getValue()), 10)) {
        for (String form : forms(id)) {
          out.add(Map.of(p.getKey(), form));
          out.add(Map.of("MATCH_anyEPC", form));
        }
      }
    }
    out.add(Map.of("MATCH_epc", "urn:epc:idpat:sgtin:0614141.107346.*"));
    out.add(Map.of("MATCH_epc", TraceCode.parse("urn:epc:idpat:sgtin:0614141.107346.*").toDigitalLink()));
    out.add(Map.of("MATCH_anyEPC", "urn:epc:id:sgtin:0614141.107346.2017|urn:epc:id:sscc:0614141.1234567890"));
    Map<String, List<String>> classParams = new LinkedHashMap<>();
    classParams.put("MATCH_epcClass", List.of("quantityList", "childQuantityList"));
    classParams.put("MATCH_inputEPCClass", List.of("inputQuantityList"));
    classParams.put("MATCH_outputEPCClass", List.of("outputQuantityList"));
    classParams.put("MATCH_anyEPCClass", List.of("quantityList", "childQuantityList", "inputQuantityList",
        "outputQuantityList"));
    for (Map.Entry<String, List<String>> p : classParams.entrySet()) {
      for (String c : sample(classes(p.getValue()), 8)) {
        for (String form : forms(c)) {
          out.add(Map.of(p.getKey(), form));
        }
      }
    }
    List<String> ids = sample(new TreeSet<>(reference.stream().map(e -> e.e().path("eventID").asText()).toList()), 8);
    for (String id : ids) {
      out.add(Map.of("EQ_eventID", id));
    }
    out.add(Map.of("EQ_eventID", ids.get(0) + "|" + ids.get(1)));
    out.add(Map.of("EXISTS_errorDeclaration", "true"));
    out.add(Map.of("EXISTS_errorDeclaration", "false"));
    out.add(Map.of("EQ_errorReason", "incorrect_data"));
    out.add(Map.of("EQ_errorReason", "urn:epcglobal:cbv:er:incorrect_data"));
    out.add(Map.of("EQ_correctiveEventID", "urn:uuid:404d95fc-9457-4a51-bd6a-0bba133845a8"));
    out.add(Map.of("GE_errorDeclarationTime", "2020-06-01T00:00:00Z"));
    out.add(Map.of("LT_errorDeclarationTime", "2020-06-01T00:00:00Z"));
    // sensors
    for (String[] s : sensorSamples()) {
      for (String op : List.of("GE", "GT", "LT", "LE", "EQ")) {
        out.add(Map.of(op + "_" + s[0] + "_" + s[1], s[2]));
      }
    }
    out.add(Map.of("GE_value_CEL", "20", "LT_value_CEL", "30"));
    out.add(Map.of("GE_maxValue_CEL", "25"));
    out.add(Map.of("EQ_value_KMH", "72|100"));
    // combinations
    out.add(Map.of("eventType", "ObjectEvent", "EQ_bizStep", "shipping", "GE_eventTime", "2005-01-01T00:00:00Z"));
    out.add(Map.of("MATCH_anyEPC", "urn:epc:id:sgtin:0614141.107346.2018", "LT_eventTime", "2006-01-01T00:00:00Z"));
    out.add(Map.of("EQ_readPoint", "urn:epc:id:sgln:0614141.07346.1234", "EQ_disposition", "in_transit",
        "EXISTS_errorDeclaration", "true"));
    out.add(Map.of("EQ_action", "OBSERVE", "eventType", "ObjectEvent|TransactionEvent", "orderBy", "eventTime"));
    out.add(Map.of("MATCH_epcClass", "urn:epc:idpat:sgtin:4012345.098765.*", "orderBy", "recordTime",
        "orderDirection", "ASC"));
    return out;
  }

  private Set<String> values(String field) {
    Set<String> out = new TreeSet<>();
    reference.forEach(e -> {
      if (e.e().has(field)) {
        out.add(e.e().get(field).asText());
      }
    });
    return out;
  }

  private Set<String> locationValues(String field) {
    Set<String> out = new TreeSet<>();
    reference.forEach(e -> {
      if (e.e().path(field).has("id")) {
        out.add(e.e().get(field).get("id").asText());
      }
    });
    return out;
  }

  private Set<String> ids(List<String> fields) {
    Set<String> out = new TreeSet<>();
    for (NaiveFilter.Ev e : reference) {
      for (String f : fields) {
        JsonNode n = e.e().get(f);
        if (n == null) {
          continue;
        }
        if (n.isArray()) {
          n.forEach(x -> out.add(x.asText()));
        } else {
          out.add(n.asText());
        }
      }
    }
    return out;
  }

  private Set<String> classes(List<String> lists) {
    Set<String> out = new TreeSet<>();
    for (NaiveFilter.Ev e : reference) {
      for (String l : lists) {
        e.e().path(l).forEach(q -> {
          if (q.has("epcClass")) {
            out.add(q.get("epcClass").asText());
          }
        });
      }
    }
    return out;
  }

  private List<String[]> sensorSamples() {
    List<String[]> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (NaiveFilter.Ev e : reference) {
      for (JsonNode el : e.e().path("sensorElementList")) {
        for (JsonNode r : el.path("sensorReport")) {
          for (String f : List.of("value", "minValue", "maxValue", "meanValue")) {
            if (r.path(f).isNumber() && r.has("uom") && seen.add(f + r.get("uom").asText())) {
              out.add(new String[] {f, r.get("uom").asText(), r.get(f).asText()});
            }
          }
        }
      }
    }
    return out;
  }

  private static List<String> sample(Set<String> all, int n) {
    List<String> list = new ArrayList<>(all);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i += Math.max(1, list.size() / n)) {
      out.add(list.get(i));
    }
    return out;
  }

  /** The identifier as given, and in the other form (Digital Link for an EPC URI, EPC URI for a link). */
  private List<String> forms(String id) {
    List<String> out = new ArrayList<>();
    out.add(id);
    try {
      TraceCode code = TraceCode.parse(id);
      if (code instanceof TraceCode.Unknown) {
        return out;
      }
      String other = id.startsWith("urn:") ? code.toDigitalLink() : code.toEpcUrn(prefixes());
      if (!other.equals(id)) {
        out.add(other);
      }
    } catch (IllegalArgumentException e) {
      // only the form given
    }
    return out;
  }

  /** Company prefixes as the EPC URIs of the examples show them. */
  private CompanyPrefixLookup prefixes() {
    Set<String> cps = new TreeSet<>();
    for (String id : ids(List.of("epcList", "childEPCs", "parentID", "inputEPCList", "outputEPCList"))) {
      if (id.startsWith("urn:epc:id:") && id.indexOf('.') > 0) {
        String body = id.substring(id.indexOf(':', 11) + 1);
        String cp = body.substring(0, body.indexOf('.'));
        if (cp.matches("[0-9]{6,12}")) {
          cps.add(cp);
        }
      }
    }
    return CompanyPrefixLookup.ofKnownPrefixes(cps);
  }
}
