package org.baytrace.tracking.node;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;
import org.baytrace.config.NodeConfig;
import org.baytrace.ledger.Appended;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.registry.Genesis;
import org.baytrace.ledger.registry.GovernanceRule;
import org.baytrace.ledger.registry.InvalidValue;
import org.baytrace.ledger.registry.ProposalJson;
import org.baytrace.ledger.registry.Registry;
import org.baytrace.ledger.registry.SignedProposal;
import org.baytrace.ledger.sequencer.Appender;

/**
 * How a node begins a new ledger with its genesis (node-config README, "[governance]"): the
 * genesis proposal it was configured with ({@code [governance] genesis}, signed offline by the
 * founding organisations), or in the embedded single node, whose only organisation is the node's
 * own and holds the node key, one it signs itself. Appended as entry 0 through the node's sequencer,
 * the one path of every record: a single node before it serves anyone, a cluster member once it
 * leads (followers judge it by the same {@link GovernanceRule}). Thread-safe.
 */
final class GenesisEntry implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(GenesisEntry.class.getName());
  private static final long APPEND_TIMEOUT_SECONDS = 30;
  private static final long LEADER_POLL_MILLIS = 200;

  private final SignedProposal genesis;
  private final String memberName;
  private final SigningKey nodeKey;
  private volatile Thread waiting;

  private GenesisEntry(SignedProposal genesis, String memberName, SigningKey nodeKey) {
    this.genesis = genesis;
    this.memberName = memberName;
    this.nodeKey = nodeKey;
  }

  /**
   * The genesis this configuration begins its ledger with, checked against its founding registry;
   * empty for a configuration that names no genesis file but registers organisations (its ledger
   * runs on its founding configuration until a first governance record adopts it).
   *
   * @throws LedgerException naming the genesis file and what is wrong with it (another ledger,
   *     another registry, too few signatures)
   */
  static Optional<GenesisEntry> of(NodeConfig config, Registry founding, SigningKey nodeKey) throws IOException {
    Optional<Path> file = config.governance().genesis();
    if (file.isPresent()) {
      SignedProposal sp = read(file.get());
      try {
        Genesis.check(sp, config.origin(), founding);
      } catch (LedgerException e) {
        throw new LedgerException(e.error(), "[governance] genesis " + file.get() + ": " + e.getMessage()
            + "; the founding organisations sign the genesis of this configuration (baytrace registry propose --genesis)", e);
      }
      return Optional.of(new GenesisEntry(sp, config.nodeName(), nodeKey));
    }
    if (config.registry().isEmpty() && config.peers().isEmpty()) {
      // The embedded node's own org governs alone, with the node key: it signs its own genesis.
      // (Members without [[orgs]] would each found another registry, their own key's: no genesis.)
      SignedProposal own = Genesis.propose(config.origin(), founding, "genesis of " + config.nodeName() + "'s own ledger")
          .signedBy(NodeConfig.LOCAL_ORG, nodeKey);
      return Optional.of(new GenesisEntry(own, config.nodeName(), nodeKey));
    }
    return Optional.empty();
  }

  private static SignedProposal read(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file.toString(), null, "[governance] genesis: no such file; the founding organisations"
          + " make it with 'baytrace registry propose --genesis' and sign it with 'baytrace registry sign'");
    }
    try {
      return ProposalJson.parse(text);
    } catch (InvalidValue e) {
      throw new LedgerException(LedgerError.INVALID_FIELD, "[governance] genesis " + file + " is not a valid proposal file: "
          + e.getMessage());
    }
  }

  /** The proposal this node appends as entry 0. */
  SignedProposal proposal() {
    return genesis;
  }

  /** Appends the genesis now and waits for it (a single node, before it serves anyone). */
  void appendNow(Appender sequencer, GovernanceRule rule, PrintStream log) throws IOException {
    if (!rule.awaitsGenesis()) {
      return;
    }
    Appended a = append(sequencer);
    log.printf("baytrace: genesis: entry %d adopts the founding registry (proposal %s, signed by %s)%n", a.index(),
        genesis.id().hex(), genesis.signatures().stream().map(s -> s.org()).toList());
  }

  /**
   * Appends the genesis once this member leads, in the background, until the ledger holds an entry
   * (a member that joins a group whose leader appended it appends nothing).
   */
  void appendWhenLeading(Appender sequencer, GovernanceRule rule, BooleanSupplier leading, PrintStream log) {
    Thread t = new Thread(() -> {
      while (rule.awaitsGenesis() && !Thread.currentThread().isInterrupted()) {
        try {
          if (leading.getAsBoolean()) {
            Appended a = append(sequencer);
            log.printf("baytrace: genesis: entry %d adopts the founding registry (proposal %s)%n", a.index(), genesis.id().hex());
            return;
          }
          Thread.sleep(LEADER_POLL_MILLIS);
        } catch (InterruptedException e) {
          return;
        } catch (IOException | RuntimeException e) {
          // Leadership lost mid-append, or another member appended it first: one line, then look again.
          LOG.warning("genesis not appended yet: " + e.getMessage());
          try {
            Thread.sleep(LEADER_POLL_MILLIS);
          } catch (InterruptedException stop) {
            return;
          }
        }
      }
    }, "baytrace-genesis");
    t.setDaemon(true);
    waiting = t;
    t.start();
  }

  private Appended append(Appender sequencer) throws IOException {
    byte[] record = Genesis.record(genesis, memberName, nodeKey, System.currentTimeMillis());
    try {
      return sequencer.submit(record).get(APPEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while appending the genesis", e);
    } catch (TimeoutException e) {
      throw new IOException("the genesis was not appended within " + APPEND_TIMEOUT_SECONDS + " s", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof LedgerException le) {
        throw new LedgerException(le.error(), "genesis refused: " + le.getMessage(), le);
      }
      throw new IOException("the genesis was not appended: " + e.getCause(), e.getCause());
    }
  }

  @Override
  public void close() {
    Thread t = waiting;
    if (t != null) {
      t.interrupt();
    }
  }
}
