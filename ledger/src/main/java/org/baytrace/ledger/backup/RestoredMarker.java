package org.baytrace.ledger.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.baytrace.ledger.SignedCheckpointFile;
import org.baytrace.ledger.checkpoint.Checkpoint;
import org.baytrace.ledger.checkpoint.SignedNote;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.verify.VerificationException;

/**
 * The file {@value #NAME} in a data directory made by a restore (or {@value #MEMBER_NAME}, for a
 * cluster member, which catches up from the others instead; see {@link Backup#restoreMember}): the signed checkpoint of the
 * backup it was restored from. While it is there the node serves the restored history but
 * appends nothing, so it signs no checkpoint past the backup: the node may have published later
 * checkpoints the backup lacks, and signing others of those sizes would fork its history. The
 * operator removes it with {@code baytrace restore --accept-published}, which checks that the
 * newest checkpoint the node published is part of the restored history.
 */
public final class RestoredMarker {
  /** The file's name in a node's data directory. */
  public static final String NAME = "restored-from";
  /**
   * The file's name in a cluster member's data directory restored with {@code --member}: the
   * member checks its store against the others' ledger when it starts (see
   * {@code replication.RestoredMember}); the file is removed once that check passed.
   */
  public static final String MEMBER_NAME = "restored-member-from";

  private final Path file;

  private RestoredMarker(Path file) {
    this.file = file;
  }

  /** The marker of {@code dataDir} (which may not have one). */
  public static RestoredMarker in(Path dataDir) {
    return new RestoredMarker(dataDir.resolve(NAME).toAbsolutePath());
  }

  /** The marker of a cluster member's {@code dataDir} restored with {@code --member} (which may not have one). */
  public static RestoredMarker memberIn(Path dataDir) {
    return new RestoredMarker(dataDir.resolve(MEMBER_NAME).toAbsolutePath());
  }

  public Path path() {
    return file;
  }

  /**
   * The backup's checkpoint if the directory was restored and not yet confirmed.
   *
   * @throws LedgerException STORE_IO if the file exists but cannot be read or parsed
   */
  public Optional<Checkpoint> read() {
    String note;
    try {
      note = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new LedgerException(LedgerError.STORE_IO, "cannot read " + file + ": " + e.getMessage(), e);
    }
    try {
      return Optional.of(Checkpoint.parse(SignedNote.parse(note).text()));
    } catch (VerificationException e) {
      throw new LedgerException(LedgerError.STORE_IO, file + ": not a signed checkpoint (" + e.getMessage()
          + "); it was written by baytrace restore and must hold the backup's checkpoint", e);
    }
  }

  /** Writes the marker, durably (the same atomic replace as the signed-checkpoint file). */
  void write(String backupNote) {
    new SignedCheckpointFile(file).write(backupNote);
  }

  /** Removes the marker. */
  void remove() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new LedgerException(LedgerError.STORE_IO, "cannot remove " + file + ": " + e.getMessage(), e);
    }
  }

  /** The refusal of an append on a node whose data directory carries this marker. */
  public LedgerException refusal(Checkpoint backup) {
    return new LedgerException(LedgerError.RESTORED_FROM_BACKUP, "this node's data directory was restored from a backup"
        + " of tree size " + backup.size() + " (" + file + "); the node may have published later checkpoints that the"
        + " backup lacks, so it appends nothing and signs no checkpoint past " + backup.size() + " until the operator runs"
        + " baytrace restore --accept-published CHECKPOINT_FILE --data DIR with the newest checkpoint it published"
        + " (docs/OPERATIONS.md, \"Restore\")");
  }
}
