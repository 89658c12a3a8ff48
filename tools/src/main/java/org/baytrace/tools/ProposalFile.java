package org.baytrace.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.baytrace.ledger.crypto.PublicKey;
import org.baytrace.ledger.registry.GovernanceRecords;
import org.baytrace.ledger.registry.InvalidValue;
import org.baytrace.ledger.registry.Proposal;
import org.baytrace.ledger.registry.ProposalJson;
import org.baytrace.ledger.registry.ProposalSignature;
import org.baytrace.ledger.registry.SignedProposal;

/**
 * A proposal file on disk (its format: {@link ProposalJson}), with the command line's errors.
 * Stateless.
 */
final class ProposalFile {
  private ProposalFile() {}

  /** Writes the file whole or not at all (a temporary file beside it, then a rename). */
  static void write(Path file, SignedProposal sp) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
      try {
        Files.writeString(tmp, ProposalJson.format(sp), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new CliException(BayTrace.IO_ERROR, "cannot write " + file + ": " + e.getMessage());
    }
  }

  /**
   * Reads and checks a proposal file: well-formed, canonical proposal bytes, the readable fields
   * equal to what the bytes say, every signature valid over the exact bytes.
   */
  static SignedProposal read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new CliException(BayTrace.IO_ERROR, file + ": no such file; make one with 'baytrace registry propose --out FILE'");
    } catch (IOException e) {
      throw new CliException(BayTrace.IO_ERROR, "cannot read " + file + ": " + e.getMessage());
    }
    try {
      return ProposalJson.parse(text);
    } catch (InvalidValue e) {
      throw refused(file, e.getMessage());
    }
  }

  /** What is being signed or submitted, for people. */
  static String describe(SignedProposal sp) {
    Proposal p = sp.proposal();
    StringBuilder b = new StringBuilder();
    b.append("proposal:   ").append(sp.id().hex()).append('\n');
    b.append("ledger:     ").append(p.origin()).append('\n');
    b.append("changes:    the registry of index ").append(p.baseIndex() == Proposal.NO_REGISTRY ? "none (first registry)"
        : String.valueOf(p.baseIndex())).append('\n');
    b.append("change:     ").append(GovernanceRecords.kind(p)).append(": ").append(p.change().describe()).append('\n');
    if (!p.summary().isEmpty()) {
      b.append("summary:    ").append(p.summary()).append('\n');
    }
    if (sp.signatures().isEmpty()) {
      b.append("signed by:  nobody yet\n");
    }
    for (ProposalSignature s : sp.signatures()) {
      b.append("signed by:  ").append(s.org()).append(" (key ").append(s.key().keyId()).append(")\n");
    }
    return b.toString();
  }

  private static CliException refused(Path file, String why) {
    return new CliException(BayTrace.FAILED, file + " is not a valid proposal file: " + why
        + ". Ask its proposer for the file again, or make a new one with 'baytrace registry propose'");
  }

  /** A public key given as a PEM file (as 'baytrace keygen' writes) or as base64. */
  static PublicKey publicKey(String option, String value) {
    Path p = Path.of(value);
    try {
      if (Files.isRegularFile(p)) {
        return org.baytrace.ledger.crypto.KeyFiles.loadPublic(p);
      }
      return PublicKey.fromBase64(value);
    } catch (IOException | IllegalArgumentException e) {
      throw new CliException(BayTrace.USAGE, option + ": got \"" + value + "\", want a public key file (PEM) or the key in base64 ("
          + e.getMessage() + ")");
    }
  }
}
