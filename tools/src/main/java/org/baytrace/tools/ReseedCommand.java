package org.baytrace.tools;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.baytrace.config.ConfigException;
import org.baytrace.config.NodeConfig;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.tracking.node.Reseed;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "reseed", mixinStandardHelpOptions = true,
    description = {"Prepares a stopped cluster member to copy the ledger again from the other members: the repair of a"
        + " member that refused to start because its store does not extend the checkpoint it signed.",
        "Moves its ledger store, EPCIS projection and Raft log into <data>/reseed-<UTC time>/ (kept for"
            + " investigation; delete it when done). Keeps its key, config, signed-checkpoint file (the copy must"
            + " reach that checkpoint, same root, before the member serves one again) and its Raft term and vote.",
        "Then start the member as usual (baytrace node --config FILE): it copies the ledger from the leader,"
            + " re-checking every record. Refuses while a node runs on the data directory, and for a single node"
            + " (restore it from a backup instead). See ledger/README.md, \"Repair\"."})
final class ReseedCommand implements Callable<Integer> {
  @ArgGroup(multiplicity = "1")
  Where where;

  static final class Where {
    @Option(names = "--config", paramLabel = "FILE", description = "The member's node configuration (TOML).")
    Path config;

    @Option(names = "--data", paramLabel = "DIR", description = "The member's data directory, if its config is not at hand.")
    Path data;
  }

  @Override
  public Integer call() {
    Reseed.Result r;
    try {
      r = where.config != null ? Reseed.run(NodeConfig.load(where.config), Instant.now())
          : Reseed.run(where.data, Instant.now());
    } catch (ConfigException e) {
      throw new CliException(BayTrace.USAGE, e.getMessage());
    } catch (IllegalStateException e) {
      throw new CliException(BayTrace.FAILED, "not re-seeded: " + e.getMessage());
    } catch (IOException | LedgerException e) {
      throw new CliException(BayTrace.IO_ERROR, "re-seeding stopped part way (" + e.getMessage() + "); what was moved"
          + " is under the reseed-* directory of the data directory: move it back, or run reseed again");
    }
    if (r.moved().isEmpty()) {
      System.out.println("baytrace: reseed: nothing to set aside (no ledger, projection or Raft log)");
    } else {
      System.out.printf("baytrace: reseed: set aside in %s:%n", r.setAside());
      r.moved().forEach(p -> System.out.println("  " + r.setAside().relativize(p)));
    }
    if (r.signed().isPresent()) {
      System.out.printf("baytrace: reseed: kept the signed checkpoint of size %d (root %s): the member serves"
          + " checkpoints again once its copy reaches it with that root%n", r.signed().get().size(),
          r.signed().get().root().hex());
    } else {
      System.out.println("baytrace: reseed: no signed-checkpoint file: the member takes whatever it copies");
    }
    System.out.println("baytrace: reseed: now start the member (baytrace node --config FILE): it copies the ledger"
        + " from the other members");
    return BayTrace.OK;
  }
}
