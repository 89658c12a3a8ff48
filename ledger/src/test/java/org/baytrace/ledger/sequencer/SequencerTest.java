package org.baytrace.ledger.sequencer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.baytrace.ledger.Appended;
import org.baytrace.ledger.AuthorPolicy;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.LedgerConfig;
import org.baytrace.ledger.StoredEntry;
import org.baytrace.ledger.SubjectChain;
import org.baytrace.ledger.TestRecords;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.record.RecordLimits;
import org.baytrace.ledger.record.Records;
import org.baytrace.ledger.record.SignedHere;
import org.baytrace.ledger.store.LedgerStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SequencerTest {
  @TempDir Path dir;

  private final SigningKey author = SigningKey.generate();

  private Ledger ledger() {
    return Ledger.open(new LedgerConfig(TestRecords.ORIGIN, new NoteSigner("n", SigningKey.generate()),
        AuthorPolicy.registeredKeys(Map.of(author.publicKey(), "org1"))), LedgerStores.openRocksDb(dir));
  }

  @Test
  void records_areAppendedInSubmissionOrder_despiteParallelChecks() throws Exception {
    try (Ledger ledger = ledger(); Sequencer seq = new Sequencer(ledger, 4, 50, Duration.ofMillis(1), 10_000)) {
      List<CompletableFuture<Appended>> futures = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        futures.add(seq.submit(TestRecords.signed(author, "org1", List.of("urn:test:one"), "n" + i)));
      }
      for (int i = 0; i < futures.size(); i++) {
        assertEquals(i, futures.get(i).get(30, TimeUnit.SECONDS).index(), "record " + i + " keeps its place");
      }
      List<byte[]> history = ledger.subjectHistory("urn:test:one", 0, 5000).stream().map(StoredEntry::leaf).toList();
      assertEquals(2000, history.size());
      SubjectChain.verify("urn:test:one", history);
    }
  }

  @Test
  void refusedRecord_failsAlone_andTheOthersAreAppended() throws Exception {
    try (Ledger ledger = ledger(); Sequencer seq = new Sequencer(ledger, 2, 10, Duration.ZERO, 100)) {
      CompletableFuture<Appended> a = seq.submit(TestRecords.signed(author, "org1", List.of("urn:test:x"), "a"));
      CompletableFuture<Appended> bad = seq.submit(TestRecords.signed(SigningKey.generate(), "org1", List.of("urn:test:x"), "b"));
      CompletableFuture<Appended> c = seq.submit(TestRecords.signed(author, "org1", List.of("urn:test:x"), "c"));
      CompletableFuture<Appended> dup = seq.submit(TestRecords.signed(author, "org1", List.of("urn:test:x"), "a"));
      assertEquals(0, a.get(10, TimeUnit.SECONDS).index());
      ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> bad.get(10, TimeUnit.SECONDS));
      assertEquals(LedgerError.UNKNOWN_KEY, assertInstanceOf(LedgerException.class, e.getCause()).error());
      assertEquals(1, c.get(10, TimeUnit.SECONDS).index());
      assertTrue(dup.get(10, TimeUnit.SECONDS).duplicate());
      assertEquals(0, dup.get().index());
      assertEquals(2, ledger.head().size());
    }
  }

  @Test
  void recordsSignedHere_areAppendedInOrder_andStillJudgedByOriginAndPolicy() throws Exception {
    RecordLimits limits = RecordLimits.DEFAULT;
    try (Ledger ledger = ledger(); Sequencer seq = new Sequencer(ledger, 2, 50, Duration.ZERO, 1000)) {
      List<SignedHere> group = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        group.add(Records.signHere(TestRecords.body("org1", List.of("urn:test:here"), "h" + i).build().toByteArray(),
            limits, author));
      }
      List<Appended> appended = seq.submitAllSignedHere(group).get(10, TimeUnit.SECONDS);
      for (int i = 0; i < appended.size(); i++) {
        assertEquals(i, appended.get(i).index(), "record " + i + " keeps its place");
      }
      SubjectChain.verify("urn:test:here",
          ledger.subjectHistory("urn:test:here", 0, 100).stream().map(StoredEntry::leaf).toList());

      SigningKey stranger = SigningKey.generate(); // a valid signature, but no key the policy knows
      SignedHere unknown = Records.signHere(TestRecords.body("org1", List.of("urn:test:here"), "u").build().toByteArray(),
          limits, stranger);
      ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
          () -> seq.submitSignedHere(unknown).get(10, TimeUnit.SECONDS));
      assertEquals(LedgerError.UNKNOWN_KEY, assertInstanceOf(LedgerException.class, e.getCause()).error());

      SignedHere elsewhere = Records.signHere(TestRecords.body("org1", List.of("urn:test:here"), "o").setOrigin("other.ledger")
          .build().toByteArray(), limits, author);
      e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
          () -> seq.submitAllSignedHere(List.of(group.get(0), elsewhere)).get(10, TimeUnit.SECONDS));
      assertEquals(LedgerError.WRONG_ORIGIN, assertInstanceOf(LedgerException.class, e.getCause()).error());
      assertEquals(20, ledger.head().size(), "nothing of a refused group is stored");
    }
  }

  @Test
  void fullPipeline_refusesWithTooManyRequests_insteadOfQueueingWithoutBound() throws Exception {
    try (Ledger ledger = ledger(); Sequencer seq = new Sequencer(ledger, 1, 10, Duration.ZERO, 5)) {
      List<CompletableFuture<Appended>> futures = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        futures.add(seq.submit(TestRecords.signed(author, "org1", List.of("urn:test:y"), "n" + i)));
      }
      long refused = 0;
      for (CompletableFuture<Appended> f : futures) {
        try {
          f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          assertEquals(LedgerError.TOO_MANY_REQUESTS, ((LedgerException) e.getCause()).error());
          refused++;
        }
      }
      assertTrue(refused > 0, "a 5-record pipeline cannot take 200 records at once");
      assertEquals(200 - refused, ledger.head().size());
    }
  }

  @Test
  void group_isAppendedWhole_orNotAtAll() throws Exception {
    try (Ledger ledger = ledger(); Sequencer seq = new Sequencer(ledger, 2, 10, Duration.ZERO, 1000)) {
      List<byte[]> group = new ArrayList<>();
      for (int i = 0; i < 25; i++) { // larger than a batch: still one write
        group.add(TestRecords.signed(author, "org1", List.of("urn:test:g"), "g" + i));
      }
      CompletableFuture<Appended> before = seq.submit(TestRecords.signed(author, "org1", List.of("urn:test:g"), "before"));
      List<Appended> appended = seq.submitAll(group).get(30, TimeUnit.SECONDS);
      assertEquals(25, appended.size());
      for (int i = 0; i < 25; i++) {
        assertEquals(before.get().index() + 1 + i, appended.get(i).index());
      }
      long size = ledger.head().size();

      List<byte[]> spoiled = new ArrayList<>(group.subList(0, 3));
      spoiled.set(1, TestRecords.signed(SigningKey.generate(), "org1", List.of("urn:test:g"), "stranger"));
      spoiled.add(TestRecords.signed(author, "org1", List.of("urn:test:g"), "new one"));
      ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
          () -> seq.submitAll(spoiled).get(30, TimeUnit.SECONDS));
      LedgerException le = assertInstanceOf(LedgerException.class, e.getCause());
      assertEquals(LedgerError.UNKNOWN_KEY, le.error());
      assertTrue(le.getMessage().startsWith("record 1 of the group"), le.getMessage());
      assertEquals(size, ledger.head().size(), "nothing of a refused group is stored");
    }
  }
}
