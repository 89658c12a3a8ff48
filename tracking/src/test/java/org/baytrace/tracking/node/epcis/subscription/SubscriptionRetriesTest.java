package org.baytrace.tracking.node.epcis.subscription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.baytrace.config.SubscriptionSettings;
import org.baytrace.ledger.AuthorPolicy;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.LedgerConfig;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.record.RecordLimits;
import org.baytrace.ledger.record.Records;
import org.baytrace.ledger.store.LedgerStores;
import org.baytrace.tracking.domain.epcis.record.EpcisRecords;
import org.baytrace.tracking.node.epcis.query.EpcisQueries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A webhook that keeps failing: its document is tried {@value Subscriptions#MAX_ATTEMPTS} times
 * with growing delays (shortened here), then abandoned with a log entry naming the ledger entries
 * not delivered; the next event is delivered as usual. On a real RocksDB ledger and projection,
 * with a receiver on loopback.
 */
class SubscriptionRetriesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ORIGIN = "baytrace.test/subscriptions";
  private static final String CONTEXT = "[\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\"]";

  @TempDir
  Path dir;

  @Test
  void aDocumentFailingEveryAttempt_isAbandonedAndLogged_andTheNextIsDelivered() throws Exception {
    AtomicInteger failuresToSend = new AtomicInteger(Subscriptions.MAX_ATTEMPTS);
    AtomicInteger attempts = new AtomicInteger();
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/hooks/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      attempts.incrementAndGet();
      boolean fail = failuresToSend.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
      if (!fail) {
        received.add(body);
      }
      exchange.sendResponseHeaders(fail ? 503 : 200, -1);
      exchange.close();
    });
    receiver.start();
    URI hooks = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/");
    // The org's named query ("all": every event), as the named-query store keeps it.
    Files.writeString(dir.resolve("epcis-named-queries.json"), "{\"org1\":[{\"name\":\"all\",\"query\":{}}]}");
    SigningKey author = SigningKey.generate();
    try (Ledger ledger = Ledger.open(new LedgerConfig(ORIGIN, new NoteSigner("n", SigningKey.generate()),
            AuthorPolicy.anyKey(), RecordLimits.DEFAULT, Clock.systemUTC()), LedgerStores.openRocksDb(dir.resolve("ledger")));
        EpcisQueries queries = EpcisQueries.open(ledger, dir.resolve("epcis"));
        Subscriptions subscriptions = new Subscriptions(queries,
            new Destinations(new SubscriptionSettings(true, true, Map.of("org1", List.of(hooks)))),
            dir.resolve("subscriptions.json"), Clock.systemUTC(), Duration.ofMillis(10))) {
      String id = subscriptions.create("org1", "all", JSON.readTree("{\"dest\":\"" + hooks.resolve("in")
          + "\",\"stream\":true}")).path("subscriptionID").asText();
      long first = append(ledger, author, "1");
      JsonNode detail = awaitLog(subscriptions, id, "abandoned");
      assertEquals(Subscriptions.MAX_ATTEMPTS, attempts.get());
      JsonNode abandoned = detail.path("deliveries").get(0);
      assertEquals(Subscriptions.MAX_ATTEMPTS, abandoned.path("attempt").asInt(), detail.toString());
      assertEquals(503, abandoned.path("httpStatus").asInt());
      assertTrue(abandoned.path("detail").asText().contains("ledger entries " + first + " to " + first),
          abandoned.toString());
      assertEquals(Subscriptions.MAX_ATTEMPTS, detail.path("failedCount").asInt());

      append(ledger, author, "2");
      String next = received.poll(30, TimeUnit.SECONDS);
      assertNotNull(next, "the event after an abandoned document was not delivered");
      JsonNode events = JSON.readTree(next).at("/epcisBody/queryResults/resultsBody/eventList");
      assertEquals(1, events.size());
      assertEquals("urn:epc:id:sgtin:0614141.107346.2", events.get(0).path("epcList").get(0).asText());
    } finally {
      receiver.stop(0);
    }
  }

  private static long append(Ledger ledger, SigningKey author, String serial) throws Exception {
    JsonNode event = JSON.readTree("{\"type\":\"ObjectEvent\",\"eventTime\":\"2026-11-28T08:00:00+08:00\","
        + "\"eventTimeZoneOffset\":\"+08:00\",\"epcList\":[\"urn:epc:id:sgtin:0614141.107346." + serial + "\"],"
        + "\"action\":\"OBSERVE\",\"bizStep\":\"shipping\"}");
    byte[] body = EpcisRecords.toBody(ORIGIN, "org1", event, JSON.readTree(CONTEXT)).toByteArray();
    return ledger.append(Records.sign(body, author)).index();
  }

  private static JsonNode awaitLog(Subscriptions subscriptions, String id, String outcome) throws InterruptedException {
    JsonNode detail = null;
    for (int i = 0; i < 300; i++) {
      detail = subscriptions.get("org1", "all", id).orElseThrow();
      JsonNode log = detail.path("deliveries");
      if (log.size() > 0 && log.get(0).path("outcome").asText().equals(outcome)) {
        return detail;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no " + outcome + " delivery in " + detail);
  }
}
