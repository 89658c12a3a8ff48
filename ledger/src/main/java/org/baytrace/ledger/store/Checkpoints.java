package org.baytrace.ledger.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.baytrace.ledger.TreeHead;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;

/**
 * The CHECKPOINTS family: per tree size, the root and the signed note for it. Holds one root per
 * size (DESIGN §3.3), checked where a note is about to be stored. Thread-safe (stateless over
 * the key-value store; writes are the store writer's).
 */
final class Checkpoints {
  private final KvStore kv;

  Checkpoints(KvStore kv) {
    this.kv = kv;
  }

  /** Adds the note for {@code head} to {@code writes}; refuses a second, different root for a size. */
  void put(KvBatch writes, TreeHead head, String note) {
    byte[] existing = kv.get(Column.CHECKPOINTS, Keys.longKey(head.size()));
    if (existing != null && !head.root().sameAs(Arrays.copyOf(existing, Hash32.LENGTH))) {
      throw new LedgerException(LedgerError.CHECKPOINT_CONFLICT, "a checkpoint with root "
          + Hash32.of(Arrays.copyOf(existing, Hash32.LENGTH)).hex() + " is already signed for size " + head.size()
          + "; refusing to sign root " + head.root().hex());
    }
    byte[] text = note.getBytes(StandardCharsets.UTF_8);
    byte[] value = Arrays.copyOf(head.root().toByteArray(), Hash32.LENGTH + text.length);
    System.arraycopy(text, 0, value, Hash32.LENGTH, text.length);
    writes.put(Column.CHECKPOINTS, Keys.longKey(head.size()), value);
  }

  Optional<String> at(long size) {
    byte[] v = kv.get(Column.CHECKPOINTS, Keys.longKey(size));
    return v == null ? Optional.empty() : Optional.of(note(v));
  }

  /** The note of the largest size at or below {@code size}. */
  Optional<String> latestAtOrBelow(long size) {
    byte[][] last = kv.last(Column.CHECKPOINTS, Keys.longKey(0), Keys.longKey(size + 1));
    return last == null ? Optional.empty() : Optional.of(note(last[1]));
  }

  private static String note(byte[] value) {
    return new String(value, Hash32.LENGTH, value.length - Hash32.LENGTH, StandardCharsets.UTF_8);
  }
}
