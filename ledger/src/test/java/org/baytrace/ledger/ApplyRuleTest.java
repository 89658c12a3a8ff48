package org.baytrace.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.record.ParsedRecord;
import org.baytrace.ledger.record.RecordLimits;
import org.baytrace.ledger.record.Records;
import org.baytrace.ledger.sequencer.Sequencer;
import org.baytrace.ledger.store.LedgerStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Apply rules: judged in log order against committed and staged state, replayed on install. */
class ApplyRuleTest {
  @TempDir Path dir;

  private final SigningKey author = SigningKey.generate();

  /** At most {@code capacity} records may name a subject: a stand-in for a barge's slot count. */
  static final class CapacityRule implements ApplyRule {
    final int capacity;
    final Map<String, Integer> used = new HashMap<>();
    final List<Long> committedIndexes = new ArrayList<>();
    int replayed;

    CapacityRule(int capacity) {
      this.capacity = capacity;
    }

    @Override
    public void replay(AppliedRecord applied) {
      replayed++;
      applied.record().subjects().forEach(s -> used.merge(s, 1, Integer::sum));
    }

    @Override
    public Batch begin(long recordTimeUnixMillis) {
      Map<String, Integer> staged = new HashMap<>();
      return new Batch() {
        @Override
        public void check(List<ParsedRecord> group) {
          Map<String, Integer> wanted = new HashMap<>();
          group.forEach(r -> r.subjects().forEach(s -> wanted.merge(s, 1, Integer::sum)));
          wanted.forEach((s, n) -> {
            int now = used.getOrDefault(s, 0) + staged.getOrDefault(s, 0);
            if (now + n > capacity) {
              throw new LedgerException(LedgerError.RULE_VIOLATED,
                  "test.capacity: " + s + " has " + (capacity - now) + " places left, the group wants " + n);
            }
          });
        }

        @Override
        public void stage(List<ParsedRecord> group) {
          group.forEach(r -> r.subjects().forEach(s -> staged.merge(s, 1, Integer::sum)));
        }

        @Override
        public void commit(List<AppliedRecord> stored) {
          staged.forEach((s, n) -> used.merge(s, n, Integer::sum));
          stored.forEach(a -> committedIndexes.add(a.index()));
        }
      };
    }
  }

  private Ledger open() {
    return Ledger.open(new LedgerConfig(TestRecords.ORIGIN, new NoteSigner("n", SigningKey.generate()),
        AuthorPolicy.anyKey()), LedgerStores.openRocksDb(dir));
  }

  private ParsedRecord record(String subject, String nonce) {
    return Records.parse(TestRecords.signed(author, "org1", List.of(subject), nonce), RecordLimits.DEFAULT);
  }

  @Test
  void groupsInOneBatch_seeEachOthersStagedRecords_andTheOneOverCapacityIsRefused() {
    try (Ledger ledger = open()) {
      CapacityRule rule = new CapacityRule(2);
      ledger.install(rule);
      List<Ledger.GroupOutcome> out = ledger.appendGroups(List.of(
          List.of(record("urn:slot", "a")), List.of(record("urn:slot", "b")), List.of(record("urn:slot", "c"))), 1000);
      assertNull(out.get(0).refusal());
      assertNull(out.get(1).refusal());
      assertEquals(LedgerError.RULE_VIOLATED, out.get(2).refusal().error());
      assertTrue(out.get(2).refusal().getMessage().contains("has 0 places left"), out.get(2).refusal().getMessage());
      assertEquals(2, ledger.head().size(), "the refused record is not stored");
      assertEquals(List.of(0L, 1L), rule.committedIndexes);
    }
  }

  @Test
  void refusedGroup_storesNoneOfItsRecords_evenThoseWithinCapacity() {
    try (Ledger ledger = open()) {
      ledger.install(new CapacityRule(2));
      List<Ledger.GroupOutcome> out = ledger.appendGroups(List.of(
          List.of(record("urn:slot", "a"), record("urn:slot", "b"), record("urn:slot", "c")),
          List.of(record("urn:other", "d"))), 1000);
      assertEquals(LedgerError.RULE_VIOLATED, out.get(0).refusal().error());
      assertTrue(out.get(0).appended().isEmpty());
      assertNull(out.get(1).refusal());
      assertEquals(1, ledger.head().size());
      assertEquals(0, ledger.subjectHistory("urn:slot", 0, 10).size());
    }
  }

  @Test
  void duplicate_isNotJudgedAgain_andReturnsItsFirstIndex() {
    try (Ledger ledger = open()) {
      ledger.install(new CapacityRule(1));
      ParsedRecord r = record("urn:slot", "a");
      assertNull(ledger.appendGroups(List.of(List.of(r)), 1000).get(0).refusal());
      Ledger.GroupOutcome again = ledger.appendGroups(List.of(List.of(r)), 2000).get(0);
      assertNull(again.refusal(), "a re-submitted record is not a second booking");
      assertEquals(0, again.appended().get(0).index());
      assertTrue(again.appended().get(0).duplicate());
    }
  }

  @Test
  void install_replaysTheStoredLog_soVerdictsSurviveARestart() {
    try (Ledger ledger = open()) {
      ledger.install(new CapacityRule(2));
      ledger.appendGroups(List.of(List.of(record("urn:slot", "a")), List.of(record("urn:slot", "b"))), 1000);
    }
    try (Ledger ledger = open()) {
      CapacityRule rule = new CapacityRule(2);
      ledger.install(rule);
      assertEquals(2, rule.replayed);
      Ledger.GroupOutcome out = ledger.appendGroups(List.of(List.of(record("urn:slot", "c"))), 3000).get(0);
      assertEquals(LedgerError.RULE_VIOLATED, out.refusal().error());
      assertEquals(2, ledger.head().size());
    }
  }

  @Test
  void appliedRecord_carriesTheRecordTimeTheBatchWasAppliedWith() {
    try (Ledger ledger = open()) {
      ledger.appendGroups(List.of(List.of(record("urn:slot", "a"))), 1_700_000_000_123L);
      AppliedRecord applied = Ledger.applied(ledger.entry(0));
      assertEquals(1_700_000_000_123L, applied.recordTimeUnixMillis());
      assertEquals("urn:slot", applied.record().subjects().get(0));
      assertEquals(ledger.entry(0).leafHash(), applied.leafHash());
    }
  }

  @Test
  void sequencer_reportsARuleRefusal_onTheRefusedRecordOnly() throws Exception {
    try (Ledger ledger = open()) {
      ledger.install(new CapacityRule(1));
      try (Sequencer seq = new Sequencer(ledger, 2, 10, Duration.ofMillis(5), 100)) {
        CompletableFuture<Appended> first = seq.submit(TestRecords.signed(author, "org1", List.of("urn:slot"), "a"));
        CompletableFuture<Appended> second = seq.submit(TestRecords.signed(author, "org1", List.of("urn:slot"), "b"));
        CompletableFuture<List<Appended>> group = seq.submitAll(List.of(
            TestRecords.signed(author, "org1", List.of("urn:g"), "c"),
            TestRecords.signed(author, "org1", List.of("urn:slot"), "d")));
        assertEquals(0, first.get(10, TimeUnit.SECONDS).index());
        ExecutionException e = assertThrows(ExecutionException.class, () -> second.get(10, TimeUnit.SECONDS));
        assertEquals(LedgerError.RULE_VIOLATED, assertInstanceOf(LedgerException.class, e.getCause()).error());
        ExecutionException g = assertThrows(ExecutionException.class, () -> group.get(10, TimeUnit.SECONDS));
        assertTrue(g.getCause().getMessage().endsWith("nothing in the group was stored"), g.getCause().getMessage());
        assertEquals(1, ledger.head().size());
        assertFalse(first.get().duplicate());
      }
    }
  }
}
