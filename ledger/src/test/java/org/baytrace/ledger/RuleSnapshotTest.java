package org.baytrace.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.crypto.Sha256;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.record.ParsedRecord;
import org.baytrace.ledger.store.LedgerStores;
import org.baytrace.ledger.verify.Failure;
import org.baytrace.ledger.verify.VerificationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apply rules' snapshots: a start loads the newest sound snapshot of the store's history and
 * replays only what came after it, reaching the state a replay of every entry reaches; a
 * missing, damaged or foreign snapshot is reported and the rule replays everything.
 */
class RuleSnapshotTest {
  @TempDir Path dir;

  private final SigningKey author = SigningKey.generate();
  private final SigningKey node = SigningKey.generate();

  /** Counts records per "lot-" subject; rebuilt from the records it took. */
  static class LotCounts implements ApplyRule {
    final Map<String, Integer> counts = new TreeMap<>();
    int replayed;

    static boolean isLot(ParsedRecord r) {
      return r.subjects().stream().anyMatch(s -> s.startsWith("lot-"));
    }

    void take(AppliedRecord a) {
      a.record().subjects().stream().filter(s -> s.startsWith("lot-")).forEach(s -> counts.merge(s, 1, Integer::sum));
    }

    @Override
    public void replay(AppliedRecord applied) {
      replayed++;
      take(applied);
    }

    @Override
    public Optional<Snapshots> snapshots() {
      return Optional.of(Snapshots.ofTakenRecords("test.lots", 1, LotCounts::isLot));
    }

    @Override
    public Batch begin(long recordTimeUnixMillis) {
      return new Batch() {
        @Override
        public void check(List<ParsedRecord> group) {}

        @Override
        public void stage(List<ParsedRecord> group) {}

        @Override
        public void commit(List<AppliedRecord> stored) {
          stored.forEach(LotCounts.this::take);
        }
      };
    }
  }

  /** The same counts, snapshotted as its own encoding ("subject=count" lines in order). */
  static final class EncodedLotCounts extends LotCounts {
    @Override
    public Optional<Snapshots> snapshots() {
      return Optional.of(new Snapshots() {
        @Override
        public String name() {
          return "test.encoded-lots";
        }

        @Override
        public int version() {
          return 1;
        }

        @Override
        public boolean takes(ParsedRecord record) {
          return false;
        }

        @Override
        public Optional<byte[]> encodeState() {
          StringBuilder b = new StringBuilder();
          counts.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
          return Optional.of(b.toString().getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void decodeState(byte[] state) {
          for (String line : new String(state, StandardCharsets.UTF_8).split("\n")) {
            String[] kv = line.split("=");
            counts.put(kv[0], Integer.parseInt(kv[1]));
          }
        }
      });
    }
  }

  private Ledger open() {
    return Ledger.open(new LedgerConfig(TestRecords.ORIGIN, new NoteSigner("n", node), AuthorPolicy.anyKey()),
        LedgerStores.openRocksDb(dir));
  }

  private void append(Ledger ledger, int from, int to) {
    for (int i = from; i < to; i++) {
      // One record in three is about a lot; the others are what the rule ignores.
      String subject = i % 3 == 0 ? "lot-" + (i % 7) : "other-" + i;
      ledger.append(TestRecords.signed(author, "org1", List.of(subject), "n" + i));
    }
  }

  /** The counts a replay of every stored entry gives: the reference. */
  private static Map<String, Integer> replayedFromTheStart(Ledger ledger) {
    LotCounts reference = new LotCounts();
    for (long i = 0; i < ledger.head().size(); i++) {
      reference.replay(Ledger.applied(ledger.entry(i)));
    }
    return reference.counts;
  }

  @Test
  void aStoreWithoutSnapshots_replaysOnce_writesThem_andTheNextStartReplaysOnlyTheTail() {
    try (Ledger ledger = open()) {
      append(ledger, 0, 60);
    }
    try (Ledger ledger = open()) {
      LotCounts rule = new LotCounts();
      Ledger.InstallReport first = ledger.install(rule);
      assertEquals(60, first.entriesReplayed());
      assertTrue(first.lines().get(0).contains("test.lots: no snapshot stored: replaying every entry"), first::toString);
      ledger.snapshotEvery(0, false); // the next start finds the snapshot of size 60 and a tail of 15
      append(ledger, 60, 75);
      assertEquals(replayedFromTheStart(ledger), rule.counts);
    }
    try (Ledger ledger = open()) {
      LotCounts rule = new LotCounts();
      Ledger.InstallReport second = ledger.install(rule);
      assertTrue(second.lines().get(0).contains("snapshot of tree size 60 loaded (20 records it lists replayed), 15 entries"
          + " after it"), second::toString);
      assertEquals(20 + 15, second.entriesReplayed());
      assertEquals(35, rule.replayed, "the records the snapshot lists and the tail, not the 75 entries");
      assertEquals(replayedFromTheStart(ledger), rule.counts);
    }
  }

  @Test
  void aRuleWithItsOwnEncoding_startsFromItsState_andEqualsAFullReplay() {
    try (Ledger ledger = open()) {
      ledger.install(new EncodedLotCounts());
      ledger.snapshotEvery(25, false);
      append(ledger, 0, 60); // snapshots written at 25 and 50
    }
    try (Ledger ledger = open()) {
      EncodedLotCounts rule = new EncodedLotCounts();
      Ledger.InstallReport report = ledger.install(rule);
      assertTrue(report.lines().get(0).contains("snapshot of tree size 50 loaded (0 records it lists replayed), 10"),
          report::toString);
      assertEquals(10, rule.replayed);
      assertEquals(replayedFromTheStart(ledger), rule.counts);
    }
  }

  @Test
  void theLedgerClosing_writesTheSnapshot_soTheNextStartReplaysNothing() {
    try (Ledger ledger = open()) {
      ledger.install(new LotCounts());
      append(ledger, 0, 40);
    }
    try (Ledger ledger = open()) {
      LotCounts rule = new LotCounts();
      Ledger.InstallReport report = ledger.install(rule);
      assertTrue(report.lines().get(0).contains("snapshot of tree size 40 loaded"), report::toString);
      assertEquals(replayedFromTheStart(ledger), rule.counts);
    }
  }

  @Test
  void aDamagedSnapshot_isReported_andTheRuleReplaysEveryEntry() {
    try (Ledger ledger = open()) {
      ledger.install(new LotCounts());
      append(ledger, 0, 30);
    }
    try (LedgerStore store = LedgerStores.openRocksDb(dir)) {
      byte[] stored = store.ruleSnapshot("test.lots").orElseThrow();
      stored[stored.length - 5] ^= 0x10; // a flipped bit in the message
      store.putRuleSnapshots(Map.of("test.lots", stored));
      List<Ledger.SnapshotCheck> checks = Ledger.checkRuleSnapshots(store);
      assertEquals(1, checks.size());
      assertTrue(!checks.get(0).usable() && checks.get(0).detail().startsWith("damaged: snapshot bytes hash to"),
          checks.get(0)::toString);
    }
    try (Ledger ledger = open()) {
      LotCounts rule = new LotCounts();
      Ledger.InstallReport report = ledger.install(rule);
      assertTrue(report.lines().get(0).contains("test.lots: snapshot not used (damaged: snapshot bytes hash to"),
          report::toString);
      assertTrue(report.lines().get(0).endsWith("replaying every entry"), report::toString);
      assertEquals(30, rule.replayed);
      assertEquals(replayedFromTheStart(ledger), rule.counts);
    }
    try (LedgerStore store = LedgerStores.openRocksDb(dir)) {
      assertTrue(Ledger.checkRuleSnapshots(store).get(0).usable(), "the start wrote a sound one again");
    }
  }

  @Test
  void aSnapshotOfAnotherHistory_orBeyondTheStore_isNotUsed() {
    try (Ledger ledger = open()) {
      append(ledger, 0, 30);
    }
    Hash32 otherRoot = Sha256.hash("another ledger".getBytes(StandardCharsets.UTF_8));
    try (LedgerStore store = LedgerStores.openRocksDb(dir)) {
      // Claims that no lot was seen up to size 20, under a root this store does not have there.
      store.putRuleSnapshots(Map.of("test.lots", new RuleSnapshot("test.lots", 1, 20, otherRoot, new byte[0],
          new long[0]).encode()));
    }
    try (Ledger ledger = open()) {
      LotCounts rule = new LotCounts();
      Ledger.InstallReport report = ledger.install(rule);
      assertTrue(report.lines().get(0).contains("its root at size 20 is " + otherRoot.hex()), report::toString);
      assertTrue(report.lines().get(0).contains("another history"), report::toString);
      assertEquals(replayedFromTheStart(ledger), rule.counts);
    }
    try (LedgerStore store = LedgerStores.openRocksDb(dir)) {
      store.putRuleSnapshots(Map.of("test.lots", new RuleSnapshot("test.lots", 1, 31, store.head().root(), new byte[0],
          new long[0]).encode()));
    }
    try (Ledger ledger = open()) {
      LotCounts rule = new LotCounts();
      Ledger.InstallReport report = ledger.install(rule);
      assertTrue(report.lines().get(0).contains("it is of tree size 31, beyond the store's 30"), report::toString);
      assertEquals(replayedFromTheStart(ledger), rule.counts);
    }
  }

  @Test
  void aSnapshotOfAnotherStateVersion_isNotUsed() {
    try (Ledger ledger = open()) {
      append(ledger, 0, 12);
    }
    try (LedgerStore store = LedgerStores.openRocksDb(dir)) {
      store.putRuleSnapshots(Map.of("test.lots", new RuleSnapshot("test.lots", 2, 12, store.head().root(), new byte[0],
          new long[0]).encode()));
    }
    try (Ledger ledger = open()) {
      LotCounts rule = new LotCounts();
      Ledger.InstallReport report = ledger.install(rule);
      assertTrue(report.lines().get(0).contains("state version: got 2, want 1"), report::toString);
      assertEquals(replayedFromTheStart(ledger), rule.counts);
    }
  }

  @Property(tries = 200)
  void encoding_roundTrips_andIsDeterministic(@ForAll("snapshots") RuleSnapshot s) throws VerificationException {
    byte[] bytes = s.encode();
    assertArrayEquals(bytes, s.encode());
    assertEquals(s, RuleSnapshot.decode(bytes));
  }

  @Property(tries = 200)
  void anyFlippedBit_isRefused(@ForAll("snapshots") RuleSnapshot s, @ForAll @IntRange(min = 0, max = 1 << 20) int at,
      @ForAll @IntRange(min = 0, max = 7) int bit) {
    byte[] bytes = s.encode();
    bytes[at % bytes.length] ^= (byte) (1 << bit);
    VerificationException e = assertThrows(VerificationException.class, () -> RuleSnapshot.decode(bytes));
    assertEquals(Failure.ROOT_MISMATCH, e.failure(), e::detail);
  }

  @Provide
  Arbitrary<RuleSnapshot> snapshots() {
    Arbitrary<String> names = Arbitraries.strings().ofMinLength(1).ofMaxLength(30);
    Arbitrary<byte[]> states = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
    Arbitrary<List<Long>> gaps = Arbitraries.longs().between(1, 1_000).list().ofMaxSize(50);
    return net.jqwik.api.Combinators.combine(names, Arbitraries.integers().between(0, 9), states, gaps,
        Arbitraries.longs().between(0, 1_000_000)).as((name, version, state, steps, extra) -> {
          List<Long> taken = new ArrayList<>();
          long at = -1;
          for (long step : steps) {
            at += step;
            taken.add(at);
          }
          long size = at + 1 + extra;
          Hash32 root = Sha256.hash(name.getBytes(StandardCharsets.UTF_8));
          return new RuleSnapshot(name, version, size, root, state, taken.stream().mapToLong(Long::longValue).toArray());
        });
  }
}
