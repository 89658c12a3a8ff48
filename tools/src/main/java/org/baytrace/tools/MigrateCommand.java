package org.baytrace.tools;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.baytrace.ledger.LedgerStore;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.store.LedgerStores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "migrate", mixinStandardHelpOptions = true,
    description = {"Converts a stopped node's ledger store of an older format to the one this build reads, in"
        + " place, with a progress bar, then verifies it (the whole store if rows were rewritten). A store already of the current format is left"
        + " as it is. Refuses a store in use (stop the node first). If interrupted, run it again.",
        "Back up the data directory first: a store of the new format cannot be opened by the previous release."})
final class MigrateCommand implements Callable<Integer> {
  @Option(names = "--data", required = true, paramLabel = "DIR", description = "The node's data directory.")
  Path data;

  @Override
  public Integer call() {
    Path dir = StoreDir.of(data);
    LedgerStore.Migration done;
    ProgressBar[] bar = {new ProgressBar(System.err, "migrate", 0)};
    try {
      done = LedgerStores.migrate(dir, size -> bar[0] = new ProgressBar(System.err, "migrate", size), n -> bar[0].update(n));
    } catch (LedgerException e) {
      bar[0].finish();
      throw FsckCommand.refusal(dir, e);
    }
    bar[0].finish();
    if (done.fromVersion() == done.toVersion()) {
      System.out.printf("baytrace: migrate: %s is already of store format %d; nothing to do%n", dir, done.toVersion());
      return BayTrace.OK;
    }
    // Rewritten rows are verified entry by entry; a migration that only added a family gets the
    // checks of a start (tree head, newest checkpoint, entries above the verified size).
    System.out.printf("baytrace: migrate: %s: store format %d -> %d, %,d entries; verifying%s%n", dir, done.fromVersion(),
        done.toVersion(), done.entries(), done.rewroteRows() ? "" : " what a start verifies");
    ProgressBar verify = new ProgressBar(System.err, "verify", done.entries());
    try (LedgerStore store = LedgerStores.openRocksDb(dir, done.rewroteRows(), verify::update)) {
      verify.finish();
      System.out.printf("baytrace: migrate: OK: store format %d, tree size %,d, root %s%n", store.formatVersion(),
          store.size(), store.head().root().hex());
      return BayTrace.OK;
    } catch (LedgerException e) {
      verify.finish();
      throw FsckCommand.refusal(dir, e);
    }
  }
}
