package org.baytrace.ledger.checkpoint;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.baytrace.ledger.crypto.Sha256;

/**
 * What a verifier of a ledger trusts, in one short printable value: the ledger's origin, its
 * checkpoint verifier keys and how many of them must sign a checkpoint. A QR code carries the
 * {@link #id()} (so a shopper's phone can check that the keys a node offers are the ones printed
 * on the product); the node serves the keys themselves.
 *
 * <p>CONTRACT (ledger README, "Trust root"). The id is {@code base64url(SHA-256(canonical text)[:16])} without
 * padding (22 characters), over this canonical text, every line ending in {@code \n}:
 * <pre>
 * baytrace/trust-root/v1
 * origin &lt;checkpoint origin line&gt;
 * threshold &lt;k&gt;
 * vkey &lt;verifier key&gt;      (one line per key, sorted by the UTF-8 bytes of the vkey text)
 * </pre>
 * where a verifier key is the standard {@code name+hex(keyhash)+base64(0x01 || public key)}.
 * This key-set root is the root of a ledger without a genesis entry, and what nodes serve as
 * today's checkpoint signers; a member or key change gives a new id (a code printed with it then
 * names an older key set). A ledger that begins with its genesis has a root that does not change,
 * {@code org.baytrace.ledger.registry.GenesisRoot}.
 *
 * <p>Immutable; thread-safe.
 */
public final class TrustRoot {
  /** The first line of the canonical text. */
  public static final String VERSION = "baytrace/trust-root/v1";
  /** Bytes of SHA-256 the id keeps: 128 bits, beyond any second-preimage search. */
  public static final int ID_BYTES = 16;

  private final String origin;
  private final int threshold;
  private final List<NoteVerifier> keys;

  /**
   * @param origin the ledger's checkpoint origin
   * @param threshold how many of {@code keys} must sign a checkpoint, 1 to the number of keys
   * @param keys the checkpoint verifier keys, distinct names
   * @throws IllegalArgumentException on a threshold out of range, no keys, a duplicate key name,
   *     or an origin that is empty or holds a line break
   */
  public TrustRoot(String origin, int threshold, List<NoteVerifier> keys) {
    Objects.requireNonNull(origin, "origin");
    if (origin.isEmpty() || origin.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("origin: got \"" + origin + "\", want one non-empty line");
    }
    List<NoteVerifier> sorted = new ArrayList<>(keys);
    sorted.sort(Comparator.comparing(k -> k.encode().getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned));
    if (sorted.isEmpty()) {
      throw new IllegalArgumentException("keys: got none, want at least one verifier key");
    }
    if (sorted.stream().map(NoteVerifier::name).distinct().count() != sorted.size()) {
      throw new IllegalArgumentException("keys: got a key name twice in " + sorted + ", want distinct names");
    }
    if (threshold < 1 || threshold > sorted.size()) {
      throw new IllegalArgumentException("threshold: got " + threshold + ", want 1 <= threshold <= " + sorted.size());
    }
    this.origin = origin;
    this.threshold = threshold;
    this.keys = List.copyOf(sorted);
  }

  /** The root of a single node: its own key, one signature. */
  public static TrustRoot singleNode(String origin, NoteVerifier key) {
    return new TrustRoot(origin, 1, List.of(key));
  }

  public String origin() {
    return origin;
  }

  public int threshold() {
    return threshold;
  }

  /** The keys, in canonical order. */
  public List<NoteVerifier> keys() {
    return keys;
  }

  /** The canonical text the id hashes. */
  public String canonicalText() {
    StringBuilder b = new StringBuilder(VERSION).append('\n');
    b.append("origin ").append(origin).append('\n');
    b.append("threshold ").append(threshold).append('\n');
    for (NoteVerifier k : keys) {
      b.append("vkey ").append(k.encode()).append('\n');
    }
    return b.toString();
  }

  /** The short printable id: base64url of the first 16 bytes of SHA-256 of the canonical text. */
  public String id() {
    byte[] hash = Sha256.hash(canonicalText().getBytes(StandardCharsets.UTF_8)).toByteArray();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, ID_BYTES));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrustRoot t && t.canonicalText().equals(canonicalText());
  }

  @Override
  public int hashCode() {
    return canonicalText().hashCode();
  }

  @Override
  public String toString() {
    return "TrustRoot[" + id() + ": " + origin + ", " + threshold + " of " + keys.size() + "]";
  }
}
