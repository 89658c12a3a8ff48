package org.baytrace.ledger.backup;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.LedgerStore;
import org.baytrace.ledger.SignedCheckpointFile;
import org.baytrace.ledger.checkpoint.Checkpoint;
import org.baytrace.ledger.checkpoint.CheckpointVerifier;
import org.baytrace.ledger.checkpoint.NoteVerifier;
import org.baytrace.ledger.checkpoint.SignedNote;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.store.LedgerStores;
import org.baytrace.ledger.verify.VerificationException;

/**
 * Backup, restore and the operator's confirmation after a restore. A backup directory has the
 * layout of a data directory's ledger part: {@value #LEDGER_DIR}/ (a consistent RocksDB copy of
 * the store) and {@value SignedCheckpointFile#NAME} (the checkpoint the node signed for exactly
 * the tree in that copy). It holds no node key: keys are backed up apart from data.
 */
public final class Backup {
  /** The store's directory, in a data directory and in a backup alike. */
  public static final String LEDGER_DIR = "ledger";

  /** A backup's (or restored directory's) signed checkpoint: the note and what it says. */
  public record Point(String note, Checkpoint checkpoint) {}

  private Backup() {}

  /**
   * Writes a backup of {@code ledger} into {@code out}, a new or empty directory (made owner-only),
   * while appends go on: they wait only while the copy's files are linked.
   *
   * @throws LedgerException INVALID_ARGUMENT if {@code out} is not a new or empty directory;
   *     STORE_IO if the copy cannot be made
   */
  public static Point create(Ledger ledger, Path out) {
    Path dir = out.toAbsolutePath().normalize();
    ensureEmptyDir(dir, "out");
    String note = ledger.backupTo(dir.resolve(LEDGER_DIR));
    SignedCheckpointFile.in(dir).write(note);
    return new Point(note, parse(note, SignedCheckpointFile.in(dir).path()));
  }

  /**
   * Makes {@code data} (new, or without a ledger) a data directory holding the backup in
   * {@code backup}: copies the store, verifies every entry of the copy and that it holds exactly
   * the tree of the backup's signed checkpoint, then writes that checkpoint as the directory's
   * signed-checkpoint file and the {@link RestoredMarker}. {@code progress} hears the entries verified.
   *
   * @throws LedgerException INVALID_ARGUMENT for a directory that is not a backup, or a data
   *     directory that already holds a ledger (a restore never overwrites one); STORE_CORRUPT if
   *     the copy is damaged or does not hold the checkpoint's tree (nothing is left behind)
   */
  public static Point restore(Path backup, Path data, LongConsumer progress) {
    return restore(backup, data, progress, RestoredMarker.in(data));
  }

  /**
   * As {@link #restore}, for a cluster member: the directory gets the member's marker
   * ({@link RestoredMarker#memberIn}) instead. Started there, the member checks with the others
   * that its store is a prefix of their ledger (or does not start), takes up a Raft term above
   * theirs if it has no Raft storage of its own, catches up from them, and serves a checkpoint
   * only once it holds the tree they had; the operator confirms nothing, because the entries
   * after the backup are on the other members.
   */
  public static Point restoreMember(Path backup, Path data, LongConsumer progress) {
    return restore(backup, data, progress, RestoredMarker.memberIn(data));
  }

  /**
   * Removes a restored member's marker once its start checked its store against the others:
   * from then on it is a member like any other that restarts behind.
   */
  public static void memberChecked(Path data) {
    RestoredMarker.memberIn(data).remove();
  }

  private static Point restore(Path backup, Path data, LongConsumer progress, RestoredMarker marker) {
    Path from = backup.toAbsolutePath().normalize();
    Path to = data.toAbsolutePath().normalize();
    SignedCheckpointFile backupNote = SignedCheckpointFile.in(from);
    String note = backupNote.read().orElseThrow(() -> new LedgerException(LedgerError.INVALID_ARGUMENT,
        "backup: " + from + " holds no " + SignedCheckpointFile.NAME + "; want a directory written by baytrace backup"));
    Checkpoint cp = parse(note, backupNote.path());
    if (!Files.isDirectory(from.resolve(LEDGER_DIR))) {
      throw new LedgerException(LedgerError.INVALID_ARGUMENT, "backup: " + from + " holds no " + LEDGER_DIR
          + "/ directory; want a directory written by baytrace backup");
    }
    for (String name : List.of(LEDGER_DIR, SignedCheckpointFile.NAME, RestoredMarker.NAME, RestoredMarker.MEMBER_NAME)) {
      if (Files.exists(to.resolve(name))) {
        throw new LedgerException(LedgerError.INVALID_ARGUMENT, "data: " + to + " already holds " + name
            + "; want a new data directory (a restore never overwrites a ledger)");
      }
    }
    Path ledgerDir = to.resolve(LEDGER_DIR);
    try {
      createOwnerOnly(to);
      copyTree(from.resolve(LEDGER_DIR), ledgerDir);
      try (LedgerStore store = LedgerStores.openRocksDb(ledgerDir, true, progress)) {
        if (store.size() != cp.size()) {
          throw new LedgerException(LedgerError.STORE_CORRUPT, "backup: the copy holds " + store.size()
              + " entries, its signed checkpoint " + cp.size() + "; want the same");
        }
        Hash32 root = store.rootAt(cp.size());
        if (!root.equals(cp.root())) {
          throw new LedgerException(LedgerError.STORE_CORRUPT, "backup: the copy's root at size " + cp.size() + " is "
              + root.hex() + ", its signed checkpoint's " + cp.root().hex() + "; want the same");
        }
      }
    } catch (IOException e) {
      deleteTree(ledgerDir);
      throw new LedgerException(LedgerError.STORE_IO, "cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      deleteTree(ledgerDir);
      throw e;
    }
    marker.write(note); // first: a directory cut short here still starts as a restored one
    SignedCheckpointFile.in(to).write(note);
    return new Point(note, cp);
  }

  /**
   * The operator's step after a restore: {@code publishedNote} is the newest checkpoint the node
   * published (from a witness, a partner, a receipt), verified with the node's own key
   * {@code node}. If the restored store holds its tree (same root at its size), the node may sign
   * again: the {@link RestoredMarker} is removed. If it is larger than the backup, the entries
   * after the backup are lost with it and the node must not sign under this origin again: refused.
   *
   * @throws LedgerException INVALID_ARGUMENT if {@code data} was not restored or the note does
   *     not verify; CHECKPOINT_CONFLICT if the store does not hold the published tree
   */
  public static Checkpoint acceptPublished(Path data, String publishedNote, NoteVerifier node) {
    RestoredMarker marker = RestoredMarker.in(data);
    Checkpoint restored = marker.read().orElseThrow(() -> new LedgerException(LedgerError.INVALID_ARGUMENT,
        "data: " + data + " has no " + RestoredMarker.NAME + ": it was not restored, or was confirmed already"));
    Checkpoint published;
    try {
      published = CheckpointVerifier.verify(publishedNote, restored.origin(), List.of(node), 1).checkpoint();
    } catch (VerificationException e) {
      throw new LedgerException(LedgerError.INVALID_ARGUMENT, "published checkpoint: " + e.getMessage()
          + "; want a checkpoint of " + restored.origin() + " signed by this node's key " + node.encode());
    }
    if (published.size() > restored.size()) {
      throw new LedgerException(LedgerError.CHECKPOINT_CONFLICT, "the node published a checkpoint of size "
          + published.size() + ", but the restored store holds " + restored.size() + " entries: entries " + restored.size()
          + " to " + (published.size() - 1) + " are not in this backup. Restore a newer backup that holds them; without"
          + " them this node must not sign under " + restored.origin() + " again (it stays read-only; a new ledger needs"
          + " a new origin). The marker " + marker.path() + " stays.");
    }
    try (LedgerStore store = LedgerStores.openRocksDb(data.resolve(LEDGER_DIR), false, n -> {})) {
      Hash32 root = store.rootAt(published.size());
      if (!root.equals(published.root())) {
        throw new LedgerException(LedgerError.CHECKPOINT_CONFLICT, "the published checkpoint of size " + published.size()
            + " has root " + published.root().hex() + ", the restored store " + root.hex()
            + " at that size: a different history. The marker " + marker.path() + " stays.");
      }
    }
    marker.remove();
    return published;
  }

  private static Checkpoint parse(String note, Path where) {
    try {
      return Checkpoint.parse(SignedNote.parse(note).text());
    } catch (VerificationException e) {
      throw new LedgerException(LedgerError.INVALID_ARGUMENT, where + ": not a signed checkpoint (" + e.getMessage() + ")");
    }
  }

  private static void ensureEmptyDir(Path dir, String field) {
    if (Files.exists(dir)) {
      boolean empty;
      try (Stream<Path> s = Files.list(dir)) {
        empty = s.findAny().isEmpty();
      } catch (IOException e) {
        throw new LedgerException(LedgerError.INVALID_ARGUMENT, field + ": " + dir + ": " + e.getMessage()
            + "; want a new or empty directory");
      }
      if (!empty) {
        throw new LedgerException(LedgerError.INVALID_ARGUMENT, field + ": " + dir + " is not empty; want a new or"
            + " empty directory (a backup never overwrites another)");
      }
    }
    try {
      createOwnerOnly(dir);
    } catch (IOException e) {
      throw new LedgerException(LedgerError.INVALID_ARGUMENT, field + ": cannot create " + dir + ": " + e.getMessage());
    }
  }

  private static void createOwnerOnly(Path dir) throws IOException {
    Files.createDirectories(dir);
    try {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: left as it is
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Files.walkFileTree(from, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        Files.createDirectories(to.resolve(from.relativize(dir).toString()));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.copy(file, to.resolve(from.relativize(file).toString()));
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // best effort: the error that made the restore fail is the one reported
    }
  }
}
