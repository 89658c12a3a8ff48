package org.baytrace.tracking.node.resolver;

import static org.baytrace.tracking.node.resolver.DurianTrace.ITEM_PATH;
import static org.baytrace.tracking.node.resolver.DurianTrace.LOT_PATH;
import static org.baytrace.tracking.node.resolver.DurianTrace.SSCC_PATH;
import static org.baytrace.tracking.node.resolver.ResolverFixture.header;
import static org.baytrace.tracking.node.resolver.ResolverFixture.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.baytrace.tracking.domain.gs1.DigitalLink;
import org.baytrace.tracking.domain.gs1.DigitalLinkCompression;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * GS1 keys beyond GTIN and SSCC on the resolver, over a real RocksDB ledger on a real HTTP port:
 * a location (GLN with extension) and a returnable asset (GRAI) with events recorded under them
 * resolve to their history; compressed Digital Links resolve to the same pages as their
 * uncompressed forms; bad keys, bad attributes and compressed links that do not decode get 400
 * problem JSON that names the AI and what is wrong.
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
    // well-formed attributes and the resolver's own options pass
    assertEquals(200, f.get(LOT_PATH + "?17=261200&3103=000189&4321=1&lang=en", "Accept", "application/json")
        .statusCode());
  }

  /** The compressed form of a path, on this resolver: the segment after the canonical origin. */
  static String compressed(String path, Map<String, String> attributes, boolean optimise) {
    return DigitalLinkCompression.compress(DigitalLink.parse(path), attributes, Map.of(), optimise)
        .substring(DigitalLink.CANONICAL_ORIGIN.length());
  }

  @Test
  void compressedLink_resolvesToTheSamePageAsItsUncompressedForm() {
    for (String path : List.of(ITEM_PATH, LOT_PATH, SSCC_PATH, GLN_PATH, GRAI_PATH)) {
      for (boolean optimise : List.of(true, false)) {
        String c = compressed(path, Map.of(), optimise);
        JsonNode plain = f.json(path);
        JsonNode packed = f.json(c);
        assertEquals(plain, packed, c + " vs " + path);
        // and the page a phone shows (its language links keep the address the phone asked for)
        HttpResponse<String> html = f.get(c, "Accept", ResolverHttpTest.BROWSER_ACCEPT);
        assertEquals(200, html.statusCode(), c);
        assertEquals(f.get(path, "Accept", ResolverHttpTest.BROWSER_ACCEPT).body(), html.body().replace(c, path), c);
      }
    }
    // partially compressed: the key as it is, the rest packed
    String lotOnly = DigitalLinkCompression.compress(DigitalLink.parse(LOT_PATH)).substring(DigitalLink.CANONICAL_ORIGIN.length());
    assertEquals(f.json(LOT_PATH), f.json(lotOnly));
  }

  @Test
  void compressedLink_carriesItsDataAttributes_whichAreCheckedAsInTheQueryString() {
    String good = compressed(ITEM_PATH, Map.of("17", "261231", "4321", "1"), true);
    assertEquals(f.json(ITEM_PATH), f.json(good));
    assertProblem(compressed(ITEM_PATH, Map.of("4321", "2"), true),
        "AI 4321 (dangerous goods flag): got \"2\", want a flag 0 or 1");
    assertProblem(compressed(ITEM_PATH, Map.of("17", "261331"), false),
        "AI 17 (expiration date): got \"261331\", want a date YYMMDD");
  }

  @Test
  void malformedCompressedLink_is400ProblemNamingWhatDoesNotDecode() {
    String good = compressed(ITEM_PATH, Map.of(), false);
    // cut short: the serial's characters are missing
    assertProblem(good.substring(0, good.length() - 3), "truncated at bit");
    // an optimisation code the table does not define (GS1's demo link of an older table)
    assertProblem("/GhFJpRhNutGu2_HPXdJE6A267b8c9d-e0-6ag", "got optimisation code 6D");
    // GTIN with a wrong check digit, compressed: refused as the uncompressed form is
    assertProblem(compressed("/01/08850123000013/10/L1", Map.of(), true), "GTIN 08850123000013: check digit 3, want 0");
    // a partially compressed segment with a character outside base64url
    assertProblem(LOT_PATH.substring(0, LOT_PATH.indexOf("/10/")) + "/EEar.wSM", "is not base64url");
    // a stream that ends in the middle of a value (AI 02, GTIN of contained trade items)
    assertProblem("/ARHKVAdpQgTDPqW_", "truncated at bit 63 of 96: 14 digits of AI 02 need 47 bits, 33 left");
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
