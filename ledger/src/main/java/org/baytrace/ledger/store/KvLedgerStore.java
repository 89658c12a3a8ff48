package org.baytrace.ledger.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.baytrace.ledger.Appended;
import org.baytrace.ledger.LedgerStore;
import org.baytrace.ledger.LogPosition;
import org.baytrace.ledger.PendingRecord;
import org.baytrace.ledger.StorageStats;
import org.baytrace.ledger.StoredEntry;
import org.baytrace.ledger.TreeHead;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.leaf.Leaf;
import org.baytrace.ledger.leaf.LeafCodec;
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
  private static final byte[] META_TREE_HEAD = Keys.bytes("tree-head");
  private static final byte[] META_FORMAT = Keys.bytes("format");
  private static final byte[] META_APPLIED_POSITION = Keys.bytes("applied-position");
  // Tree size up to which every entry, subtree hash and subject row was verified (by a start, a
  // scrub or fsck): a start verifies only what lies above it.
  private static final byte[] META_VERIFIED_SIZE = Keys.bytes("verified-size");
  // Format 3 keyed subtree hashes by the last leaf they cover, so that they are written in key
  // order; format 4 keys subject rows by a hash prefix of the subject and drops the separate
  // head rows (a subject's last row is its head). Format 3 is migrated (StoreMigration); older
  // ones are refused: none was ever deployed.
  // Format 5 adds the snapshots family (apply rules' state as of a tree size); nothing else
  // changed, so format 4 is migrated by adding it.
  static final String FORMAT_PREFIX = "baytrace-ledger-store/";
  // Rule names are short UTF-8 text: every key sorts below this.
  private static final byte[] SNAPSHOT_KEYS_END = filled(256, (byte) 0xff);
  private static final byte[] FORMAT = Keys.bytes(FORMAT_PREFIX + FORMAT_VERSION);

  private final KvStore kv;
  private final String name;

  private static byte[] filled(int length, byte value) {
    byte[] b = new byte[length];
    Arrays.fill(b, value);
    return b;
  }

  private final Checkpoints checkpoints;
  private final IntegrityCheck integrity;
  private final Object writeLock = new Object();
  private volatile TreeHead head; // published: every row below it is written (and synced unless with a position)
  private volatile boolean closed;
  private volatile LedgerException failed; // a failed write: every later append fails
  private Frontier frontier; // guarded by writeLock
  private final ChainHeads chainHeads; // guarded by writeLock
  private long commits; // guarded by writeLock: tells a prepared batch whether it is still current
  private final AtomicLong durable = new AtomicLong(); // the size below which every write is synced

  KvLedgerStore(KvStore kv, String name, boolean verifyAll, LongConsumer progress) {
    this.kv = kv;
    this.name = name;
    this.checkpoints = new Checkpoints(kv);
    this.chainHeads = new ChainHeads(kv, name);
    this.integrity = new IntegrityCheck(kv, name, this::writtenSize);
    byte[] format = kv.get(Column.META, META_FORMAT);
    byte[] storedHead = kv.get(Column.META, META_TREE_HEAD);
    if (format == null && storedHead == null) {
      KvBatch init = new KvBatch();
      init.put(Column.META, META_FORMAT, FORMAT);
      init.put(Column.META, META_TREE_HEAD, encodeHead(new TreeHead(0, Rfc9162.EMPTY_ROOT)));
      kv.write(init);
      storedHead = kv.get(Column.META, META_TREE_HEAD);
    } else if (format != null && migrates(formatVersionOf(new String(format, StandardCharsets.UTF_8)))) {
      throw new LedgerException(LedgerError.STORE_FORMAT_OLD, name + ": store format "
          + new String(format, StandardCharsets.UTF_8) + " is an older one; this build reads "
          + new String(FORMAT, StandardCharsets.UTF_8) + ": stop the node and run baytrace migrate --data DIR");
    } else if (format == null || !Arrays.equals(format, FORMAT)) {
      throw new LedgerException(LedgerError.STORE_CORRUPT, name + ": unknown store format "
          + (format == null ? "(missing)" : new String(format, StandardCharsets.UTF_8)) + "; this build reads "
          + new String(FORMAT, StandardCharsets.UTF_8) + " and migrates " + FORMAT_PREFIX + OLDEST_MIGRATED + " to "
          + FORMAT_PREFIX + (FORMAT_VERSION - 1));
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
    this.durable.set(stored.size()); // what the store opened with is on disk
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
    byte[][] last = kv.last(Column.CHECKPOINTS, Keys.longKey(0), Keys.longKey(head.size() + 1));
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
    integrity.verifyFrom(from, h, progress);
    markVerified(h.size());
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
      w.put(Column.META, META_VERIFIED_SIZE, Keys.longKey(size));
      kv.write(w);
    }
  }

  /** The version number of a stored format text ({@code baytrace-ledger-store/4} → 4), or -1. */
  /** The oldest format {@code baytrace migrate} converts (older ones were never deployed). */
  static final int OLDEST_MIGRATED = 3;

  /** Whether {@code version} is an older format that {@code baytrace migrate} converts. */
  static boolean migrates(int version) {
    return version >= OLDEST_MIGRATED && version < FORMAT_VERSION;
  }

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

  private Hash32 readNodeForOpen(NodeId node) {
    byte[] h = kv.get(Column.TREE, Keys.nodeKey(node));
    if (h == null || h.length != Hash32.LENGTH) {
      throw new LedgerException(LedgerError.STORE_CORRUPT,
          "subtree hash level " + node.level() + " index " + node.index() + " is missing or malformed");
    }
    return Hash32.of(h);
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

  /** A prepared batch: its rows, what it answers, and the state the writer moves to once it is written. */
  private record Prepared(KvStore store, long afterCommits, KvBatch writes, TreeHead head, Frontier frontier,
      List<Appended> results, Map<String, ChainHeads.Subject> subjects, boolean grows)
      implements PreparedAppend {}

  @Override
  public PreparedAppend prepare(List<PendingRecord> batch, long recordTimeUnixMillis) {
    ensureOpen();
    synchronized (writeLock) {
      checkNotFailed();
      int n = batch.size();
      // 1. Which records are new: the first record of each hash in the batch, unless stored. All
      //    stored look-ups in one multi-get.
      int[] first = new int[n];
      Map<Hash32, Integer> firstOfHash = new HashMap<>(capacity(n));
      List<byte[]> hashKeys = new ArrayList<>(n);
      int[] hashOwner = new int[n];
      byte[][] hashKeyOf = new byte[n][];
      for (int i = 0; i < n; i++) {
        Hash32 recordHash = batch.get(i).recordHash();
        Integer f = firstOfHash.putIfAbsent(recordHash, i);
        first[i] = f != null ? f : i;
        if (f == null) {
          hashKeyOf[i] = recordHash.toByteArray();
          hashOwner[hashKeys.size()] = i;
          hashKeys.add(hashKeyOf[i]);
        }
      }
      Appended[] stored = new Appended[n];
      List<byte[]> storedIndexes = kv.multiGet(Column.DEDUP, hashKeys);
      for (int k = 0; k < hashKeys.size(); k++) {
        byte[] idx = storedIndexes.get(k);
        if (idx != null) {
          long index = ByteBuffer.wrap(idx).getLong();
          stored[hashOwner[k]] = new Appended(index, readNode(new NodeId(0, index)), true);
        }
      }
      // 2. The chain head of every subject the new records name.
      List<String> named = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (first[i] == i && stored[i] == null) {
          named.addAll(batch.get(i).subjects());
        }
      }
      Map<String, ChainHeads.Subject> subjects = chainHeads.read(named);
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
        List<Leaf.Link> links = new ArrayList<>(r.subjects().size());
        for (String subject : r.subjects()) {
          links.add(new Leaf.Link(subject, subjects.get(subject).head));
        }
        long recordTime = r.recordTimeUnixMillis() >= 0 ? r.recordTimeUnixMillis() : recordTimeUnixMillis;
        byte[] leaf = LeafCodec.encode(index, recordTime, links, r.signedRecord());
        Hash32 leafHash = Rfc9162.leafHash(leaf);
        byte[] leafHashBytes = leafHash.toByteArray();
        for (Frontier.Node node : next.append(leafHash)) {
          writes.put(Column.TREE, Keys.nodeKey(node.id()), node.id().level() == 0 ? leafHashBytes : node.hash().toByteArray());
        }
        byte[] indexKey = Keys.longKey(index);
        writes.put(Column.ENTRIES, indexKey, leaf);
        writes.put(Column.DEDUP, hashKeyOf[i], indexKey);
        for (String subject : r.subjects()) {
          ChainHeads.Subject state = subjects.get(subject);
          writes.put(Column.SUBJECTS, Keys.subjectKey(state.keyPrefix, index), leafHashBytes);
          state.head = leafHash;
          state.moved = true;
        }
        results.add(new Appended(index, leafHash, false));
      }
      boolean grows = next.size() > frontier.size();
      TreeHead reached = grows ? new TreeHead(next.size(), next.root()) : head;
      if (grows) {
        writes.put(Column.META, META_TREE_HEAD, encodeHead(reached));
      }
      return new Prepared(kv, commits, writes, reached, next, List.copyOf(results), subjects, grows);
    }
  }

  @Override
  public List<Appended> commit(PreparedAppend prepared, String checkpointNote, LogPosition position) {
    ensureOpen();
    synchronized (writeLock) {
      checkNotFailed();
      if (!(prepared instanceof Prepared p) || p.store != kv || p.afterCommits != commits) {
        throw new IllegalStateException("ledger store " + name + ": commit of a batch that is not the one prepared last");
      }
      KvBatch writes = p.writes;
      if (p.grows && checkpointNote != null) {
        checkpoints.put(writes, p.head, checkpointNote);
      }
      if (position != null) {
        writes.put(Column.META, META_APPLIED_POSITION,
            ByteBuffer.allocate(16).putLong(position.term()).putLong(position.index()).array());
      }
      commits++; // a prepared batch is used once
      if (writes.isEmpty()) {
        return p.results;
      }
      try {
        if (position == null) {
          kv.write(writes);
        } else {
          kv.writeUnsynced(writes);
        }
      } catch (RuntimeException e) {
        throw fail(e);
      }
      frontier = p.frontier;
      chainHeads.moved(p.subjects);
      head = p.head;
      if (position == null) {
        // A synced write syncs the write-ahead log it ends, so every earlier unsynced write too.
        durable.accumulateAndGet(p.head.size(), Math::max);
      }
      return p.results;
    }
  }

  // After a failed write, what the key-value store holds is not known to this process: the store
  // stops taking appends, and reopening it starts again from what is stored.
  private LedgerException fail(RuntimeException e) {
    failed = new LedgerException(e instanceof LedgerException le ? le.error() : LedgerError.STORE_IO,
        name + ": a write failed, so this store takes no more appends; reopen it (" + e.getMessage() + ")", e);
    return e instanceof LedgerException le ? le : failed;
  }

  private void checkNotFailed() {
    LedgerException f = failed;
    if (f != null) {
      throw new LedgerException(f.error(), f.getMessage(), f);
    }
  }

  private long writtenSize() {
    synchronized (writeLock) {
      return frontier.size();
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
    long upTo = head.size(); // read first: the sync covers at least what lies below it
    kv.sync();
    durable.accumulateAndGet(upTo, Math::max);
  }

  @Override
  public long durableSize() {
    ensureOpen();
    return Math.min(durable.get(), head.size());
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

  private static int capacity(int entries) {
    return Math.max(16, (int) (entries / 0.75f) + 1);
  }

  @Override
  public StoredEntry entry(long index) {
    ensureOpen();
    checkIndex(index, head.size());
    byte[] leaf = kv.get(Column.ENTRIES, Keys.longKey(index));
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
    byte[] prefix = Keys.subjectPrefix(subject);
    List<Long> indexes = new ArrayList<>();
    kv.scan(Column.SUBJECTS, Keys.subjectKey(prefix, Math.max(0, fromIndex)), Keys.subjectKeysEnd(prefix), (k, v) -> {
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
      if (!subject.equals(IntegrityCheck.namedSubject(e.leaf(), prefix))) {
        throw new LedgerException(LedgerError.STORE_CORRUPT, name + ": corrupt at index " + i + ": the row of subject "
            + subject + " points at an entry that does not link it");
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
      checkpoints.put(w, treeHead, signedNote);
      kv.write(w);
    }
  }

  @Override
  public Optional<String> checkpoint(long size) {
    ensureOpen();
    if (size > head.size()) {
      return Optional.empty();
    }
    return checkpoints.at(size);
  }

  @Override
  public Optional<byte[]> ruleSnapshot(String rule) {
    ensureOpen();
    return Optional.ofNullable(kv.get(Column.SNAPSHOTS, Keys.bytes(rule)));
  }

  @Override
  public SortedMap<String, byte[]> ruleSnapshots() {
    ensureOpen();
    SortedMap<String, byte[]> all = new TreeMap<>();
    kv.scan(Column.SNAPSHOTS, new byte[0], SNAPSHOT_KEYS_END, (k, v) -> {
      all.put(new String(k, StandardCharsets.UTF_8), v);
      return true;
    });
    return all;
  }

  @Override
  public void putRuleSnapshots(Map<String, byte[]> snapshots) {
    ensureOpen();
    synchronized (writeLock) {
      if (durable.get() < head.size()) {
        sync();
      }
      KvBatch w = new KvBatch();
      snapshots.forEach((name, bytes) -> w.put(Column.SNAPSHOTS, Keys.bytes(name), bytes));
      kv.write(w);
    }
  }

  @Override
  public Optional<String> latestCheckpoint() {
    ensureOpen();
    return checkpoints.latestAtOrBelow(head.size());
  }

  @Override
  public void verifyAll(LongConsumer progress) {
    ensureOpen();
    TreeHead h = head;
    integrity.verify(h, progress);
    markVerified(h.size());
  }

  @Override
  public StorageStats storageStats() {
    ensureOpen();
    return kv.stats();
  }

  @Override
  public void compact(Consumer<String> progress) {
    ensureOpen();
    kv.compact(progress);
  }

  private Hash32 readNode(NodeId node) {
    byte[] h = kv.get(Column.TREE, Keys.nodeKey(node));
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
