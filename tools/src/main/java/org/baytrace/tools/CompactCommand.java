package org.baytrace.tools;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.baytrace.ledger.LedgerStore;
import org.baytrace.ledger.StorageStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "compact", mixinStandardHelpOptions = true,
    description = {"Rewrites a stopped node's ledger store in full: frees the space of deleted rows and gives files"
        + " written by an earlier build this build's compression. Changes no entry, hash or checkpoint.",
        "Refuses a store in use (stop the node first). Prints the store's size before and after, and bytes per entry."})
final class CompactCommand implements Callable<Integer> {
  @Option(names = "--data", required = true, paramLabel = "DIR", description = "The node's data directory.")
  Path data;

  @Override
  public Integer call() {
    Path dir = StoreDir.of(data);
    try (LedgerStore store = FsckCommand.openStopped(dir)) {
      long entries = store.head().size();
      long before = FsckCommand.bytesOnDisk(dir);
      long started = System.nanoTime();
      store.compact(part -> System.err.println("baytrace: compact: " + part + " ..."));
      double secs = (System.nanoTime() - started) / 1e9;
      long after = FsckCommand.bytesOnDisk(dir);
      for (StorageStats.Family f : store.storageStats().families()) {
        System.out.printf("baytrace: compact: %-12s %,15d bytes in files%s%n", f.name(), f.sstBytes(),
            entries == 0 ? "" : String.format(" (%,.1f per entry)", (double) f.sstBytes() / entries));
      }
      System.out.printf("baytrace: compact: %s: %,d entries, %,d bytes before, %,d bytes after (%s per entry); %.1f s%n",
          dir, entries, before, after, entries == 0 ? "-" : String.format("%,.0f bytes", (double) after / entries), secs);
      return BayTrace.OK;
    }
  }
}
