package org.baytrace.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.LedgerStore;
import org.baytrace.ledger.TreeHead;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.store.LedgerStores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "fsck", mixinStandardHelpOptions = true,
    description = {"Verifies a stopped node's whole ledger store: every entry re-hashed, the whole tree recomputed"
        + " and checked against the stored subtree hashes and tree head, the newest signed checkpoint checked against"
        + " the tree, every subject row and chain link checked, and every apply rule's snapshot checked (its hash, and the"
        + " tree's root at its size). Prints a progress bar and a summary.",
        "Refuses a store in use (stop the node first). Exit code 0 if the store is whole, 1 if it is damaged"
            + " (the first bad index is named)."})
final class FsckCommand implements Callable<Integer> {
  @Option(names = "--data", required = true, paramLabel = "DIR", description = "The node's data directory.")
  Path data;

  @Override
  public Integer call() {
    Path dir = StoreDir.of(data);
    // Opening checks the tree head and the newest checkpoint; the full pass follows.
    try (LedgerStore store = openStopped(dir)) {
      TreeHead head = store.head();
      long verifiedBefore = store.verifiedSize();
      System.out.printf("baytrace: fsck %s: store format %d, tree size %,d%n", dir, store.formatVersion(), head.size());
      ProgressBar bar = new ProgressBar(System.err, "fsck", head.size());
      try {
        store.verifyAll(bar::update);
      } catch (LedgerException e) {
        bar.finish();
        System.out.println("baytrace: fsck: DAMAGED: " + e.getMessage());
        return BayTrace.FAILED;
      }
      double secs = bar.finish();
      System.out.printf("baytrace: fsck: OK: %,d entries, tree root %s%n", head.size(), head.root().hex());
      System.out.printf("baytrace: fsck: newest signed checkpoint %s%n",
          store.latestCheckpoint().map(n -> "at size " + n.lines().skip(1).findFirst().orElse("?") + " matches the tree")
              .orElse("none stored"));
      java.util.List<Ledger.SnapshotCheck> snapshots = Ledger.checkRuleSnapshots(store);
      snapshots.forEach(line -> System.out.println("baytrace: fsck: " + line));
      if (snapshots.isEmpty()) {
        System.out.println("baytrace: fsck: no rule snapshots stored (the next start replays the log once and writes them)");
      }
      long unusable = snapshots.stream().filter(c -> !c.usable()).count();
      System.out.printf("baytrace: fsck: verified up to size %,d (was %,d); %.1f s, %,.0f entries/s; store %,d bytes on disk%n",
          store.verifiedSize(), verifiedBefore, secs, head.size() / Math.max(secs, 1e-3), bytesOnDisk(dir));
      if (unusable > 0) {
        System.out.printf("baytrace: fsck: DAMAGED: %d rule snapshot(s) not usable; the log is whole, and the next start"
            + " replays it for those rules and writes new snapshots%n", unusable);
        return BayTrace.FAILED;
      }
      return BayTrace.OK;
    }
  }

  /** Opens the store of a stopped node, or refuses with the exit code its state calls for. */
  static LedgerStore openStopped(Path dir) {
    try {
      return LedgerStores.openRocksDb(dir, false, n -> {});
    } catch (LedgerException e) {
      throw refusal(dir, e);
    }
  }

  static CliException refusal(Path dir, LedgerException e) {
    if (e.error() == LedgerError.STORE_CORRUPT) {
      return new CliException(BayTrace.FAILED, "DAMAGED: " + e.getMessage());
    }
    return new CliException(e.error() == LedgerError.STORE_FORMAT_OLD ? BayTrace.FAILED : BayTrace.IO_ERROR,
        "cannot check " + dir + ": " + e.getMessage());
  }

  static long bytesOnDisk(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          return 0;
        }
      }).sum();
    } catch (IOException e) {
      return -1;
    }
  }
}
