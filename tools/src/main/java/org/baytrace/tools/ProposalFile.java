package org.baytrace.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.baytrace.ledger.crypto.PublicKey;
import org.baytrace.ledger.registry.GovernanceRecords;
import org.baytrace.ledger.registry.InvalidValue;
import org.baytrace.ledger.registry.Proposal;
import org.baytrace.ledger.registry.ProposalCodec;
import org.baytrace.ledger.registry.ProposalSignature;
import org.baytrace.ledger.registry.SignedProposal;
import org.baytrace.ledger.verify.VerificationException;

/**
 * A proposal file: the JSON that governing organisations pass around and sign offline, one after
 * another. What counts are {@code proposal} (the exact proposal bytes, base64) and
 * {@code signatures}; the other fields say the same for people, and a file where they disagree
 * with the bytes, or with a signature that does not verify, is refused. Stateless.
 *
 * <pre>{
 *   "format": "baytrace.governance.proposal.v1",
 *   "proposalId": "hex SHA-256 of the proposal bytes",
 *   "origin": "...", "baseIndex": 3, "kind": "governance.AddOrg",
 *   "change": "add org macao-customs ([customs])", "summary": "...", "nonce": "...",
 *   "proposal": "base64",
 *   "signatures": [{"org": "...", "keyId": "...", "publicKey": "base64", "signature": "base64"}]
 * }</pre>
 */
final class ProposalFile {
  static final String FORMAT = "baytrace.governance.proposal.v1";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ProposalFile() {}

  static Map<String, Object> toJson(SignedProposal sp) {
    Proposal p = sp.proposal();
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("format", FORMAT);
    j.put("proposalId", sp.id().hex());
    j.put("origin", p.origin());
    j.put("baseIndex", p.baseIndex());
    j.put("kind", GovernanceRecords.kind(p));
    j.put("change", p.change().describe());
    j.put("summary", p.summary());
    j.put("nonce", p.nonceHex());
    j.put("proposal", Base64.getEncoder().encodeToString(sp.proposalBytes()));
    List<Object> sigs = new ArrayList<>();
    for (ProposalSignature s : sp.signatures()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("org", s.org());
      m.put("keyId", s.key().keyId());
      m.put("publicKey", s.key().base64());
      m.put("signature", Base64.getEncoder().encodeToString(s.signature()));
      sigs.add(m);
    }
    j.put("signatures", sigs);
    return j;
  }

  /** Writes the file whole or not at all (a temporary file beside it, then a rename). */
  static void write(Path file, SignedProposal sp) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
      try {
        Files.writeString(tmp, JSON.writeValueAsString(toJson(sp)) + "\n", StandardCharsets.UTF_8);
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
    JsonNode j;
    try {
      j = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw new CliException(BayTrace.IO_ERROR, file + ": no such file; make one with 'baytrace registry propose --out FILE'");
    } catch (JsonProcessingException e) {
      throw refused(file, "not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new CliException(BayTrace.IO_ERROR, "cannot read " + file + ": " + e.getMessage());
    }
    if (j == null || !j.isObject() || !FORMAT.equals(text(j, "format"))) {
      throw refused(file, "format: got " + (j == null || !j.isObject() ? "no JSON object" : "\"" + text(j, "format") + "\"")
          + ", want \"" + FORMAT + "\"");
    }
    var proto = org.baytrace.api.governance.v1.SignedProposal.newBuilder()
        .setProposal(ByteString.copyFrom(base64(file, j, "proposal")));
    JsonNode sigs = j.get("signatures");
    if (sigs == null || !sigs.isArray()) {
      throw refused(file, "signatures: missing, want a list (empty before anyone signed)");
    }
    for (int i = 0; i < sigs.size(); i++) {
      JsonNode s = sigs.get(i);
      String at = "signatures[" + i + "]";
      proto.addSignatures(org.baytrace.api.governance.v1.ProposalSignature.newBuilder().setOrg(text(s, "org"))
          .setPublicKey(ByteString.copyFrom(base64(file, s, "publicKey", at)))
          .setSignature(ByteString.copyFrom(base64(file, s, "signature", at))));
    }
    SignedProposal sp;
    try {
      sp = ProposalCodec.decodeSigned(proto.build().toByteArray());
    } catch (InvalidValue e) {
      throw refused(file, e.getMessage());
    }
    Map<String, Object> expected = toJson(sp);
    for (String field : List.of("proposalId", "origin", "baseIndex", "kind", "change", "summary", "nonce")) {
      String got = j.has(field) ? j.get(field).asText() : null;
      String want = String.valueOf(expected.get(field));
      if (!want.equals(got)) {
        throw refused(file, field + ": got " + (got == null ? "nothing" : "\"" + got + "\"") + ", but the proposal bytes say \""
            + want + "\" (the file was altered)");
      }
    }
    for (int i = 0; i < sp.signatures().size(); i++) {
      ProposalSignature s = sp.signatures().get(i);
      String keyId = text(sigs.get(i), "keyId");
      if (keyId != null && !keyId.equals(s.key().keyId())) {
        throw refused(file, "signatures[" + i + "].keyId: got \"" + keyId + "\", but its public key is " + s.key().keyId());
      }
      try {
        sp.verify(i);
      } catch (VerificationException e) {
        throw refused(file, "signatures[" + i + "] (org " + s.org() + ", key " + s.key().keyId()
            + ") does not verify over the proposal bytes: the proposal or the signature was altered (" + e.getMessage() + ")");
      }
    }
    return sp;
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

  private static String text(JsonNode j, String field) {
    JsonNode v = j == null ? null : j.get(field);
    return v == null || !v.isTextual() ? null : v.asText();
  }

  private static byte[] base64(Path file, JsonNode j, String field) {
    return base64(file, j, field, null);
  }

  private static byte[] base64(Path file, JsonNode j, String field, String at) {
    String name = at == null ? field : at + "." + field;
    String v = text(j, field);
    if (v == null) {
      throw refused(file, name + ": missing, want base64");
    }
    try {
      return Base64.getDecoder().decode(v);
    } catch (IllegalArgumentException e) {
      throw refused(file, name + ": not base64 (" + e.getMessage() + ")");
    }
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
