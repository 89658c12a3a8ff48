package org.baytrace.tracking.domain.epcis.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.baytrace.ledger.AuthorPolicy;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.LedgerConfig;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.record.Records;
import org.baytrace.ledger.store.LedgerStores;
import org.baytrace.tracking.domain.epcis.record.EpcisRecords;
import org.baytrace.tracking.node.epcis.query.EpcisQueries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The projection is derived data: it survives restarts, catches up, and is rebuilt identically when deleted. */
class ProjectionLifecycleTest {
  @TempDir Path dir;
  private QueryFixture fx;

  @BeforeEach
  void open() {
    fx = new QueryFixture(dir);
    fx.appendAllExamples();
    fx.awaitCaughtUp();
  }

  @AfterEach
  void close() {
    fx.close();
  }

  /** Every event of every query below, as served (minus the document's creation date). */
  private List<JsonNode> answers() {
    List<JsonNode> out = new ArrayList<>();
    for (Map<String, String> q : List.of(Map.<String, String>of(), Map.of("EXISTS_errorDeclaration", "true"),
        Map.of("orderBy", "eventTime", "perPage", "5"), Map.of("MATCH_anyEPC", "urn:epc:id:sgtin:0614141.107346.2018"),
        Map.of("GE_value_CEL", "26"))) {
      out.addAll(fx.queryAll(q));
    }
    for (HistoryEvent e : fx.queries.traceHistory("urn:epc:id:sgtin:0614141.107346.2017")) {
      out.add(e.json());
    }
    return out;
  }

  /** Every key and value of every column family. */
  private Map<String, List<String>> dump() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    HexFormat hex = HexFormat.of();
    try (ProjectionDb db = ProjectionDb.open(fx.projectionDir); ProjectionDb.Reader r = db.reader()) {
      for (ProjectionDb.Family f : ProjectionDb.Family.values()) {
        List<String> entries = new ArrayList<>();
        r.scan(f, Keys.EMPTY, null, false, (k, v) -> entries.add(hex.formatHex(k) + "=" + hex.formatHex(v)));
        out.put(f.familyName, entries);
      }
    }
    return out;
  }

  @Test
  void restart_keepsEverything_andFollowsNewAppends() {
    List<JsonNode> before = answers();
    long size = fx.ledger.head().size();
    fx.closeQueries();
    fx.openQueries();
    assertEquals(size, fx.queries.appliedSize(), "nothing to apply again after a clean restart");
    assertEquals(before, answers());
    long next = fx.append("{\"type\": \"ObjectEvent\", \"eventTime\": \"2026-05-01T00:00:00Z\", \"epcList\": "
        + "[\"urn:epc:id:sgtin:0614141.107346.2017\"], \"action\": \"OBSERVE\", \"bizStep\": \"shipping\"}");
    fx.awaitCaughtUp();
    assertEquals(next, QueryFixture.ledgerIndex(fx.queryAll(Map.of("GE_eventTime", "2026-04-01T00:00:00Z")).get(0)));
  }

  @Test
  void closedWhileTheLedgerGrows_catchesUpOnOpen() {
    fx.closeQueries();
    List<Long> added = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      added.add(fx.append("{\"type\": \"ObjectEvent\", \"eventTime\": \"2026-05-0" + (i + 1) + "T00:00:00Z\", "
          + "\"epcList\": [\"urn:epc:id:sgtin:0614141.107346.9" + i + "\"], \"action\": \"OBSERVE\"}"));
    }
    fx.openQueries();
    fx.awaitCaughtUp();
    assertEquals(added, fx.queryAll(Map.of("GE_eventTime", "2026-04-01T00:00:00Z")).stream()
        .map(QueryFixture::ledgerIndex).toList());
  }

  @Test
  void deletedDirectory_isRebuiltFromTheLedger_identically() {
    List<JsonNode> before = answers();
    fx.closeQueries();
    Map<String, List<String>> stored = dump();
    assertFalse(stored.get("events").isEmpty());
    Projection.deleteTree(fx.projectionDir);
    assertFalse(Files.exists(fx.projectionDir));
    fx.openQueries();
    fx.awaitCaughtUp();
    assertEquals(before, answers());
    fx.closeQueries();
    assertEquals(stored, dump(), "the rebuilt projection holds the same keys and values");
    fx.openQueries();
  }

  @Test
  void projectionOfAnotherLedger_isRebuiltForThisOne(@TempDir Path other) {
    fx.closeQueries();
    SigningKey key = SigningKey.generate();
    try (Ledger second = Ledger.open(new LedgerConfig("baytrace.test/another", new NoteSigner("m",
        SigningKey.generate()), AuthorPolicy.anyKey()), LedgerStores.openRocksDb(other))) {
      JsonNode event = QueryFixture.JSON.createObjectNode().put("type", "ObjectEvent")
          .put("eventTime", "2026-06-01T00:00:00Z").put("action", "OBSERVE");
      second.append(Records.sign(EpcisRecords.toBody("baytrace.test/another", "o", event, null).toByteArray(), key));
      try (EpcisQueries q = EpcisQueries.open(second, fx.projectionDir)) {
        q.awaitCaughtUp(1, Duration.ofSeconds(30));
        JsonNode list = q.query(Map.of()).document().path("epcisBody").path("queryResults").path("resultsBody")
            .path("eventList");
        assertEquals(1, list.size());
        assertEquals("2026-06-01T00:00:00Z", list.get(0).path("eventTime").asText());
      } catch (InterruptedException | TimeoutException e) {
        throw new AssertionError(e);
      }
    }
    fx.openQueries();
    fx.awaitCaughtUp();
    assertNotEquals(1, fx.queryAll(Map.of()).size(), "and back again for the first ledger");
    assertEquals(fx.appended.size(), fx.queryAll(Map.of()).size());
  }

  @Test
  void awaitCaughtUp_beyondTheLedger_timesOut_andClosedQueriesRefuse() throws Exception {
    long size = fx.ledger.head().size();
    assertThrows(TimeoutException.class, () -> fx.queries.awaitCaughtUp(size + 1, Duration.ofMillis(100)));
    fx.queries.awaitCaughtUp(size, Duration.ofMillis(100));
    EpcisQueries q = fx.queries;
    fx.closeQueries();
    q.close(); // idempotent
    LedgerException e = assertThrows(LedgerException.class, () -> q.query(Map.of()));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
    fx.openQueries();
  }
}
