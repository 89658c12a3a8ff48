package org.baytrace.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.baytrace.ledger.registry.GovernanceState;
import org.baytrace.ledger.registry.RegistryCodec;
import org.baytrace.ledger.registry.RegistryEvidence;
import org.baytrace.ledger.verify.Failure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.baytrace.ledger.checkpoint.NoteVerifier;
import org.baytrace.ledger.checkpoint.SignedNote;
import org.baytrace.ledger.receipt.Receipt;
import org.baytrace.ledger.receipt.ReceiptVerifier;
import org.baytrace.ledger.verify.VerificationException;
import org.baytrace.ledger.witness.CosignatureVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Verifies a receipt offline (no network): the author signatures inside the entry, that the"
        + " record is for the checkpoint's ledger, the inclusion proof, and the checkpoint signatures of at least"
        + " --min-signers trusted keys.", "Exit code 0 only if every check passes."})
final class VerifyCommand implements Callable<Integer> {
  @Parameters(paramLabel = "RECEIPT", description = "Receipt JSON file ('-' for standard input).")
  String receiptFile;

  @Option(names = "--trust", required = true, paramLabel = "KEYS",
      description = "Trusted checkpoint verifier keys (name+hash+key): a key, or a file of keys one per line"
          + " (as served at /v1/ledger/vkeys). Repeatable.")
  List<String> trust;

  @Option(names = "--min-signers", defaultValue = "1", description = "Trusted signatures required (default ${DEFAULT-VALUE}).")
  int minSigners;

  @Option(names = "--origin", paramLabel = "ORIGIN", description = "Require this ledger origin.")
  String origin;

  @Option(names = "--witness", paramLabel = "KEYS",
      description = "Trusted witness cosignature keys (name+keyid+base64(0x04||key)): a key, or a file of keys one per"
          + " line. Repeatable.")
  List<String> witnesses = new ArrayList<>();

  @Option(names = "--min-witnesses", defaultValue = "0", paramLabel = "K",
      description = "Cosignatures by distinct trusted --witness keys the checkpoint must carry (default ${DEFAULT-VALUE}).")
  int minWitnesses;

  @Option(names = "--registry", paramLabel = "FILE",
      description = "A registry file saved from GET /v1/registry: checked against the trusted checkpoints (the receipt"
          + " of every governance record in it), then used to say whether the record's keys were revoked since.")
  Path registryFile;

  private static List<String> lines(String option, String keyOrFile) {
    try {
      Path p = Path.of(keyOrFile);
      List<String> all = Files.isRegularFile(p) ? Files.readAllLines(p, StandardCharsets.UTF_8) : List.of(keyOrFile);
      return all.stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    } catch (IOException | java.nio.file.InvalidPathException e) {
      throw new CliException(BayTrace.IO_ERROR, option + " " + keyOrFile + ": " + e.getMessage());
    }
  }

  @Override
  public Integer call() {
    List<NoteVerifier> trusted = new ArrayList<>();
    for (String t : trust) {
      try {
        Path p = Path.of(t);
        List<String> lines = Files.isRegularFile(p) ? Files.readAllLines(p, StandardCharsets.UTF_8) : List.of(t);
        for (String line : lines) {
          if (!line.isBlank() && !line.startsWith("#")) {
            trusted.add(NoteVerifier.parse(line));
          }
        }
      } catch (IOException | java.nio.file.InvalidPathException e) {
        throw new CliException(BayTrace.IO_ERROR, "--trust " + t + ": " + e.getMessage());
      } catch (IllegalArgumentException e) {
        throw new CliException(BayTrace.USAGE, "--trust: " + e.getMessage());
      }
    }
    if (trusted.isEmpty()) {
      throw new CliException(BayTrace.USAGE, "--trust: no verifier keys given");
    }
    if (minSigners < 1 || minSigners > trusted.size()) {
      throw new CliException(BayTrace.USAGE, "--min-signers: got " + minSigners + ", want 1.." + trusted.size());
    }
    List<CosignatureVerifier> witnessKeys = new ArrayList<>();
    for (String w : witnesses) {
      for (String line : lines("--witness", w)) {
        try {
          witnessKeys.add(CosignatureVerifier.parse(line));
        } catch (IllegalArgumentException e) {
          throw new CliException(BayTrace.USAGE, "--witness: " + e.getMessage());
        }
      }
    }
    if (minWitnesses < 0 || minWitnesses > witnessKeys.size()) {
      throw new CliException(BayTrace.USAGE, "--min-witnesses: got " + minWitnesses + ", want 0.." + witnessKeys.size()
          + " (the number of --witness keys)");
    }
    String json;
    try {
      json = "-".equals(receiptFile) ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
          : Files.readString(Path.of(receiptFile), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CliException(BayTrace.IO_ERROR, "cannot read " + receiptFile + ": " + e.getMessage());
    }
    ReceiptVerifier verifier = ReceiptVerifier.trusting(trusted, minSigners);
    if (origin != null) {
      verifier = verifier.forOrigin(origin);
    }
    try {
      Receipt receipt = Receipt.fromJson(json);
      ReceiptVerifier.Verified v = verifier.verify(receipt);
      for (String check : v.checks()) {
        System.out.println("ok  " + check);
      }
      if (minWitnesses > 0) {
        java.util.Set<String> cosigners = CosignatureVerifier.verifyAtLeast(SignedNote.parse(receipt.checkpoint()),
            witnessKeys, minWitnesses);
        System.out.println("ok  checkpoint cosigned by " + cosigners.size() + " trusted witnesses " + cosigners);
      }
      List<String> revoked = List.of();
      if (registryFile != null) {
        GovernanceState registry = registry(verifier.forOrigin(v.record().origin()));
        System.out.println("ok  registry file: " + registry.changes().size() + " governance records verified against trusted"
            + " checkpoints, registry as of index " + registry.version());
        revoked = RegistryEvidence.revokedSigners(registry, v.record());
      }
      System.out.printf("VERIFIED: entry %d, %s, subjects %s, recorded %s%n", v.index(), v.record().kind(),
          v.record().subjects(), Instant.ofEpochMilli(v.recordTimeUnixMillis()));
      for (String r : revoked) {
        System.out.println("WARNING: " + r + "; the record was appended at index " + v.index() + " and stays in the ledger");
      }
      return BayTrace.OK;
    } catch (VerificationException e) {
      System.out.println("FAILED: " + e.getMessage());
      return BayTrace.FAILED;
    }
  }

  /**
   * The registry that the file's governance receipts prove; the file's own description of it must
   * be that registry ({@code registrySha256}), else it was altered.
   */
  private GovernanceState registry(ReceiptVerifier verifier) throws VerificationException {
    JsonNode j;
    try {
      j = new ObjectMapper().readTree(Files.readString(registryFile, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new CliException(BayTrace.IO_ERROR, "--registry: cannot read " + registryFile + ": " + e.getMessage());
    }
    JsonNode receipts = j == null ? null : j.at("/evidence/receipts");
    if (receipts == null || !receipts.isArray()) {
      throw new VerificationException(Failure.MALFORMED, "registry file " + registryFile + ": evidence.receipts: missing,"
          + " want the list GET /v1/registry serves");
    }
    List<Receipt> list = new ArrayList<>();
    for (JsonNode r : receipts) {
      list.add(Receipt.fromJson(r.toString()));
    }
    GovernanceState s = RegistryEvidence.verify(list, verifier);
    long at = j.path("atIndex").asLong(-1);
    String claimed = j.path("registrySha256").asText("");
    String proven = RegistryCodec.hash(s.registryAt(at)).hex();
    if (!proven.equals(claimed)) {
      throw new VerificationException(Failure.ROOT_MISMATCH, "registry file " + registryFile + ": registrySha256: got "
          + claimed + ", but its governance records make " + proven + " at index " + at + " (the file was altered)");
    }
    return s;
  }
}
