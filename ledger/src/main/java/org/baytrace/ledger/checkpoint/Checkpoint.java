package org.baytrace.ledger.checkpoint;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.verify.Failure;
import org.baytrace.ledger.verify.VerificationException;

/**
 * The body of a C2SP tlog checkpoint (DESIGN §3.3): origin line, decimal tree size, base64 root
 * hash, then optional extension lines. Immutable.
 */
public record Checkpoint(String origin, long size, Hash32 root, List<String> extensions) {
  public Checkpoint {
    if (origin == null || origin.isEmpty() || origin.contains("\n")) {
      throw new IllegalArgumentException("checkpoint origin: want a non-empty single line");
    }
    if (size < 0) {
      throw new IllegalArgumentException("checkpoint size: got " + size + ", want >= 0");
    }
    extensions = List.copyOf(extensions);
    for (String e : extensions) {
      if (e.isEmpty() || e.contains("\n")) {
        throw new IllegalArgumentException("checkpoint extension: want a non-empty single line");
      }
    }
  }

  public Checkpoint(String origin, long size, Hash32 root) {
    this(origin, size, root, List.of());
  }

  /** The note text that signers sign: every line ends with a newline. */
  public String text() {
    StringBuilder sb = new StringBuilder()
        .append(origin).append('\n')
        .append(size).append('\n')
        .append(root.base64()).append('\n');
    for (String e : extensions) {
      sb.append(e).append('\n');
    }
    return sb.toString();
  }

  /** Parses the text of a checkpoint note (without the signature block). */
  public static Checkpoint parse(String text) throws VerificationException {
    if (!text.endsWith("\n")) {
      throw new VerificationException(Failure.MALFORMED, "checkpoint text must end with a newline");
    }
    String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
    if (lines.length < 3) {
      throw new VerificationException(Failure.MALFORMED,
          "checkpoint: got " + lines.length + " lines, want origin, size and root hash");
    }
    if (lines[0].isEmpty()) {
      throw new VerificationException(Failure.MALFORMED, "checkpoint: empty origin line");
    }
    long size;
    if (!lines[1].matches("0|[1-9][0-9]{0,18}")) {
      throw new VerificationException(Failure.MALFORMED, "checkpoint size: got \"" + lines[1] + "\", want a decimal number");
    }
    try {
      size = Long.parseLong(lines[1]);
    } catch (NumberFormatException e) {
      throw new VerificationException(Failure.MALFORMED, "checkpoint size: got \"" + lines[1] + "\", too large");
    }
    byte[] root;
    try {
      root = Base64.getDecoder().decode(lines[2]);
    } catch (IllegalArgumentException e) {
      throw new VerificationException(Failure.MALFORMED, "checkpoint root: not base64");
    }
    if (root.length != Hash32.LENGTH) {
      throw new VerificationException(Failure.MALFORMED,
          "checkpoint root: got " + root.length + " bytes, want 32");
    }
    List<String> ext = new ArrayList<>();
    for (int i = 3; i < lines.length; i++) {
      if (lines[i].isEmpty()) {
        throw new VerificationException(Failure.MALFORMED, "checkpoint: empty line inside the note text");
      }
      ext.add(lines[i]);
    }
    return new Checkpoint(lines[0], size, Hash32.of(root), ext);
  }
}
