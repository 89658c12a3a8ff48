package org.baytrace.ledger.store;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongConsumer;
import org.baytrace.api.ledger.v1.LogEntry;
import org.baytrace.api.ledger.v1.SubjectLink;
import org.baytrace.ledger.crypto.Hash32;
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
  private static final byte[] FORMAT_V1 = bytes("baytrace-ledger-store/1");
  private static final int HEAD_CACHE_SIZE = 100_000;

  private final KvStore kv;
  private final String name;
  private final Object writeLock = new Object();
  private volatile TreeHead head;
  private volatile boolean closed;
  private Frontier frontier; // guarded by writeLock
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
      init.put(Column.META, META_FORMAT, FORMAT_V1);
      init.put(Column.META, META_TREE_HEAD, encodeHead(new TreeHead(0, Rfc9162.EMPTY_ROOT)));
      kv.write(init);
      storedHead = kv.get(Column.META, META_TREE_HEAD);
    } else if (format == null || !Arrays.equals(format, FORMAT_V1)) {
      throw new LedgerException(LedgerError.STORE_CORRUPT, name + ": unknown store format "
          + (format == null ? "(missing)" : new String(format, StandardCharsets.UTF_8)));
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
    if (verifyAll) {
      verifyAll(progress);
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
  public List<Appended> append(List<PendingRecord> batch, long recordTimeUnixMillis, CheckpointSigner signer,
      LogPosition position) {
    ensureOpen();
    synchronized (writeLock) {
      Frontier next = frontier.copy();
      KvBatch writes = new KvBatch();
      List<Appended> results = new ArrayList<>(batch.size());
      Map<Hash32, Appended> batchDedup = new HashMap<>();
      Map<String, Hash32> batchHeads = new HashMap<>();
      for (PendingRecord r : batch) {
        Appended earlier = batchDedup.get(r.recordHash());
        if (earlier == null) {
          earlier = storedDuplicate(r.recordHash());
        }
        if (earlier != null) {
          results.add(new Appended(earlier.index(), earlier.leafHash(), true));
          continue;
        }
        long index = next.size();
        LogEntry.Builder entry = LogEntry.newBuilder()
            .setIndex(index)
            .setRecordTimeUnixMillis(recordTimeUnixMillis)
            .setSignedRecord(ByteString.copyFrom(r.signedRecord()));
        for (String subject : r.subjects()) {
          Hash32 previous = batchHeads.containsKey(subject) ? batchHeads.get(subject) : chainHead(subject);
          entry.addLinks(SubjectLink.newBuilder().setSubject(subject)
              .setPreviousLeafHash(previous == null ? ByteString.EMPTY : ByteString.copyFrom(previous.toByteArray())));
        }
        byte[] leaf = entry.build().toByteArray();
        Hash32 leafHash = Rfc9162.leafHash(leaf);
        for (Frontier.Node node : next.append(leafHash)) {
          writes.put(Column.TREE, nodeKey(node.id()), node.hash().toByteArray());
        }
        byte[] indexKey = longKey(index);
        writes.put(Column.ENTRIES, indexKey, leaf);
        writes.put(Column.DEDUP, r.recordHash().toByteArray(), indexKey);
        for (String subject : r.subjects()) {
          writes.put(Column.SUBJECTS, subjectKey(subject, index), leafHash.toByteArray());
          batchHeads.put(subject, leafHash);
        }
        Appended appended = new Appended(index, leafHash, false);
        batchDedup.put(r.recordHash(), appended);
        results.add(appended);
      }
      if (position != null) {
        writes.put(Column.META, META_APPLIED_POSITION,
            ByteBuffer.allocate(16).putLong(position.term()).putLong(position.index()).array());
      }
      if (next.size() == frontier.size()) {
        if (!writes.isEmpty()) {
          kv.write(writes); // only the position: duplicates store and sign nothing new
        }
        return results;
      }
      TreeHead newHead = new TreeHead(next.size(), next.root());
      writes.put(Column.META, META_TREE_HEAD, encodeHead(newHead));
      if (signer != null) {
        writes.put(Column.CHECKPOINTS, longKey(newHead.size()), checkpointValue(newHead, signer.sign(newHead)));
      }
      kv.write(writes);
      frontier = next;
      chainHeads.putAll(batchHeads);
      head = newHead;
      return results;
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

  private Appended storedDuplicate(Hash32 recordHash) {
    byte[] idx = kv.get(Column.DEDUP, recordHash.toByteArray());
    if (idx == null) {
      return null;
    }
    long index = ByteBuffer.wrap(idx).getLong();
    return new Appended(index, readNode(new NodeId(0, index)), true);
  }

  private Hash32 chainHead(String subject) {
    Hash32 cached = chainHeads.get(subject);
    if (cached != null) {
      return cached;
    }
    byte[] prefix = subjectPrefix(subject);
    byte[][] last = kv.last(Column.SUBJECTS, prefix, prefixEnd(prefix));
    if (last == null) {
      return null;
    }
    Hash32 h = Hash32.of(last[1]);
    chainHeads.put(subject, h);
    return h;
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
    kv.scan(Column.SUBJECTS, subjectKey(subject, Math.max(0, fromIndex)), prefixEnd(prefix), (k, v) -> {
      long index = ByteBuffer.wrap(k, k.length - 8, 8).getLong();
      if (index >= size || indexes.size() >= limit) {
        return false;
      }
      indexes.add(index);
      return true;
    });
    List<StoredEntry> out = new ArrayList<>(indexes.size());
    for (long i : indexes) {
      out.add(entry(i));
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
  public void verifyAll(LongConsumer progress) {
    ensureOpen();
    TreeHead h = head;
    Frontier recomputed = Frontier.empty();
    long[] expected = {0};
    kv.scan(Column.ENTRIES, longKey(0), longKey(h.size()), (k, leaf) -> {
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
      for (Frontier.Node node : recomputed.append(Rfc9162.leafHash(leaf))) {
        byte[] stored = kv.get(Column.TREE, nodeKey(node.id()));
        if (stored == null || !node.hash().sameAs(stored)) {
          throw corrupt(node.id().firstLeaf(), node.id().level() == 0
              ? "entry hashes to " + node.hash().hex() + " but the tree holds " + hex(stored)
              : "subtree hash at level " + node.id().level() + " is " + hex(stored) + ", recomputed " + node.hash().hex());
        }
      }
      expected[0]++;
      if (expected[0] % 100_000 == 0) {
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
    progress.accept(h.size());
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

  static byte[] nodeKey(NodeId node) {
    return ByteBuffer.allocate(9).put((byte) node.level()).putLong(node.index()).array();
  }

  private static byte[] subjectPrefix(String subject) {
    byte[] s = subject.getBytes(StandardCharsets.UTF_8);
    return Arrays.copyOf(s, s.length + 1); // trailing 0x00 separates subject from index
  }

  static byte[] subjectKey(String subject, long index) {
    byte[] p = subjectPrefix(subject);
    return ByteBuffer.allocate(p.length + 8).put(p).putLong(index).array();
  }

  private static byte[] prefixEnd(byte[] prefix) {
    byte[] end = prefix.clone();
    end[end.length - 1] = 0x01; // prefix ends in 0x00
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
