package org.baytrace.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.baytrace.config.HostPort;
import org.baytrace.ledger.checkpoint.NoteVerifier;
import org.baytrace.ledger.crypto.KeyFiles;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.witness.CosignatureSigner;
import org.baytrace.ledger.witness.Witness;
import org.baytrace.ledger.witness.WitnessState;
import org.baytrace.tracking.node.witness.WitnessServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "witness", mixinStandardHelpOptions = true,
    description = {"Runs a witness for other ledgers (C2SP tlog-witness): POST /add-checkpoint cosigns a ledger's"
        + " checkpoint when the ledger signed it and it is consistent with the last one this witness cosigned for"
        + " that ledger; never one that is not. The last cosigned checkpoint of each ledger is kept in --state,"
        + " synced before answering.",
        "Prints the witness's cosignature verifier key, which ledgers put in their [[witnesses]] and auditors"
            + " give to 'baytrace verify --witness'."})
final class WitnessCommand implements Callable<Integer> {
  @Option(names = "--name", required = true, paramLabel = "NAME",
      description = "The witness's name, e.g. customs.example/witness (no spaces or '+').")
  String name;

  @Option(names = "--key", required = true, paramLabel = "FILE",
      description = "The witness's private key file; made (mode 600) if missing.")
  Path keyFile;

  @Option(names = "--log", required = true, paramLabel = "ORIGIN=VKEYS",
      description = "A ledger to witness: its origin and its checkpoint verifier key (or a file of keys, as served at"
          + " /v1/ledger/vkeys). Repeatable.")
  List<String> logs;

  @Option(names = "--state", defaultValue = "witness-state", paramLabel = "DIR",
      description = "Where the last cosigned checkpoint of each ledger is kept (default ${DEFAULT-VALUE}).")
  Path stateDir;

  @Option(names = "--listen", defaultValue = "127.0.0.1:8090", paramLabel = "HOST:PORT",
      description = "HTTP listen address (default ${DEFAULT-VALUE}); requests are authenticated by the ledger's"
          + " signature on the checkpoint.")
  String listen;

  @Option(names = "--body-timeout-ms", defaultValue = "10000", paramLabel = "MS",
      description = "Time a client has from a request's headers to the end of its body (100..3600000, default"
          + " ${DEFAULT-VALUE}); a slower upload gets 408 and its connection is closed. Bodies are received without"
          + " holding a thread, so slow clients do not stall the others.")
  int bodyTimeoutMillis;

  @Option(names = "--idle-timeout-s", defaultValue = "30", paramLabel = "S",
      description = "Time a connection may go without completing a request, headers included (1..3600, default"
          + " ${DEFAULT-VALUE}), before it is closed.")
  int idleTimeoutSeconds;

  @Override
  public Integer call() throws Exception {
    WitnessServer.Guards guards;
    try {
      guards = new WitnessServer.Guards(bodyTimeoutMillis, idleTimeoutSeconds);
    } catch (IllegalArgumentException e) {
      throw new CliException(BayTrace.USAGE, e.getMessage());
    }
    Map<String, List<NoteVerifier>> known = new LinkedHashMap<>();
    for (String l : logs) {
      int eq = l.indexOf('=');
      if (eq <= 0) {
        throw new CliException(BayTrace.USAGE, "--log: got \"" + l + "\", want ORIGIN=VKEY or ORIGIN=FILE");
      }
      known.computeIfAbsent(l.substring(0, eq), o -> new ArrayList<>()).addAll(keys(l.substring(eq + 1)));
    }
    SigningKey key;
    try {
      if (Files.exists(keyFile, LinkOption.NOFOLLOW_LINKS)) {
        key = KeyFiles.loadPrivate(keyFile);
      } else {
        key = SigningKey.generate();
        KeyFiles.savePrivate(key, keyFile);
      }
    } catch (IOException e) {
      throw new CliException(BayTrace.IO_ERROR, "--key " + keyFile + ": " + e.getMessage());
    }
    CosignatureSigner signer;
    HostPort hp;
    try {
      signer = new CosignatureSigner(name, key);
      hp = HostPort.parse(listen);
    } catch (IllegalArgumentException e) {
      throw new CliException(BayTrace.USAGE, e.getMessage());
    }
    Witness witness = new Witness(signer, known, WitnessState.open(stateDir), Clock.systemUTC());
    try (WitnessServer server = WitnessServer.start(witness, hp.toSocketAddress(), guards, System.err)) {
      System.out.println("witness key: " + signer.verifier().encode());
      System.out.printf("witnessing %s on http://%s:%d/add-checkpoint%n", known.keySet(), hp.host(), server.port());
      CountDownLatch stop = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
      stop.await();
    }
    return BayTrace.OK;
  }

  private static List<NoteVerifier> keys(String keyOrFile) {
    List<NoteVerifier> out = new ArrayList<>();
    try {
      Path p = Path.of(keyOrFile);
      List<String> lines = Files.isRegularFile(p) ? Files.readAllLines(p, StandardCharsets.UTF_8) : List.of(keyOrFile);
      for (String line : lines) {
        if (!line.isBlank() && !line.startsWith("#")) {
          out.add(NoteVerifier.parse(line));
        }
      }
    } catch (IOException | java.nio.file.InvalidPathException e) {
      throw new CliException(BayTrace.IO_ERROR, "--log " + keyOrFile + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new CliException(BayTrace.USAGE, "--log: " + e.getMessage());
    }
    return out;
  }
}
