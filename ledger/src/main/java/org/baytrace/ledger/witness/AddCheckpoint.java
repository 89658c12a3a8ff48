package org.baytrace.ledger.witness;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.baytrace.ledger.crypto.Hash32;

/**
 * The body of a tlog-witness {@code add-checkpoint} request: {@code old <size>}, up to 63
 * consistency proof lines (base64 hashes), an empty line, then the signed checkpoint note. One
 * codec for both sides. Immutable.
 */
public record AddCheckpoint(long oldSize, List<Hash32> proof, String checkpoint) {
  /** The most proof lines a client may send. */
  public static final int MAX_PROOF_LINES = 63;
  /** The largest request body a witness reads. */
  public static final int MAX_BYTES = 64 * 1024;

  public AddCheckpoint {
    proof = List.copyOf(proof);
    if (oldSize < 0 || proof.size() > MAX_PROOF_LINES) {
      throw new IllegalArgumentException("add-checkpoint: got old " + oldSize + " and " + proof.size()
          + " proof lines, want old >= 0 and at most " + MAX_PROOF_LINES);
    }
  }

  public String encode() {
    StringBuilder sb = new StringBuilder("old ").append(oldSize).append('\n');
    proof.forEach(h -> sb.append(h.base64()).append('\n'));
    return sb.append('\n').append(checkpoint).toString();
  }

  /**
   * Parses a request body.
   *
   * @throws IllegalArgumentException naming what is malformed
   */
  public static AddCheckpoint parse(String body) {
    int blank = body.indexOf("\n\n");
    if (!body.startsWith("old ") || blank < 0) {
      throw new IllegalArgumentException("add-checkpoint: want \"old <size>\", proof lines, an empty line, a checkpoint");
    }
    String[] head = body.substring(0, blank).split("\n", -1);
    String size = head[0].substring(4);
    if (!size.matches("0|[1-9][0-9]{0,18}")) {
      throw new IllegalArgumentException("add-checkpoint: old size: got \"" + size + "\", want a decimal without leading zeros");
    }
    List<Hash32> proof = new ArrayList<>();
    for (int i = 1; i < head.length; i++) {
      byte[] h;
      try {
        h = Base64.getDecoder().decode(head[i]);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("add-checkpoint: proof line " + i + " is not base64", e);
      }
      if (h.length != Hash32.LENGTH) {
        throw new IllegalArgumentException("add-checkpoint: proof line " + i + ": got " + h.length + " bytes, want 32");
      }
      proof.add(Hash32.of(h));
    }
    if (proof.size() > MAX_PROOF_LINES) {
      throw new IllegalArgumentException("add-checkpoint: got " + proof.size() + " proof lines, want at most " + MAX_PROOF_LINES);
    }
    return new AddCheckpoint(Long.parseLong(size), proof, body.substring(blank + 2));
  }
}
