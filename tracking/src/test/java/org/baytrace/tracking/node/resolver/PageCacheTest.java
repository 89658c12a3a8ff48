package org.baytrace.tracking.node.resolver;

import static org.baytrace.tracking.node.resolver.DurianTrace.LOT_PATH;
import static org.baytrace.tracking.node.resolver.ResolverFixture.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.baytrace.tracking.domain.epcis.masterdata.AttributeIds;
import org.baytrace.tracking.domain.epcis.masterdata.VocabularyElement;
import org.baytrace.tracking.node.http.LedgerHttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The consumer page served from memory: the same events give the same page and entity tag (and
 * 304 to a matching If-None-Match) however much else the ledger takes in; a new event for the code
 * is on the next answer; a page citing another checkpoint has another tag; what is remembered per
 * record never hides an event that does not match its entry.
 */
class PageCacheTest {
  static final String BROWSER = VerifiedBadgeTest.BROWSER;

  @TempDir Path dir;

  /** A retail sale of the lot: one more step on its page. */
  static ObjectNode sale(int n) {
    return DurianTrace.json("""
        {"type": "ObjectEvent", "eventID": "urn:uuid:6c1c2f2e-09%02d-4a51-bd6a-0bba133845a8",
         "eventTime": "2026-11-27T10:00:00.000+08:00", "eventTimeZoneOffset": "+08:00",
         "action": "OBSERVE", "bizStep": "retail_selling", "disposition": "retail_sold",
         "bizLocation": {"id": "urn:epc:id:sgln:6901234.00003.0"},
         "quantityList": [{"epcClass": "%s", "quantity": %d, "uom": "KGM"}]}
        """.formatted(n, DurianTrace.LOT_DL, n));
  }

  /** An event about another lot: the ledger grows, the durian lot's page does not change. */
  static ObjectNode otherLot(int n) {
    return DurianTrace.json("""
        {"type": "ObjectEvent", "eventID": "urn:uuid:7d2d3f3f-00%02d-4a51-bd6a-0bba133845a8",
         "eventTime": "2026-11-27T10:00:00.000+08:00", "eventTimeZoneOffset": "+08:00",
         "action": "OBSERVE", "bizStep": "shipping",
         "quantityList": [{"epcClass": "https://id.gs1.org/01/%s/10/OTHER-LOT", "quantity": 1, "uom": "KGM"}]}
        """.formatted(n, "09506000134352"));
  }

  static HttpResponse<String> html(ResolverFixture f, String... more) {
    List<String> h = new ArrayList<>(List.of("Accept", BROWSER));
    h.addAll(List.of(more));
    return f.get(LOT_PATH, h.toArray(String[]::new));
  }

  @Test
  void sameEvents_sameBodyAndETag_and304ForIfNoneMatch_whileTheLedgerGrows() {
    try (ResolverFixture f = new ResolverFixture(dir).withDurianTrace().serve()) {
      HttpResponse<String> first = html(f);
      assertEquals(200, first.statusCode());
      String etag = header(first, "ETag");
      assertNotNull(etag, "a page has an entity tag");
      assertTrue(etag.matches("\"[0-9a-f]{32}\""), etag);
      assertEquals("no-cache", header(first, "Cache-Control"), "revalidated on every visit");

      f.append(otherLot(1));
      f.append(otherLot(2));
      HttpResponse<String> again = html(f);
      assertEquals(first.body(), again.body(), "nothing on the page changed");
      assertEquals(etag, header(again, "ETag"));

      HttpResponse<String> revisit = html(f, "If-None-Match", etag);
      assertEquals(304, revisit.statusCode());
      assertEquals("", revisit.body());
      assertEquals(etag, header(revisit, "ETag"));
      assertEquals("no-cache", header(revisit, "Cache-Control"));
      assertEquals(200, html(f, "If-None-Match", "\"0123456789abcdef0123456789abcdef\"").statusCode());

      HttpResponse<String> json = f.get(LOT_PATH, "Accept", "application/json");
      assertNotEquals(etag, header(json, "ETag"), "the JSON page is another representation");
      assertEquals(304, f.get(LOT_PATH, "Accept", "application/json", "If-None-Match", header(json, "ETag")).statusCode());
      assertEquals(200, f.get(LOT_PATH, "Accept", "application/json", "If-None-Match", etag).statusCode());
    }
  }

  @Test
  void newEventForTheLot_isOnTheNextAnswer_withANewETagAndCheckpoint() {
    try (ResolverFixture f = new ResolverFixture(dir).withDurianTrace().serve()) {
      JsonNode before = f.json(LOT_PATH);
      HttpResponse<String> page = html(f);
      String etag = header(page, "ETag");
      f.append(otherLot(1));
      long saleIndex = f.append(sale(1));

      HttpResponse<String> revisit = html(f, "If-None-Match", etag);
      assertEquals(200, revisit.statusCode(), "a new event changed the page");
      assertNotEquals(etag, header(revisit, "ETag"));
      JsonNode after = f.json(LOT_PATH);
      assertEquals(before.path("journey").size() + 1, after.path("journey").size());
      assertTrue(after.path("journey").findValues("ledgerIndex").stream().anyMatch(i -> i.asLong() == saleIndex),
          after.toString());
      assertTrue(after.path("verification").path("verified").asBoolean(), after.toString());
      assertEquals(f.ledger.head().size(), after.path("verification").path("treeSize").asLong(),
          "checked against the checkpoint of the moment it changed");
      assertTrue(after.path("verification").path("treeSize").asLong()
          > before.path("verification").path("treeSize").asLong());
    }
  }

  /**
   * The brand owner publishes a new name for its product (newer master data): the next answer
   * carries it, although no event of the lot changed.
   */
  @Test
  void newerMasterDataForTheProduct_renamesItOnTheNextAnswer() {
    AtomicReference<String> name = new AtomicReference<>("Monthong A");
    AtomicLong record = new AtomicLong(100);
    Names names = Names.of(ids -> {
      Map<String, VocabularyElement> out = new HashMap<>();
      for (String id : ids) {
        if (id.contains("/01/") && !id.contains("/10/")) { // the product class
          out.put(id, new VocabularyElement("urn:epcglobal:epcis:vtype:EPCClass",
              id, id, List.of(new VocabularyElement.Attribute(
                  AttributeIds.DESCRIPTION_SHORT,
                  TextNode.valueOf(name.get()))),
              List.of(), record.get(), "th-durian-coop"));
        }
      }
      return out;
    });
    try (ResolverFixture f = new ResolverFixture(dir).withDurianTrace()) {
      f.serve(l -> Resolver.overLedger(l).withNames(names));
      HttpResponse<String> first = html(f);
      assertTrue(first.body().contains("Monthong A"), first.body());
      String etag = header(first, "ETag");
      name.set("Monthong B");
      record.set(200);
      HttpResponse<String> renamed = html(f, "If-None-Match", etag);
      assertEquals(200, renamed.statusCode(), "the product's name changed");
      assertTrue(renamed.body().contains("Monthong B"), renamed.body());
      assertNotEquals(etag, header(renamed, "ETag"));
    }
  }

  /**
   * The same events checked against a later checkpoint (a node restarted, a page no longer in
   * memory): the page cites another checkpoint, so its tag differs and a browser holding the old
   * one gets the new page, not a 304.
   */
  @Test
  void sameEvents_citingAnotherCheckpoint_haveAnotherETag() {
    try (ResolverFixture f = new ResolverFixture(dir).withDurianTrace().serve()) {
      HttpResponse<String> first = html(f);
      String etag = header(first, "ETag");
      f.append(otherLot(1));
      Resolver fresh = Resolver.overLedger(f.ledger);
      try (LedgerHttpServer other = LedgerHttpServer.start(f.ledger,
          new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), fresh.httpComponents())) {
        HttpResponse<String> later = f.send(HttpRequest.newBuilder(other.baseUri().resolve(LOT_PATH.substring(1)))
            .header("Accept", BROWSER).header("If-None-Match", etag).GET(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, later.statusCode(), "the cited checkpoint changed");
        assertNotEquals(etag, header(later, "ETag"));
        assertTrue(later.body().contains(String.valueOf(f.ledger.head().size())), "cites the newer tree size");
      }
    }
  }

  /**
   * An entry whose checks were remembered is shown with another version of its event: the page
   * says so, exactly as on the first visit (the memory is bound to the event shown, not only to the
   * entry).
   */
  @Test
  void rememberedEntry_shownWithAnotherEvent_isStillCaught() {
    try (ResolverFixture f = new ResolverFixture(dir).withDurianTrace()) {
      AtomicBoolean change = new AtomicBoolean();
      f.serve(l -> new Resolver(l, VerifiedBadgeTest.changing(f, events -> {
        if (change.get()) {
          int i = VerifiedBadgeTest.shippingAt(events);
          TraceEvent s = events.get(i);
          ObjectNode e = s.event();
          ((ObjectNode) e.path("sensorElementList").path(1).path("sensorReport").path(0)).put("value", 4.2);
          events.set(i, new TraceEvent(s.ledgerIndex(), s.recordTimeUnixMillis(), e, TraceEvent.Relation.DIRECT, null));
        }
        return events;
      }), null));
      assertTrue(f.json(LOT_PATH).path("verification").path("verified").asBoolean());
      assertTrue(f.resolver.rememberedRecords() >= 8, "every checked record remembered: " + f.resolver.rememberedRecords());
      f.append(otherLot(1)); // another checkpoint, so the remembered records' inclusion is checked anew

      change.set(true);
      JsonNode ver = f.json(LOT_PATH).path("verification");
      assertFalse(ver.path("verified").asBoolean(), ver.toString());
      assertTrue(ver.path("failures").path(0).asText().contains("holds another version of event urn:uuid:6c1c2f2e-0003"),
          ver.toString());
      change.set(false);
      assertTrue(f.json(LOT_PATH).path("verification").path("verified").asBoolean(), "a failure is never remembered");
    }
  }
}
