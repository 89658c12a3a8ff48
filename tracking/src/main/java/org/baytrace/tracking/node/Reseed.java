package org.baytrace.tracking.node;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.baytrace.config.NodeConfig;
import org.baytrace.ledger.checkpoint.Checkpoint;
import org.baytrace.ledger.checkpoint.SignedNote;
import org.baytrace.ledger.replication.ReplicatedLedger;
import org.baytrace.ledger.SignedCheckpointFile;
import org.baytrace.ledger.verify.VerificationException;

/**
 * Re-seeding a stopped cluster member ({@code baytrace reseed}): its copy of the ledger is set
 * aside so that it copies the ledger again from the other members when it starts.
 *
 * <p>Set aside (moved, not deleted, into {@code <data>/reseed-<UTC time>/}, for whoever
 * investigates the damage): the ledger store ({@code ledger/}), the EPCIS projection derived from
 * it ({@code epcis/}) and the member's Raft log segments. Kept: the node's key, its configuration,
 * the {@value SignedCheckpointFile#NAME} file (the newest checkpoint it signed: the copy must
 * reach it with the same root before the member serves a checkpoint again) and each Raft group's
 * term, vote and configuration ({@code raft-meta}, {@code raft-meta.conf}): a member that forgot
 * whom it voted for could vote twice in one term and let two leaders be elected.
 *
 * <p>Refuses while any of those stores is open (a node running on the data directory), and for a
 * node without {@code [[peers]]}, which has no members to copy from.
 */
public final class Reseed {
  /** What was done: where things went, and the checkpoint the member must reach again. */
  public record Result(Path setAside, List<Path> moved, Optional<Checkpoint> signed) {}

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);

  private Reseed() {}

  /**
   * Sets the member's ledger, projection and Raft log aside.
   *
   * @throws IllegalStateException if the node is not a cluster member or its data is in use,
   *     with a message for the operator; nothing was moved then
   */
  public static Result run(NodeConfig config, Instant now) throws IOException {
    if (config.peers().isEmpty()) {
      throw new IllegalStateException("node " + config.nodeName() + " is not a cluster member (its config lists no"
          + " [[peers]]): there are no other members to copy the ledger from. Restore " + config.dataDir().resolve(
              BayTraceNode.LEDGER_DIR) + " from a backup instead (ledger/README.md, \"Repair\")");
    }
    return run(config.dataDir(), now);
  }

  /** As {@link #run(NodeConfig, Instant)}, for a data directory whose config is not at hand. */
  public static Result run(Path dataDir, Instant now) throws IOException {
    if (!Files.isDirectory(dataDir)) {
      throw new IllegalStateException("data directory " + dataDir + " does not exist");
    }
    Path ledger = dataDir.resolve(BayTraceNode.LEDGER_DIR);
    Path epcis = dataDir.resolve(BayTraceNode.PROJECTION_DIR);
    Path raft = dataDir.resolve(Cluster.RAFT_DIR);
    List<Path> locks = new ArrayList<>(List.of(ledger.resolve(ROCKSDB_LOCK), epcis.resolve(ROCKSDB_LOCK)));
    locks.addAll(ReplicatedLedger.storageLockFiles(raft));
    for (Path lock : locks) {
      if (inUse(lock)) {
        throw new IllegalStateException(lock.getParent() + " is in use (" + lock.getFileName() + " is locked): stop the"
            + " node running on " + dataDir + " first; nothing was moved");
      }
    }
    Optional<Checkpoint> signed = signedCheckpoint(dataDir);
    List<Path> toMove = new ArrayList<>();
    for (Path p : List.of(ledger, epcis)) {
      if (Files.exists(p)) {
        toMove.add(p);
      }
    }
    toMove.addAll(ReplicatedLedger.raftLogFiles(raft));
    Path aside = dataDir.resolve("reseed-" + STAMP.format(now.truncatedTo(ChronoUnit.SECONDS)));
    if (Files.exists(aside)) {
      throw new IllegalStateException(aside + " exists already; try again in a second");
    }
    List<Path> moved = new ArrayList<>();
    for (Path p : toMove) {
      Path target = aside.resolve(dataDir.relativize(p));
      Files.createDirectories(target.getParent());
      Files.move(p, target, StandardCopyOption.ATOMIC_MOVE); // same file system: a rename
      moved.add(target);
    }
    return new Result(aside, moved, signed);
  }

  /** RocksDB's lock file in a store's directory, held (fcntl) by the process that has it open. */
  private static final String ROCKSDB_LOCK = "LOCK";

  /** Whether another process (or this one) holds a lock on {@code lockFile}. */
  private static boolean inUse(Path lockFile) throws IOException {
    if (!Files.exists(lockFile)) {
      return false;
    }
    try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock lock = ch.tryLock();
      if (lock == null) {
        return true;
      }
      lock.release();
      return false;
    } catch (OverlappingFileLockException e) {
      return true;
    }
  }

  private static Optional<Checkpoint> signedCheckpoint(Path dataDir) {
    Optional<String> note = SignedCheckpointFile.in(dataDir).read();
    if (note.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Checkpoint.parse(SignedNote.parse(note.get()).text()));
    } catch (VerificationException e) {
      throw new IllegalStateException(dataDir.resolve(SignedCheckpointFile.NAME) + " does not hold a readable"
          + " checkpoint (" + e.getMessage() + "); nothing was moved. Without it the member cannot check that its"
          + " copy extends what it signed: find out what happened to it before re-seeding");
    }
  }
}
