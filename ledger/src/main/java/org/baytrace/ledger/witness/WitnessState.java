package org.baytrace.ledger.witness;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.Optional;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.crypto.Sha256;

/**
 * What a witness last cosigned for each log, one small file per origin in a directory
 * ({@code <hex SHA-256 of origin>.checkpoint}: origin, size, base64 root). A new state is written
 * to a temporary file, synced, renamed over the old one and the directory synced, so after a
 * crash the witness has either the old or the new state, never a mix. Thread-safe for one
 * process; one witness per directory.
 */
public final class WitnessState {
  /** The latest checkpoint cosigned for a log. */
  public record Latest(long size, Hash32 root) {}

  private final Path dir;

  private WitnessState(Path dir) {
    this.dir = dir;
  }

  /** Opens (creating) the state directory. */
  public static WitnessState open(Path dir) throws IOException {
    Files.createDirectories(dir);
    return new WitnessState(dir);
  }

  public synchronized Optional<Latest> latest(String origin) throws IOException {
    Path f = file(origin);
    if (!Files.exists(f)) {
      return Optional.empty();
    }
    String[] lines = Files.readString(f, StandardCharsets.UTF_8).split("\n");
    if (lines.length != 3 || !lines[0].equals(origin)) {
      throw new IOException(f + ": not a witness state for \"" + origin + "\"");
    }
    return Optional.of(new Latest(Long.parseLong(lines[1]), Hash32.of(Base64.getDecoder().decode(lines[2]))));
  }

  synchronized void record(String origin, long size, Hash32 root) throws IOException {
    Path f = file(origin);
    Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
    byte[] bytes = (origin + "\n" + size + "\n" + root.base64() + "\n").getBytes(StandardCharsets.UTF_8);
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(ByteBuffer.wrap(bytes));
      ch.force(true);
    }
    Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }

  private Path file(String origin) {
    return dir.resolve(Sha256.hash(origin.getBytes(StandardCharsets.UTF_8)).hex() + ".checkpoint");
  }
}
