package org.baytrace.ledger.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.baytrace.ledger.AuthorPolicy;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.LedgerConfig;
import org.baytrace.ledger.TestRecords;
import org.baytrace.ledger.checkpoint.CheckpointVerifier;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.checkpoint.NoteVerifier;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.record.RecordLimits;
import org.baytrace.ledger.store.LedgerStores;
import org.baytrace.ledger.verify.Failure;
import org.baytrace.ledger.verify.VerificationException;
import org.junit.jupiter.api.Test;

/**
 * Cosigning between members' ledgers: a member's signature joins a checkpoint only when it
 * signed the same origin, size and root. The ledgers are real (in-memory stores); only the
 * transport between them is a direct call.
 */
class CosignerTest {
  private final SigningKey author = SigningKey.generate();

  private record Member(String id, SigningKey key, Ledger ledger) {
    NoteVerifier vkey() {
      return new NoteVerifier(id, key.publicKey());
    }
  }

  private Member member(String id) {
    SigningKey key = SigningKey.generate();
    // One fixed clock: members that apply the same records compute the same entries (as in Raft,
    // where the record time travels with the batch).
    return new Member(id, key, Ledger.open(new LedgerConfig(TestRecords.ORIGIN, new NoteSigner(id, key), AuthorPolicy.anyKey(),
        RecordLimits.DEFAULT, Clock.fixed(Instant.parse("2026-11-29T00:00:00Z"), ZoneOffset.UTC)), LedgerStores.inMemory()));
  }

  private void append(Member m, String... nonces) {
    for (String n : nonces) {
      m.ledger().append(TestRecords.signed(author, "org1", List.of("urn:test:s"), n));
    }
  }

  private static Cosigner cosigner(Member self, List<Member> others) {
    Map<String, NoteVerifier> keys = new HashMap<>();
    Map<String, Ledger> ledgers = new HashMap<>();
    for (Member o : others) {
      keys.put(o.id(), o.vkey());
      ledgers.put(o.id(), o.ledger());
    }
    Cosigner.PeerNotes fetch = (id, size) -> {
      try {
        return CompletableFuture.completedFuture(Optional.of(ledgers.get(id).checkpointAt(size)));
      } catch (LedgerException e) {
        return CompletableFuture.completedFuture(Optional.empty());
      }
    };
    return new Cosigner(self.ledger(), keys, fetch, (others.size() + 1) / 2 + 1);
  }

  private static void twoRounds(Cosigner c) throws InterruptedException {
    c.round(); // notes the size
    c.round(); // cosigns it
  }

  @Test
  void membersWithTheSameTree_cosign_andAThreeOfThreeVerifierAccepts() throws Exception {
    Member a = member("a");
    Member b = member("b");
    Member c = member("c");
    for (Member m : List.of(a, b, c)) {
      append(m, "1", "2", "3");
    }
    Cosigner cosigner = cosigner(a, List.of(b, c));
    twoRounds(cosigner);
    assertEquals(3, cosigner.publishedSize());
    String served = a.ledger().latestCheckpoint();
    CheckpointVerifier.Verified v = CheckpointVerifier.verify(served, TestRecords.ORIGIN,
        List.of(a.vkey(), b.vkey(), c.vkey()), 3);
    assertEquals(List.of("a", "b", "c"), v.signers().stream().sorted().toList());
    assertEquals(3, a.ledger().receipt(1, 0).checkpoint().lines().filter(l -> l.startsWith("\u2014 ")).count(),
        "receipts carry the cosigned checkpoint");
  }

  @Test
  void memberHoldingADifferentRoot_cannotGetItsSignatureOntoTheCheckpoint() throws Exception {
    Member a = member("a");
    Member b = member("b");
    Member rogue = member("rogue");
    append(a, "1", "2", "3");
    append(b, "1", "2", "3");
    append(rogue, "1", "2", "forged"); // same size, different third entry: a different root
    Cosigner cosigner = cosigner(a, List.of(b, rogue));
    twoRounds(cosigner);
    String served = a.ledger().latestCheckpoint();
    assertEquals(2, CheckpointVerifier.verify(served, TestRecords.ORIGIN, List.of(a.vkey(), b.vkey(), rogue.vkey()), 2)
        .signers().size());
    VerificationException e = assertThrows(VerificationException.class,
        () -> CheckpointVerifier.verify(served, TestRecords.ORIGIN, List.of(a.vkey(), b.vkey(), rogue.vkey()), 3));
    assertEquals(Failure.TOO_FEW_SIGNERS, e.failure());
  }

  @Test
  void memberThatComesBackLate_addsItsSignature_toTheServedCheckpoint_withoutNewAppends() throws Exception {
    Member a = member("a");
    Member b = member("b");
    Member late = member("late");
    append(a, "1", "2");
    append(b, "1", "2");
    boolean[] lateUp = {false};
    Map<String, NoteVerifier> keys = Map.of("b", b.vkey(), "late", late.vkey());
    Map<String, Ledger> ledgers = Map.of("b", b.ledger(), "late", late.ledger());
    Cosigner cosigner = new Cosigner(a.ledger(), keys, (id, size) -> {
      if (id.equals("late") && !lateUp[0]) {
        return CompletableFuture.completedFuture(Optional.empty()); // down
      }
      return CompletableFuture.completedFuture(Optional.of(ledgers.get(id).checkpointAt(size)));
    }, 2);
    twoRounds(cosigner);
    assertEquals(2, cosigner.publishedSize());
    assertEquals(2, a.ledger().latestCheckpoint().lines().filter(l -> l.startsWith("\u2014 ")).count());
    append(late, "1", "2"); // it catches up and comes back; the tree does not grow
    lateUp[0] = true;
    cosigner.round();
    CheckpointVerifier.verify(a.ledger().latestCheckpoint(), TestRecords.ORIGIN, List.of(a.vkey(), b.vkey(), late.vkey()), 3);
  }

  @Test
  void withoutAQuorum_theCheckpointIsNotPublishedAsCosigned() throws Exception {
    Member a = member("a");
    Member rogue1 = member("r1");
    Member rogue2 = member("r2");
    append(a, "1", "2");
    append(rogue1, "x", "y");
    append(rogue2, "x", "z");
    Cosigner cosigner = cosigner(a, List.of(rogue1, rogue2));
    twoRounds(cosigner);
    assertEquals(-1, cosigner.publishedSize());
  }

  @Test
  void peerWithAValidSignatureByAnUnlistedKey_isNotCounted() throws Exception {
    Member a = member("a");
    Member b = member("b");
    append(a, "1");
    append(b, "1");
    Member impostor = new Member("b", SigningKey.generate(), b.ledger()); // the list names another key for "b"
    Map<String, NoteVerifier> keys = Map.of("b", impostor.vkey());
    Cosigner cosigner = new Cosigner(a.ledger(), keys,
        (id, size) -> CompletableFuture.completedFuture(Optional.of(b.ledger().checkpointAt(size))), 2);
    twoRounds(cosigner);
    assertEquals(-1, cosigner.publishedSize());
    assertEquals(1, a.ledger().latestCheckpoint().lines().filter(l -> l.startsWith("\u2014 ")).count());
  }

  @Test
  void membersAtEachSize_followTheRegistry_aRemovedMembersSignatureNoLongerCounts() throws Exception {
    Member a = member("a");
    Member removed = member("removed");
    Member added = member("added");
    for (Member m : List.of(a, removed, added)) {
      append(m, "1", "2", "3", "4");
    }
    // Up to size 2: a and removed. From size 3 on: a and added (removed left, added joined).
    Map<String, Ledger> ledgers = Map.of("removed", removed.ledger(), "added", added.ledger());
    boolean[] addedUp = {false};
    Cosigner cosigner = new Cosigner(a.ledger(), size -> size <= 2 ? Map.of("a", a.vkey(), "removed", removed.vkey())
        : Map.of("a", a.vkey(), "added", added.vkey()), (id, size) -> {
          if (id.equals("added") && !addedUp[0]) {
            return CompletableFuture.completedFuture(Optional.empty()); // not up yet
          }
          return CompletableFuture.completedFuture(Optional.of(ledgers.get(id).checkpointAt(size)));
        });
    twoRounds(cosigner);
    // At size 4 the removed member is not asked and its signature would not count: a alone is not a
    // majority of {a, added}.
    assertEquals(-1, cosigner.publishedSize());
    assertEquals(1, a.ledger().checkpointAt(4).lines().filter(l -> l.startsWith("\u2014 ")).count());
    addedUp[0] = true;
    cosigner.round();
    cosigner.round();
    assertEquals(4, cosigner.publishedSize());
    CheckpointVerifier.Verified v = CheckpointVerifier.verify(a.ledger().latestCheckpoint(), TestRecords.ORIGIN,
        List.of(a.vkey(), removed.vkey(), added.vkey()), 2);
    assertEquals(List.of("a", "added"), v.signers().stream().sorted().toList());
  }
}
