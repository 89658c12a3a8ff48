package org.baytrace.ledger.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;

/**
 * The chain head (latest leaf hash) of each subject, for the writer: a bounded cache in front of
 * the SUBJECTS family, where a subject's last row is its head. Not thread-safe: the store's
 * writer owns it.
 */
final class ChainHeads {
  private static final int CACHE_SIZE = 100_000;

  private final KvStore kv;
  private final String name;
  private final Map<String, Hash32> cache = new LinkedHashMap<>(1024, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Hash32> eldest) {
      return size() > CACHE_SIZE;
    }
  };

  ChainHeads(KvStore kv, String name) {
    this.kv = kv;
    this.name = name;
  }

  /** A subject named in a batch being prepared: its key prefix and its chain head so far. */
  static final class Subject {
    final byte[] keyPrefix;
    Hash32 head; // null: no entry names it yet
    boolean moved; // the batch adds an entry naming it
    boolean named; // an entry before the batch names it

    Subject(byte[] keyPrefix) {
      this.keyPrefix = keyPrefix;
    }
  }

  /** The heads of these subjects, from the cache or else, all with one look-up, from their last rows. */
  Map<String, Subject> read(Iterable<String> subjects) {
    Map<String, Subject> out = new LinkedHashMap<>();
    List<Subject> toRead = new ArrayList<>();
    for (String subject : subjects) {
      if (out.containsKey(subject)) {
        continue;
      }
      Subject state = new Subject(Keys.subjectPrefix(subject));
      out.put(subject, state);
      state.head = cache.get(subject);
      if (state.head == null) {
        toRead.add(state);
      }
    }
    readRows(toRead);
    for (Subject state : out.values()) {
      state.named = state.head != null;
    }
    return out;
  }

  /**
   * Takes the heads a written batch moved. Only subjects named before are cached: most subjects
   * named for the first time are items whose next event is hours away, and caching each of them
   * would only churn the cache.
   */
  void moved(Map<String, Subject> subjects) {
    for (Map.Entry<String, Subject> e : subjects.entrySet()) {
      if (e.getValue().moved && e.getValue().named) {
        cache.put(e.getKey(), e.getValue().head);
      }
    }
  }

  private void readRows(List<Subject> states) {
    if (states.isEmpty()) {
      return;
    }
    List<byte[]> afterLastRows = new ArrayList<>(states.size());
    for (Subject state : states) {
      afterLastRows.add(Keys.afterAllRows(state.keyPrefix));
    }
    List<byte[][]> lastRows = kv.lastBefore(Column.SUBJECTS, afterLastRows);
    for (int k = 0; k < states.size(); k++) {
      byte[][] row = lastRows.get(k);
      if (row == null) {
        continue; // a subject no entry has named yet
      }
      if (row[0].length != Keys.SUBJECT_KEY_LENGTH || row[1].length != Hash32.LENGTH || Keys.rowIndex(row[0]) < 0) {
        throw new LedgerException(LedgerError.STORE_CORRUPT, name + ": subject row " + Keys.hex(row[0])
            + " is malformed: key of " + row[0].length + " bytes (want " + Keys.SUBJECT_KEY_LENGTH
            + ", index below 2^63), value of " + row[1].length + " (want " + Hash32.LENGTH + ")");
      }
      states.get(k).head = Hash32.of(row[1]);
    }
  }
}
