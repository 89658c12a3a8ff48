package org.baytrace.ledger.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.LongConsumer;
import org.baytrace.ledger.LedgerStore;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.leaf.Leaf;
import org.baytrace.ledger.leaf.LeafCodec;
import org.baytrace.ledger.merkle.NodeId;
import org.baytrace.ledger.merkle.Rfc9162;
import org.baytrace.ledger.verify.VerificationException;

/**
 * Converts a stopped store of the previous format to the current one, in place.
 *
 * <p>Format 4 → 5: format 5 adds the {@code snapshots} column family (apply rules' state as of
 * a tree size); opening the store creates it empty, so only the format row changes, and the
 * first start replays the log once and writes the first snapshots.
 *
 * <p>Format 3 → 5: as 4 → 5, after rebuilding the subject rows. Format 3 keyed subject rows by the subject's UTF-8 text, a 0x00 byte and the
 * index, and kept each subject's chain head in a {@code heads} column family; format 4 keys them
 * by a 16-byte hash prefix of the subject and the index, and a subject's last row is its head.
 * Entries, subtree hashes, de-duplication rows and checkpoints are the same in both. The
 * subject rows are rebuilt from the entries (each entry's links name its subjects), checking
 * every entry against its stored leaf hash on the way; the format stays 3 until the last,
 * synced write says 4, so a migration that is interrupted is simply run again.
 */
final class StoreMigration {
  private static final int CHUNK = 10_000;
  private static final String HEADS_FAMILY = "heads";

  private StoreMigration() {}

  static LedgerStore.Migration run(Path dir, LongConsumer sizeFound, LongConsumer progress) {
    try (RocksKvStore kv = new RocksKvStore(dir)) {
      byte[] format = kv.get(Column.META, "format".getBytes(StandardCharsets.UTF_8));
      if (format == null) {
        throw new LedgerException(LedgerError.INVALID_ARGUMENT, dir + ": not a ledger store (it has no format)");
      }
      String text = new String(format, StandardCharsets.UTF_8);
      int from = KvLedgerStore.formatVersionOf(text);
      if (from == LedgerStore.FORMAT_VERSION) {
        return new LedgerStore.Migration(from, from, 0);
      }
      if (!KvLedgerStore.migrates(from)) {
        throw new LedgerException(LedgerError.STORE_CORRUPT, dir + ": store format " + text + " cannot be migrated; this build"
            + " migrates " + KvLedgerStore.FORMAT_PREFIX + KvLedgerStore.OLDEST_MIGRATED + " .. "
            + KvLedgerStore.FORMAT_PREFIX + (LedgerStore.FORMAT_VERSION - 1) + " to "
            + KvLedgerStore.FORMAT_PREFIX + LedgerStore.FORMAT_VERSION);
      }
      byte[] headBytes = kv.get(Column.META, "tree-head".getBytes(StandardCharsets.UTF_8));
      if (headBytes == null || headBytes.length != 8 + Hash32.LENGTH) {
        throw new LedgerException(LedgerError.STORE_CORRUPT, dir + ": stored tree head is missing or malformed");
      }
      long size = ByteBuffer.wrap(headBytes).getLong();
      sizeFound.accept(size);
      if (from == 4) {
        writeCurrentFormat(kv); // the snapshots family was created when the store was opened
        progress.accept(size);
        return new LedgerStore.Migration(from, LedgerStore.FORMAT_VERSION, size);
      }
      kv.deleteAll(Column.SUBJECTS); // rows of format 3, and of a run of this migration that was interrupted
      KvBatch[] batch = {new KvBatch()};
      long[] next = {0};
      kv.scan(Column.ENTRIES, Keys.longKey(0), Keys.longKey(size), (k, leaf) -> {
        long index = ByteBuffer.wrap(k).getLong();
        if (index != next[0]) {
          throw corrupt(dir, next[0], "entry is missing (next stored entry is " + index + ")");
        }
        Leaf entry;
        try {
          entry = LeafCodec.decode(leaf);
        } catch (VerificationException e) {
          throw corrupt(dir, index, "entry bytes do not decode: " + e.detail());
        }
        Hash32 leafHash = Rfc9162.leafHash(leaf);
        byte[] stored = kv.get(Column.TREE, Keys.nodeKey(new NodeId(0, index)));
        if (stored == null || !leafHash.sameAs(stored)) {
          throw corrupt(dir, index, "entry hashes to " + leafHash.hex() + ", not to the tree's leaf hash");
        }
        byte[] value = leafHash.toByteArray();
        for (Leaf.Link link : entry.links()) {
          batch[0].put(Column.SUBJECTS, Keys.subjectKey(link.subject(), index), value);
        }
        next[0]++;
        if (next[0] % CHUNK == 0) {
          kv.writeUnsynced(batch[0]);
          batch[0] = new KvBatch();
          progress.accept(next[0]);
        }
        return true;
      });
      if (next[0] != size) {
        throw corrupt(dir, next[0], "entry is missing (tree size is " + size + ")");
      }
      if (!batch[0].isEmpty()) {
        kv.writeUnsynced(batch[0]);
      }
      kv.sync();
      kv.dropFamily(HEADS_FAMILY);
      writeCurrentFormat(kv);
      progress.accept(size);
      return new LedgerStore.Migration(from, LedgerStore.FORMAT_VERSION, size);
    }
  }

  private static void writeCurrentFormat(RocksKvStore kv) {
    KvBatch done = new KvBatch();
    done.put(Column.META, "format".getBytes(StandardCharsets.UTF_8),
        (KvLedgerStore.FORMAT_PREFIX + LedgerStore.FORMAT_VERSION).getBytes(StandardCharsets.UTF_8));
    kv.write(done);
  }

  private static LedgerException corrupt(Path dir, long index, String what) {
    return new LedgerException(LedgerError.STORE_CORRUPT, dir + ": corrupt at index " + index + ": " + what
        + "; nothing was migrated (the store is still of its old format)");
  }
}
