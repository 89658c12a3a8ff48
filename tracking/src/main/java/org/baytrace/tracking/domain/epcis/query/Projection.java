package org.baytrace.tracking.domain.epcis.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.baytrace.ledger.Ledger;
import com.google.protobuf.InvalidProtocolBufferException;
import org.baytrace.api.ledger.v1.RecordBody;
import org.baytrace.api.ledger.v1.SignedRecord;
import org.baytrace.ledger.StoredEntry;
import org.baytrace.ledger.leaf.Leaf;
import org.baytrace.ledger.leaf.LeafCodec;
import org.baytrace.ledger.verify.VerificationException;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.tracking.domain.epcis.hash.EventHash;
import org.baytrace.tracking.domain.epcis.hash.HashIdMismatch;
import org.baytrace.tracking.domain.epcis.masterdata.MasterDataRecords;
import org.baytrace.tracking.domain.epcis.masterdata.VocabularyElement;
import org.baytrace.tracking.domain.epcis.query.ProjectionDb.Family;
import org.baytrace.tracking.domain.epcis.record.EpcisRecords;

/**
 * Keeps the projection in step with the ledger. On start it checks that the stored projection
 * belongs to this ledger (format version, origin, and the leaf hash of the last entry it applied;
 * otherwise it deletes and rebuilds it), catches up from its stored applied size by reading
 * {@link Ledger#entry}, then follows appends ({@link Ledger#onAppend}) on its own thread. Each
 * batch of entries is applied in one atomic write together with the new applied size, so a crash
 * neither applies an entry twice nor skips one.
 *
 * <p>Applying is deterministic: the projection is a function of the ledger's entries, in order.
 *
 * <p>Thread-safety: one writer thread (owned here); {@link #applied()} and {@link #awaitApplied}
 * may be called from any thread.
 */
public final class Projection implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Projection.class.getName());
  /** Bump when the stored layout or the meaning of an index changes: old projections are rebuilt. */
  static final String FORMAT = "baytrace-epcis-projection/3";
  private static final int BATCH = 256;
  private static final Duration RETRY = Duration.ofSeconds(1);

  private static final byte[] META_APPLIED = bytes("applied");
  private static final byte[] META_FORMAT = bytes("format");
  private static final byte[] META_ORIGIN = bytes("origin");
  private static final byte[] META_LAST_LEAF = bytes("lastLeafHash");

  private final Ledger ledger;
  private final ProjectionDb db;
  private final Thread worker;
  private final LongConsumer listener = size -> wake();
  private final Object signal = new Object();
  private final Object progress = new Object();
  private boolean woken;
  private volatile boolean stopping;
  private volatile long applied;
  private volatile RuntimeException failure;
  private final java.util.List<LongConsumer> appliedListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  private Projection(Ledger ledger, ProjectionDb db, long applied) {
    this.ledger = ledger;
    this.db = db;
    this.applied = applied;
    this.worker = new Thread(this::run, "baytrace-epcis-projection");
    worker.setDaemon(true);
  }

  /** Opens (creating, or rebuilding if it is not this ledger's) the projection in {@code dir} and starts following. */
  public static Projection open(Ledger ledger, Path dir) {
    ProjectionDb db = ProjectionDb.open(dir);
    try {
      String stale = staleReason(ledger, db);
      if (stale != null) {
        LOG.warning(() -> "EPCIS projection " + dir + " is rebuilt from the ledger: " + stale);
        db.close();
        deleteTree(dir);
        db = ProjectionDb.open(dir);
      }
      long applied = readApplied(db);
      if (applied == 0) {
        try (ProjectionDb.Writer w = db.writer()) {
          w.put(Family.META, META_FORMAT, bytes(FORMAT));
          w.put(Family.META, META_ORIGIN, bytes(ledger.origin()));
          w.put(Family.META, META_APPLIED, Keys.be64(0));
          w.commit();
        }
      }
      Projection p = new Projection(ledger, db, applied);
      ledger.onAppend(p.listener);
      p.worker.start();
      return p;
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /** Why the stored projection cannot be continued, or null if it can. */
  private static String staleReason(Ledger ledger, ProjectionDb db) {
    try (ProjectionDb.Reader r = db.reader()) {
      byte[] format = r.get(Family.META, META_FORMAT);
      if (format == null) {
        return readApplied(r) == 0 ? null : "it has no format version";
      }
      if (!FORMAT.equals(new String(format, StandardCharsets.UTF_8))) {
        return "its format is " + new String(format, StandardCharsets.UTF_8) + ", this node writes " + FORMAT;
      }
      byte[] origin = r.get(Family.META, META_ORIGIN);
      if (origin == null || !ledger.origin().equals(new String(origin, StandardCharsets.UTF_8))) {
        return "it was built from another ledger ("
            + (origin == null ? "unknown" : new String(origin, StandardCharsets.UTF_8)) + ")";
      }
      long applied = readApplied(r);
      long size = ledger.head().size();
      if (applied > size) {
        return "it has applied " + applied + " entries but the ledger has " + size;
      }
      if (applied > 0) {
        byte[] last = r.get(Family.META, META_LAST_LEAF);
        byte[] actual = ledger.entry(applied - 1).leafHash().toByteArray();
        if (last == null || !Arrays.equals(last, actual)) {
          return "the leaf hash of entry " + (applied - 1) + " differs from the one it applied";
        }
      }
      return null;
    }
  }

  private static long readApplied(ProjectionDb db) {
    try (ProjectionDb.Reader r = db.reader()) {
      return readApplied(r);
    }
  }

  private static long readApplied(ProjectionDb.Reader r) {
    byte[] v = r.get(Family.META, META_APPLIED);
    return v == null ? 0 : Keys.readBe64(v, 0);
  }

  public ProjectionDb db() {
    return db;
  }

  /** How many ledger entries (from index 0) the projection has applied. */
  public long applied() {
    return applied;
  }

  /** The last failure to apply entries, if the projection is stuck on one (it retries). */
  RuntimeException failure() {
    return failure;
  }

  /**
   * Waits until at least {@code size} entries are applied.
   *
   * @throws TimeoutException if they are not within {@code timeout}
   */
  public void awaitApplied(long size, Duration timeout) throws InterruptedException, TimeoutException {
    if (applied >= size) {
      return; // the usual case: no lock for readers that need not wait
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (progress) {
      while (applied < size) {
        if (stopping) {
          throw new LedgerException(LedgerError.CLOSED, "EPCIS projection is closed");
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          RuntimeException f = failure;
          throw new TimeoutException("EPCIS projection: applied " + applied + " entries, want " + size
              + " within " + timeout + (f == null ? "" : "; last failure: " + f));
        }
        progress.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  private void wake() {
    synchronized (signal) {
      woken = true;
      signal.notifyAll();
    }
  }

  private void run() {
    while (!stopping) {
      long size;
      try {
        size = ledger.head().size();
      } catch (LedgerException e) {
        if (e.error() == LedgerError.CLOSED) {
          idle(RETRY);
          continue;
        }
        fail(e);
        continue;
      }
      if (applied < size) {
        try {
          applyBatch(applied, Math.min(size, applied + BATCH));
          failure = null;
        } catch (RuntimeException e) {
          if (stopping) {
            return;
          }
          fail(e);
        }
        continue;
      }
      idle(Duration.ofSeconds(5)); // the listener wakes us on appends; the timeout is a safety net
    }
  }

  private void fail(RuntimeException e) {
    if (failure == null || !String.valueOf(failure.getMessage()).equals(e.getMessage())) {
      LOG.log(Level.SEVERE, "EPCIS projection cannot apply ledger entry " + applied + "; retrying", e);
    }
    failure = e;
    idle(RETRY);
  }

  private void idle(Duration d) {
    synchronized (signal) {
      if (!woken && !stopping) {
        try {
          signal.wait(d.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          stopping = true;
        }
      }
      woken = false;
    }
  }

  private void applyBatch(long from, long to) {
    byte[] lastLeaf = null;
    try (ProjectionDb.Writer w = db.writer()) {
      for (long i = from; i < to; i++) {
        StoredEntry entry = ledger.entry(i);
        apply(w, entry);
        lastLeaf = entry.leafHash().toByteArray();
      }
      w.put(Family.META, META_APPLIED, Keys.be64(to));
      w.put(Family.META, META_LAST_LEAF, lastLeaf);
      w.commit();
    }
    synchronized (progress) {
      applied = to;
      progress.notifyAll();
    }
    for (LongConsumer l : appliedListeners) {
      try {
        l.accept(to);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "EPCIS projection: a listener failed on applied size " + to, e);
      }
    }
  }

  /**
   * Calls {@code listener} with the new applied size after each batch is applied, on the
   * projection's thread: it must return quickly (hand work to a thread of its own).
   */
  public void onApplied(LongConsumer listener) {
    appliedListeners.add(java.util.Objects.requireNonNull(listener, "listener"));
  }

  public void removeAppliedListener(LongConsumer listener) {
    appliedListeners.remove(listener);
  }

  /** Adds one entry's event (if it holds one) to every index. */
  static void apply(ProjectionDb.Writer w, StoredEntry entry) {
    long idx = entry.index();
    // One decoding of the entry for both kinds of record the projection reads.
    Leaf leaf;
    RecordBody body;
    try {
      leaf = LeafCodec.decode(entry.leaf());
      body = RecordBody.parseFrom(SignedRecord.parseFrom(leaf.signedRecord()).getBody());
    } catch (VerificationException | InvalidProtocolBufferException e) {
      LOG.warning(() -> "EPCIS projection: ledger entry " + idx + " is not a readable log entry and is left out: "
          + e.getMessage());
      return;
    }
    VocabularyElement element;
    try {
      element = MasterDataRecords.fromEntry(leaf, body);
    } catch (IllegalArgumentException e) {
      LOG.warning(() -> "EPCIS projection: ledger entry " + idx + " is not a readable master data record and is left "
          + "out: " + e.getMessage());
      return;
    }
    if (element != null) {
      MasterData.put(w, element); // the newest record of an element is its master data
      return;
    }
    EpcisRecords.StoredEvent stored;
    try {
      stored = EpcisRecords.fromEntry(leaf, body);
    } catch (IllegalArgumentException e) {
      LOG.warning(() -> "EPCIS projection: ledger entry " + idx + " is not a readable EPCIS record and is left out: "
          + e.getMessage());
      return;
    }
    if (stored == null) {
      return;
    }
    ObjectNode event = stored.event();
    EventFacts f = EventFacts.of(event, Instant.ofEpochMilli(stored.eventTimeUnixMillis()));
    String hashId = hashId(event); // once: for the hash id index and to flag a supplied id that is not it
    HashIdMismatch mismatch = hashId == null ? null : HashIdMismatch.of(event.path("eventID").asText(""), hashId);
    w.put(Family.EVENTS, Keys.be64(idx), ProjectedEvent.envelope(stored.recordTimeUnixMillis(),
        HexFormat.of().formatHex(entry.leafHash().toByteArray()), stored.authorOrg(),
        stored.eventTimeUnixMillis(), stored.subjects(), event, mismatch == null ? null : mismatch.computed()));
    index(w, Family.EVENT_TIME, Keys.time(f.eventTime()), idx);
    index(w, Family.RECORD_TIME, Keys.signed64(stored.recordTimeUnixMillis()), idx);
    indexString(w, Family.TYPE, f.type(), idx);
    indexString(w, Family.BIZ_STEP, f.bizStep(), idx);
    indexString(w, Family.DISPOSITION, f.disposition(), idx);
    indexString(w, Family.READ_POINT, f.readPoint(), idx);
    indexString(w, Family.BIZ_LOCATION, f.bizLocation(), idx);
    f.epcs().forEach(v -> indexString(w, Family.EPC, v, idx));
    indexString(w, Family.PARENT, f.parentId(), idx);
    f.inputEpcs().forEach(v -> indexString(w, Family.INPUT_EPC, v, idx));
    f.outputEpcs().forEach(v -> indexString(w, Family.OUTPUT_EPC, v, idx));
    f.classes().forEach(v -> indexString(w, Family.EPC_CLASS, v, idx));
    f.inputClasses().forEach(v -> indexString(w, Family.INPUT_EPC_CLASS, v, idx));
    f.outputClasses().forEach(v -> indexString(w, Family.OUTPUT_EPC_CLASS, v, idx));
    for (EventFacts.SensorValue s : f.sensorValues()) {
      index(w, Family.SENSOR, sensorKey(s.field(), s.uom(), s.value()), idx);
    }

    String eventId = f.eventId() == null ? "" : f.eventId();
    if (f.ownErrorDeclaration() != null) {
      // A correction: the event as it should not have been, with the declaration. Every earlier
      // event it names (same eventID, or the same content when it is identified by its hash)
      // is declared in error by it, unless an earlier declaration got there first.
      byte[] value = ProjectedEvent.declaredValue(idx, f.ownErrorDeclaration());
      w.put(Family.DECLARED, Keys.be64(idx), value);
      TreeSet<Long> originals = new TreeSet<>();
      if (!eventId.isEmpty()) {
        originals.addAll(indexed(w, Family.EVENT_ID, eventId));
        originals.addAll(indexed(w, Family.HASH_ID, eventId));
      }
      for (long o : originals) {
        if (o != idx && w.get(Family.DECLARED, Keys.be64(o)) == null) {
          w.put(Family.DECLARED, Keys.be64(o), value);
        }
      }
    } else {
      // An event that an earlier declaration already names (captured again, or late).
      long first = -1;
      JsonNode declaration = null;
      for (String key : new String[] {eventId, hashId}) {
        if (key == null || key.isEmpty()) {
          continue;
        }
        for (long c : indexed(w, Family.EVENT_ID, key)) {
          byte[] d = w.get(Family.DECLARED, Keys.be64(c));
          if (d != null) {
            ProjectedEvent.Declared decl = ProjectedEvent.Declared.parse(idx, d);
            if (decl.by() == c && (first < 0 || c < first)) {
              first = c;
              declaration = decl.declaration();
            }
          }
        }
      }
      if (first >= 0) {
        w.put(Family.DECLARED, Keys.be64(idx), ProjectedEvent.declaredValue(first, declaration));
      }
    }
    indexString(w, Family.EVENT_ID, eventId.isEmpty() ? null : eventId, idx);
    indexString(w, Family.HASH_ID, hashId, idx);
  }

  static byte[] sensorKey(String field, String uom, double value) {
    return Keys.concat(Keys.str(field), Keys.str(uom), Keys.be64(Keys.sortableDouble(value)));
  }

  private static String hashId(ObjectNode event) {
    try {
      return EventHash.hashId(event, null);
    } catch (RuntimeException e) {
      return null; // an event the hash cannot be computed for is found by its eventID only
    }
  }

  private static List<Long> indexed(ProjectionDb.Writer w, Family f, String value) {
    List<Long> out = new ArrayList<>();
    w.scanPrefix(f, Keys.str(value), (k, v) -> {
      out.add(Keys.ledgerIndexOf(k));
      return true;
    });
    out.sort(Comparator.naturalOrder());
    return out;
  }

  private static void index(ProjectionDb.Writer w, Family f, byte[] value, long idx) {
    w.put(f, Keys.indexKey(value, idx), Keys.EMPTY);
  }

  private static void indexString(ProjectionDb.Writer w, Family f, String value, long idx) {
    if (value != null && !value.isEmpty()) {
      index(w, f, Keys.str(value), idx);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Stops following the ledger and closes the store. Idempotent. */
  @Override
  public void close() {
    if (stopping && !worker.isAlive()) {
      db.close();
      return;
    }
    stopping = true;
    ledger.removeAppendListener(listener);
    wake();
    synchronized (progress) {
      progress.notifyAll();
    }
    try {
      worker.join(Duration.ofSeconds(30).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (worker.isAlive()) {
      LOG.warning("EPCIS projection writer did not stop within 30 s; closing its store anyway");
    }
    db.close();
  }

  /** Deletes a projection directory and everything in it. */
  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the EPCIS projection " + dir + ": " + e.getMessage(), e);
    }
  }
}
