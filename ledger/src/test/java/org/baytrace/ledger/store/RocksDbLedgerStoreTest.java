package org.baytrace.ledger.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.baytrace.api.ledger.v1.LogEntry;
import org.baytrace.ledger.Appended;
import org.baytrace.ledger.LedgerStore;
import org.baytrace.ledger.PendingRecord;
import org.baytrace.ledger.StoredEntry;
import org.baytrace.ledger.SubjectChain;
import org.baytrace.ledger.TreeHead;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.testing.ReferenceMerkle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract on RocksDB, each test on its own directory, plus what survives a reopen. */
class RocksDbLedgerStoreTest extends LedgerStoreContractTest {
  @TempDir Path dir;

  @Override
  protected LedgerStore openStore() {
    return LedgerStores.openRocksDb(dir);
  }

  private void reopen() {
    store.close();
    store = LedgerStores.openRocksDb(dir);
  }

  @Test
  void reopen_keepsSizeRootEntriesAndCheckpoints() {
    List<Appended> appended = appendMany(130, 13);
    TreeHead head = store.head();
    List<Optional<String>> checkpoints = new ArrayList<>();
    for (long size = 0; size <= head.size(); size++) {
      checkpoints.add(store.checkpoint(size));
    }
    Optional<String> latest = store.latestCheckpoint();

    reopen();

    assertEquals(head, store.head());
    assertEquals(ReferenceMerkle.root(storedLeafHashes()), store.head().root());
    for (Appended a : appended) {
      assertEquals(a.leafHash(), store.entry(a.index()).leafHash());
      assertEquals(a.leafHash(), ReferenceMerkle.leafHash(store.entry(a.index()).leaf()));
    }
    for (long size = 0; size <= head.size(); size++) {
      assertEquals(checkpoints.get((int) size), store.checkpoint(size), "checkpoint at size " + size);
    }
    assertEquals(latest, store.latestCheckpoint());
  }

  @Test
  void reopen_keepsDeduplication() {
    appendMany(30, 10);
    reopen();
    signer.signed.clear();
    List<Appended> again = StoreAppends.append(store, List.of(record("n12", "s5"), record("n3", "s3")), RECORD_TIME, signer);
    assertEquals(List.of(12L, 3L), again.stream().map(Appended::index).toList());
    assertTrue(again.stream().allMatch(Appended::duplicate));
    assertEquals(30, store.size());
    assertEquals(List.of(), signer.signed);
    assertEquals(OptionalLong.of(29), store.indexOfRecord(identity("n29")));
  }

  @Test
  void reopen_newEntriesLinkToTheSubjectsPreviousEntry() throws Exception {
    appendMany(30, 10);
    Hash32 lastOfS2 = store.subjectHistory("s2", 0, 100).get(4 - 1).leafHash(); // s2 at 2, 9, 16, 23
    reopen();
    StoreAppends.append(store, List.of(record("after-reopen", "s2", "fresh")), RECORD_TIME, signer);

    LogEntry e = parse(store.entry(30).leaf());
    assertArrayEquals(lastOfS2.toByteArray(), e.getLinks(0).getPreviousLeafHash().toByteArray());
    assertTrue(e.getLinks(1).getPreviousLeafHash().isEmpty());
    SubjectChain.verify("s2", leaves(store.subjectHistory("s2", 0, 100)));
    assertEquals(List.of(2L, 9L, 16L, 23L, 30L),
        store.subjectHistory("s2", 0, 100).stream().map(StoredEntry::index).toList());
  }

  @Test
  void reopen_everySubjectsHeadContinuesItsChain() throws Exception {
    // More subjects than one batch, duplicates within batches; after the reopen nothing is cached,
    // so every link of the next entries comes from the stored subject head rows.
    List<String> subjects = new ArrayList<>();
    for (int b = 0; b < 6; b++) {
      List<PendingRecord> batch = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        String subject = "sub-" + ((b * 50 + i) % 130);
        if (!subjects.contains(subject)) {
          subjects.add(subject);
        }
        batch.add(record("r" + b + "-" + i, subject, "lot-" + (i % 3)));
        if (i % 7 == 0) {
          batch.add(record("r" + b + "-" + i, subject, "lot-" + (i % 3)));
        }
      }
      StoreAppends.append(store, batch, RECORD_TIME, signer);
    }
    subjects.addAll(List.of("lot-0", "lot-1", "lot-2"));
    java.util.Map<String, Hash32> lastBefore = new java.util.HashMap<>();
    for (String s : subjects) {
      List<StoredEntry> history = store.subjectHistory(s, 0, 1000);
      lastBefore.put(s, history.get(history.size() - 1).leafHash());
    }

    reopen();
    List<PendingRecord> next = new ArrayList<>();
    for (String s : subjects) {
      next.add(record("after-" + s, s));
    }
    List<Appended> appended = StoreAppends.append(store, next, RECORD_TIME, signer);

    for (int i = 0; i < subjects.size(); i++) {
      String s = subjects.get(i);
      LogEntry e = parse(store.entry(appended.get(i).index()).leaf());
      assertArrayEquals(lastBefore.get(s).toByteArray(), e.getLinks(0).getPreviousLeafHash().toByteArray(), s);
      SubjectChain.verify(s, leaves(store.subjectHistory(s, 0, 1000)));
    }
    reopen(); // full verification, subject head rows included
    assertEquals(appended.get(appended.size() - 1).index() + 1, store.size());
  }

  @Test
  void reopen_appendsContinueTheSameTree() {
    appendMany(21, 7);
    reopen();
    appendMany(0, 1);
    StoreAppends.append(store, List.of(record("x1", "q"), record("x2", "q")), RECORD_TIME, signer);
    assertEquals(23, store.size());
    assertEquals(ReferenceMerkle.root(storedLeafHashes()), store.head().root());
    reopen();
    assertEquals(ReferenceMerkle.root(storedLeafHashes()), store.head().root());
  }

  @Test
  void reopen_withoutFullVerification_verifiesOnlyWhatWasAppendedSinceTheLastVerifiedSize() {
    appendMany(50, 50);
    TreeHead head = store.head();
    store.close();
    List<Long> progress = new ArrayList<>();
    store = LedgerStores.openRocksDb(dir, false, progress::add);
    assertEquals(head, store.head());
    assertEquals(List.of(50L), progress, "the 50 entries appended since the store was made");
    assertEquals(50, store.verifiedSize());
    store.close();
    progress.clear();
    store = LedgerStores.openRocksDb(dir, false, progress::add);
    assertEquals(head, store.head());
    assertEquals(List.of(), progress, "nothing new since the last verified size");
  }

  @Test
  void open_whileAnotherStoreHasTheDirectory_isRefusedAsLocked() {
    appendMany(3, 3);
    assertLedgerError(LedgerError.STORE_LOCKED, () -> LedgerStores.openRocksDb(dir).close());
    assertEquals(3, store.size(), "the open store is not disturbed");
  }
}
