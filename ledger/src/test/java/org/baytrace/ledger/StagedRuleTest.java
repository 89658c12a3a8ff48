package org.baytrace.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.record.ParsedRecord;
import org.baytrace.ledger.store.LedgerStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The staging base of apply rules, driven by a real ledger on RocksDB. */
class StagedRuleTest {
  @TempDir Path dir;

  private static final SigningKey AUTHOR = SigningKey.fromSeed(new byte[32]);
  private static final NoteSigner NODE = new NoteSigner("node-a", SigningKey.fromSeed(filled(7)));

  /** At most {@code capacity} records may name a subject; the counts are the rule's state. */
  static final class SlotRule extends StagedRule<Overlay<String, Integer>> {
    final int capacity;
    final Map<String, Integer> committed = new HashMap<>();
    final List<Long> committedIndexes = new ArrayList<>();
    int commits;

    SlotRule(int capacity) {
      this.capacity = capacity;
    }

    @Override
    protected Overlay<String, Integer> draft() {
      return Overlay.over(committed::get);
    }

    @Override
    protected boolean judges(ParsedRecord record) {
      return record.subjects().stream().anyMatch(s -> s.startsWith("slot:"));
    }

    @Override
    protected void apply(ParsedRecord record, Overlay<String, Integer> draft) {
      for (String s : record.subjects()) {
        int used = draft.get(s) == null ? 0 : draft.get(s);
        if (used + 1 > capacity) {
          throw new LedgerException(LedgerError.RULE_VIOLATED, "test.slot: " + s + " is full (" + capacity + ")");
        }
        draft.put(s, used + 1);
      }
    }

    @Override
    protected void commit(Overlay<String, Integer> draft, List<AppliedRecord> stored) {
      committed.putAll(draft.changes());
      stored.forEach(a -> committedIndexes.add(a.index()));
      commits++;
    }
  }

  /** Refuses every record that names {@code subject}. */
  static final class RefuseRule extends StagedRule<Overlay<String, Integer>> {
    final String subject;

    RefuseRule(String subject) {
      this.subject = subject;
    }

    @Override
    protected Overlay<String, Integer> draft() {
      return Overlay.over(s -> null);
    }

    @Override
    protected void apply(ParsedRecord record, Overlay<String, Integer> draft) {
      if (record.subjects().contains(subject)) {
        throw new LedgerException(LedgerError.RULE_VIOLATED, "test.refuse: " + subject);
      }
    }

    @Override
    protected void commit(Overlay<String, Integer> draft, List<AppliedRecord> stored) {}
  }

  @Test
  void groupStagedEarlierInABatch_isSeenByTheChecksOfLaterGroups() throws Exception {
    try (Ledger ledger = open()) {
      SlotRule rule = new SlotRule(1);
      ledger.install(rule);
      List<Ledger.GroupOutcome> out = ledger.appendGroups(List.of(
          List.of(record(ledger, "a", "slot:1")), List.of(record(ledger, "b", "slot:1"))), 1_000L);
      assertNull(out.get(0).refusal());
      assertEquals(LedgerError.RULE_VIOLATED, out.get(1).refusal().error(), "the first group's staged use is seen");
      assertEquals(1, ledger.head().size());
    }
  }

  @Test
  void refusedGroup_isDiscarded_andLaterGroupsAreJudgedWithoutIt() throws Exception {
    try (Ledger ledger = open()) {
      SlotRule rule = new SlotRule(2);
      ledger.install(rule);
      List<Ledger.GroupOutcome> out = ledger.appendGroups(List.of(
          // within a group, later records see earlier ones: the third is one too many
          List.of(record(ledger, "a", "slot:1"), record(ledger, "b", "slot:1"), record(ledger, "c", "slot:1")),
          List.of(record(ledger, "d", "slot:1")),
          List.of(record(ledger, "e", "slot:1"))), 1_000L);
      assertEquals(LedgerError.RULE_VIOLATED, out.get(0).refusal().error());
      assertNull(out.get(1).refusal(), "nothing of the refused group was kept");
      assertNull(out.get(2).refusal());
      assertEquals(Map.of("slot:1", 2), rule.committed);
      assertEquals(List.of(0L, 1L), rule.committedIndexes);
    }
  }

  @Test
  void groupRefusedByAnotherRule_isNotStagedByThisOne() throws Exception {
    try (Ledger ledger = open()) {
      SlotRule slots = new SlotRule(1);
      ledger.install(slots);
      ledger.install(new RefuseRule("blocked"));
      List<Ledger.GroupOutcome> out = ledger.appendGroups(List.of(
          List.of(record(ledger, "a", "slot:1", "blocked")),
          List.of(record(ledger, "b", "slot:1"))), 1_000L);
      assertEquals("test.refuse: blocked", out.get(0).refusal().getMessage());
      assertNull(out.get(1).refusal(), "the slot the refused group would have used is still free");
      assertEquals(Map.of("slot:1", 1), slots.committed);
    }
  }

  @Test
  void stagedState_becomesCommittedOnlyWhenTheBatchIsStored() throws Exception {
    try (Ledger ledger = open()) {
      SlotRule rule = new SlotRule(2);
      ledger.install(rule);
      ApplyRule.Batch batch = rule.begin(1_000L);
      List<ParsedRecord> group = List.of(record(ledger, "a", "slot:1"));
      batch.check(group);
      batch.stage(group);
      assertEquals(Map.of(), rule.committed, "staged, not committed");
      // A batch that is never committed (its write failed) leaves the state as it was.
      ApplyRule.Batch next = rule.begin(1_000L);
      next.check(List.of(record(ledger, "b", "slot:1"), record(ledger, "c", "slot:1")));
      assertEquals(Map.of(), rule.committed);

      ledger.appendGroups(List.of(List.of(record(ledger, "d", "slot:1"))), 1_000L);
      assertEquals(Map.of("slot:1", 1), rule.committed);
      assertEquals(1, rule.commits);
    }
  }

  @Test
  void afterARestart_replayRebuildsTheState_andLeavesOutRecordsTheRuleRefuses() throws Exception {
    try (Ledger ledger = open()) {
      // Stored before any rule: three records name slot:1, one names slot:2; one names neither.
      for (String[] r : new String[][] {{"a", "slot:1"}, {"b", "slot:1"}, {"c", "slot:1"}, {"d", "slot:2"}, {"e", "x"}}) {
        ledger.append(List.of(record(ledger, r[0], r[1])));
      }
    }
    try (Ledger ledger = open()) {
      SlotRule rule = new SlotRule(2);
      ledger.install(rule);
      assertEquals(Map.of("slot:1", 2, "slot:2", 1), rule.committed, "the third record over capacity is left out");
      assertEquals(List.of(0L, 1L, 3L), rule.committedIndexes);
      LedgerException full = org.junit.jupiter.api.Assertions.assertThrows(LedgerException.class,
          () -> ledger.append(List.of(record(ledger, "f", "slot:1"))));
      assertEquals(LedgerError.RULE_VIOLATED, full.error());
      ledger.append(List.of(record(ledger, "g", "slot:2")));
      assertEquals(2, rule.committed.get("slot:2"));
    }
    try (Ledger ledger = open()) {
      SlotRule rule = new SlotRule(2);
      ledger.install(rule);
      assertEquals(Map.of("slot:1", 2, "slot:2", 2), rule.committed, "the same state after a second restart");
      assertTrue(rule.committedIndexes.contains(5L), () -> "committed " + rule.committedIndexes + ", size " + ledger.head().size());
    }
  }

  @Test
  void overlay_readsThroughToItsParentAndTheCommittedState_andMergesItsChanges() {
    Map<String, Integer> committed = Map.of("a", 1, "b", 2);
    Overlay<String, Integer> batch = Overlay.over(committed::get);
    batch.put("b", 20);
    Overlay<String, Integer> group = batch.child();
    group.put("c", 300);
    assertEquals(1, group.get("a"));
    assertEquals(20, group.get("b"));
    assertEquals(300, group.get("c"));
    assertNull(batch.get("c"), "a child's change stays in the child until merged");
    group.mergeIntoParent();
    assertEquals(300, batch.get("c"));
    assertEquals(Map.of("b", 20, "c", 300), batch.changes());
    assertEquals(Map.of("a", 1, "b", 2), committed);
  }

  private Ledger open() {
    return Ledger.open(new LedgerConfig(TestRecords.ORIGIN, NODE, AuthorPolicy.anyKey()),
        LedgerStores.openRocksDb(dir.resolve("ledger")));
  }

  private static ParsedRecord record(Ledger ledger, String nonce, String... subjects) {
    return ledger.check(TestRecords.signed(AUTHOR, "org1", List.of(subjects), nonce));
  }

  private static byte[] filled(int b) {
    byte[] s = new byte[32];
    java.util.Arrays.fill(s, (byte) b);
    return s;
  }
}
