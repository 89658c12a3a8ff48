package org.baytrace.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.baytrace.ledger.checkpoint.Checkpoint;
import org.baytrace.ledger.checkpoint.CheckpointVerifier;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.store.LedgerStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signed-checkpoint file (issue 13, "no fork, ever"): a node keeps the newest checkpoint it
 * let out outside its store, and never starts on a store that does not extend it.
 */
class SignedCheckpointTest {
  @TempDir Path dir;

  private final SigningKey author = SigningKey.generate();
  private final NoteSigner node = new NoteSigner("node-a", SigningKey.generate());
  private final LedgerConfig config = new LedgerConfig(TestRecords.ORIGIN, node, AuthorPolicy.anyKey());

  private SignedCheckpointFile file() {
    return SignedCheckpointFile.in(dir);
  }

  private static void appendEach(Ledger ledger, SigningKey author, String prefix, int n) {
    for (int i = 0; i < n; i++) {
      ledger.append(TestRecords.signed(author, "org1", List.of("s" + (i % 3)), prefix + i));
    }
  }

  private Checkpoint inFile() throws Exception {
    return CheckpointVerifier.verify(Files.readString(file().path()), TestRecords.ORIGIN, List.of(node.verifier()), 1)
        .checkpoint();
  }

  @Test
  void appendReturns_onlyOnceTheFileHoldsItsSignedCheckpoint() throws Exception {
    try (Ledger ledger = Ledger.open(config, LedgerStores.inMemory(), file(), false)) {
      assertEquals(0, inFile().size(), "a new data directory gets the empty tree's checkpoint");
      for (int i = 1; i <= 5; i++) {
        ledger.append(TestRecords.signed(author, "org1", List.of("s"), "n" + i));
        assertEquals(i, inFile().size());
        assertEquals(ledger.head().root(), inFile().root());
      }
      assertTrue(Files.notExists(file().path().resolveSibling(SignedCheckpointFile.NAME + ".tmp")), "no temp file left");
    }
  }

  @Test
  void smallerSizes_signedOnDemand_leaveTheFileAlone() throws Exception {
    try (Ledger ledger = Ledger.open(config, LedgerStores.inMemory(), file(), false)) {
      appendEach(ledger, author, "n", 6);
      byte[] before = Files.readAllBytes(file().path());
      ledger.checkpointAt(3);
      ledger.receipt(1, 4);
      assertArrayEquals(before, Files.readAllBytes(file().path()));
    }
  }

  @Test
  void storeShorterThanTheSignedCheckpoint_isRefused_sayingWhatWasSignedWhatIsHeldAndHowToRepair() throws Exception {
    Checkpoint signed;
    try (Ledger ledger = Ledger.open(config, LedgerStores.inMemory(), file(), false)) {
      appendEach(ledger, author, "n", 5);
      signed = inFile();
    }
    LedgerStore otherStore = LedgerStores.inMemory();
    try (Ledger other = Ledger.open(config, otherStore)) {
      appendEach(other, author, "n", 2);
      LedgerException e = assertThrows(LedgerException.class, () -> Ledger.open(config, otherStore, file(), false));
      assertEquals(LedgerError.SIGNED_CHECKPOINT_NOT_EXTENDED, e.error());
      assertTrue(e.getMessage().contains("signed a checkpoint of size 5 with root " + signed.root().hex()), e.getMessage());
      assertTrue(e.getMessage().contains("holds only 2 entries (root " + other.head().root().hex() + ")"), e.getMessage());
      assertTrue(e.getMessage().contains("re-seeded") && e.getMessage().contains("backup"), e.getMessage());
      assertTrue(e.getMessage().contains("`baytrace reseed --config FILE`"), "names the repair command: " + e.getMessage());
    }
  }

  @Test
  void storeWithAnotherRootAtTheSignedSize_isRefused() throws Exception {
    try (Ledger ledger = Ledger.open(config, LedgerStores.inMemory(), file(), false)) {
      appendEach(ledger, author, "n", 5);
    }
    LedgerStore forkedStore = LedgerStores.inMemory();
    try (Ledger forked = Ledger.open(config, forkedStore)) {
      appendEach(forked, author, "other", 7);
      LedgerException e = assertThrows(LedgerException.class, () -> Ledger.open(config, forkedStore, file(), false));
      assertEquals(LedgerError.SIGNED_CHECKPOINT_NOT_EXTENDED, e.error());
      assertTrue(e.getMessage().contains("holds the root " + forked.rootAt(5).hex() + " at that size"), e.getMessage());
    }
  }

  @Test
  void storeThatExtendsTheSignedCheckpoint_opens() throws Exception {
    LedgerStore store = LedgerStores.inMemory();
    Ledger ledger = Ledger.open(config, store, file(), false);
    appendEach(ledger, author, "n", 5);
    // The same store, with entries appended while the file was not consulted (a tool), still extends it.
    Ledger tool = Ledger.open(config, store);
    appendEach(tool, author, "more", 3);
    Ledger again = Ledger.open(config, store, file(), false);
    assertEquals(8, inFile().size(), "opening raises the file to the store's head");
    assertEquals(8, again.signedSize());
    again.close();
  }

  @Test
  void fileSignedWithAnotherKey_isRefused() throws Exception {
    LedgerConfig stranger = new LedgerConfig(TestRecords.ORIGIN, new NoteSigner("node-a", SigningKey.generate()),
        AuthorPolicy.anyKey());
    try (Ledger ledger = Ledger.open(stranger, LedgerStores.inMemory(), file(), false)) {
      appendEach(ledger, author, "n", 2);
    }
    LedgerException e = assertThrows(LedgerException.class, () -> Ledger.open(config, LedgerStores.inMemory(), file(), false));
    assertEquals(LedgerError.SIGNED_CHECKPOINT_NOT_EXTENDED, e.error());
    assertTrue(e.getMessage().contains("signed by this node's key"), e.getMessage());
  }

  private static org.baytrace.ledger.crypto.Hash32 rootOf(List<byte[]> leaves) {
    org.baytrace.ledger.merkle.Frontier f = org.baytrace.ledger.merkle.Frontier.empty();
    leaves.forEach(l -> f.append(org.baytrace.ledger.merkle.Rfc9162.leafHash(l)));
    return f.root();
  }

  @Test
  void reseededMember_servesNoCheckpointUntilItsCopyReachesTheSignedOne_andOnlyIfTheRootsAgree() throws Exception {
    Ledger original = Ledger.open(config, LedgerStores.inMemory(), file(), true);
    appendEach(original, author, "n", 5);
    List<byte[]> leaves = new java.util.ArrayList<>();
    for (long i = 0; i < 5; i++) {
      leaves.add(original.entry(i).leaf());
    }
    original.checkpointAt(5);
    original.close();
    // Re-seeded: an empty store; the history comes back as the leader's entries (state transfer).
    Ledger reseeded = Ledger.open(config, LedgerStores.inMemory(), file(), true);
    reseeded.appendTransferred(leaves.subList(0, 3), new LogPosition(1, 3), rootOf(leaves.subList(0, 3)));
    LedgerException early = assertThrows(LedgerException.class, () -> reseeded.checkpointAt(2));
    assertEquals(LedgerError.CATCHING_UP, early.error());
    reseeded.appendTransferred(leaves.subList(3, 5), new LogPosition(1, 5), rootOf(leaves));
    assertEquals(reseeded.head().root(), CheckpointVerifier.verify(reseeded.checkpointAt(5), TestRecords.ORIGIN,
        List.of(node.verifier()), 1).checkpoint().root());
    assertEquals(reseeded.head().root(), inFile().root());

    // A copy with another history is caught once it reaches the signed size.
    Ledger diverged = Ledger.open(config, LedgerStores.inMemory(), file(), true);
    appendEach(diverged, author, "other", 6);
    LedgerException e = assertThrows(LedgerException.class, () -> diverged.checkpointAt(6));
    assertEquals(LedgerError.SIGNED_CHECKPOINT_NOT_EXTENDED, e.error());
    // A single node with an empty store is not being re-seeded: it lost what it signed.
    assertEquals(LedgerError.SIGNED_CHECKPOINT_NOT_EXTENDED,
        assertThrows(LedgerException.class, () -> Ledger.open(config, LedgerStores.inMemory(), file(), false)).error());
  }
}
