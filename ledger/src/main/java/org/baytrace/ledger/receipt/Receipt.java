package org.baytrace.ledger.receipt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.baytrace.ledger.verify.Failure;
import org.baytrace.ledger.verify.VerificationException;

/**
 * An offline proof bundle (DESIGN §3.4): the exact log-entry (leaf) bytes, its index, a signed
 * checkpoint, and the inclusion proof of the leaf in that checkpoint's tree. Its JSON form:
 * <pre>{"record": "&lt;base64 leaf&gt;", "leafIndex": 41, "checkpoint": "&lt;note&gt;",
 *  "inclusionProof": ["&lt;base64 hash&gt;", ...]}</pre>
 * Immutable.
 */
public final class Receipt {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Receipts larger than this are refused before parsing. */
  public static final int MAX_JSON_BYTES = 1 << 20;

  private final byte[] leaf;
  private final long leafIndex;
  private final String checkpoint;
  private final List<byte[]> inclusionProof;

  public Receipt(byte[] leaf, long leafIndex, String checkpoint, List<byte[]> inclusionProof) {
    this.leaf = leaf.clone();
    this.leafIndex = leafIndex;
    this.checkpoint = checkpoint;
    List<byte[]> copy = new ArrayList<>(inclusionProof.size());
    inclusionProof.forEach(h -> copy.add(h.clone()));
    this.inclusionProof = List.copyOf(copy);
  }

  public byte[] leaf() {
    return leaf.clone();
  }

  public long leafIndex() {
    return leafIndex;
  }

  public String checkpoint() {
    return checkpoint;
  }

  public List<byte[]> inclusionProof() {
    List<byte[]> out = new ArrayList<>(inclusionProof.size());
    inclusionProof.forEach(h -> out.add(h.clone()));
    return out;
  }

  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    Base64.Encoder b64 = Base64.getEncoder();
    root.put("record", b64.encodeToString(leaf));
    root.put("leafIndex", leafIndex);
    root.put("checkpoint", checkpoint);
    ArrayNode proof = root.putArray("inclusionProof");
    inclusionProof.forEach(h -> proof.add(b64.encodeToString(h)));
    return root.toString();
  }

  /**
   * Parses receipt JSON. Unknown fields are ignored.
   *
   * @throws VerificationException MALFORMED naming the field
   */
  public static Receipt fromJson(String json) throws VerificationException {
    if (json.length() > MAX_JSON_BYTES) {
      throw new VerificationException(Failure.MALFORMED, "receipt: larger than " + MAX_JSON_BYTES + " bytes");
    }
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new VerificationException(Failure.MALFORMED, "receipt: not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new VerificationException(Failure.MALFORMED, "receipt: want a JSON object");
    }
    byte[] leaf = base64(text(root, "record"), "record");
    JsonNode idx = root.get("leafIndex");
    if (idx == null || !idx.canConvertToExactIntegral() || !idx.canConvertToLong() || idx.asLong() < 0) {
      throw new VerificationException(Failure.MALFORMED, "receipt.leafIndex: want a non-negative integer");
    }
    String checkpoint = text(root, "checkpoint");
    JsonNode proof = root.get("inclusionProof");
    if (proof == null || !proof.isArray()) {
      throw new VerificationException(Failure.MALFORMED, "receipt.inclusionProof: want an array of base64 hashes");
    }
    List<byte[]> hashes = new ArrayList<>(proof.size());
    for (int i = 0; i < proof.size(); i++) {
      JsonNode h = proof.get(i);
      if (!h.isTextual()) {
        throw new VerificationException(Failure.MALFORMED, "receipt.inclusionProof[" + i + "]: want a base64 string");
      }
      hashes.add(base64(h.asText(), "inclusionProof[" + i + "]"));
    }
    return new Receipt(leaf, idx.asLong(), checkpoint, hashes);
  }

  private static String text(JsonNode root, String field) throws VerificationException {
    JsonNode n = root.get(field);
    if (n == null || !n.isTextual()) {
      throw new VerificationException(Failure.MALFORMED, "receipt." + field + ": want a string");
    }
    return n.asText();
  }

  private static byte[] base64(String s, String field) throws VerificationException {
    try {
      return Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw new VerificationException(Failure.MALFORMED, "receipt." + field + ": not base64");
    }
  }
}
