package org.baytrace.ledger.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.baytrace.api.ledger.v1.LogEntry;
import org.baytrace.api.ledger.v1.SubjectLink;
import org.baytrace.ledger.Appended;
import org.baytrace.ledger.LedgerStore;
import org.baytrace.ledger.LogPosition;
import org.baytrace.ledger.PendingRecord;
import org.baytrace.ledger.StoredEntry;
import org.baytrace.ledger.SubjectChain;
import org.baytrace.ledger.TreeHead;
import org.baytrace.ledger.checkpoint.Checkpoint;
import org.baytrace.ledger.checkpoint.CheckpointVerifier;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.crypto.Sha256;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.merkle.MerkleVerifier;
import org.baytrace.ledger.merkle.NodeId;
import org.baytrace.ledger.merkle.Rfc9162;
import org.baytrace.ledger.testing.ReferenceMerkle;
import org.baytrace.ledger.verify.Failure;
import org.baytrace.ledger.verify.VerificationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The storage contract that every {@link LedgerStore} passes (DESIGN §4). A subclass opens a fresh,
 * empty store for each test (RocksDB on its own temporary directory, or memory). Expected values
 * come from {@link ReferenceMerkle} and from the bytes the test appended, not from the store.
 */
public abstract class LedgerStoreContractTest {
  protected static final String ORIGIN = "baytrace.test/store-contract";
  protected static final long RECORD_TIME = 1_764_000_000_123L;
  protected static final NoteSigner NODE = new NoteSigner("contract-node", SigningKey.fromSeed(new byte[32]));

  protected LedgerStore store;
  protected RecordingSigner signer;

  /** A new, empty store; called once before each test. */
  protected abstract LedgerStore openStore();

  @BeforeEach
  void openEmptyStore() {
    store = openStore();
    signer = new RecordingSigner();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  // ---------------------------------------------------------------- fixtures

  /** A checkpoint signer that signs real C2SP notes and remembers every head it was asked to sign. */
  protected static final class RecordingSigner implements StoreAppends.Signer {
    /** Every head signed so far, in order. */
    public final List<TreeHead> signed = new ArrayList<>();

    @Override
    public String sign(TreeHead head) {
      signed.add(head);
      return note(head);
    }
  }

  protected static String note(TreeHead head) {
    return NODE.sign(new Checkpoint(ORIGIN, head.size(), head.root())).format();
  }

  /** A record as the store sees it: opaque bytes, an identity and its subjects. */
  protected static PendingRecord record(String nonce, String... subjects) {
    byte[] bytes = ("signed-record:" + nonce + ":" + String.join(",", subjects)).getBytes(StandardCharsets.UTF_8);
    return new PendingRecord(bytes, identity(nonce), List.of(subjects));
  }

  protected static Hash32 identity(String nonce) {
    return Sha256.hash(("body:" + nonce).getBytes(StandardCharsets.UTF_8));
  }

  /** Appends {@code count} records in batches of {@code batchSize}, subjects s0..s6 round robin. */
  protected List<Appended> appendMany(int count, int batchSize) {
    List<Appended> all = new ArrayList<>();
    for (int start = 0; start < count; start += batchSize) {
      List<PendingRecord> batch = new ArrayList<>();
      for (int i = start; i < Math.min(count, start + batchSize); i++) {
        batch.add(i % 5 == 0 ? record("n" + i, "s" + (i % 7), "shared") : record("n" + i, "s" + (i % 7)));
      }
      all.addAll(StoreAppends.append(store, batch, RECORD_TIME + start, signer));
    }
    return all;
  }

  protected List<Hash32> storedLeafHashes() {
    List<Hash32> out = new ArrayList<>();
    for (long i = 0; i < store.size(); i++) {
      out.add(ReferenceMerkle.leafHash(store.entry(i).leaf()));
    }
    return out;
  }

  protected static LogEntry parse(byte[] leaf) {
    try {
      return LogEntry.parseFrom(leaf);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("stored leaf is not a LogEntry", e);
    }
  }

  protected static List<byte[]> bytes(List<Hash32> hashes) {
    return hashes.stream().map(Hash32::toByteArray).toList();
  }

  protected static List<byte[]> leaves(List<StoredEntry> entries) {
    return entries.stream().map(StoredEntry::leaf).toList();
  }

  protected static LedgerException assertLedgerError(LedgerError want, Executable call) {
    LedgerException e = assertThrows(LedgerException.class, call::execute);
    assertEquals(want, e.error(), () -> "error of: " + e.getMessage());
    return e;
  }

  // ---------------------------------------------------------------- append

  @Test
  void append_emptyStore_startsAtSizeZeroWithEmptyRoot() {
    assertEquals(0, store.size());
    assertEquals(Hash32.fromHex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"), store.head().root());
    assertEquals(Rfc9162.EMPTY_ROOT, store.rootAt(0));
  }

  @Test
  void append_batch_returnsResultsInInputOrderWithSequentialIndexes() {
    List<Appended> first = StoreAppends.append(store, List.of(record("a", "x"), record("b", "y"), record("c", "x")), RECORD_TIME, signer);
    List<Appended> second = StoreAppends.append(store, List.of(record("d", "z"), record("e", "x")), RECORD_TIME + 1, signer);

    assertEquals(List.of(0L, 1L, 2L), first.stream().map(Appended::index).toList());
    assertEquals(List.of(3L, 4L), second.stream().map(Appended::index).toList());
    List<Appended> all = new ArrayList<>(first);
    all.addAll(second);
    for (Appended a : all) {
      assertFalse(a.duplicate(), "a new record is not a duplicate");
      StoredEntry e = store.entry(a.index());
      assertEquals(a.index(), e.index());
      assertEquals(ReferenceMerkle.leafHash(e.leaf()), a.leafHash(), "leaf hash is SHA-256(0x00 || stored leaf)");
      assertEquals(Rfc9162.leafHash(e.leaf()), e.leafHash());
    }
    assertEquals(5, store.size());
  }

  @Test
  void append_storesLogEntryWithIndexRecordTimeLinksAndExactRecordBytes() {
    PendingRecord a = record("a", "x", "y");
    PendingRecord b = record("b", "y");
    StoreAppends.append(store, List.of(a, b), RECORD_TIME, signer);

    LogEntry e0 = parse(store.entry(0).leaf());
    assertEquals(0, e0.getIndex());
    assertEquals(RECORD_TIME, e0.getRecordTimeUnixMillis());
    assertArrayEquals(a.signedRecord(), e0.getSignedRecord().toByteArray(), "the signed record is stored unchanged");
    assertEquals(List.of("x", "y"), e0.getLinksList().stream().map(SubjectLink::getSubject).toList(),
        "one link per subject, in the record's order");
    assertTrue(e0.getLinks(0).getPreviousLeafHash().isEmpty(), "a subject's first entry links to nothing");

    LogEntry e1 = parse(store.entry(1).leaf());
    assertEquals(1, e1.getIndex());
    assertArrayEquals(store.entry(0).leafHash().toByteArray(), e1.getLinks(0).getPreviousLeafHash().toByteArray(),
        "within one batch, y's second entry links to its first");
  }

  @Test
  void head_afterManyBatches_rootEqualsReferenceRootOfStoredLeaves() {
    int total = 0;
    for (int batch = 1; batch <= 12; batch++) {
      List<PendingRecord> rs = new ArrayList<>();
      for (int i = 0; i < batch; i++) {
        rs.add(record("b" + batch + "-" + i, "s" + (i % 3)));
      }
      StoreAppends.append(store, rs, RECORD_TIME, signer);
      total += batch;
      assertEquals(total, store.size());
      assertEquals(ReferenceMerkle.root(storedLeafHashes()), store.head().root(), "root at size " + total);
    }
  }

  @Test
  void rootAt_everyEarlierSize_equalsReferenceRootOfThatPrefix() {
    appendMany(70, 9);
    List<Hash32> leaves = storedLeafHashes();
    for (int size = 0; size <= leaves.size(); size++) {
      assertEquals(ReferenceMerkle.root(leaves.subList(0, size)), store.rootAt(size), "root at size " + size);
    }
  }

  @Test
  void inclusionProof_everyIndexAndSizeOfAFewHundredEntries_verifies() throws VerificationException {
    int n = 300;
    appendMany(n, 37);
    List<Hash32> leaves = storedLeafHashes();
    List<Hash32> roots = referenceRoots(leaves);
    for (int size = 1; size <= n; size++) {
      for (int index = 0; index < size; index++) {
        List<byte[]> proof = bytes(store.inclusionProof(index, size));
        MerkleVerifier.verifyInclusion(index, size, leaves.get(index), proof, roots.get(size));
      }
    }
  }

  @Test
  void inclusionProof_matchesReferencePathExactly() {
    appendMany(300, 64);
    List<Hash32> leaves = storedLeafHashes();
    for (int size : new int[] {1, 2, 3, 4, 5, 7, 8, 9, 31, 32, 33, 127, 128, 129, 255, 256, 257, 300}) {
      List<Hash32> prefix = leaves.subList(0, size);
      for (int index = 0; index < size; index++) {
        assertEquals(ReferenceMerkle.inclusionProof(index, prefix), store.inclusionProof(index, size),
            "PATH(" + index + ", D[0:" + size + "])");
      }
    }
  }

  @Test
  void consistencyProof_everyPairOfSizes_verifies() throws VerificationException {
    int n = 300;
    appendMany(n, 41);
    List<Hash32> roots = referenceRoots(storedLeafHashes());
    for (int to = 0; to <= n; to++) {
      assertEquals(List.of(), store.consistencyProof(0, to), "nothing to prove from the empty tree");
      for (int from = 1; from <= to; from++) {
        List<byte[]> proof = bytes(store.consistencyProof(from, to));
        MerkleVerifier.verifyConsistency(from, to, roots.get(from), roots.get(to), proof);
      }
    }
  }

  @Test
  void consistencyProof_matchesReferenceProofExactly() {
    appendMany(260, 50);
    List<Hash32> leaves = storedLeafHashes();
    for (int to : new int[] {1, 2, 3, 7, 8, 9, 63, 64, 65, 128, 129, 200, 256, 260}) {
      for (int from = 0; from <= to; from++) {
        assertEquals(ReferenceMerkle.consistencyProof(from, leaves.subList(0, to)), store.consistencyProof(from, to),
            "PROOF(" + from + ", D[0:" + to + "])");
      }
    }
  }

  @Test
  void consistencyProof_fromEveryBatchCheckpointToTheHead_verifiesAgainstTheSignedRoots() throws Exception {
    appendMany(120, 17);
    TreeHead head = store.head();
    for (TreeHead old : signer.signed) {
      Checkpoint cp = CheckpointVerifier.verify(store.checkpoint(old.size()).orElseThrow(), ORIGIN,
          List.of(NODE.verifier()), 1).checkpoint();
      MerkleVerifier.verifyConsistency(cp.size(), head.size(), cp.root(), head.root(),
          bytes(store.consistencyProof(cp.size(), head.size())));
    }
  }

  private static List<Hash32> referenceRoots(List<Hash32> leaves) {
    List<Hash32> roots = new ArrayList<>();
    for (int size = 0; size <= leaves.size(); size++) {
      roots.add(ReferenceMerkle.root(leaves.subList(0, size)));
    }
    return roots;
  }

  // ---------------------------------------------------------------- de-duplication

  @Test
  void append_sameRecordInLaterBatch_returnsFirstIndexAndStoresNothing() {
    List<Appended> first = StoreAppends.append(store, List.of(record("a", "x"), record("b", "x")), RECORD_TIME, signer);
    TreeHead before = store.head();
    Optional<String> latest = store.latestCheckpoint();
    int signatures = signer.signed.size();

    List<Appended> again = StoreAppends.append(store, List.of(record("b", "x")), RECORD_TIME + 5, signer);

    assertEquals(List.of(new Appended(1, first.get(1).leafHash(), true)), again);
    assertEquals(before, store.head(), "size and root unchanged");
    assertEquals(signatures, signer.signed.size(), "no new checkpoint signed");
    assertEquals(latest, store.latestCheckpoint());
    assertEquals(Optional.empty(), store.checkpoint(before.size() + 1));
    assertEquals(2, store.subjectHistory("x", 0, 100).size(), "no extra chain link for x");
  }

  @Test
  void append_sameIdentityWithOtherBytes_isDuplicateOfFirst() {
    // A record re-submitted with an extra co-signature has the same body, so the same identity.
    StoreAppends.append(store, List.of(record("a", "x")), RECORD_TIME, signer);
    PendingRecord resubmitted = new PendingRecord("other bytes, same body".getBytes(StandardCharsets.UTF_8), identity("a"),
        List.of("x"));
    Appended again = StoreAppends.append(store, List.of(resubmitted), RECORD_TIME, signer).get(0);
    assertTrue(again.duplicate());
    assertEquals(0, again.index());
    assertEquals(1, store.size());
    assertArrayEquals(record("a", "x").signedRecord(), parse(store.entry(0).leaf()).getSignedRecord().toByteArray(),
        "the first bytes stay");
  }

  @Test
  void append_sameRecordTwiceInOneBatch_secondReturnsFirstIndexAndIsNotStored() {
    StoreAppends.append(store, List.of(record("old", "x")), RECORD_TIME, signer);
    List<Appended> results = StoreAppends.append(store, 
        List.of(record("a", "x"), record("b", "y"), record("a", "x"), record("c", "x")), RECORD_TIME, signer);

    assertEquals(List.of(1L, 2L, 1L, 3L), results.stream().map(Appended::index).toList());
    assertEquals(List.of(false, false, true, false), results.stream().map(Appended::duplicate).toList());
    assertEquals(results.get(0).leafHash(), results.get(2).leafHash());
    assertEquals(4, store.size());
    assertEquals(List.of(1L, 4L), signer.signed.stream().map(TreeHead::size).toList(), "one checkpoint per batch");
    List<StoredEntry> x = store.subjectHistory("x", 0, 100);
    assertEquals(List.of(0L, 1L, 3L), x.stream().map(StoredEntry::index).toList());
  }

  @Test
  void append_batchOfOnlyDuplicates_writesNothing() {
    StoreAppends.append(store, List.of(record("a", "x"), record("b", "y")), RECORD_TIME, signer);
    TreeHead before = store.head();
    Optional<String> latest = store.latestCheckpoint();
    signer.signed.clear();

    List<Appended> results = StoreAppends.append(store, List.of(record("b", "y"), record("a", "x"), record("b", "y")), RECORD_TIME, signer);

    assertEquals(List.of(1L, 0L, 1L), results.stream().map(Appended::index).toList());
    assertTrue(results.stream().allMatch(Appended::duplicate));
    assertEquals(before, store.head());
    assertEquals(List.of(), signer.signed, "nothing to sign");
    assertEquals(latest, store.latestCheckpoint());
    assertEquals(ReferenceMerkle.root(storedLeafHashes()), store.head().root());
  }

  @Test
  void append_emptyBatch_writesNothing() {
    StoreAppends.append(store, List.of(record("a", "x")), RECORD_TIME, signer);
    TreeHead before = store.head();
    signer.signed.clear();
    assertEquals(List.of(), StoreAppends.append(store, List.of(), RECORD_TIME, signer));
    assertEquals(before, store.head());
    assertEquals(List.of(), signer.signed);
  }

  @Test
  void append_duplicateWithinBatchOfNewSubjects_laterEntriesLinkToTheFirstCopy() throws VerificationException {
    List<Appended> r = StoreAppends.append(store, List.of(record("a", "new1", "new2"), record("a", "new1", "new2"), record("b", "new2"),
        record("a", "new1", "new2"), record("c", "new1")), RECORD_TIME, signer);

    assertEquals(List.of(0L, 0L, 1L, 0L, 2L), r.stream().map(Appended::index).toList());
    assertEquals(List.of(false, true, false, true, false), r.stream().map(Appended::duplicate).toList());
    assertEquals(3, store.size());
    assertArrayEquals(r.get(0).leafHash().toByteArray(), parse(store.entry(1).leaf()).getLinks(0).getPreviousLeafHash().toByteArray(),
        "b links new2 to a, not to a's duplicate");
    assertArrayEquals(r.get(0).leafHash().toByteArray(), parse(store.entry(2).leaf()).getLinks(0).getPreviousLeafHash().toByteArray(),
        "c links new1 to a");

    // The next batch continues from the heads the first batch left.
    StoreAppends.append(store, List.of(record("d", "new2", "new1")), RECORD_TIME, signer);
    LogEntry d = parse(store.entry(3).leaf());
    assertArrayEquals(r.get(2).leafHash().toByteArray(), d.getLinks(0).getPreviousLeafHash().toByteArray(), "new2 after b");
    assertArrayEquals(r.get(4).leafHash().toByteArray(), d.getLinks(1).getPreviousLeafHash().toByteArray(), "new1 after c");
    assertEquals(List.of(0L, 2L, 3L), store.subjectHistory("new1", 0, 100).stream().map(StoredEntry::index).toList());
    SubjectChain.verify("new1", leaves(store.subjectHistory("new1", 0, 100)));
    SubjectChain.verify("new2", leaves(store.subjectHistory("new2", 0, 100)));
    store.verifyAll(n -> {});
  }

  @Test
  void append_manySubjectsOverManyBatches_everyLinkIsThatSubjectsPreviousEntry() {
    // A reference model of the chain heads, kept by the test from the leaf hashes the store returned.
    Map<String, Hash32> heads = new java.util.HashMap<>();
    java.util.Random random = new java.util.Random(7);
    int n = 0;
    for (int b = 0; b < 25; b++) {
      List<PendingRecord> batch = new ArrayList<>();
      for (int i = 0; i < 1 + random.nextInt(40); i++) {
        String fresh = "item-" + n;
        String shared = "lot-" + random.nextInt(12);
        batch.add(random.nextInt(4) == 0 ? record("m" + n, shared) : record("m" + n, fresh, shared));
        if (n > 0 && random.nextInt(10) == 0) {
          batch.add(record("m" + random.nextInt(n), "ignored")); // a duplicate: its subjects do not matter
        }
        n++;
      }
      List<Appended> results = StoreAppends.append(store, batch, RECORD_TIME, signer);
      for (int i = 0; i < batch.size(); i++) {
        Appended a = results.get(i);
        if (a.duplicate()) {
          continue;
        }
        LogEntry e = parse(store.entry(a.index()).leaf());
        for (SubjectLink link : e.getLinksList()) {
          Hash32 want = heads.get(link.getSubject());
          assertArrayEquals(want == null ? new byte[0] : want.toByteArray(), link.getPreviousLeafHash().toByteArray(),
              () -> "entry " + a.index() + ", subject " + link.getSubject());
        }
        for (SubjectLink link : e.getLinksList()) {
          heads.put(link.getSubject(), a.leafHash());
        }
      }
    }
    store.verifyAll(x -> {});
  }

  @Test
  void indexOfRecord_storedAndUnknownRecords() {
    appendMany(10, 4);
    assertEquals(OptionalLong.of(7), store.indexOfRecord(identity("n7")));
    assertEquals(OptionalLong.empty(), store.indexOfRecord(identity("never appended")));
  }

  // ---------------------------------------------------------------- per-subject chains

  @Test
  void subjectHistory_returnsOnlyThatSubjectsEntriesInOrder() {
    StoreAppends.append(store, List.of(record("1", "s1"), record("2", "s10"), record("3", "s1", "s10")), RECORD_TIME, signer);
    StoreAppends.append(store, List.of(record("4", "s10"), record("5", "other"), record("6", "s1")), RECORD_TIME, signer);

    assertEquals(List.of(0L, 2L, 5L), indexes(store.subjectHistory("s1", 0, 100)), "s1 is not confused with s10");
    assertEquals(List.of(1L, 2L, 3L), indexes(store.subjectHistory("s10", 0, 100)));
    assertEquals(List.of(4L), indexes(store.subjectHistory("other", 0, 100)));
    assertEquals(List.of(), store.subjectHistory("s", 0, 100));
    assertEquals(List.of(), store.subjectHistory("unknown", 0, 100));
  }

  @Test
  void subjectHistory_everySubject_isAcceptedBySubjectChain() throws VerificationException {
    appendMany(150, 23);
    for (int s = 0; s < 7; s++) {
      List<StoredEntry> history = store.subjectHistory("s" + s, 0, 1000);
      assertFalse(history.isEmpty());
      SubjectChain.verify("s" + s, leaves(history));
      for (StoredEntry e : history) {
        assertArrayEquals(store.entry(e.index()).leaf(), e.leaf());
        assertEquals(Rfc9162.leafHash(e.leaf()), e.leafHash());
      }
    }
    List<StoredEntry> shared = store.subjectHistory("shared", 0, 1000);
    assertEquals(30, shared.size());
    SubjectChain.verify("shared", leaves(shared));
  }

  @Test
  void subjectHistory_fromIndexAndLimit_returnsThatWindow() {
    appendMany(70, 10);
    // s3 is at indexes 3, 10, 17, 24, 31, ...
    assertEquals(List.of(17L, 24L, 31L), indexes(store.subjectHistory("s3", 11, 3)));
    assertEquals(List.of(17L), indexes(store.subjectHistory("s3", 17, 1)));
    assertEquals(List.of(), store.subjectHistory("s3", 67, 10));
    assertEquals(List.of(), store.subjectHistory("s3", 0, 0));
  }

  @Test
  void subjectChain_reorderedHistory_isRejectedAsChainBroken() {
    appendMany(40, 8);
    List<byte[]> history = new ArrayList<>(leaves(store.subjectHistory("s2", 0, 100)));
    Collections.swap(history, 1, 2);
    assertChainBroken("s2", history);
  }

  @Test
  void subjectChain_droppedMiddleEntry_isRejectedAsChainBroken() {
    appendMany(40, 8);
    List<byte[]> history = new ArrayList<>(leaves(store.subjectHistory("s2", 0, 100)));
    history.remove(2);
    assertChainBroken("s2", history);
  }

  @Test
  void subjectChain_historyWithoutItsFirstEntry_isRejectedAsChainBroken() {
    appendMany(40, 8);
    List<byte[]> history = new ArrayList<>(leaves(store.subjectHistory("s2", 0, 100)));
    history.remove(0);
    assertChainBroken("s2", history);
  }

  @Test
  void subjectChain_entryOfAnotherSubject_isRejectedAsChainBroken() {
    appendMany(40, 8);
    List<byte[]> history = new ArrayList<>(leaves(store.subjectHistory("s2", 0, 100)));
    history.add(store.subjectHistory("s4", 39, 1).get(0).leaf());
    assertChainBroken("s2", history);
  }

  @Test
  void subjectChain_tamperedEarlierEntry_isRejectedAsChainBroken() {
    appendMany(40, 8);
    List<byte[]> history = new ArrayList<>(leaves(store.subjectHistory("s2", 0, 100)));
    LogEntry second = parse(history.get(1));
    history.set(1, second.toBuilder().setRecordTimeUnixMillis(second.getRecordTimeUnixMillis() + 1).build().toByteArray());
    assertChainBroken("s2", history);
  }

  private static void assertChainBroken(String subject, List<byte[]> history) {
    VerificationException e = assertThrows(VerificationException.class, () -> SubjectChain.verify(subject, history));
    assertEquals(Failure.CHAIN_BROKEN, e.failure(), e::getMessage);
  }

  private static List<Long> indexes(List<StoredEntry> entries) {
    return entries.stream().map(StoredEntry::index).toList();
  }

  // ---------------------------------------------------------------- ranges

  @Test
  void entry_outOfRange_isIndexOutOfRange() {
    assertLedgerError(LedgerError.INDEX_OUT_OF_RANGE, () -> store.entry(0));
    appendMany(5, 5);
    assertLedgerError(LedgerError.INDEX_OUT_OF_RANGE, () -> store.entry(5));
    assertLedgerError(LedgerError.INDEX_OUT_OF_RANGE, () -> store.entry(-1));
    assertLedgerError(LedgerError.INDEX_OUT_OF_RANGE, () -> store.entry(Long.MAX_VALUE));
    assertDoesNotThrow(() -> store.entry(4));
  }

  @Test
  void rootAt_beyondTheHeadOrNegative_isTreeSizeOutOfRange() {
    appendMany(5, 5);
    assertLedgerError(LedgerError.TREE_SIZE_OUT_OF_RANGE, () -> store.rootAt(6));
    assertLedgerError(LedgerError.TREE_SIZE_OUT_OF_RANGE, () -> store.rootAt(-1));
  }

  @Test
  void subtreeHash_everyPerfectSubtreeInTheTree_equalsTheReferenceRootOfItsLeaves() {
    appendMany(37, 6);
    List<Hash32> leaves = storedLeafHashes();
    for (int level = 0; (1 << level) <= leaves.size(); level++) {
      int width = 1 << level;
      for (int index = 0; (index + 1) * width <= leaves.size(); index++) {
        assertEquals(ReferenceMerkle.root(leaves.subList(index * width, (index + 1) * width)),
            store.subtreeHash(new NodeId(level, index)), "level " + level + " index " + index);
      }
    }
  }

  @Test
  void subtreeHash_reachingPastTheTree_isTreeSizeOutOfRange() {
    appendMany(5, 5);
    assertLedgerError(LedgerError.TREE_SIZE_OUT_OF_RANGE, () -> store.subtreeHash(new NodeId(0, 5)));
    assertLedgerError(LedgerError.TREE_SIZE_OUT_OF_RANGE, () -> store.subtreeHash(new NodeId(1, 2)));
    assertLedgerError(LedgerError.TREE_SIZE_OUT_OF_RANGE, () -> store.subtreeHash(new NodeId(3, 0)));
  }

  @Test
  void durableSize_coversSyncedCommitsAtOnce_andCommitsWithAPositionOnlyAfterSync() {
    appendMany(4, 2);
    assertEquals(4, store.durableSize(), "a commit without a position is synced before it returns");
    StoreAppends.append(store, List.of(record("p1", "s1"), record("p2", "s2")), RECORD_TIME, signer, new LogPosition(1, 7));
    assertEquals(6, store.size());
    assertEquals(4, store.durableSize(), "a commit with a position is not synced on its own");
    store.sync();
    assertEquals(6, store.durableSize());
    StoreAppends.append(store, List.of(record("p3", "s1")), RECORD_TIME, signer, new LogPosition(1, 8));
    StoreAppends.append(store, List.of(record("n9", "s3")), RECORD_TIME, signer);
    assertEquals(8, store.durableSize(), "a synced commit covers the unsynced ones before it");
  }

  @Test
  void inclusionProof_outOfRange_isRefusedWithTheRightError() {
    appendMany(5, 5);
    assertLedgerError(LedgerError.TREE_SIZE_OUT_OF_RANGE, () -> store.inclusionProof(0, 6));
    assertLedgerError(LedgerError.INDEX_OUT_OF_RANGE, () -> store.inclusionProof(3, 3));
    assertLedgerError(LedgerError.INDEX_OUT_OF_RANGE, () -> store.inclusionProof(-1, 5));
    assertLedgerError(LedgerError.INDEX_OUT_OF_RANGE, () -> store.inclusionProof(0, 0));
  }

  @Test
  void consistencyProof_outOfRange_isRefusedWithTheRightError() {
    appendMany(5, 5);
    assertLedgerError(LedgerError.TREE_SIZE_OUT_OF_RANGE, () -> store.consistencyProof(1, 6));
    assertLedgerError(LedgerError.INVALID_ARGUMENT, () -> store.consistencyProof(4, 3));
    assertLedgerError(LedgerError.INVALID_ARGUMENT, () -> store.consistencyProof(-1, 3));
  }

  // ---------------------------------------------------------------- checkpoints

  @Test
  void checkpoints_emptyStore_hasNone() {
    assertEquals(Optional.empty(), store.latestCheckpoint());
    assertEquals(Optional.empty(), store.checkpoint(0));
  }

  @Test
  void checkpoints_oneSignedPerBatchAtItsSize_latestIsTheLast() throws VerificationException {
    appendMany(25, 10);
    assertEquals(List.of(10L, 20L, 25L), signer.signed.stream().map(TreeHead::size).toList());
    for (TreeHead h : signer.signed) {
      String note = store.checkpoint(h.size()).orElseThrow();
      assertEquals(note(h), note);
      Checkpoint cp = CheckpointVerifier.verify(note, ORIGIN, List.of(NODE.verifier()), 1).checkpoint();
      assertEquals(store.rootAt(h.size()), cp.root());
    }
    assertEquals(Optional.empty(), store.checkpoint(15), "no checkpoint inside a batch");
    assertEquals(Optional.empty(), store.checkpoint(26));
    assertEquals(store.checkpoint(25), store.latestCheckpoint());
    assertEquals(note(store.head()), store.latestCheckpoint().orElseThrow());
  }

  @Test
  void append_withoutSigner_storesNoCheckpoint() {
    StoreAppends.append(store, List.of(record("a", "x")), RECORD_TIME, null);
    assertEquals(1, store.size());
    assertEquals(Optional.empty(), store.checkpoint(1));
    assertEquals(Optional.empty(), store.latestCheckpoint());
  }

  @Test
  void putCheckpoint_differentRootForSignedSize_isConflictAndKeepsTheStoredNote() {
    appendMany(8, 4);
    TreeHead signedHead = new TreeHead(4, store.rootAt(4));
    String stored = store.checkpoint(4).orElseThrow();
    TreeHead forged = new TreeHead(4, signedHead.root().withBitFlipped(0));

    assertLedgerError(LedgerError.CHECKPOINT_CONFLICT, () -> store.putCheckpoint(forged, note(forged)));

    assertEquals(stored, store.checkpoint(4).orElseThrow());
    assertEquals(store.checkpoint(8), store.latestCheckpoint());
  }

  @Test
  void putCheckpoint_rootThatIsNotThisLogs_isConflictAndStoresNothing() {
    StoreAppends.append(store, List.of(record("a", "x"), record("b", "x")), RECORD_TIME, null);
    TreeHead forged = new TreeHead(1, store.rootAt(1).withBitFlipped(255));
    assertLedgerError(LedgerError.CHECKPOINT_CONFLICT, () -> store.putCheckpoint(forged, note(forged)));
    assertEquals(Optional.empty(), store.checkpoint(1));
  }

  @Test
  void putCheckpoint_earlierSizeWithItsRoot_isStoredButIsNotTheLatest() {
    StoreAppends.append(store, List.of(record("a", "x"), record("b", "x"), record("c", "x")), RECORD_TIME, signer);
    TreeHead earlier = new TreeHead(2, store.rootAt(2));
    store.putCheckpoint(earlier, note(earlier));
    assertEquals(Optional.of(note(earlier)), store.checkpoint(2));
    assertEquals(store.checkpoint(3), store.latestCheckpoint());
  }

  @Test
  void putCheckpoint_sameRootAgain_replacesTheNote() {
    // How cosignatures are kept: the same checkpoint with more signature lines.
    StoreAppends.append(store, List.of(record("a", "x")), RECORD_TIME, signer);
    TreeHead head = store.head();
    NoteSigner peer = new NoteSigner("peer", SigningKey.fromSeed(new byte[] {
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32}));
    Checkpoint cp = new Checkpoint(ORIGIN, head.size(), head.root());
    String cosigned = NODE.sign(cp).merge(peer.sign(cp)).format();
    store.putCheckpoint(head, cosigned);
    assertEquals(Optional.of(cosigned), store.checkpoint(1));
    assertEquals(Optional.of(cosigned), store.latestCheckpoint());
  }

  @Test
  void putCheckpoint_beyondTheHead_isTreeSizeOutOfRange() {
    appendMany(3, 3);
    TreeHead ahead = new TreeHead(4, store.head().root());
    assertLedgerError(LedgerError.TREE_SIZE_OUT_OF_RANGE, () -> store.putCheckpoint(ahead, note(ahead)));
    assertEquals(Optional.empty(), store.checkpoint(4));
  }

  @Test
  void verifyAll_intactStore_reportsTheSizeAsProgress() {
    appendMany(33, 7);
    List<Long> progress = new ArrayList<>();
    store.verifyAll(progress::add);
    assertEquals(33L, progress.get(progress.size() - 1));
  }

  // ---------------------------------------------------------------- closing

  @Test
  void closedStore_everyCallIsRefusedAsClosed() {
    appendMany(4, 4);
    TreeHead head = store.head();
    store.close();
    Map<String, Executable> calls = new java.util.LinkedHashMap<>();
    calls.put("head", store::head);
    calls.put("size", store::size);
    calls.put("rootAt", () -> store.rootAt(2));
    calls.put("rootAt(0)", () -> store.rootAt(0));
    calls.put("append", () -> StoreAppends.append(store, List.of(record("z", "x")), RECORD_TIME, signer));
    calls.put("append duplicate", () -> StoreAppends.append(store, List.of(record("n1", "s1")), RECORD_TIME, signer));
    calls.put("append empty", () -> StoreAppends.append(store, List.of(), RECORD_TIME, signer));
    calls.put("entry", () -> store.entry(1));
    calls.put("inclusionProof", () -> store.inclusionProof(1, 4));
    calls.put("consistencyProof", () -> store.consistencyProof(1, 4));
    calls.put("consistencyProof(0, 0)", () -> store.consistencyProof(0, 0));
    calls.put("subjectHistory", () -> store.subjectHistory("s1", 0, 10));
    calls.put("indexOfRecord", () -> store.indexOfRecord(identity("n1")));
    calls.put("putCheckpoint", () -> store.putCheckpoint(head, note(head)));
    calls.put("checkpoint", () -> store.checkpoint(4));
    calls.put("latestCheckpoint", store::latestCheckpoint);
    calls.put("verifyAll", () -> store.verifyAll(n -> {}));
    List<String> notRefused = new ArrayList<>();
    calls.forEach((name, call) -> {
      try {
        call.execute();
        notRefused.add(name + " (returned normally)");
      } catch (LedgerException e) {
        if (e.error() != LedgerError.CLOSED) {
          notRefused.add(name + " (" + e.error() + ")");
        }
      } catch (Throwable t) {
        notRefused.add(name + " (" + t + ")");
      }
    });
    assertEquals(List.of(), notRefused, "calls on a closed store that were not refused as CLOSED");
    assertDoesNotThrow(() -> store.close(), "close is idempotent");
  }

  // ---------------------------------------------------------------- one writer at a time

  @Test
  void commit_ofABatchPreparedBeforeAnotherCommit_isRefused_andWritesNothing() {
    appendMany(3, 3);
    LedgerStore.PreparedAppend stale = store.prepare(List.of(record("stale", "x")), RECORD_TIME);
    LedgerStore.PreparedAppend current = store.prepare(List.of(record("current", "x")), RECORD_TIME);
    store.commit(current, note(current.head()), null);
    TreeHead head = store.head();
    assertThrows(IllegalStateException.class, () -> store.commit(stale, note(stale.head()), null));
    assertThrows(IllegalStateException.class, () -> store.commit(current, note(current.head()), null), "used once");
    assertEquals(head, store.head());
    assertEquals(java.util.OptionalLong.empty(), store.indexOfRecord(identity("stale")));
    assertDoesNotThrow(() -> store.verifyAll(n -> {}));
  }

  @Test
  void preparedBatch_isInvisibleUntilCommitted() {
    appendMany(3, 3);
    TreeHead before = store.head();
    LedgerStore.PreparedAppend prepared = store.prepare(List.of(record("p", "x")), RECORD_TIME);
    assertEquals(4, prepared.head().size());
    assertEquals(before, store.head());
    assertEquals(java.util.OptionalLong.empty(), store.indexOfRecord(identity("p")));
    assertEquals(0, store.subjectHistory("x", 0, 10).size());
    store.commit(prepared, null, null);
    assertEquals(1, store.subjectHistory("x", 0, 10).size());
    assertEquals(prepared.head(), store.head());
    assertEquals(java.util.OptionalLong.of(3), store.indexOfRecord(identity("p")));
  }

  // Writers on several threads take turns (as the ledger's write lock makes them); readers and
  // full verification run beside them.
  @Test
  void appendsFromSeveralThreads_storeEachRecordOnce_inOneVerifiableTree() throws Exception {
    int threads = 4;
    int batches = 25;
    int perBatch = 20;
    // Every thread also submits the same 40 shared records, so the threads race to store them.
    List<PendingRecord> shared = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      shared.add(record("shared-" + i, "lot-" + (i % 3), "shared-item-" + i));
    }
    List<List<PendingRecord>> submitted = Collections.synchronizedList(new ArrayList<>());
    List<List<Appended>> answered = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        running.add(pool.submit(() -> {
          for (int b = 0; b < batches; b++) {
            List<PendingRecord> batch = new ArrayList<>();
            for (int i = 0; i < perBatch; i++) {
              batch.add(i % 10 == 0 ? shared.get((b * 2 + i / 10 + thread) % shared.size())
                  : record(thread + "/" + b + "/" + i, "lot-" + (i % 3), "item-" + thread + "-" + b + "-" + i));
            }
            List<Appended> results;
            synchronized (store) {
              results = StoreAppends.append(store, batch, RECORD_TIME + b, signer);
              // Recorded under the same lock, so that submitted and answered stay pairwise aligned.
              submitted.add(batch);
              answered.add(results);
            }
            // Answered only once durable, so everything it names is readable now.
            for (Appended a : results) {
              assertTrue(a.index() < store.size(), "answered index " + a.index() + " is below the published size");
            }
          }
          return null;
        }));
      }
      for (Future<?> f : running) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    // Each distinct record has exactly one index, stored once, whatever thread or batch asked.
    Map<Hash32, Appended> first = new HashMap<>();
    Map<Long, PendingRecord> atIndex = new HashMap<>();
    int stored = 0;
    for (int b = 0; b < submitted.size(); b++) {
      for (int i = 0; i < submitted.get(b).size(); i++) {
        PendingRecord r = submitted.get(b).get(i);
        Appended a = answered.get(b).get(i);
        Appended earlier = first.putIfAbsent(r.recordHash(), a);
        if (earlier != null) {
          assertEquals(earlier.index(), a.index(), "two indexes for one record");
          assertEquals(earlier.leafHash(), a.leafHash());
        }
        if (!a.duplicate()) {
          stored++;
          assertEquals(null, atIndex.put(a.index(), r), "index " + a.index() + " given to two records");
        }
      }
    }
    assertEquals(first.size(), stored, "each distinct record stored exactly once");
    assertEquals(first.size(), store.size(), "the tree holds exactly the distinct records");
    for (Map.Entry<Long, PendingRecord> e : atIndex.entrySet()) {
      StoredEntry entry = store.entry(e.getKey());
      assertArrayEquals(e.getValue().signedRecord(), parse(entry.leaf()).getSignedRecord().toByteArray());
      assertEquals(first.get(e.getValue().recordHash()).leafHash(), entry.leafHash());
    }
    assertEquals(ReferenceMerkle.root(storedLeafHashes()), store.head().root());
    assertDoesNotThrow(() -> store.verifyAll(n -> {}));
    // The subjects every thread wrote to still form one unbroken chain each.
    for (String lot : List.of("lot-0", "lot-1", "lot-2")) {
      List<StoredEntry> history = store.subjectHistory(lot, 0, Integer.MAX_VALUE);
      long naming = atIndex.values().stream().filter(r -> r.subjects().contains(lot)).count();
      assertEquals(naming, history.size(), lot + ": every entry naming it is in its history");
      assertDoesNotThrow(() -> SubjectChain.verify(lot, leaves(history)), lot);
    }
    // The latest checkpoint is the one for the final tree.
    assertEquals(note(store.head()), store.latestCheckpoint().orElseThrow());
  }

  @Test
  void leafHashes_differForDifferentRecords() {
    List<Appended> r = StoreAppends.append(store, List.of(record("a", "x"), record("b", "x")), RECORD_TIME, signer);
    assertNotEquals(r.get(0).leafHash(), r.get(1).leafHash());
  }
}
