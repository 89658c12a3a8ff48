package org.baytrace.tracking.node.resolver;

import static org.baytrace.tracking.node.resolver.DurianTrace.LOT_PATH;
import static org.baytrace.tracking.node.resolver.ResolverFixture.header;
import static org.baytrace.tracking.node.resolver.ResolverFixture.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * GS1 keys beyond GTIN and SSCC on the resolver, over a real RocksDB ledger on a real HTTP port:
 * a location (GLN with extension) and a returnable asset (GRAI) with events recorded under them
 * resolve to their history; bad keys and bad query-string attributes get 400 problem JSON that
 * names the AI and what is wrong.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResolverGs1KeysHttpTest {
  static final String GLN_PATH = "/414/9520123456788/254/32a%2Fb";
  static final String GRAI_PATH = "/8003/03870585000552987";

  ResolverFixture f;

  @BeforeAll
  void start(@TempDir Path dir) {
    f = new ResolverFixture(dir).withDurianTrace();
    // the crate is recorded under a non-canonical spelling of its GRAI (another host, short name)
    f.append(DurianTrace.json("""
        {"type": "ObjectEvent", "eventID": "urn:uuid:6c1c2f2e-0201-4a51-bd6a-0bba133845a8",
         "eventTime": "2026-11-21T09:00:00.000+07:00", "eventTimeZoneOffset": "+07:00",
         "action": "OBSERVE", "bizStep": "shipping", "disposition": "in_transit",
         "epcList": ["https://crates.example/grai/03870585000552987"]}
        """));
    f.append(DurianTrace.json("""
        {"type": "ObjectEvent", "eventID": "urn:uuid:6c1c2f2e-0202-4a51-bd6a-0bba133845a8",
         "eventTime": "2026-11-22T10:00:00.000+07:00", "eventTimeZoneOffset": "+07:00",
         "action": "OBSERVE", "bizStep": "inspecting", "disposition": "active",
         "epcList": ["https://id.gs1.org/414/9520123456788/254/32a%2Fb"]}
        """));
    f.serve();
  }

  @AfterAll
  void stop() {
    f.close();
  }

  static List<String> texts(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.path(field).asText(null)));
    return out;
  }

  @Test
  void glnWithExtension_resolvesToTheEventsRecordedUnderIt() {
    JsonNode page = f.json(GLN_PATH);
    assertEquals("https://id.gs1.org" + GLN_PATH, page.path("traceCode").asText());
    assertEquals(List.of("inspecting"), texts(page.path("journey"), "bizStep"), page.toString());
    // the DL 1.1 short names are the same key
    assertEquals("https://id.gs1.org" + GLN_PATH, f.json("/gln/9520123456788/glnx/32a%2Fb").path("traceCode").asText());
  }

  @Test
  void grai_resolvesUnderItsCanonicalDigitalLinkWhateverSpellingRecordedIt() {
    JsonNode page = f.json(GRAI_PATH);
    assertEquals("https://id.gs1.org" + GRAI_PATH, page.path("traceCode").asText());
    assertEquals("other", page.path("kind").asText());
    assertEquals(List.of("shipping"), texts(page.path("journey"), "bizStep"), page.toString());
    assertEquals(200, f.get(GRAI_PATH, "Accept", ResolverHttpTest.BROWSER_ACCEPT).statusCode());
  }

  @Test
  void otherValidKeysWithoutEvents_are404NotFound_notRefused() {
    for (String path : List.of("/8004/0180451111ABC987", "/8018/385888700111111111/8019/123",
        "/253/4602443000331XYZ", "/417/9520123456788", "/8010/0628165987/8011/9876")) {
      HttpResponse<String> r = f.get(path, "Accept", "application/json");
      assertEquals(404, r.statusCode(), path + ": " + r.body());
      assertEquals("NOT_FOUND", parse(r).path("reason").asText(), path);
    }
  }

  @Test
  void badCheckDigitOfAnyKey_is400ProblemNamingTheKey() {
    assertProblem("/414/9520123456789/254/1", "GLN 9520123456789: check digit 9, want 8");
    assertProblem("/8003/03870585000553987", "GRAI 03870585000553: check digit 3, want 2");
    assertProblem("/8018/385888700111111112", "GSRN 385888700111111112: check digit 2, want 1");
  }

  @Test
  void malformedQualifiersAndAttributes_are400ProblemNamingTheAi() {
    assertProblem("/414/9520123456788/21/1", "serial (21) is not a key qualifier of GLN (414)");
    assertProblem(LOT_PATH + "?17=261331", "AI 17 (expiration date): got \"261331\", want a date YYMMDD");
    assertProblem(LOT_PATH + "?4321=2", "AI 4321 (dangerous goods flag): got \"2\", want a flag 0 or 1");
    assertProblem(LOT_PATH + "?3103=189", "AI 3103 (trade or logistic measure, 3 decimal places): got \"189\"");
    assertProblem(LOT_PATH + "?9999=1", "AI 9999: got an AI this resolver does not know");
    assertProblem("/ARHKVAdpQgTDPqW_", "got a compressed GS1 Digital Link, want the uncompressed form");
    // well-formed attributes and the resolver's own options pass
    assertEquals(200, f.get(LOT_PATH + "?17=261200&3103=000189&4321=1&lang=en", "Accept", "application/json")
        .statusCode());
  }

  private void assertProblem(String path, String detail) {
    HttpResponse<String> r = f.get(path, "Accept", "application/json");
    assertEquals(400, r.statusCode(), path + ": " + r.body());
    assertEquals("application/problem+json", header(r, "Content-Type"), path);
    JsonNode p = parse(r);
    assertEquals("INVALID_ARGUMENT", p.path("reason").asText(), path);
    assertTrue(p.path("detail").asText().contains(detail), path + ": " + p);
  }
}
