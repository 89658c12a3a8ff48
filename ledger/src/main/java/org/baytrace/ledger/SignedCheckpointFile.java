package org.baytrace.ledger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;

/**
 * The high-water mark of what a node signed: the full text of the newest checkpoint it let out
 * (served, handed to a cosigning member, or acknowledged appends under), in one small file beside
 * the store and outside it ({@value #NAME} in the data directory). A damaged or rolled-back store
 * cannot take this file with it, so at start the node can tell whether its store still extends
 * everything it signed (see {@link Ledger#open(LedgerConfig, LedgerStore,
 * SignedCheckpointFile, boolean)}).
 *
 * <p>{@link #write} replaces the file atomically and durably: the new text goes to a temporary
 * file, which is synced, renamed over the old one, and the directory is synced, so after a crash
 * or power loss the file holds the old note or the new one, whole. Not thread-safe: its one
 * writer (the ledger) serialises writes.
 */
public final class SignedCheckpointFile {
  /** The file's name in a node's data directory. */
  public static final String NAME = "signed-checkpoint";
  private static final int MAX_BYTES = 64 << 10; // a note with its signatures is well below this

  private final Path file;
  private final Path temp;

  public SignedCheckpointFile(Path file) {
    this.file = file.toAbsolutePath();
    this.temp = this.file.resolveSibling(this.file.getFileName() + ".tmp");
  }

  /** The file {@value #NAME} in {@code dataDir}. */
  public static SignedCheckpointFile in(Path dataDir) {
    return new SignedCheckpointFile(dataDir.resolve(NAME));
  }

  public Path path() {
    return file;
  }

  /**
   * The note in the file; empty if there is no file (a new data directory).
   *
   * @throws LedgerException STORE_IO if the file exists but cannot be read, or is too large
   */
  public Optional<String> read() {
    try {
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw new LedgerException(LedgerError.STORE_IO, file + ": " + size + " bytes, want at most " + MAX_BYTES
            + " (a signed checkpoint note)");
      }
      return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new LedgerException(LedgerError.STORE_IO, "cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Replaces the file's note with {@code note}: temporary file, fsync, rename, directory fsync.
   * Returns once the new note is durable.
   *
   * @throws LedgerException STORE_IO if any step fails (the old note is then still in place)
   */
  public void write(String note) {
    byte[] bytes = note.getBytes(StandardCharsets.UTF_8);
    try {
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
          out.write(b);
        }
        out.force(true);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      // The rename is durable only once the directory entry is.
      try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
        dir.force(true);
      }
    } catch (IOException e) {
      throw new LedgerException(LedgerError.STORE_IO, "cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return file.toString();
  }
}
