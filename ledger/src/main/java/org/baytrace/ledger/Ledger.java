package org.baytrace.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;
import org.baytrace.ledger.checkpoint.Checkpoint;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.checkpoint.NoteVerifier;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.receipt.Receipt;
import org.baytrace.ledger.record.ParsedRecord;
import org.baytrace.ledger.record.Records;
import org.baytrace.ledger.store.Appended;
import org.baytrace.ledger.store.LedgerStore;
import org.baytrace.ledger.store.PendingRecord;
import org.baytrace.ledger.store.StoredEntry;
import org.baytrace.ledger.store.TreeHead;
import org.baytrace.ledger.verify.VerificationException;

/**
 * One ledger: checks records (shape, origin, signatures, author policy), appends them in batches
 * to its {@link LedgerStore}, signs a checkpoint for every new tree head, and serves entries,
 * proofs and receipts.
 *
 * <p>Thread-safety: {@link #check} is thread-safe and CPU-bound (run it on many threads);
 * appends are serialised by the store's single writer; reads are safe from any thread.
 */
public final class Ledger implements AutoCloseable {
  private final LedgerConfig config;
  private final LedgerStore store;
  private final List<LongConsumer> appendListeners = new CopyOnWriteArrayList<>();

  private Ledger(LedgerConfig config, LedgerStore store) {
    this.config = config;
    this.store = store;
  }

  /** Opens a ledger over a store; signs the current tree head if it has no checkpoint yet. */
  public static Ledger open(LedgerConfig config, LedgerStore store) {
    Ledger ledger = new Ledger(config, store);
    TreeHead head = store.head();
    if (store.checkpoint(head.size()).isEmpty()) {
      store.putCheckpoint(head, ledger.sign(head));
    }
    return ledger;
  }

  public String origin() {
    return config.origin();
  }

  public LedgerConfig config() {
    return config;
  }

  public LedgerStore store() {
    return store;
  }

  /** This node's checkpoint verifier key, in the standard {@code name+hash+key} form. */
  public NoteVerifier verifierKey() {
    return config.signer().verifier();
  }

  /**
   * Checks one record as received: shape and size, origin, every signature, and the author
   * policy. Stores nothing.
   *
   * @throws LedgerException with the error that names the failed check
   */
  public ParsedRecord check(byte[] signedRecord) {
    ParsedRecord record = Records.parse(signedRecord, config.limits());
    if (!record.origin().equals(config.origin())) {
      throw new LedgerException(LedgerError.WRONG_ORIGIN,
          "body.origin: got \"" + record.origin() + "\", want \"" + config.origin() + "\"");
    }
    try {
      Records.verifySignatures(record);
    } catch (VerificationException e) {
      LedgerError error = switch (e.failure()) {
        case UNSIGNED -> LedgerError.UNSIGNED;
        default -> LedgerError.SIGNATURE_INVALID;
      };
      throw new LedgerException(error, e.getMessage().substring(e.failure().name().length() + 2));
    }
    config.policy().check(record);
    return record;
  }

  /**
   * Appends checked records as one batch, synced to disk before returning, and signs the new
   * tree head. Duplicates (same body) return the first index. Results are in input order.
   */
  public List<Appended> append(List<ParsedRecord> records) {
    List<PendingRecord> pending = new ArrayList<>(records.size());
    for (ParsedRecord r : records) {
      pending.add(new PendingRecord(r.signedRecordBytes(), r.bodyHash(), r.subjects()));
    }
    long before = store.size();
    List<Appended> results = store.append(pending, config.clock().millis(), this::sign);
    long after = store.size();
    if (after > before) {
      appendListeners.forEach(l -> l.accept(after));
    }
    return results;
  }

  /** Checks and appends one record; a convenience for tools and tests. */
  public Appended append(byte[] signedRecord) {
    return append(List.of(check(signedRecord))).get(0);
  }

  /** Calls {@code listener} with the new tree size after every append that grew the log. */
  public void onAppend(LongConsumer listener) {
    appendListeners.add(listener);
  }

  public void removeAppendListener(LongConsumer listener) {
    appendListeners.remove(listener);
  }

  public TreeHead head() {
    return store.head();
  }

  public StoredEntry entry(long index) {
    return store.entry(index);
  }

  /** The signed checkpoint of the current tree head. */
  public String latestCheckpoint() {
    TreeHead head = store.head();
    return checkpointAt(head.size());
  }

  /**
   * The signed checkpoint for a tree size at or below the current one. Sizes this node signed at
   * append time come from the store; any other size is signed now over this node's own root for
   * it and not stored (Ed25519 is deterministic, so asking again gives the same note, and readers
   * cannot make the node write to disk).
   */
  public String checkpointAt(long size) {
    Optional<String> stored = store.checkpoint(size);
    if (stored.isPresent()) {
      return stored.get();
    }
    return sign(new TreeHead(size, store.rootAt(size)));
  }

  /** A receipt for entry {@code index} against the tree of {@code treeSize} (0: the latest). */
  public Receipt receipt(long index, long treeSize) {
    long size = treeSize == 0 ? store.size() : treeSize;
    if (index < 0 || index >= size) {
      throw new LedgerException(LedgerError.INDEX_OUT_OF_RANGE,
          "index: got " + index + ", want below the tree size " + size);
    }
    String note = checkpointAt(size);
    StoredEntry entry = store.entry(index);
    List<byte[]> proof = store.inclusionProof(index, size).stream().map(Hash32::toByteArray).toList();
    return new Receipt(entry.leaf(), index, note, proof);
  }

  public List<Hash32> consistencyProof(long fromSize, long toSize) {
    return store.consistencyProof(fromSize, toSize);
  }

  public List<StoredEntry> subjectHistory(String subject, long fromIndex, int limit) {
    return store.subjectHistory(subject, fromIndex, limit);
  }

  private String sign(TreeHead head) {
    NoteSigner signer = config.signer();
    return signer.sign(new Checkpoint(config.origin(), head.size(), head.root())).format();
  }

  @Override
  public void close() {
    store.close();
  }
}
