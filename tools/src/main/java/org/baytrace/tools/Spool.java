package org.baytrace.tools;

import io.grpc.Status;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A directory of signed records waiting for a node: a barge crew without signal signs records on
 * the spot and sends them later, in the order they were signed, each exactly once.
 *
 * <p>Layout: {@code pending/<seq>.rec} holds one record's signed bytes (written with fsync before
 * anything is sent, so a signed record survives a crash or a flat battery); {@code sent.log} has a
 * line {@code <seq> <index> <leaf hash>} per record the ledger acknowledged; {@code refused/} keeps
 * records a node refused for good, with the reason beside them; {@code origin} is the ledger the
 * records are signed for. Sending is idempotent: a record's signed bytes never change, so a record
 * sent again after a crash between the acknowledgement and its removal is answered as a duplicate
 * with its first index. One process at a time: {@link #open} takes a file lock.
 *
 * <p>Not thread-safe; one command owns a spool while it holds the lock.
 */
final class Spool implements AutoCloseable {
  /** One record waiting in the spool. */
  record Pending(long seq, Path file) {
    byte[] bytes() throws IOException {
      return Files.readAllBytes(file);
    }
  }

  private final Path dir;
  private final Path pending;
  private final Path refused;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private long lastSeq = -1; // highest sequence number in use; read once, then kept (we hold the lock)

  private Spool(Path dir, FileChannel lockChannel, FileLock lock) {
    this.dir = dir;
    this.pending = dir.resolve("pending");
    this.refused = dir.resolve("refused");
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /** Opens (creating owner-only directories) and locks the spool at {@code dir}. */
  static Spool open(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("pending"));
    Files.createDirectories(dir.resolve("refused"));
    FileChannel ch = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock l;
    try {
      l = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      l = null;
    }
    if (l == null) {
      ch.close();
      throw new CliException(BayTrace.IO_ERROR, "spool " + dir + " is in use by another baytrace command; wait for it to finish");
    }
    return new Spool(dir, ch, l);
  }

  Path dir() {
    return dir;
  }

  /** The ledger origin the spool's records are signed for, if known. */
  Optional<String> origin() throws IOException {
    Path f = dir.resolve("origin");
    return Files.exists(f) ? Optional.of(Files.readString(f, StandardCharsets.UTF_8).strip()) : Optional.empty();
  }

  /** Remembers the ledger origin; refuses to mix records of two ledgers in one spool. */
  void rememberOrigin(String origin) throws IOException {
    Optional<String> known = origin();
    if (known.isPresent() && !known.get().equals(origin)) {
      throw new CliException(BayTrace.USAGE, "spool " + dir + " holds records for ledger \"" + known.get()
          + "\", not \"" + origin + "\"; use another --spool directory for another ledger");
    }
    if (known.isEmpty()) {
      writeDurably(dir.resolve("origin"), (origin + "\n").getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Adds a signed record after the ones already waiting; it is on disk when this returns. */
  Pending add(byte[] signedRecord) throws IOException {
    if (lastSeq < 0) {
      lastSeq = Math.max(Math.max(lastSeq(pending), lastSeq(refused)), lastSentSeq());
    }
    long seq = ++lastSeq;
    Path file = pending.resolve(String.format("%012d.rec", seq));
    writeDurably(file, signedRecord);
    return new Pending(seq, file);
  }

  /** The records waiting, oldest first. */
  List<Pending> pending() throws IOException {
    List<Pending> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(pending)) {
      files.filter(p -> p.getFileName().toString().endsWith(".rec")).sorted()
          .forEach(p -> out.add(new Pending(seqOf(p), p)));
    }
    return out;
  }

  /** The ledger has the record: note where, then drop it from the waiting list. */
  void sent(Pending p, long index, String leafHex) throws IOException {
    Files.writeString(dir.resolve("sent.log"), p.seq() + " " + index + " " + leafHex + "\n", StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
    Files.delete(p.file());
    fsyncDir(pending);
  }

  /** A node refused the record for a reason sending it again will not change: keep it aside with the reason. */
  void refused(Pending p, String reason) throws IOException {
    writeDurably(refused.resolve(p.file().getFileName() + ".reason"), (reason + "\n").getBytes(StandardCharsets.UTF_8));
    Files.move(p.file(), refused.resolve(p.file().getFileName()), StandardCopyOption.ATOMIC_MOVE);
    fsyncDir(pending);
    fsyncDir(refused);
  }

  /** Whether a per-record refusal may go away by itself (send the record again later). */
  static boolean transientRefusal(Status.Code code) {
    return switch (code) {
      case UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, CANCELLED -> true;
      default -> false;
    };
  }

  private long lastSentSeq() throws IOException {
    Path log = dir.resolve("sent.log");
    if (!Files.exists(log)) {
      return 0;
    }
    long last = 0;
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      int sp = line.indexOf(' ');
      if (sp > 0) {
        last = Math.max(last, Long.parseLong(line.substring(0, sp)));
      }
    }
    return last;
  }

  private static long lastSeq(Path d) throws IOException {
    try (Stream<Path> files = Files.list(d)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".rec"))
          .mapToLong(n -> Long.parseLong(n.substring(0, n.length() - 4))).max().orElse(0);
    }
  }

  private static long seqOf(Path p) {
    String n = p.getFileName().toString();
    return Long.parseLong(n.substring(0, n.length() - 4));
  }

  /** Temp file, fsync, rename, directory fsync: the file is whole or absent after a crash. */
  private static void writeDurably(Path file, byte[] bytes) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(bytes));
      ch.force(true);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
    fsyncDir(file.getParent());
  }

  private static void fsyncDir(Path d) throws IOException {
    try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  @Override
  public void close() throws IOException {
    lock.release();
    lockChannel.close();
  }
}
