package org.baytrace.tracking.node.resolver;

import static org.baytrace.tracking.node.resolver.DurianTrace.LOT_DL;
import static org.baytrace.tracking.node.resolver.DurianTrace.LOT_PATH;
import static org.baytrace.tracking.node.resolver.ResolverFixture.header;
import static org.baytrace.tracking.node.resolver.ResolverFixture.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.baytrace.api.ledger.v1.LogEntry;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.api.ledger.v1.SignedRecord;
import org.baytrace.ledger.crypto.Sha256;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.record.Records;
import org.baytrace.tracking.node.resolver.TraceEvent.Relation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteOptions;

/** The "verified" badge is true only when every event shown checks out against the node's own proofs. */
class VerifiedBadgeTest {
  static final String BROWSER = "text/html,application/xhtml+xml,*/*;q=0.8";

  @TempDir Path dir;

  /** The events the ledger source finds for the lot, with one of them swapped by {@code change}. */
  static TraceSource changing(ResolverFixture f, java.util.function.UnaryOperator<List<TraceEvent>> change) {
    LedgerTraceSource real = new LedgerTraceSource(f.ledger);
    return code -> change.apply(new ArrayList<>(real.eventsFor(code)));
  }

  static int shippingAt(List<TraceEvent> events) {
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).event().path("bizStep").asText().equals("shipping")) {
        return i;
      }
    }
    throw new AssertionError("no shipping event");
  }

  @Test
  void allReceiptsVerify_badgeTrue() {
    try (ResolverFixture f = new ResolverFixture(dir).withDurianTrace().serve()) {
      JsonNode page = f.json(LOT_PATH);
      assertTrue(page.path("verification").path("verified").asBoolean());
      assertEquals(List.of(), texts(page.path("verification").path("failures")));
    }
  }

  @Test
  void eventShownWithAnotherEntrysIndex_badgeFalse_andSaysWhich() {
    try (ResolverFixture f = new ResolverFixture(dir).withDurianTrace()) {
      long[] wrong = new long[1];
      f.serve(l -> new Resolver(l, changing(f, events -> {
        int i = shippingAt(events);
        TraceEvent s = events.get(i);
        wrong[0] = s.ledgerIndex() - 1; // the inspecting event's entry
        events.set(i, new TraceEvent(wrong[0], s.recordTimeUnixMillis(), s.event(), Relation.DIRECT, null));
        events.remove(i - 1);
        return events;
      }), null));
      JsonNode page = f.json(LOT_PATH);
      JsonNode ver = page.path("verification");
      assertFalse(ver.path("verified").asBoolean(), ver.toString());
      assertEquals(1, ver.path("eventsFailed").asInt());
      String failure = ver.path("failures").path(0).asText();
      assertTrue(failure.startsWith("entry " + wrong[0] + ": holds event urn:uuid:6c1c2f2e-0002"), failure);
      JsonNode shipped = stepOf(page, "shipping");
      assertFalse(shipped.path("verified").asBoolean());
      assertTrue(stepOf(page, "commissioning").path("verified").asBoolean());

      String html = f.get(LOT_PATH, "Accept", BROWSER).body();
      assertTrue(html.contains("data-verified=\"false\"") && html.contains("✗ Not verified"), html);
      assertTrue(html.contains("1 of the 7 records this page uses (7 journey records) could not be confirmed against the ledger"), html);
      assertTrue(html.contains("class=\"event unverified\""), html);
      assertFalse(html.contains("✓ Verified"), html);
    }
  }

  @Test
  void eventChangedAfterItWasStored_badgeFalse() {
    try (ResolverFixture f = new ResolverFixture(dir).withDurianTrace()) {
      f.serve(l -> new Resolver(l, changing(f, events -> {
        int i = shippingAt(events);
        TraceEvent s = events.get(i);
        ObjectNode e = s.event();
        ((ObjectNode) e.path("sensorElementList").path(1).path("sensorReport").path(0)).put("value", 4.2);
        events.set(i, new TraceEvent(s.ledgerIndex(), s.recordTimeUnixMillis(), e, Relation.DIRECT, null));
        return events;
      }), null));
      JsonNode ver = f.json(LOT_PATH).path("verification");
      assertFalse(ver.path("verified").asBoolean(), ver.toString());
      assertTrue(ver.path("failures").path(0).asText().contains("holds another version of event urn:uuid:6c1c2f2e-0003"),
          ver.toString());
    }
  }

  @Test
  void eventBeyondTheSignedTree_badgeFalse() {
    try (ResolverFixture f = new ResolverFixture(dir).withDurianTrace()) {
      f.serve(l -> new Resolver(l, changing(f, events -> {
        TraceEvent s = events.get(0);
        events.set(0, new TraceEvent(9999, s.recordTimeUnixMillis(), s.event(), Relation.DIRECT, null));
        return events;
      }), null));
      JsonNode ver = f.json(LOT_PATH).path("verification");
      assertFalse(ver.path("verified").asBoolean());
      assertTrue(ver.path("failures").path(0).asText().startsWith("entry 9999: beyond the signed tree of size"),
          ver.toString());
    }
  }

  /**
   * Someone with the node's disk rewrites a stored event (a cooler reading) and the leaf hash the
   * tree keeps for it, so that the store still reads it back without complaint: the page still
   * answers, but the badge is gone, because the receipts no longer lead to the signed checkpoint.
   */
  @Test
  void entryRewrittenInRocksDb_badgeFalse() throws Exception {
    for (boolean resign : List.of(false, true)) {
      Path d = dir.resolve(resign ? "resigned" : "unsigned");
      try (ResolverFixture f = new ResolverFixture(d).withDurianTrace()) {
        long index = f.indexes.get(2); // the shipping event
        long size = f.ledger.head().size();
        assertTrue(index < size - 1, "not the last entry: its hash is part of the tree head");
        f.stop();
        tamper(d, index, size, f, resign);
        f.reopenUnverified().serve();
        HttpResponse<String> r = f.get(LOT_PATH, "Accept", "application/json");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode page = parse(r);
        assertEquals(4.2, stepOf(page, "shipping").path("temperature").path("minCelsius").asDouble(), r.body());
        JsonNode ver = page.path("verification");
        assertFalse(ver.path("verified").asBoolean(), ver.toString());
        String failures = ver.path("failures").toString();
        assertTrue(failures.contains("entry " + index + ": receipt does not verify: "
            + (resign ? "ROOT_MISMATCH" : "SIGNATURE_INVALID")), failures);
        assertFalse(stepOf(page, "shipping").path("verified").asBoolean());
        String html = f.get(LOT_PATH, "Accept", BROWSER).body();
        assertTrue(html.contains("data-verified=\"false\""), html);
      }
    }
  }

  /**
   * Rewrites entry {@code index}: 14.2 °C becomes 4.2 °C; the tree's leaf hash follows, and the
   * store's verified-size marker is moved to the tree size, so that the next start checks nothing.
   */
  private static void tamper(Path dir, long index, long size, ResolverFixture f, boolean resign) throws Exception {
    RocksDB.loadLibrary();
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    try (org.rocksdb.Options listOptions = new org.rocksdb.Options()) {
      for (byte[] name : RocksDB.listColumnFamilies(listOptions, dir.toString())) {
        descriptors.add(new ColumnFamilyDescriptor(name));
      }
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (DBOptions options = new DBOptions(); RocksDB db = RocksDB.open(options, dir.toString(), descriptors, handles);
        WriteOptions sync = new WriteOptions().setSync(true)) {
      try {
        ColumnFamilyHandle entries = handle(descriptors, handles, "entries");
        ColumnFamilyHandle tree = handle(descriptors, handles, "tree");
        byte[] key = ByteBuffer.allocate(8).putLong(index).array();
        LogEntry entry = LogEntry.parseFrom(db.get(entries, key));
        SignedRecord signed = SignedRecord.parseFrom(entry.getSignedRecord());
        RecordBody body = RecordBody.parseFrom(signed.getBody());
        String content = body.getContent().toStringUtf8();
        assertTrue(content.contains("14.2"), content);
        RecordBody changed = body.toBuilder().setContent(ByteString.copyFromUtf8(content.replace("14.2", "4.2"))).build();
        byte[] newSigned = resign
            ? Records.sign(changed.toByteArray(), f.author)
            : signed.toBuilder().setBody(changed.toByteString()).build().toByteArray();
        byte[] leaf = entry.toBuilder().setSignedRecord(ByteString.copyFrom(newSigned)).build().toByteArray();
        db.put(entries, sync, key, leaf);
        byte[] prefixed = new byte[leaf.length + 1];
        System.arraycopy(leaf, 0, prefixed, 1, leaf.length);
        // The tree row of leaf `index`: last leaf covered ‖ level (store formats 3 and 4).
        db.put(tree, sync, ByteBuffer.allocate(9).putLong(index).put((byte) 0).array(),
            Sha256.hash(prefixed).toByteArray());
        db.put(handle(descriptors, handles, "meta"), sync, "verified-size".getBytes(StandardCharsets.UTF_8),
            ByteBuffer.allocate(8).putLong(size).array());
      } finally {
        handles.forEach(ColumnFamilyHandle::close);
      }
    }
  }

  private static ColumnFamilyHandle handle(List<ColumnFamilyDescriptor> ds, List<ColumnFamilyHandle> hs, String name) {
    for (int i = 0; i < ds.size(); i++) {
      if (new String(ds.get(i).getName(), StandardCharsets.UTF_8).equals(name)) {
        return hs.get(i);
      }
    }
    throw new AssertionError("no column family " + name);
  }

  @Test
  void coldChainProfile_judgesTheReadings() {
    try (ResolverFixture f = new ResolverFixture(dir).withDurianTrace()) {
      List<List<ColdChainProfile.Reading>> seen = new ArrayList<>();
      f.serve(l -> Resolver.overLedger(l).withColdChainProfile((code, readings) -> {
        seen.add(readings);
        if (code.toDigitalLink().equals(LOT_DL)) {
          return Optional.of(new ColdChainProfile.Assessment(false, "Durian (fresh)", 13, 15));
        }
        return Optional.of(new ColdChainProfile.Assessment(true, "Durian (fresh)", 12, 16));
      }));
      JsonNode cold = f.json(LOT_PATH).path("coldChain");
      assertEquals("broken", cold.path("status").asText(), cold.toString());
      assertEquals("Durian (fresh)", cold.path("profile").asText());
      assertEquals(13.0, cold.path("allowedMinCelsius").asDouble());
      assertTrue(cold.path("text").asText().startsWith("Cold chain broken (Durian (fresh): 13.0 to 15.0 °C)."), cold.toString());
      assertEquals(5, seen.get(0).size());
      for (int i = 1; i < seen.get(0).size(); i++) {
        assertFalse(seen.get(0).get(i).time().isBefore(seen.get(0).get(i - 1).time()), "readings oldest first");
      }
      JsonNode held = f.json(DurianTrace.ITEM_PATH + "?lang=zh").path("coldChain");
      assertEquals("held", held.path("status").asText());
      assertTrue(held.path("text").asText().startsWith("冷链合格"), held.toString());
      String html = f.get(LOT_PATH, "Accept", BROWSER).body();
      assertTrue(html.contains("id=\"cold-chain\" class=\"card cold broken\""), html);
    }
  }

  @Test
  void noSensorData_noColdChainSection() {
    try (ResolverFixture f = new ResolverFixture(dir).withDurianTrace().serve()) {
      JsonNode page = f.json(DurianTrace.SSCC_PATH);
      assertTrue(page.path("coldChain").isNull(), page.toString());
      assertFalse(f.get(DurianTrace.SSCC_PATH, "Accept", BROWSER).body().contains("id=\"cold-chain\""));
    }
  }

  @Test
  void sourceFailure_isAFriendly5xx_withAReferenceOnly() {
    try (ResolverFixture f = new ResolverFixture(dir).withDurianTrace()) {
      f.serve(l -> new Resolver(l, code -> {
        throw new LedgerException(LedgerError.STORE_IO, "disk /secret/path is gone");
      }, null));
      HttpResponse<String> html = f.get(LOT_PATH, "Accept", BROWSER);
      assertEquals(503, html.statusCode());
      assertTrue(html.body().contains("Something went wrong") && html.body().contains("Reference: "), html.body());
      assertFalse(html.body().contains("/secret/path"), html.body());
      HttpResponse<String> json = f.get(LOT_PATH, "Accept", "application/json");
      assertEquals(503, json.statusCode());
      assertEquals("application/problem+json", header(json, "Content-Type"));
      assertFalse(json.body().contains("/secret/path"), json.body());
    }
  }

  static JsonNode stepOf(JsonNode page, String bizStep) {
    for (JsonNode s : page.path("journey")) {
      if (s.path("bizStep").asText().equals(bizStep)) {
        return s;
      }
    }
    throw new AssertionError("no " + bizStep + " step in " + page);
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
