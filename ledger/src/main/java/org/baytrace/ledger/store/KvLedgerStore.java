package org.baytrace.ledger.store;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import org.baytrace.api.ledger.v1.LogEntry;
import org.baytrace.api.ledger.v1.SubjectLink;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.crypto.Sha256;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.merkle.Frontier;
import org.baytrace.ledger.merkle.NodeId;
import org.baytrace.ledger.merkle.ProofPlan;
import org.baytrace.ledger.merkle.Rfc9162;

/**
 * {@link LedgerStore} over a {@link KvStore}: the same code for RocksDB and memory. The single
 * writer owns the frontier and the subject chain heads; readers go to the key-value store and
 * see only what lies below the published tree head.
 */
final class KvLedgerStore implements LedgerStore {
  private static final byte[] META_TREE_HEAD = bytes("tree-head");
  private static final byte[] META_FORMAT = bytes("format");
  private static final byte[] META_APPLIED_POSITION = bytes("applied-position");
  // Tree size up to which every entry, subtree hash and subject row was verified (by a start, a
  // scrub or fsck): a start verifies only what lies above it.
  private static final byte[] META_VERIFIED_SIZE = bytes("verified-size");
  // Format 3 keyed subtree hashes by the last leaf they cover, so that they are written in key
  // order; format 4 keys subject rows by a hash prefix of the subject and drops the separate
  // head rows (a subject's last row is its head). Older stores are refused: none was ever deployed.
  static final String FORMAT_PREFIX = "baytrace-ledger-store/";
  private static final byte[] FORMAT = bytes(FORMAT_PREFIX + FORMAT_VERSION);
  private static final int SUBJECT_PREFIX_LENGTH = Column.SUBJECTS.prefixLength;
  private static final int SUBJECT_KEY_LENGTH = SUBJECT_PREFIX_LENGTH + 8;
  private static final byte[] NO_KEY = new byte[0];
  /** Upper bound of a scan of all subject rows, valid or not (keys are 24 bytes). */
  private static final byte[] AFTER_ALL_SUBJECT_KEYS = allOnes(SUBJECT_KEY_LENGTH + 1);
  private static final int VERIFY_CHUNK = 1024;
  private static final int PROGRESS_EVERY = 10_000;
  private static final int HEAD_CACHE_SIZE = 100_000;

  private final KvStore kv;
  private final String name;
  // An append passes three stages, so that one batch can be staged while the one before it is
  // written and the one before that is being synced:
  //  1. stage (under writeLock, in turn): indexes, chain links, hashes and rows; takes a ticket;
  //  2. write (in ticket order): the rows go to the key-value store, not yet synced;
  //  3. sync (group commit): one sync makes every batch written so far durable, and only then
  //     is the tree head that readers see published.
  // A batch staged but not yet written is invisible to the key-value store, so the next batch
  // looks up record hashes and chain heads in the in-flight batches first.
  private final Object writeLock = new Object();
  private final Object writeOrder = new Object();
  private final Object syncLock = new Object();
  private volatile TreeHead head; // published: below it, every row is written (and synced unless with a position)
  private volatile boolean closed;
  private volatile LedgerException failed; // a failed write or sync: every later append fails
  private Frontier frontier; // guarded by writeLock; includes staged batches
  private TreeHead stagedHead; // guarded by writeLock: the head the frontier reaches
  private volatile long lastTicket; // written under writeLock
  private final AtomicInteger appending = new AtomicInteger(); // calls of append in progress
  private volatile Written written = new Written(0, null);
  private Written synced = new Written(0, null); // guarded by syncLock
  // Staged batches not yet written, oldest first: added by stage, removed once written.
  private final List<Staged> inFlight = new CopyOnWriteArrayList<>();
  // Latest leaf hash per subject; guarded by writeLock. Bounded: misses read the subjects column.
  private final Map<String, Hash32> chainHeads = new LinkedHashMap<>(1024, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Hash32> eldest) {
      return size() > HEAD_CACHE_SIZE;
    }
  };

  KvLedgerStore(KvStore kv, String name, boolean verifyAll, LongConsumer progress) {
    this.kv = kv;
    this.name = name;
    byte[] format = kv.get(Column.META, META_FORMAT);
    byte[] storedHead = kv.get(Column.META, META_TREE_HEAD);
    if (format == null && storedHead == null) {
      KvBatch init = new KvBatch();
      init.put(Column.META, META_FORMAT, FORMAT);
      init.put(Column.META, META_TREE_HEAD, encodeHead(new TreeHead(0, Rfc9162.EMPTY_ROOT)));
      kv.write(init);
      storedHead = kv.get(Column.META, META_TREE_HEAD);
    } else if (format != null && formatVersionOf(new String(format, StandardCharsets.UTF_8)) == FORMAT_VERSION - 1) {
      throw new LedgerException(LedgerError.STORE_FORMAT_OLD, name + ": store format "
          + new String(format, StandardCharsets.UTF_8) + " is the previous one; this build reads "
          + new String(FORMAT, StandardCharsets.UTF_8) + ": stop the node and run baytrace migrate --data DIR");
    } else if (format == null || !Arrays.equals(format, FORMAT)) {
      throw new LedgerException(LedgerError.STORE_CORRUPT, name + ": unknown store format "
          + (format == null ? "(missing)" : new String(format, StandardCharsets.UTF_8)) + "; this build reads "
          + new String(FORMAT, StandardCharsets.UTF_8) + " and migrates " + FORMAT_PREFIX + (FORMAT_VERSION - 1));
    }
    TreeHead stored = decodeHead(storedHead);
    Frontier loaded;
    try {
      loaded = Frontier.load(stored.size(), this::readNodeForOpen);
    } catch (LedgerException e) {
      throw new LedgerException(LedgerError.STORE_CORRUPT, name + ": tree head at size " + stored.size()
          + " cannot be rebuilt: " + e.getMessage(), e);
    }
    if (!loaded.root().equals(stored.root())) {
      throw new LedgerException(LedgerError.STORE_CORRUPT, name + ": stored tree head root " + stored.root().hex()
          + " at size " + stored.size() + " does not match the stored subtree hashes (" + loaded.root().hex() + ")");
    }
    this.frontier = loaded;
    this.head = stored;
    this.stagedHead = stored;
    this.written = new Written(0, stored);
    this.synced = written;
    checkNewestCheckpoint();
    if (verifyAll) {
      verifyAll(progress);
    } else {
      verifySinceLastVerified(progress);
    }
  }

  // The newest stored checkpoint must be a checkpoint of this tree: its root is the root the
  // stored subtree hashes give at its size (O(log n) reads). A store that lost its tail or was
  // rewritten below a signed checkpoint is caught here, before anything is served or signed.
  private void checkNewestCheckpoint() {
    byte[][] last = kv.last(Column.CHECKPOINTS, longKey(0), longKey(head.size() + 1));
    if (last == null) {
      return;
    }
    long size = ByteBuffer.wrap(last[0]).getLong();
    if (last[1].length < Hash32.LENGTH) {
      throw new LedgerException(LedgerError.STORE_CORRUPT, name + ": checkpoint at size " + size + " is malformed");
    }
    Hash32 signed = Hash32.of(Arrays.copyOf(last[1], Hash32.LENGTH));
    Hash32 actual = ProofPlan.root(size, this::readNode);
    if (!signed.equals(actual)) {
      throw new LedgerException(LedgerError.STORE_CORRUPT, name + ": the newest signed checkpoint (size " + size
          + ") has root " + signed.hex() + ", but the stored tree gives " + actual.hex());
    }
  }

  /** Verifies the entries above the verified-size marker and moves the marker to the tree size. */
  private void verifySinceLastVerified(LongConsumer progress) {
    long from = verifiedSize();
    TreeHead h = head;
    if (from > h.size()) {
      throw new LedgerException(LedgerError.STORE_CORRUPT, name + ": verified size " + from
          + " is beyond the tree size " + h.size());
    }
    if (from == h.size()) {
      return;
    }
    SubjectRowCheck subjectRows = new SubjectRowCheck();
    verifyEntries(from, h, progress, subjectRows);
    subjectRows.checkExpected();
    markVerified(h.size());
    progress.accept(h.size());
  }

  @Override
  public long verifiedSize() {
    byte[] v = kv.get(Column.META, META_VERIFIED_SIZE);
    if (v == null) {
      return 0; // a store verified by no start so far (or of a build before the marker)
    }
    if (v.length != 8) {
      throw new LedgerException(LedgerError.STORE_CORRUPT, name + ": verified size has " + v.length + " bytes, want 8");
    }
    return ByteBuffer.wrap(v).getLong();
  }

  private void markVerified(long size) {
    synchronized (writeLock) {
      if (size <= verifiedSize()) {
        return;
      }
      KvBatch w = new KvBatch();
      w.put(Column.META, META_VERIFIED_SIZE, longKey(size));
      kv.write(w);
    }
  }

  private Hash32 readNodeForOpen(NodeId node) {
    byte[] h = kv.get(Column.TREE, nodeKey(node));
    if (h == null || h.length != Hash32.LENGTH) {
      throw new LedgerException(LedgerError.STORE_CORRUPT,
          "subtree hash level " + node.level() + " index " + node.index() + " is missing or malformed");
    }
    return Hash32.of(h);
  }

  /** The version number of a stored format text ({@code baytrace-ledger-store/4} → 4), or -1. */
  static int formatVersionOf(String text) {
    if (!text.startsWith(FORMAT_PREFIX)) {
      return -1;
    }
    try {
      return Integer.parseInt(text.substring(FORMAT_PREFIX.length()));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public int formatVersion() {
    ensureOpen();
    return FORMAT_VERSION;
  }

  @Override
  public TreeHead head() {
    ensureOpen();
    return head;
  }

  @Override
  public Hash32 rootAt(long size) {
    ensureOpen();
    checkSize("tree size", size, head.size());
    return ProofPlan.root(size, this::readNode);
  }

  @Override
  public Hash32 subtreeHash(NodeId node) {
    ensureOpen();
    long size = head.size();
    long leaves = node.leafCount();
    if (node.level() > 62 || node.index() > (size >>> node.level()) || node.firstLeaf() + leaves > size) {
      throw new LedgerException(LedgerError.TREE_SIZE_OUT_OF_RANGE, "subtree level " + node.level() + " index "
          + node.index() + ": reaches past the tree size " + size);
    }
    return readNode(node);
  }

  /** A subject named in the batch being appended: its key prefix and its chain head so far. */
  private static final class SubjectState {
    final byte[] keyPrefix;
    Hash32 head; // null: no entry names it yet
    long headIndex = -1; // -1: head not changed by this batch
    boolean named; // an entry before this batch names it

    SubjectState(byte[] keyPrefix) {
      this.keyPrefix = keyPrefix;
    }
  }

  /** The last batch written to the key-value store, by ticket, and the tree head it reached. */
  private record Written(long ticket, TreeHead head) {}

  /** A batch that has been staged: its rows, the head it reaches and what it answers. */
  private record Staged(long ticket, KvBatch writes, TreeHead head, List<Appended> results,
      Map<Hash32, Integer> positionOfRecord, Map<String, SubjectState> subjects) {}

  @Override
  public List<Appended> append(List<PendingRecord> batch, long recordTimeUnixMillis, CheckpointSigner signer,
      LogPosition position) {
    ensureOpen();
    appending.incrementAndGet();
    try {
      return appendCounted(batch, recordTimeUnixMillis, signer, position);
    } finally {
      appending.decrementAndGet();
    }
  }

  private List<Appended> appendCounted(List<PendingRecord> batch, long recordTimeUnixMillis, CheckpointSigner signer,
      LogPosition position) {
    Staged staged = stage(batch, recordTimeUnixMillis, signer, position);
    if (staged.writes != null) {
      writeInTurn(staged, position == null);
    }

    // Even an append that stores nothing answers only once what it answers with (an earlier
    // batch's duplicates) is as durable as its own rows would have been.
    if (position == null) {
      awaitDurable(staged.ticket);
    } else {
      awaitWritten(staged.ticket);
      publish(written.head);
    }
    return staged.results;
  }

  private Staged stage(List<PendingRecord> batch, long recordTimeUnixMillis, CheckpointSigner signer,
      LogPosition position) {
    synchronized (writeLock) {
      checkNotFailed();
      int n = batch.size();
      // 1. Which records are new: the first record of each hash in the batch, unless stored or in
      //    a batch still being written. All stored look-ups in one multi-get, made after the
      //    in-flight look-ups: a batch leaves the in-flight map only once it is written.
      int[] first = new int[n];
      Map<Hash32, Integer> firstOfHash = new HashMap<>(capacity(n));
      List<byte[]> hashKeys = new ArrayList<>(n);
      int[] hashOwner = new int[n];
      byte[][] hashKeyOf = new byte[n][];
      Appended[] stored = new Appended[n];
      for (int i = 0; i < n; i++) {
        Hash32 recordHash = batch.get(i).recordHash();
        Integer f = firstOfHash.putIfAbsent(recordHash, i);
        if (f != null) {
          first[i] = f;
          continue;
        }
        first[i] = i;
        hashKeyOf[i] = recordHash.toByteArray();
        Appended staged = inFlightRecord(recordHash);
        if (staged != null) {
          stored[i] = new Appended(staged.index(), staged.leafHash(), true);
        } else {
          hashOwner[hashKeys.size()] = i;
          hashKeys.add(hashKeyOf[i]);
        }
      }
      List<byte[]> storedIndexes = kv.multiGet(Column.DEDUP, hashKeys);
      for (int k = 0; k < hashKeys.size(); k++) {
        byte[] idx = storedIndexes.get(k);
        if (idx != null) {
          long index = ByteBuffer.wrap(idx).getLong();
          stored[hashOwner[k]] = new Appended(index, readNode(new NodeId(0, index)), true);
        }
      }
      // 2. The chain head of every subject the new records name: from the cache, a batch still
      //    being written, else from the subject's last row, all with one iterator.
      Map<String, SubjectState> subjects = new HashMap<>(capacity(2 * n));
      List<SubjectState> toRead = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (first[i] != i || stored[i] != null) {
          continue;
        }
        for (String subject : batch.get(i).subjects()) {
          if (!subjects.containsKey(subject)) {
            SubjectState state = new SubjectState(subjectPrefix(subject));
            subjects.put(subject, state);
            state.head = chainHeads.get(subject);
            if (state.head == null) {
              state.head = inFlightHead(subject);
            }
            if (state.head == null) {
              toRead.add(state);
            }
          }
        }
      }
      readHeads(toRead);
      for (SubjectState state : subjects.values()) {
        state.named = state.head != null;
      }
      // 3. Entries, subtree hashes, subject rows and de-duplication rows, in one write.
      Frontier next = frontier.copy();
      KvBatch writes = new KvBatch();
      List<Appended> results = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        if (first[i] != i) {
          Appended earlier = results.get(first[i]);
          results.add(new Appended(earlier.index(), earlier.leafHash(), true));
          continue;
        }
        if (stored[i] != null) {
          results.add(stored[i]);
          continue;
        }
        PendingRecord r = batch.get(i);
        long index = next.size();
        LogEntry.Builder entry = LogEntry.newBuilder()
            .setIndex(index)
            .setRecordTimeUnixMillis(r.recordTimeUnixMillis() >= 0 ? r.recordTimeUnixMillis() : recordTimeUnixMillis)
            .setSignedRecord(UnsafeByteOperations.unsafeWrap(r.signedRecord())); // a copy of our own
        List<String> named = r.subjects();
        for (String subject : named) {
          Hash32 previous = subjects.get(subject).head;
          entry.addLinks(SubjectLink.newBuilder().setSubject(subject)
              .setPreviousLeafHash(previous == null ? ByteString.EMPTY : UnsafeByteOperations.unsafeWrap(previous.toByteArray())));
        }
        byte[] leaf = entry.build().toByteArray();
        Hash32 leafHash = Rfc9162.leafHash(leaf);
        byte[] leafHashBytes = leafHash.toByteArray();
        for (Frontier.Node node : next.append(leafHash)) {
          writes.put(Column.TREE, nodeKey(node.id()), node.id().level() == 0 ? leafHashBytes : node.hash().toByteArray());
        }
        byte[] indexKey = longKey(index);
        writes.put(Column.ENTRIES, indexKey, leaf);
        writes.put(Column.DEDUP, hashKeyOf[i], indexKey);
        for (String subject : named) {
          SubjectState state = subjects.get(subject);
          writes.put(Column.SUBJECTS, subjectKey(state.keyPrefix, index), leafHashBytes);
          state.head = leafHash;
          state.headIndex = index;
        }
        results.add(new Appended(index, leafHash, false));
      }
      if (position != null) {
        writes.put(Column.META, META_APPLIED_POSITION,
            ByteBuffer.allocate(16).putLong(position.term()).putLong(position.index()).array());
      }
      if (next.size() == frontier.size()) {
        if (writes.isEmpty()) {
          // Nothing to write; the answer rests on batches up to the last one staged.
          return new Staged(lastTicket, null, null, results, Map.of(), Map.of());
        }
        // Only the position: duplicates store and sign nothing new.
        return new Staged(++lastTicket, writes, stagedHead, results, Map.of(), Map.of());
      }
      TreeHead newHead = new TreeHead(next.size(), next.root());
      writes.put(Column.META, META_TREE_HEAD, encodeHead(newHead));
      if (signer != null) {
        writes.put(Column.CHECKPOINTS, longKey(newHead.size()), checkpointValue(newHead, signer.sign(newHead)));
      }
      // Staged: from here on the batch is part of the tree the next batch builds on.
      frontier = next;
      stagedHead = newHead;
      // Only subjects named before are cached: most subjects named for the first time are items
      // whose next event is hours away, and caching each of them would only churn the cache.
      for (Map.Entry<String, SubjectState> e : subjects.entrySet()) {
        if (e.getValue().headIndex >= 0 && e.getValue().named) {
          chainHeads.put(e.getKey(), e.getValue().head);
        }
      }
      Staged staged = new Staged(++lastTicket, writes, newHead, results, firstOfHash, subjects);
      inFlight.add(staged);
      return staged;
    }
  }

  private Appended inFlightRecord(Hash32 recordHash) {
    for (Staged s : inFlight) {
      Integer at = s.positionOfRecord.get(recordHash);
      if (at != null) {
        return s.results.get(at); // new in that batch, or a duplicate of one stored before it
      }
    }
    return null;
  }

  private Hash32 inFlightHead(String subject) {
    Hash32 newest = null;
    for (Staged s : inFlight) {
      SubjectState state = s.subjects.get(subject);
      if (state != null && state.headIndex >= 0) {
        newest = state.head;
      }
    }
    return newest;
  }

  // Whatever stops a staged batch from being written stops the store: every batch staged after
  // it builds on it and waits for its turn.
  private void writeInTurn(Staged staged, boolean durable) {
    try {
      kv.prepare(staged.writes); // while the batch before it may still be writing
    } catch (RuntimeException e) {
      throw fail("preparing a write", e);
    }
    awaitWritten(staged.ticket - 1);
    // A lone writer (no other append in progress) is better served by one synced write than by
    // a write and a sync; it also makes every earlier write durable. With other appends in
    // progress the sync is left to the group commit, so that the next batch may write meanwhile.
    boolean syncedNow = durable && appending.get() == 1 && lastTicket == staged.ticket;
    try {
      if (syncedNow) {
        kv.write(staged.writes);
      } else {
        kv.writeUnsynced(staged.writes);
      }
    } catch (RuntimeException e) {
      throw fail("a write", e);
    }
    // Leaves the in-flight list before the next batch may write: the list must hold exactly the
    // batches not yet written, or a later batch could take a chain head from this one while the
    // batch after it, already written, holds a newer head.
    inFlight.removeIf(s -> s == staged); // now readable from the key-value store
    Written now = new Written(staged.ticket, staged.head);
    synchronized (writeOrder) {
      written = now;
      writeOrder.notifyAll();
    }
    if (syncedNow) {
      synchronized (syncLock) {
        if (synced.ticket < now.ticket) {
          synced = now;
          publish(now.head);
        }
      }
    }
  }

  // Not interruptible: a batch that gave up its turn would stop every batch after it.
  private void awaitWritten(long ticket) {
    if (written.ticket >= ticket) {
      return;
    }
    boolean interrupted = false;
    synchronized (writeOrder) {
      while (written.ticket < ticket) {
        checkNotFailed();
        try {
          writeOrder.wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  // Group commit: one sync covers every batch written before it started, and the batches that
  // arrive meanwhile are staged and written instead of waiting.
  private void awaitDurable(long ticket) {
    awaitWritten(ticket);
    synchronized (syncLock) {
      if (synced.ticket >= ticket) {
        return;
      }
      checkNotFailed();
      Written upTo = written;
      try {
        kv.sync();
      } catch (RuntimeException e) {
        throw fail("a sync", e);
      }
      synced = upTo;
      publish(upTo.head);
    }
  }

  private void publish(TreeHead reached) {
    synchronized (syncLock) {
      if (reached.size() > head.size()) {
        head = reached;
      }
    }
  }

  // After a failed write or sync, batches staged on top of the lost one cannot be written:
  // the store stops taking appends, and reopening it starts again from what is stored.
  private LedgerException fail(String what, RuntimeException e) {
    synchronized (writeOrder) {
      if (failed == null) {
        failed = new LedgerException(e instanceof LedgerException le ? le.error() : LedgerError.STORE_IO,
            name + ": " + what + " failed, so this store takes no more appends; reopen it (" + e.getMessage() + ")", e);
      }
      writeOrder.notifyAll();
    }
    return e instanceof LedgerException le ? le : failed;
  }

  private void checkNotFailed() {
    LedgerException f = failed;
    if (f != null) {
      throw new LedgerException(f.error(), f.getMessage(), f);
    }
  }

  @Override
  public void copyTo(Path dir) {
    ensureOpen();
    kv.copyTo(dir);
  }

  @Override
  public void sync() {
    ensureOpen();
    Written upTo = written; // read first: the sync covers at least this
    kv.sync();
    synchronized (syncLock) {
      if (synced.ticket < upTo.ticket) {
        synced = upTo;
      }
    }
  }

  @Override
  public long durableSize() {
    ensureOpen();
    synchronized (syncLock) {
      return Math.min(synced.head.size(), head.size());
    }
  }

  @Override
  public Optional<LogPosition> appliedPosition() {
    ensureOpen();
    byte[] v = kv.get(Column.META, META_APPLIED_POSITION);
    if (v == null) {
      return Optional.empty();
    }
    if (v.length != 16) {
      throw new LedgerException(LedgerError.STORE_CORRUPT, name + ": applied position has " + v.length + " bytes, want 16");
    }
    ByteBuffer b = ByteBuffer.wrap(v);
    return Optional.of(new LogPosition(b.getLong(), b.getLong()));
  }

  private void readHeads(List<SubjectState> states) {
    if (states.isEmpty()) {
      return;
    }
    List<byte[]> afterLastRows = new ArrayList<>(states.size());
    for (SubjectState state : states) {
      afterLastRows.add(afterAllRows(state.keyPrefix));
    }
    List<byte[][]> lastRows = kv.lastBefore(Column.SUBJECTS, afterLastRows);
    for (int k = 0; k < states.size(); k++) {
      byte[][] row = lastRows.get(k);
      if (row == null) {
        continue; // a subject no entry has named yet
      }
      if (row[0].length != SUBJECT_KEY_LENGTH || row[1].length != Hash32.LENGTH || rowIndex(row[0]) < 0) {
        throw new LedgerException(LedgerError.STORE_CORRUPT, name + ": subject row " + hex(row[0]) + " is malformed: key of "
            + row[0].length + " bytes (want " + SUBJECT_KEY_LENGTH + ", index below 2^63), value of " + row[1].length
            + " (want " + Hash32.LENGTH + ")");
      }
      states.get(k).head = Hash32.of(row[1]);
    }
  }

  private static int capacity(int entries) {
    return Math.max(16, (int) (entries / 0.75f) + 1);
  }

  @Override
  public StoredEntry entry(long index) {
    ensureOpen();
    checkIndex(index, head.size());
    byte[] leaf = kv.get(Column.ENTRIES, longKey(index));
    if (leaf == null) {
      throw new LedgerException(LedgerError.STORE_CORRUPT, name + ": entry " + index + " is missing");
    }
    Hash32 stored = readNode(new NodeId(0, index));
    Hash32 computed = Rfc9162.leafHash(leaf);
    if (!computed.equals(stored)) {
      throw new LedgerException(LedgerError.STORE_CORRUPT, name + ": entry " + index + " hashes to "
          + computed.hex() + " but the tree holds " + stored.hex());
    }
    return new StoredEntry(index, leaf, stored);
  }

  @Override
  public List<Hash32> inclusionProof(long index, long treeSize) {
    ensureOpen();
    checkSize("tree size", treeSize, head.size());
    if (index < 0 || index >= treeSize) {
      throw new LedgerException(LedgerError.INDEX_OUT_OF_RANGE,
          "index: got " + index + ", want below tree size " + treeSize);
    }
    return ProofPlan.resolveAll(ProofPlan.inclusion(index, treeSize), this::readNode);
  }

  @Override
  public List<Hash32> consistencyProof(long fromSize, long toSize) {
    ensureOpen();
    checkSize("to size", toSize, head.size());
    if (fromSize < 0 || fromSize > toSize) {
      throw new LedgerException(LedgerError.INVALID_ARGUMENT,
          "from size: got " + fromSize + ", want 0 <= from size <= to size (" + toSize + ")");
    }
    return ProofPlan.resolveAll(ProofPlan.consistency(fromSize, toSize), this::readNode);
  }

  @Override
  public List<StoredEntry> subjectHistory(String subject, long fromIndex, int limit) {
    ensureOpen();
    long size = head.size();
    byte[] prefix = subjectPrefix(subject);
    List<Long> indexes = new ArrayList<>();
    kv.scan(Column.SUBJECTS, subjectKey(prefix, Math.max(0, fromIndex)), subjectKeysEnd(prefix), (k, v) -> {
      long index = ByteBuffer.wrap(k, k.length - 8, 8).getLong();
      if (index >= size || indexes.size() >= limit) {
        return false;
      }
      indexes.add(index);
      return true;
    });
    List<StoredEntry> out = new ArrayList<>(indexes.size());
    for (long i : indexes) {
      StoredEntry e = entry(i);
      // Rows are keyed by a hash prefix of the subject: the entry itself must name it.
      if (!subject.equals(namedSubject(e.leaf(), prefix))) {
        throw corrupt(i, "the row of subject " + subject + " points at an entry that does not link it");
      }
      out.add(e);
    }
    return out;
  }

  @Override
  public OptionalLong indexOfRecord(Hash32 recordHash) {
    ensureOpen();
    byte[] idx = kv.get(Column.DEDUP, recordHash.toByteArray());
    if (idx == null) {
      return OptionalLong.empty();
    }
    long index = ByteBuffer.wrap(idx).getLong();
    return index < head.size() ? OptionalLong.of(index) : OptionalLong.empty();
  }

  @Override
  public void putCheckpoint(TreeHead treeHead, String signedNote) {
    ensureOpen();
    synchronized (writeLock) {
      checkSize("checkpoint size", treeHead.size(), head.size());
      Hash32 actual = rootAt(treeHead.size());
      if (!actual.equals(treeHead.root())) {
        throw new LedgerException(LedgerError.CHECKPOINT_CONFLICT, "checkpoint at size " + treeHead.size()
            + ": root " + treeHead.root().hex() + " is not this log's root " + actual.hex());
      }
      KvBatch w = new KvBatch();
      w.put(Column.CHECKPOINTS, longKey(treeHead.size()), checkpointValue(treeHead, signedNote));
      kv.write(w);
    }
  }

  // Refuses to record a second, different root for a size: the one-root-per-size rule of
  // DESIGN §3.3, checked where the note is about to be stored.
  private byte[] checkpointValue(TreeHead treeHead, String note) {
    byte[] existing = kv.get(Column.CHECKPOINTS, longKey(treeHead.size()));
    if (existing != null && !treeHead.root().sameAs(Arrays.copyOf(existing, Hash32.LENGTH))) {
      throw new LedgerException(LedgerError.CHECKPOINT_CONFLICT, "a checkpoint with root "
          + Hash32.of(Arrays.copyOf(existing, Hash32.LENGTH)).hex() + " is already signed for size " + treeHead.size()
          + "; refusing to sign root " + treeHead.root().hex());
    }
    byte[] text = note.getBytes(StandardCharsets.UTF_8);
    byte[] value = Arrays.copyOf(treeHead.root().toByteArray(), Hash32.LENGTH + text.length);
    System.arraycopy(text, 0, value, Hash32.LENGTH, text.length);
    return value;
  }

  @Override
  public Optional<String> checkpoint(long size) {
    ensureOpen();
    if (size > head.size()) {
      return Optional.empty(); // perhaps staged, not yet durable
    }
    byte[] v = kv.get(Column.CHECKPOINTS, longKey(size));
    return v == null ? Optional.empty() : Optional.of(checkpointNote(v));
  }

  @Override
  public Optional<String> latestCheckpoint() {
    ensureOpen();
    byte[][] last = kv.last(Column.CHECKPOINTS, longKey(0), longKey(head.size() + 1));
    return last == null ? Optional.empty() : Optional.of(checkpointNote(last[1]));
  }

  private static String checkpointNote(byte[] value) {
    return new String(value, Hash32.LENGTH, value.length - Hash32.LENGTH, StandardCharsets.UTF_8);
  }

  @Override
  public StorageStats storageStats() {
    ensureOpen();
    return kv.stats();
  }

  @Override
  public void verifyAll(LongConsumer progress) {
    ensureOpen();
    TreeHead h = head;
    SubjectRowCheck subjectRows = new SubjectRowCheck();
    verifyEntries(0, h, progress, subjectRows);
    subjectRows.checkExpected();
    subjectRows.checkNoOthers(h.size());
    markVerified(h.size());
    progress.accept(h.size());
  }

  /**
   * Re-hashes the entries from {@code from} to the head's size, recomputes every subtree hash
   * they complete and checks it against the stored one, and checks their subject rows and links.
   * From a size above 0 the frontier is loaded from the stored hashes below it, which an earlier
   * verification checked.
   */
  private void verifyEntries(long from, TreeHead h, LongConsumer progress, SubjectRowCheck subjectRows) {
    Frontier recomputed = from == 0 ? Frontier.empty() : Frontier.load(from, this::readNode);
    long[] expected = {from};
    kv.scan(Column.ENTRIES, longKey(from), longKey(h.size()), (k, leaf) -> {
      long index = ByteBuffer.wrap(k).getLong();
      if (index != expected[0]) {
        throw corrupt(expected[0], "entry is missing (next stored entry is " + index + ")");
      }
      LogEntry parsed;
      try {
        parsed = LogEntry.parseFrom(leaf);
      } catch (InvalidProtocolBufferException e) {
        throw corrupt(index, "entry bytes do not parse as a LogEntry");
      }
      if (parsed.getIndex() != index) {
        throw corrupt(index, "entry says it is index " + parsed.getIndex());
      }
      Hash32 leafHash = Rfc9162.leafHash(leaf);
      for (SubjectLink link : parsed.getLinksList()) {
        subjectRows.expect(link, index, leafHash);
      }
      for (Frontier.Node node : recomputed.append(leafHash)) {
        byte[] stored = kv.get(Column.TREE, nodeKey(node.id()));
        if (stored == null || !node.hash().sameAs(stored)) {
          throw corrupt(node.id().firstLeaf(), node.id().level() == 0
              ? "entry hashes to " + node.hash().hex() + " but the tree holds " + hex(stored)
              : "subtree hash at level " + node.id().level() + " is " + hex(stored) + ", recomputed " + node.hash().hex());
        }
      }
      expected[0]++;
      if (expected[0] % PROGRESS_EVERY == 0) {
        progress.accept(expected[0]);
      }
      return true;
    });
    if (expected[0] != h.size()) {
      throw corrupt(expected[0], "entry is missing (tree size is " + h.size() + ")");
    }
    if (!recomputed.root().equals(h.root())) {
      throw new LedgerException(LedgerError.STORE_CORRUPT, name + ": recomputed root " + recomputed.root().hex()
          + " at size " + h.size() + " differs from the stored tree head " + h.root().hex());
    }
  }

  /**
   * Checks the SUBJECTS family and the chains against the entries: every link of every entry has
   * its row, whose value is the entry's leaf hash; the link names as previous the leaf hash of the
   * subject's row before it (none if there is none); and there are no other rows. So every chain
   * is whole, and appends, which take a subject's head from its last row, continue it. The
   * look-ups go in chunks of VERIFY_CHUNK.
   */
  private final class SubjectRowCheck {
    private final List<byte[]> keys = new ArrayList<>(VERIFY_CHUNK);
    private final List<Hash32> leafHashes = new ArrayList<>(VERIFY_CHUNK);
    private final List<SubjectLink> links = new ArrayList<>(VERIFY_CHUNK);
    private long expected;

    void expect(SubjectLink link, long index, Hash32 leafHash) {
      keys.add(subjectKey(link.getSubject(), index));
      leafHashes.add(leafHash);
      links.add(link);
      expected++;
      if (keys.size() == VERIFY_CHUNK) {
        checkExpected();
      }
    }

    void checkExpected() {
      List<byte[]> rows = kv.multiGet(Column.SUBJECTS, keys);
      List<byte[][]> previousRows = kv.lastBefore(Column.SUBJECTS, keys);
      for (int i = 0; i < keys.size(); i++) {
        byte[] row = rows.get(i);
        long index = rowIndex(keys.get(i));
        String subject = links.get(i).getSubject();
        if (row == null || !leafHashes.get(i).sameAs(row)) {
          throw corrupt(index, "subject " + subject + ": row " + (row == null ? "is missing"
              : "holds " + hex(row) + ", want the entry's leaf hash " + leafHashes.get(i).hex()));
        }
        byte[] linked = links.get(i).getPreviousLeafHash().toByteArray();
        byte[][] previous = previousRows.get(i);
        byte[] want = previous == null ? new byte[0] : previous[1];
        if (!Arrays.equals(linked, want)) {
          throw corrupt(index, "subject " + subject + ": the entry links to previous leaf hash "
              + (linked.length == 0 ? "(none)" : hex(linked)) + ", but " + (previous == null
                  ? "no earlier entry names the subject"
                  : "its previous entry, " + rowIndex(previous[0]) + ", has leaf hash " + hex(want)));
        }
      }
      keys.clear();
      leafHashes.clear();
      links.clear();
    }

    // Every expected row is present, so if there are more rows, some row names no link: find it.
    // Rows at or above the verified size belong to batches appended meanwhile (written, not yet
    // published); any row beyond what has been staged is not.
    void checkNoOthers(long size) {
      long[] rows = {0};
      long[] highest = {-1};
      kv.scan(Column.SUBJECTS, NO_KEY, AFTER_ALL_SUBJECT_KEYS, (k, v) -> {
        long index = checkedRowIndex(k);
        if (index < size) {
          rows[0]++;
        } else {
          highest[0] = Math.max(highest[0], index);
        }
        return true;
      });
      long staged;
      synchronized (writeLock) {
        staged = stagedHead.size();
      }
      if (highest[0] >= staged) {
        throw corrupt(highest[0], "subject row is beyond the tree size " + staged);
      }
      if (rows[0] == expected) {
        return;
      }
      kv.scan(Column.SUBJECTS, NO_KEY, AFTER_ALL_SUBJECT_KEYS, (k, v) -> {
        long index = checkedRowIndex(k);
        if (index < size && namedSubject(entry(index).leaf(), Arrays.copyOf(k, SUBJECT_PREFIX_LENGTH)) == null) {
          throw corrupt(index, "subject row " + hex(k) + " names a subject the entry does not link");
        }
        return true;
      });
      throw new LedgerException(LedgerError.STORE_CORRUPT, name + ": " + rows[0] + " subject rows for "
          + expected + " subject links");
    }

    private long checkedRowIndex(byte[] key) {
      if (key.length != SUBJECT_KEY_LENGTH || rowIndex(key) < 0) {
        throw new LedgerException(LedgerError.STORE_CORRUPT, name + ": malformed subject row key " + hex(key));
      }
      return rowIndex(key);
    }
  }

  private static long rowIndex(byte[] subjectKey) {
    return ByteBuffer.wrap(subjectKey, SUBJECT_PREFIX_LENGTH, 8).getLong();
  }

  /** The subject of the entry's links whose key prefix is {@code keyPrefix}, or null. */
  private String namedSubject(byte[] leaf, byte[] keyPrefix) {
    LogEntry parsed;
    try {
      parsed = LogEntry.parseFrom(leaf);
    } catch (InvalidProtocolBufferException e) {
      return null;
    }
    for (SubjectLink link : parsed.getLinksList()) {
      if (Arrays.equals(subjectPrefix(link.getSubject()), keyPrefix)) {
        return link.getSubject();
      }
    }
    return null;
  }

  private LedgerException corrupt(long index, String what) {
    return new LedgerException(LedgerError.STORE_CORRUPT, name + ": corrupt at index " + index + ": " + what);
  }

  private Hash32 readNode(NodeId node) {
    byte[] h = kv.get(Column.TREE, nodeKey(node));
    if (h == null || h.length != Hash32.LENGTH) {
      throw new LedgerException(LedgerError.STORE_CORRUPT, name + ": subtree hash level " + node.level()
          + " index " + node.index() + " (leaf " + node.firstLeaf() + ") is missing or malformed");
    }
    return Hash32.of(h);
  }

  private static void checkIndex(long index, long size) {
    if (index < 0 || index >= size) {
      throw new LedgerException(LedgerError.INDEX_OUT_OF_RANGE,
          "index: got " + index + ", want 0 <= index < " + size + " (the tree size)");
    }
  }

  private static void checkSize(String what, long size, long current) {
    if (size < 0 || size > current) {
      throw new LedgerException(LedgerError.TREE_SIZE_OUT_OF_RANGE,
          what + ": got " + size + ", want 0 <= size <= " + current + " (the current tree size)");
    }
  }

  /** Corrupts one stored value; used by tamper tests on the in-memory store. */
  void tamper(Column column, byte[] key, byte[] value) {
    ((MemoryKvStore) kv).corrupt(column, key, value);
  }

  static byte[] longKey(long v) {
    return ByteBuffer.allocate(8).putLong(v).array();
  }

  // Keyed by the last leaf the subtree covers, then its level: every node completed by appending
  // a leaf sorts after all earlier ones, so the tree family is written in key order (flushed
  // files never overlap and move down the levels without being rewritten by compaction).
  static byte[] nodeKey(NodeId node) {
    long lastLeaf = ((node.index() + 1) << node.level()) - 1;
    return ByteBuffer.allocate(9).putLong(lastLeaf).put((byte) node.level()).array();
  }

  /** The first 16 bytes of SHA-256 of the subject's UTF-8: the key prefix of its SUBJECTS rows. */
  static byte[] subjectPrefix(String subject) {
    return Arrays.copyOf(Sha256.hash(subject.getBytes(StandardCharsets.UTF_8)).toByteArray(), SUBJECT_PREFIX_LENGTH);
  }

  static byte[] subjectKey(String subject, long index) {
    return subjectKey(subjectPrefix(subject), index);
  }

  private static byte[] subjectKey(byte[] prefix, long index) {
    byte[] key = Arrays.copyOf(prefix, SUBJECT_KEY_LENGTH);
    for (int i = 0; i < 8; i++) {
      key[SUBJECT_PREFIX_LENGTH + i] = (byte) (index >>> (56 - 8 * i));
    }
    return key;
  }

  /** A key after every row of the subject, including malformed ones (whose index is not below 2^63). */
  private static byte[] afterAllRows(byte[] prefix) {
    byte[] key = Arrays.copyOf(prefix, SUBJECT_KEY_LENGTH + 1);
    Arrays.fill(key, SUBJECT_PREFIX_LENGTH, key.length, (byte) 0xFF);
    return key;
  }

  /** A key after every row of the subject: indexes are below 2^63, so their first byte is below 0x80. */
  private static byte[] subjectKeysEnd(byte[] prefix) {
    byte[] end = Arrays.copyOf(prefix, SUBJECT_PREFIX_LENGTH + 1);
    end[SUBJECT_PREFIX_LENGTH] = (byte) 0x80;
    return end;
  }

  private static byte[] encodeHead(TreeHead h) {
    return ByteBuffer.allocate(8 + Hash32.LENGTH).putLong(h.size()).put(h.root().toByteArray()).array();
  }

  private TreeHead decodeHead(byte[] v) {
    if (v == null || v.length != 8 + Hash32.LENGTH) {
      throw new LedgerException(LedgerError.STORE_CORRUPT, name + ": stored tree head is missing or malformed");
    }
    ByteBuffer b = ByteBuffer.wrap(v);
    long size = b.getLong();
    byte[] root = new byte[Hash32.LENGTH];
    b.get(root);
    return new TreeHead(size, Hash32.of(root));
  }

  private static String hex(byte[] b) {
    return b == null ? "(nothing)" : java.util.HexFormat.of().formatHex(b);
  }

  private static byte[] allOnes(int length) {
    byte[] b = new byte[length];
    Arrays.fill(b, (byte) 0xFF);
    return b;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  // Every public method starts here (CONVENTIONS, RocksDB): a closed store answers nothing, not
  // even from what it still holds in memory.
  private void ensureOpen() {
    if (closed) {
      throw new LedgerException(LedgerError.CLOSED, "ledger store " + name + " is closed");
    }
  }

  @Override
  public void close() {
    closed = true;
    kv.close();
  }
}
