package org.baytrace.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.baytrace.config.ConfigException;
import org.baytrace.config.NodeConfig;
import org.baytrace.config.TrustRoots;
import org.baytrace.ledger.checkpoint.NoteVerifier;
import org.baytrace.ledger.checkpoint.TrustRoot;
import org.baytrace.ledger.crypto.KeyFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "trust-root", mixinStandardHelpOptions = true,
    description = {"Prints the trust root of the ledger a node configuration describes: the short id that QR codes"
        + " carry as the Digital Link parameter ?trustRoot=, so that a shopper's phone can verify the page itself.",
        "It hashes the ledger's origin, its checkpoint verifier keys (a single node's own key, or every member's"
            + " verifier_key) and how many must sign (1, or a majority of the members). Read from the configuration"
            + " and the node's key file only: no node is asked. --text also prints the text the id hashes."})
final class TrustRootCommand implements Callable<Integer> {
  @Option(names = "--config", paramLabel = "FILE",
      description = "Node configuration file (TOML); without it, the embedded single node's defaults (./data).")
  Path config;

  @Option(names = "--text", description = "Also print the canonical text the id is the hash of.")
  boolean text;

  @Override
  public Integer call() {
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
