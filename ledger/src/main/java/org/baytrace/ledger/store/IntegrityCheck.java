package org.baytrace.ledger.store;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.baytrace.ledger.TreeHead;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.leaf.Leaf;
import org.baytrace.ledger.leaf.LeafCodec;
import org.baytrace.ledger.merkle.Frontier;
import org.baytrace.ledger.merkle.NodeId;
import org.baytrace.ledger.merkle.Rfc9162;
import org.baytrace.ledger.verify.VerificationException;

/**
 * Verification of a store below a tree head: every entry is present, decodes and carries its
 * index; every subtree hash is recomputed from the leaves; the recomputed root is the tree head's;
 * and the SUBJECTS family holds one row per link, each chain whole. {@link #verify} checks the
 * whole store (and that there are no other subject rows); {@link #verifyFrom} only the entries
 * from a size an earlier verification reached, so that a start does not grow with the ledger.
 * May run beside appends (it reads only what lies below the head it was given). STORE_CORRUPT
 * names the first bad index.
 */
final class IntegrityCheck {
  private static final int CHUNK = 1024;
  private static final int PROGRESS_EVERY = 10_000;

  private final KvStore kv;
  private final String name;
  private final LongSupplier writtenSize; // the writer's tree size: no row may lie beyond it

  IntegrityCheck(KvStore kv, String name, LongSupplier writtenSize) {
    this.kv = kv;
    this.name = name;
    this.writtenSize = writtenSize;
  }

  /** Verifies the whole store below {@code head}; {@code progress} hears the entries done, every 10,000. */
  void verify(TreeHead head, LongConsumer progress) {
    SubjectRows subjectRows = new SubjectRows();
    verifyEntries(0, head, progress, subjectRows);
    subjectRows.checkNoOthers(head.size());
    progress.accept(head.size());
  }

  /**
   * Verifies the entries from {@code from} (a size an earlier verification reached) to
   * {@code head}: each entry, the subtree hashes it completes, its subject rows and links, and the
   * root. The frontier at {@code from} is loaded from the stored hashes below it, which that
   * earlier verification checked; rows of other subjects are not scanned.
   */
  void verifyFrom(long from, TreeHead head, LongConsumer progress) {
    verifyEntries(from, head, progress, new SubjectRows());
    progress.accept(head.size());
  }

  private void verifyEntries(long from, TreeHead head, LongConsumer progress, SubjectRows subjectRows) {
    Frontier recomputed = from == 0 ? Frontier.empty() : Frontier.load(from, this::readNode);
    long[] expected = {from};
    kv.scan(Column.ENTRIES, Keys.longKey(from), Keys.longKey(head.size()), (k, leaf) -> {
      long index = ByteBuffer.wrap(k).getLong();
      if (index != expected[0]) {
        throw corrupt(expected[0], "entry is missing (next stored entry is " + index + ")");
      }
      Leaf parsed = decode(index, leaf);
      if (parsed.index() != index) {
        throw corrupt(index, "entry says it is index " + parsed.index());
      }
      Hash32 leafHash = Rfc9162.leafHash(leaf);
      for (Leaf.Link link : parsed.links()) {
        subjectRows.expect(link, index, leafHash);
      }
      for (Frontier.Node node : recomputed.append(leafHash)) {
        byte[] stored = kv.get(Column.TREE, Keys.nodeKey(node.id()));
        if (stored == null || !node.hash().sameAs(stored)) {
          throw corrupt(node.id().firstLeaf(), node.id().level() == 0
              ? "entry hashes to " + node.hash().hex() + " but the tree holds " + Keys.hex(stored)
              : "subtree hash at level " + node.id().level() + " is " + Keys.hex(stored) + ", recomputed " + node.hash().hex());
        }
      }
      expected[0]++;
      if (expected[0] % PROGRESS_EVERY == 0) {
        progress.accept(expected[0]);
      }
      return true;
    });
    if (expected[0] != head.size()) {
      throw corrupt(expected[0], "entry is missing (tree size is " + head.size() + ")");
    }
    if (!recomputed.root().equals(head.root())) {
      throw new LedgerException(LedgerError.STORE_CORRUPT, name + ": recomputed root " + recomputed.root().hex()
          + " at size " + head.size() + " differs from the stored tree head " + head.root().hex());
    }
    subjectRows.checkExpected();
  }

  private Hash32 readNode(NodeId node) {
    byte[] h = kv.get(Column.TREE, Keys.nodeKey(node));
    if (h == null || h.length != Hash32.LENGTH) {
      throw new LedgerException(LedgerError.STORE_CORRUPT, name + ": subtree hash level " + node.level()
          + " index " + node.index() + " (leaf " + node.firstLeaf() + ") is missing or malformed");
    }
    return Hash32.of(h);
  }

  private Leaf decode(long index, byte[] leaf) {
    try {
      return LeafCodec.decode(leaf);
    } catch (VerificationException e) {
      throw corrupt(index, "entry bytes do not decode: " + e.detail());
    }
  }

  /**
   * Checks the SUBJECTS family and the chains against the entries: every link of every entry has
   * its row, whose value is the entry's leaf hash; the link names as previous the leaf hash of the
   * subject's row before it (none if there is none); and there are no other rows. So every chain
   * is whole, and appends, which take a subject's head from its last row, continue it. The
   * look-ups go in chunks of CHUNK.
   */
  private final class SubjectRows {
    private final List<byte[]> keys = new ArrayList<>(CHUNK);
    private final List<Hash32> leafHashes = new ArrayList<>(CHUNK);
    private final List<Leaf.Link> links = new ArrayList<>(CHUNK);
    private long expected;

    void expect(Leaf.Link link, long index, Hash32 leafHash) {
      keys.add(Keys.subjectKey(link.subject(), index));
      leafHashes.add(leafHash);
      links.add(link);
      expected++;
      if (keys.size() == CHUNK) {
        checkExpected();
      }
    }

    void checkExpected() {
      List<byte[]> rows = kv.multiGet(Column.SUBJECTS, keys);
      List<byte[][]> previousRows = kv.lastBefore(Column.SUBJECTS, keys);
      for (int i = 0; i < keys.size(); i++) {
        byte[] row = rows.get(i);
        long index = Keys.rowIndex(keys.get(i));
        String subject = links.get(i).subject();
        if (row == null || !leafHashes.get(i).sameAs(row)) {
          throw corrupt(index, "subject " + subject + ": row " + (row == null ? "is missing"
              : "holds " + Keys.hex(row) + ", want the entry's leaf hash " + leafHashes.get(i).hex()));
        }
        Hash32 linkedHash = links.get(i).previousLeafHash();
        byte[] linked = linkedHash == null ? new byte[0] : linkedHash.toByteArray();
        byte[][] previous = previousRows.get(i);
        byte[] want = previous == null ? new byte[0] : previous[1];
        if (!Arrays.equals(linked, want)) {
          throw corrupt(index, "subject " + subject + ": the entry links to previous leaf hash "
              + (linked.length == 0 ? "(none)" : Keys.hex(linked)) + ", but " + (previous == null
                  ? "no earlier entry names the subject"
                  : "its previous entry, " + Keys.rowIndex(previous[0]) + ", has leaf hash " + Keys.hex(want)));
        }
      }
      keys.clear();
      leafHashes.clear();
      links.clear();
    }

    // Every expected row is present, so if there are more rows, some row names no link: find it.
    // Rows at or above the verified size belong to batches written meanwhile (not yet published);
    // any row beyond what the writer has written is not.
    void checkNoOthers(long size) {
      long[] rows = {0};
      long[] highest = {-1};
      kv.scan(Column.SUBJECTS, Keys.NO_KEY, Keys.AFTER_ALL_SUBJECT_KEYS, (k, v) -> {
        long index = checkedRowIndex(k);
        if (index < size) {
          rows[0]++;
        } else {
          highest[0] = Math.max(highest[0], index);
        }
        return true;
      });
      long written = writtenSize.getAsLong();
      if (highest[0] >= written) {
        throw corrupt(highest[0], "subject row is beyond the tree size " + written);
      }
      if (rows[0] == expected) {
        return;
      }
      kv.scan(Column.SUBJECTS, Keys.NO_KEY, Keys.AFTER_ALL_SUBJECT_KEYS, (k, v) -> {
        long index = checkedRowIndex(k);
        if (index < size && namedSubject(kv.get(Column.ENTRIES, Keys.longKey(index)),
            Arrays.copyOf(k, Keys.SUBJECT_PREFIX_LENGTH)) == null) {
          throw corrupt(index, "subject row " + Keys.hex(k) + " names a subject the entry does not link");
        }
        return true;
      });
      throw new LedgerException(LedgerError.STORE_CORRUPT, name + ": " + rows[0] + " subject rows for "
          + expected + " subject links");
    }

    private long checkedRowIndex(byte[] key) {
      if (key.length != Keys.SUBJECT_KEY_LENGTH || Keys.rowIndex(key) < 0) {
        throw new LedgerException(LedgerError.STORE_CORRUPT, name + ": malformed subject row key " + Keys.hex(key));
      }
      return Keys.rowIndex(key);
    }
  }

  /** The subject of the entry's links whose key prefix is {@code keyPrefix}, or null (also for bytes that do not decode). */
  static String namedSubject(byte[] leaf, byte[] keyPrefix) {
    if (leaf == null) {
      return null;
    }
    Leaf parsed;
    try {
      parsed = LeafCodec.decode(leaf);
    } catch (VerificationException e) {
      return null;
    }
    for (Leaf.Link link : parsed.links()) {
      if (Arrays.equals(Keys.subjectPrefix(link.subject()), keyPrefix)) {
        return link.subject();
      }
    }
    return null;
  }

  private LedgerException corrupt(long index, String what) {
    return new LedgerException(LedgerError.STORE_CORRUPT, name + ": corrupt at index " + index + ": " + what);
  }
}
