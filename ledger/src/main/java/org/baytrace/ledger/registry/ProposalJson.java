package org.baytrace.ledger.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.baytrace.ledger.verify.VerificationException;

/**
 * The proposal file (ledger/README.md, "Governance"): the JSON that governing organisations pass
 * around and sign offline, one after another, and that a node names as its genesis. What counts
 * are {@code proposal} (the exact proposal bytes, base64) and {@code signatures}; the other
 * fields say the same for people, and a file where they disagree with the bytes, or with a
 * signature that does not verify, is refused. Stateless.
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
public final class ProposalJson {
  public static final String FORMAT = "baytrace.governance.proposal.v1";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ProposalJson() {}

  /** The file's fields, in order. */
  public static Map<String, Object> toJson(SignedProposal sp) {
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

  /** The file's text (indented JSON and a final newline). */
  public static String format(SignedProposal sp) {
    try {
      return JSON.writeValueAsString(toJson(sp)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("maps of strings and numbers always serialise", e);
    }
  }

  /**
   * Reads and checks a proposal file's text: well-formed, canonical proposal bytes, the readable
   * fields equal to what the bytes say, every signature valid over the exact bytes.
   *
   * @throws InvalidValue naming the field and what is wrong with it
   */
  public static SignedProposal parse(String text) {
    JsonNode j;
    try {
      j = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidValue("file", "not JSON: " + e.getOriginalMessage());
    }
    if (j == null || !j.isObject() || !FORMAT.equals(text(j, "format"))) {
      throw new InvalidValue("format", "got " + (j == null || !j.isObject() ? "no JSON object" : "\"" + text(j, "format") + "\"")
          + ", want \"" + FORMAT + "\"");
    }
    var proto = org.baytrace.api.governance.v1.SignedProposal.newBuilder()
        .setProposal(ByteString.copyFrom(base64(j, "proposal", "proposal")));
    JsonNode sigs = j.get("signatures");
    if (sigs == null || !sigs.isArray()) {
      throw new InvalidValue("signatures", "missing, want a list (empty before anyone signed)");
    }
    for (int i = 0; i < sigs.size(); i++) {
      JsonNode s = sigs.get(i);
      String at = "signatures[" + i + "]";
      proto.addSignatures(org.baytrace.api.governance.v1.ProposalSignature.newBuilder().setOrg(java.util.Objects.requireNonNullElse(text(s, "org"), ""))
          .setPublicKey(ByteString.copyFrom(base64(s, "publicKey", at + ".publicKey")))
          .setSignature(ByteString.copyFrom(base64(s, "signature", at + ".signature"))));
    }
    SignedProposal sp = ProposalCodec.decodeSigned(proto.build().toByteArray());
    Map<String, Object> expected = toJson(sp);
    for (String field : List.of("proposalId", "origin", "baseIndex", "kind", "change", "summary", "nonce")) {
      String got = j.has(field) ? j.get(field).asText() : null;
      String want = String.valueOf(expected.get(field));
      if (!want.equals(got)) {
        throw new InvalidValue(field, "got " + (got == null ? "nothing" : "\"" + got + "\"") + ", but the proposal bytes say \""
            + want + "\" (the file was altered)");
      }
    }
    for (int i = 0; i < sp.signatures().size(); i++) {
      ProposalSignature s = sp.signatures().get(i);
      String keyId = text(sigs.get(i), "keyId");
      if (keyId != null && !keyId.equals(s.key().keyId())) {
        throw new InvalidValue("signatures[" + i + "].keyId", "got \"" + keyId + "\", but its public key is " + s.key().keyId());
      }
      try {
        sp.verify(i);
      } catch (VerificationException e) {
        throw new InvalidValue("signatures[" + i + "]", "by org " + s.org() + " with key " + s.key().keyId()
            + " does not verify over the proposal bytes: the proposal or the signature was altered (" + e.getMessage() + ")");
      }
    }
    return sp;
  }

  private static String text(JsonNode j, String field) {
    JsonNode v = j == null ? null : j.get(field);
    return v == null || !v.isTextual() ? null : v.asText();
  }

  private static byte[] base64(JsonNode j, String field, String name) {
    String v = text(j, field);
    if (v == null) {
      throw new InvalidValue(name, "missing, want base64");
    }
    try {
      return Base64.getDecoder().decode(v);
    } catch (IllegalArgumentException e) {
      throw new InvalidValue(name, "not base64 (" + e.getMessage() + ")");
    }
  }
}
