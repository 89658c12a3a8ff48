package org.baytrace.tools;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where a node keeps its ledger store: {@code <data dir>/ledger}, or a store directory given directly. */
final class StoreDir {
  private StoreDir() {}

  static Path of(Path data) {
    if (!Files.isDirectory(data)) {
      throw new CliException(BayTrace.USAGE, "--data: " + data + " is not a directory");
    }
    Path ledger = data.resolve("ledger");
    if (Files.exists(ledger.resolve("CURRENT"))) {
      return ledger;
    }
    if (Files.exists(data.resolve("CURRENT"))) {
      return data;
    }
    throw new CliException(BayTrace.USAGE, "--data: " + data + " holds no ledger store (want a node's data directory,"
        + " with ledger/ in it)");
  }
}
