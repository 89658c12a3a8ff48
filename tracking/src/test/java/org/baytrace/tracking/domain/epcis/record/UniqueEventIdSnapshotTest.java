package org.baytrace.tracking.domain.epcis.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.ledger.AuthorPolicy;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.LedgerConfig;
import org.baytrace.ledger.TestRecords;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.record.Records;
import org.baytrace.ledger.store.LedgerStores;
import org.baytrace.tracking.domain.testing.SnapshotReplay;
import org.baytrace.tracking.domain.testing.SnapshotReplay.Rebuilt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event-id rule's snapshot carries its own encoding: ids and the index holding each, in id
 * order. Loaded and followed by the tail, it answers as a full replay does, and judges the next
 * record alike; its bytes decode to what was encoded and damaged bytes are refused.
 */
class UniqueEventIdSnapshotTest {
  @TempDir Path dir;
  final SigningKey key = SigningKey.generate();

  private byte[] event(String eventId, int n) {
    String json = "{\"type\":\"ObjectEvent\"" + (eventId == null ? "" : ",\"eventID\":\"" + eventId + "\"")
        + ",\"n\":" + n + "}";
    RecordBody body = RecordBody.newBuilder().setOrigin(TestRecords.ORIGIN).setKind("epcis.ObjectEvent")
        .addSubjects("https://id.gs1.org/01/09506000134352/10/LOT-" + n).setEventTimeUnixMillis(1_795_000_000_000L + n)
        .setAuthorOrg("org1").setNonce(ByteString.copyFromUtf8("e" + n)).setContentType(EpcisRecords.CONTENT_TYPE)
        .setContent(ByteString.copyFrom(json, StandardCharsets.UTF_8)).build();
    return Records.sign(body.toByteArray(), key);
  }

  @Test
  void heldIds_fromTheSnapshotAndTheTail_equalAFullReplay_andRefuseTheSameRepeat() {
    try (Ledger ledger = Ledger.open(new LedgerConfig(TestRecords.ORIGIN, new NoteSigner("n", SigningKey.generate()),
        AuthorPolicy.anyKey()), LedgerStores.openRocksDb(dir))) {
      ledger.install(new UniqueEventIdRule());
      ledger.snapshotEvery(0, false);
      for (int i = 0; i < 20; i++) {
        ledger.append(event(i % 4 == 3 ? null : "urn:uuid:ev-" + i, i)); // some events carry no id
      }
      ledger.writeRuleSnapshots();
      for (int i = 20; i < 30; i++) {
        ledger.append(event("urn:uuid:ev-" + i, i));
      }
    }
    Rebuilt<UniqueEventIdRule> r = SnapshotReplay.rebuild(dir, TestRecords.ORIGIN, UniqueEventIdRule::new);
    assertTrue(r.report().lines().get(0).contains("snapshot of tree size 20 loaded (0 records it lists replayed), 10"),
        r.report()::toString);
    assertEquals(10, r.report().entriesReplayed(), "the tail only");
    for (int i = 0; i < 32; i++) {
      String id = "urn:uuid:ev-" + i;
      assertEquals(r.replayedFromTheStart().heldAt(id), r.fromSnapshot().heldAt(id), id);
    }
    assertEquals(5, r.fromSnapshot().heldAt("urn:uuid:ev-5"));
    assertEquals(-1, r.fromSnapshot().heldAt("urn:uuid:ev-3"));
    assertArrayEquals(r.replayedFromTheStart().snapshots().orElseThrow().encodeState().orElseThrow(),
        r.fromSnapshot().snapshots().orElseThrow().encodeState().orElseThrow(), "the same state, byte for byte");
  }

  @Property(tries = 200)
  void encoding_decodesToWhatWasEncoded_whateverTheOrderOfInsertion(
      @ForAll @Size(max = 40) Map<@StringLength(min = 1, max = 60) String, @LongRange(min = 0, max = Long.MAX_VALUE) Long> ids) {
    byte[] bytes = UniqueEventIdRule.encode(ids);
    assertEquals(ids, UniqueEventIdRule.decode(bytes));
    assertArrayEquals(bytes, UniqueEventIdRule.encode(new java.util.TreeMap<>(ids)), "one byte string per state");
  }

  @Property(tries = 200)
  void truncatedOrExtendedBytes_areRefused(@ForAll @Size(min = 1, max = 20) Map<@StringLength(min = 1, max = 30) String,
      @LongRange(min = 0, max = 1_000_000) Long> ids, @ForAll @IntRange(min = 1, max = 8) int cut) {
    byte[] bytes = UniqueEventIdRule.encode(ids);
    assertThrows(IllegalArgumentException.class, () -> UniqueEventIdRule.decode(Arrays.copyOf(bytes, bytes.length - cut)));
    assertThrows(IllegalArgumentException.class, () -> UniqueEventIdRule.decode(Arrays.copyOf(bytes, bytes.length + cut)));
  }

  @Test
  void aRepeatedId_isRefused() {
    byte[] one = UniqueEventIdRule.encode(Map.of("a", 1L));
    byte[] twice = new byte[4 + 2 * (one.length - 4)];
    twice[3] = 2;
    System.arraycopy(one, 4, twice, 4, one.length - 4);
    System.arraycopy(one, 4, twice, one.length, one.length - 4);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UniqueEventIdRule.decode(twice));
    assertTrue(e.getMessage().contains("repeated"), e::getMessage);
  }
}
