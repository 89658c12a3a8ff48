package org.baytrace.tools;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.baytrace.config.ConfigException;
import org.baytrace.config.NodeConfig;
import org.baytrace.api.ledger.v1.GetCheckpointRequest;
import org.baytrace.api.ledger.v1.GetEntryRequest;
import org.baytrace.config.TrustRoots;
import org.baytrace.ledger.checkpoint.NoteVerifier;
import org.baytrace.ledger.checkpoint.TrustRoot;
import org.baytrace.ledger.crypto.KeyFiles;
import org.baytrace.ledger.registry.GenesisRoot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "trust-root", mixinStandardHelpOptions = true,
    description = {"Prints the trust root of a ledger: the short id that QR codes carry as the Digital Link parameter"
        + " ?trustRoot=, so that a shopper's phone can verify the page itself (ledger README, \"Trust root\").",
        "By default it asks the node at --target for the ledger's entry 0, its genesis, and prints the hash of it"
            + " (baytrace/trust-root/v2): it stays the same when members or keys change, since the phone follows the"
            + " registry from the genesis to today's signers.",
        "With --config it prints instead the key-set root (baytrace/trust-root/v1) of the configuration: the origin,"
            + " the checkpoint verifier keys (a single node's own key, or every member's verifier_key) and how many"
            + " must sign; read from the configuration and the node's key file only. A ledger without a genesis entry"
            + " has only this root, and a code carrying it verifies while those keys sign.",
        "--text also prints the text the id hashes."})
final class TrustRootCommand implements Callable<Integer> {
  @Mixin TargetOption target;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Print the key-set root of this node configuration file (TOML) instead of asking a node.")
  Path config;

  @Option(names = "--text", description = "Also print the canonical text the id is the hash of.")
  boolean text;

  @Override
  public Integer call() {
    if (config == null) {
      return genesisRoot();
    }
    NodeConfig cfg;
    try {
      cfg = config == null ? NodeConfig.defaults() : NodeConfig.load(config);
    } catch (ConfigException e) {
      throw new CliException(BayTrace.USAGE, e.getMessage());
    }
    TrustRoot root = TrustRoots.of(cfg, cfg.peers().isEmpty() ? ownKey(cfg) : null);
    System.out.println(root.id());
    if (text) {
      System.out.print(root.canonicalText());
    }
    return BayTrace.OK;
  }

  /** The genesis root of the ledger the node serves, from the exact bytes of its entry 0. */
  private int genesisRoot() {
    ManagedChannel ch = target.channel();
    try {
      String note = target.blocking(ch).getCheckpoint(GetCheckpointRequest.getDefaultInstance()).getNote();
      String origin = note.substring(0, note.indexOf('\n'));
      byte[] entry0;
      try {
        entry0 = target.blocking(ch).getEntry(GetEntryRequest.newBuilder().setIndex(0).build()).getEntry().getLogEntry()
            .toByteArray();
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() == Status.Code.OUT_OF_RANGE || e.getStatus().getCode() == Status.Code.NOT_FOUND) {
          throw new CliException(BayTrace.FAILED, "ledger " + origin + " holds no entry yet: its genesis (entry 0) is"
              + " appended once the node (or the cluster's leader) starts; ask again in a moment");
        }
        throw e;
      }
      GenesisRoot root;
      try {
        root = GenesisRoot.of(origin, entry0);
      } catch (IllegalArgumentException e) {
        throw new CliException(BayTrace.FAILED, "ledger " + origin + " has no genesis root: " + e.getMessage()
            + ". Its codes carry its key-set root: baytrace trust-root --config node.toml");
      }
      System.out.println(root.id());
      if (text) {
        System.out.print(root.canonicalText());
      }
      return BayTrace.OK;
    } catch (StatusRuntimeException e) {
      throw target.failure(e);
    } finally {
      TargetOption.close(ch);
    }
  }

  private static NoteVerifier ownKey(NodeConfig cfg) {
    Path file = cfg.keyFile();
    if (!Files.exists(file)) {
      throw new CliException(BayTrace.IO_ERROR, file + ": no node key; a single node's trust root is its own key,"
          + " made when it first starts (baytrace node --config ...): start it once first");
    }
    try {
      return new NoteVerifier(cfg.nodeName(), KeyFiles.loadPrivate(file).publicKey());
    } catch (NoSuchFileException e) {
      throw new CliException(BayTrace.IO_ERROR, file + ": no node key");
    } catch (IOException e) {
      throw new CliException(BayTrace.IO_ERROR, file + ": " + e.getMessage());
    }
  }
}
