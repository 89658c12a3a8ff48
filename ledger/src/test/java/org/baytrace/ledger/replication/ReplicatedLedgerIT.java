package org.baytrace.ledger.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.baytrace.ledger.Appended;
import org.baytrace.ledger.AppliedRecord;
import org.baytrace.ledger.ApplyRule;
import org.baytrace.ledger.AuthorPolicy;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.LedgerConfig;
import org.baytrace.ledger.LedgerStore;
import org.baytrace.ledger.TestRecords;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.record.ParsedRecord;
import org.baytrace.ledger.sequencer.Sequencer;
import org.baytrace.ledger.store.LedgerStores;
import org.baytrace.ledger.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three members of one ledger's Raft group in this JVM, on loopback, each with its own RocksDB. */
class ReplicatedLedgerIT {
  @TempDir Path dir;

  private final SigningKey author = SigningKey.generate();
  private final ExecutorService verifiers = Executors.newFixedThreadPool(2);
  private final List<Node> nodes = new ArrayList<>();
  private List<ReplicatedLedger.Member> members;
  private long snapshotEvery = 1024;
  private java.util.function.Supplier<ApplyRule> rule; // installed on every member, if set

  /** One member: its ledger, its Raft membership and a sequencer proposing through it. */
  final class Node implements AutoCloseable {
    final String id;
    final Ledger ledger;
    final ReplicatedLedger replicated;
    final Sequencer sequencer;

    Node(String id) throws IOException {
      this.id = id;
      ledger = Ledger.open(new LedgerConfig(TestRecords.ORIGIN, new NoteSigner(id, SigningKey.generate()),
          AuthorPolicy.registeredKeys(Map.of(author.publicKey(), "org1"))),
          LedgerStores.openRocksDb(dir.resolve(id).resolve("ledger")));
      if (rule != null) {
        ledger.install(rule.get());
      }
      replicated = ReplicatedLedger.start(ledger, new ReplicatedLedger.Settings(dir.resolve(id).resolve("raft"), id, members,
          Duration.ofMillis(500), Duration.ofSeconds(10), snapshotEvery, snapshotEvery < 1024 ? 64 << 10 : 8 << 20), verifiers);
      sequencer = new Sequencer(replicated.checker(), replicated.sink(), 2, 100, Duration.ofMillis(2), 10_000, 8);
    }

    @Override
    public void close() {
      sequencer.close();
      replicated.close();
      ledger.close();
    }
  }

  private void startCluster(int n) throws IOException {
    members = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      members.add(new ReplicatedLedger.Member("n" + i, "127.0.0.1:" + freePort()));
    }
    for (int i = 1; i <= n; i++) {
      nodes.add(new Node("n" + i));
    }
  }

  @AfterEach
  void stop() {
    nodes.forEach(Node::close);
    verifiers.shutdownNow();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private List<Appended> appendThrough(Node node, String subject, int count, String noncePrefix) throws Exception {
    List<CompletableFuture<Appended>> futures = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      futures.add(node.sequencer.submit(TestRecords.signed(author, "org1", List.of(subject), noncePrefix + i)));
    }
    List<Appended> out = new ArrayList<>();
    for (CompletableFuture<Appended> f : futures) {
      out.add(f.get(60, TimeUnit.SECONDS));
    }
    return out;
  }

  /** Waits until every node applied {@code size} entries, then checks all roots agree. */
  private void awaitSameTree(long size) {
    Await.until("every node applied " + size + " entries", Duration.ofSeconds(30),
        () -> nodes.stream().allMatch(n -> n.ledger.head().size() >= size));
    for (Node n : nodes) {
      assertEquals(size, n.ledger.head().size(), n.id + " size");
      assertEquals(nodes.get(0).ledger.head().root(), n.ledger.head().root(), n.id + " root");
    }
  }

  @Test
  void appendsThroughAnyMember_landInOneOrder_onEveryMember() throws Exception {
    startCluster(3);
    List<Appended> viaFirst = appendThrough(nodes.get(0), "urn:test:a", 300, "a");
    List<Appended> viaSecond = appendThrough(nodes.get(1), "urn:test:b", 300, "b");
    List<Appended> viaThird = appendThrough(nodes.get(2), "urn:test:a", 300, "c");
    awaitSameTree(900);
    for (List<Appended> list : List.of(viaFirst, viaSecond, viaThird)) {
      for (Appended a : list) {
        for (Node n : nodes) {
          assertEquals(a.leafHash(), n.ledger.entry(a.index()).leafHash(), "entry " + a.index() + " on " + n.id);
        }
      }
    }
    // Each node signed its own checkpoint over the same root.
    for (Node n : nodes) {
      String note = n.ledger.latestCheckpoint();
      assertTrue(note.contains("— " + n.id + " "), note);
      assertTrue(note.startsWith(TestRecords.ORIGIN + "\n900\n"), note);
    }
  }

  @Test
  void refusedRecord_isRefusedOnTheProposer_andNothingReachesTheLog() throws Exception {
    startCluster(3);
    appendThrough(nodes.get(0), "urn:test:a", 10, "a");
    CompletableFuture<Appended> bad = nodes.get(1).sequencer.submit(
        TestRecords.signed(SigningKey.generate(), "org1", List.of("urn:test:a"), "x"));
    ExecutionException e = assertThrows(ExecutionException.class, () -> bad.get(30, TimeUnit.SECONDS));
    assertEquals(LedgerError.UNKNOWN_KEY, assertInstanceOf(LedgerException.class, e.getCause()).error());
    appendThrough(nodes.get(2), "urn:test:a", 10, "b");
    awaitSameTree(20);
  }

  @Test
  void duplicate_proposedThroughAnotherMember_returnsTheFirstIndex() throws Exception {
    startCluster(3);
    byte[] record = TestRecords.signed(author, "org1", List.of("urn:test:d"), "once");
    Appended first = nodes.get(0).sequencer.submit(record).get(30, TimeUnit.SECONDS);
    Appended again = nodes.get(2).sequencer.submit(record).get(30, TimeUnit.SECONDS);
    assertFalse(first.duplicate());
    assertTrue(again.duplicate());
    assertEquals(first.index(), again.index());
    awaitSameTree(1);
  }

  @Test
  void restartedMember_resumesAfterItsLastAppliedEntry_withoutApplyingTwice() throws Exception {
    startCluster(3);
    appendThrough(nodes.get(0), "urn:test:a", 200, "a");
    awaitSameTree(200);
    Node third = nodes.remove(2);
    long appliedBefore = third.replicated.appliedIndex();
    third.close();
    appendThrough(nodes.get(0), "urn:test:a", 200, "b");
    nodes.add(new Node("n3"));
    awaitSameTree(400);
    assertTrue(nodes.get(2).replicated.appliedIndex() > appliedBefore);
    assertEquals(400, nodes.get(2).ledger.subjectHistory("urn:test:a", 0, 1000).size());
  }

  /**
   * Applied batches are written without a sync of their own; after a power loss a member's
   * ledger may lack its last applied entries while its Raft log (synced before commit) has them.
   * Simulated by putting back an older copy of the member's ledger: the member must replay the
   * entries from its Raft log and end with the same tree as the others.
   */
  @Test
  void memberWhoseLedgerLostItsLatestEntries_replaysThemFromItsRaftLog() throws Exception {
    startCluster(3);
    appendThrough(nodes.get(0), "urn:test:a", 150, "a");
    awaitSameTree(150);
    Node third = nodes.remove(2);
    third.close();
    Path ledgerDir = dir.resolve("n3").resolve("ledger");
    Path older = dir.resolve("n3-ledger-at-150");
    copyTree(ledgerDir, older);
    try (LedgerStore copy = LedgerStores.openRocksDb(older)) {
      assertEquals(150, copy.head().size());
    }
    nodes.add(new Node("n3"));
    appendThrough(nodes.get(1), "urn:test:a", 150, "b");
    awaitSameTree(300);
    third = nodes.remove(2);
    third.close();
    deleteTree(ledgerDir);
    copyTree(older, ledgerDir); // the last 150 applied entries are gone from this ledger
    nodes.add(new Node("n3"));
    awaitSameTree(300);
    assertEquals(300, nodes.get(2).ledger.subjectHistory("urn:test:a", 0, 1000).size());
    assertEquals(0, nodes.get(2).replicated.stateTransfers(), "replayed from its own log, not copied from the leader");
  }

  /**
   * A re-seeded member (ledger and Raft log set aside, term and vote kept, as {@code baytrace
   * reseed} does) comes back under its old id. The leader had recorded entries as replicated to it
   * and Ratis never sends a follower anything below that; the leader notices the lost log and
   * steps down, and the next leader sends the member the whole log.
   */
  @Test
  void reseededMember_getsTheWholeLogAgain_andTakesPartAfterwards() throws Exception {
    startCluster(3);
    appendThrough(nodes.get(0), "urn:test:a", 120, "a");
    awaitSameTree(120);
    Node reseeded = emptyAndRestart(nodes.get(2));
    awaitSameTree(120);
    assertEquals(0, reseeded.replicated.stateTransfers(), "the log was not purged: replayed from the leader's log");
    appendThrough(reseeded, "urn:test:c", 10, "c");
    awaitSameTree(130);
  }

  /** The same when the leader purged its log: the member copies the ledger by state transfer. */
  @Test
  void reseededMember_behindAPurgedLog_copiesTheLedgerByStateTransfer() throws Exception {
    snapshotEvery = 8;
    startCluster(3);
    for (int round = 0; round < 40; round++) { // at least 40 Raft entries: the log is purged past its start
      appendThrough(nodes.get(round % 2), "urn:test:b", 25, "r" + round + "-");
    }
    awaitSameTree(1000);
    Node reseeded = emptyAndRestart(nodes.get(2));
    awaitSameTree(1000);
    Await.until("the re-seeded member copied the ledger", Duration.ofSeconds(10),
        () -> reseeded.replicated.stateTransfers() >= 1);
    appendThrough(reseeded, "urn:test:c", 10, "c");
    awaitSameTree(1010);
  }

  /** Stops a member, sets its ledger and Raft log segments aside (keeping raft-meta), starts it again. */
  private Node emptyAndRestart(Node member) throws IOException {
    nodes.remove(member);
    member.close();
    Path aside = java.nio.file.Files.createDirectories(dir.resolve(member.id + "-aside"));
    java.nio.file.Files.move(dir.resolve(member.id).resolve("ledger"), aside.resolve("ledger"));
    List<Path> segments = ReplicatedLedger.raftLogFiles(dir.resolve(member.id).resolve("raft"));
    assertFalse(segments.isEmpty(), "the member had a Raft log");
    for (Path segment : segments) {
      java.nio.file.Files.move(segment, aside.resolve(segment.getFileName()));
    }
    Node back = new Node(member.id);
    nodes.add(back);
    assertEquals(0, back.ledger.head().size());
    return back;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (var paths = java.nio.file.Files.walk(from)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (java.nio.file.Files.isDirectory(p)) {
          java.nio.file.Files.createDirectories(target);
        } else {
          java.nio.file.Files.copy(p, target);
        }
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (var paths = java.nio.file.Files.walk(root)) {
      for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
        java.nio.file.Files.delete(p);
      }
    }
  }

  @Test
  void memberLeftBehindAPurgedLog_catchesUpByStateTransfer() throws Exception {
    snapshotEvery = 8; // snapshot and purge the log every 8 Raft entries
    startCluster(3);
    appendThrough(nodes.get(0), "urn:test:a", 50, "a");
    awaitSameTree(50);
    Node third = nodes.remove(2);
    third.close();
    for (int round = 0; round < 40; round++) { // 40 rounds: at least 40 Raft entries, the log purged past them
      appendThrough(nodes.get(round % 2), "urn:test:b", 25, "r" + round + "-");
    }
    assertEquals(0, third.replicated.stateTransfers());
    Node back = new Node("n3");
    nodes.add(back);
    awaitSameTree(1050);
    // The count is taken just after the copied entries are published.
    Await.until("n3 caught up by copying entries, not by replaying the log", Duration.ofSeconds(10),
        () -> back.replicated.stateTransfers() >= 1);
    assertEquals(1050, back.ledger.subjectHistory("urn:test:b", 0, 2000).size() + 50);
    // And it takes part again: what it proposes lands everywhere.
    appendThrough(back, "urn:test:c", 10, "c");
    awaitSameTree(1060);
  }

  /** At most {@code slots} records may name a subject: a barge's last slots, judged in log order. */
  static final class SlotRule implements ApplyRule {
    final int slots;
    final java.util.Map<String, Integer> booked = new java.util.HashMap<>();

    SlotRule(int slots) {
      this.slots = slots;
    }

    @Override
    public void replay(AppliedRecord applied) {
      applied.record().subjects().forEach(s -> booked.merge(s, 1, Integer::sum));
    }

    @Override
    public Batch begin(long recordTimeUnixMillis) {
      java.util.Map<String, Integer> staged = new java.util.HashMap<>();
      return new Batch() {
        @Override
        public void check(List<ParsedRecord> group) {
          for (ParsedRecord r : group) {
            for (String s : r.subjects()) {
              if (booked.getOrDefault(s, 0) + staged.getOrDefault(s, 0) >= slots) {
                throw new LedgerException(LedgerError.RULE_VIOLATED, "test.slots: " + s + " is full");
              }
            }
          }
        }

        @Override
        public void stage(List<ParsedRecord> group) {
          group.forEach(r -> r.subjects().forEach(s -> staged.merge(s, 1, Integer::sum)));
        }

        @Override
        public void commit(List<AppliedRecord> stored) {
          staged.forEach((s, n) -> booked.merge(s, n, Integer::sum));
        }
      };
    }
  }

  @Test
  void raceForTheLastSlots_throughTwoMembers_isDecidedInLogOrder_identicallyOnEveryMember() throws Exception {
    rule = () -> new SlotRule(50);
    startCluster(3);
    List<CompletableFuture<Appended>> bookings = new ArrayList<>();
    for (int i = 0; i < 100; i++) { // two partners, two members, interleaved
      bookings.add(nodes.get(0).sequencer.submit(TestRecords.signed(author, "org1", List.of("urn:test:slot"), "p1-" + i)));
      bookings.add(nodes.get(1).sequencer.submit(TestRecords.signed(author, "org1", List.of("urn:test:slot"), "p2-" + i)));
    }
    int accepted = 0;
    for (CompletableFuture<Appended> f : bookings) {
      try {
        f.get(60, TimeUnit.SECONDS);
        accepted++;
      } catch (ExecutionException e) {
        assertEquals(LedgerError.RULE_VIOLATED, assertInstanceOf(LedgerException.class, e.getCause()).error());
      }
    }
    assertEquals(50, accepted, "exactly the slots there are");
    awaitSameTree(50);
    for (Node n : nodes) {
      assertEquals(50, n.ledger.subjectHistory("urn:test:slot", 0, 1000).size(), n.id);
    }
  }

  @Test
  void majorityDown_appendFails_withAClearError_andNothingIsStored() throws Exception {
    startCluster(3);
    appendThrough(nodes.get(0), "urn:test:a", 5, "a");
    awaitSameTree(5);
    nodes.remove(2).close();
    nodes.remove(1).close();
    CompletableFuture<Appended> f = nodes.get(0).sequencer.submit(TestRecords.signed(author, "org1", List.of("urn:test:a"), "lost"));
    ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(60, TimeUnit.SECONDS));
    LedgerException le = assertInstanceOf(LedgerException.class, e.getCause());
    assertEquals(LedgerError.CLOSED, le.error());
    assertTrue(le.getMessage().startsWith("replication: the batch was not committed"), le.getMessage());
    assertEquals(5, nodes.get(0).ledger.head().size());
  }
}
