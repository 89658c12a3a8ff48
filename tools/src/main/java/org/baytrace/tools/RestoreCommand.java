package org.baytrace.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.baytrace.config.NodeConfig;
import org.baytrace.ledger.SignedCheckpointFile;
import org.baytrace.ledger.backup.Backup;
import org.baytrace.ledger.backup.RestoredMarker;
import org.baytrace.ledger.checkpoint.Checkpoint;
import org.baytrace.ledger.checkpoint.NoteSigner;
import org.baytrace.ledger.checkpoint.NoteVerifier;
import org.baytrace.ledger.checkpoint.SignedNote;
import org.baytrace.ledger.crypto.KeyFiles;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.verify.VerificationException;
import org.baytrace.tracking.node.Reseed;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "restore", mixinStandardHelpOptions = true,
    description = {"restore BACKUP --data DIR: makes DIR a data directory holding the backup (every entry verified,"
        + " the copy checked against the backup's signed checkpoint). The node started on it serves that history but"
        + " appends nothing: it may have published later checkpoints the backup lacks, and must never sign a second"
        + " history.",
        "restore --accept-published CHECKPOINT_FILE --data DIR: the operator's step after that, with the newest"
            + " checkpoint the node published (from a witness, a partner or a receipt). If the restored store holds its"
            + " tree, the node may append again; if it is larger than the backup, the entries after the backup are lost"
            + " with it and the node stays read-only (a new ledger needs a new origin).",
        "restore BACKUP --data DIR --member: for a cluster member, from its own backup. Started there, the member"
            + " checks with the other members that the backup is a prefix of their ledger (it does not start otherwise),"
            + " takes up a Raft term above theirs (the backup holds no Raft state), catches up from them and serves a"
            + " checkpoint only once it holds the tree they had. Nothing to confirm: the entries after the backup are on"
            + " the other members. See docs/OPERATIONS.md, \"Restore\"."})
final class RestoreCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "BACKUP", description = "A directory written by baytrace backup.")
  Path backup;

  @Option(names = "--data", required = true, paramLabel = "DIR", description = "The data directory to make (or confirm).")
  Path data;

  @Option(names = "--key", paramLabel = "FILE", description = "The node's key (node.key), copied into DIR if it has none;"
      + " with --accept-published, the key that verifies the checkpoint (default: DIR/node.key).")
  Path key;

  @Option(names = "--member", description = "DIR is a cluster member's data directory: it catches up from the other"
      + " members instead of waiting for --accept-published. An existing Raft log and EPCIS projection in DIR are set"
      + " aside (as baytrace reseed does); the Raft term and vote beside them are kept.")
  boolean member;

  @Option(names = "--accept-published", paramLabel = "CHECKPOINT_FILE",
      description = "The newest checkpoint the node published, as a signed note.")
  Path published;

  @Override
  public Integer call() throws IOException {
    if ((backup == null) == (published == null)) {
      throw new CliException(BayTrace.USAGE, "want either BACKUP (to restore) or --accept-published CHECKPOINT_FILE"
          + " (to confirm a restored directory), not " + (backup == null ? "neither" : "both"));
    }
    if (member && published != null) {
      throw new CliException(BayTrace.USAGE, "--member: a restored member confirms nothing; --accept-published is for"
          + " a single node");
    }
    return published != null ? accept() : restore();
  }

  private int restore() throws IOException {
    if (member) {
      setAsideRaftLog();
    }
    ProgressBar bar = new ProgressBar(System.err, "verify", 0);
    Backup.Point p;
    try {
      p = member ? Backup.restoreMember(backup, data, bar::update) : Backup.restore(backup, data, bar::update);
    } catch (LedgerException e) {
      bar.finish();
      throw refusal(e);
    }
    bar.finish();
    Path keyInData = data.resolve(NodeConfig.KEY_FILE_NAME);
    if (key != null && !Files.exists(keyInData)) {
      KeyFiles.savePrivate(KeyFiles.loadPrivate(key), keyInData);
    }
    System.out.printf("baytrace: restore: %s: ledger %s, tree size %,d, root %s, every entry verified%n",
        data.toAbsolutePath(), p.checkpoint().origin(), p.checkpoint().size(), p.checkpoint().root().hex());
    if (!Files.exists(keyInData)) {
      System.out.printf("baytrace: restore: put the node's key at %s before starting it (--key); a node started without"
          + " it makes a new key and does not start on the restored checkpoint%n", keyInData);
    }
    if (member) {
      System.out.printf("baytrace: restore: start the member as usual (baytrace node --config FILE): it checks that this"
          + " store is a prefix of the other members' ledger, catches up from them, and serves checkpoints once it holds"
          + " the tree they had (%s)%n", RestoredMarker.MEMBER_NAME);
      return BayTrace.OK;
    }
    System.out.printf("baytrace: restore: the node will serve this history and append nothing until you run%n"
        + "  baytrace restore --accept-published CHECKPOINT_FILE --data %s%n"
        + "with the newest checkpoint it published (%s)%n", data, RestoredMarker.NAME);
    return BayTrace.OK;
  }

  /**
   * A member's directory that still has its Raft storage (only the ledger was lost): the log
   * segments go, since they may start past the backup; the term and vote stay, which is safer
   * than any the member could learn (see ledger/README.md, "Repair").
   */
  private void setAsideRaftLog() throws IOException {
    if (!Files.isDirectory(data.resolve("raft")) && !Files.isDirectory(data.resolve("epcis"))) {
      return;
    }
    if (Files.exists(data.resolve(Backup.LEDGER_DIR)) || Files.exists(data.resolve(SignedCheckpointFile.NAME))) {
      return; // the restore refuses a directory that holds a ledger: nothing is moved then
    }
    Reseed.Result r;
    try {
      r = Reseed.run(data, Instant.now());
    } catch (IllegalStateException e) {
      throw new CliException(BayTrace.FAILED, "restore: " + e.getMessage());
    }
    if (!r.moved().isEmpty()) {
      System.out.printf("baytrace: restore: set aside in %s: %s%n", r.setAside(),
          r.moved().stream().map(m -> r.setAside().relativize(m).toString()).toList());
    }
  }

  private int accept() throws IOException {
    String note;
    try {
      note = Files.readString(published, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new CliException(BayTrace.USAGE, "--accept-published: " + published + " does not exist");
    }
    Path keyFile = key != null ? key : data.resolve(NodeConfig.KEY_FILE_NAME);
    if (!Files.exists(keyFile)) {
      throw new CliException(BayTrace.USAGE, "--key: " + keyFile + " does not exist; want the node's key, which"
          + " verifies the published checkpoint");
    }
    SigningKey nodeKey = KeyFiles.loadPrivate(keyFile);
    String signedNow = SignedCheckpointFile.in(data).read().orElseThrow(() -> new CliException(BayTrace.USAGE,
        "--data: " + data + " holds no " + SignedCheckpointFile.NAME + "; want a directory made by baytrace restore"));
    String nodeName;
    try {
      nodeName = SignedNote.parse(signedNow).signatures().get(0).name();
    } catch (VerificationException | IndexOutOfBoundsException e) {
      throw new CliException(BayTrace.FAILED, data.resolve(SignedCheckpointFile.NAME) + ": not a signed checkpoint");
    }
    NoteVerifier verifier = new NoteSigner(nodeName, nodeKey).verifier();
    Checkpoint accepted;
    try {
      accepted = Backup.acceptPublished(data, note, verifier);
    } catch (LedgerException e) {
      throw refusal(e);
    }
    System.out.printf("baytrace: restore: the published checkpoint of size %,d is part of the restored history;"
        + " the node may append again%n", accepted.size());
    return BayTrace.OK;
  }

  private static CliException refusal(LedgerException e) {
    int code = switch (e.error()) {
      case INVALID_ARGUMENT -> BayTrace.USAGE;
      case STORE_IO, STORE_LOCKED -> BayTrace.IO_ERROR;
      default -> BayTrace.FAILED;
    };
    return new CliException(code, "restore: " + e.error() + ": " + e.getMessage());
  }
}
