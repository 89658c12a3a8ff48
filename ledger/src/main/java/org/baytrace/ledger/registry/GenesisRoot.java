package org.baytrace.ledger.registry;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.baytrace.ledger.checkpoint.NoteVerifier;
import org.baytrace.ledger.checkpoint.TrustRoot;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.crypto.Sha256;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.leaf.Leaf;
import org.baytrace.ledger.leaf.LeafCodec;
import org.baytrace.ledger.merkle.Rfc9162;
import org.baytrace.ledger.record.ParsedRecord;
import org.baytrace.ledger.record.RecordLimits;
import org.baytrace.ledger.record.Records;
import org.baytrace.ledger.verify.VerificationException;

/**
 * The trust root of a ledger that begins with its genesis (ledger README, "Trust root"): the hash
 * of its entry 0, which adopts the founding registry. It never changes: members and keys change
 * by governance records that the registry in force approves, so a verifier that holds this root
 * follows the registry from entry 0 to the members who sign today's checkpoints
 * ({@link #checkpointSigners}).
 *
 * <p>CONTRACT. The id is {@code base64url(SHA-256(canonical text)[:16])} without padding (22
 * characters), over this canonical text, every line ending in {@code \n}:
 * <pre>
 * baytrace/trust-root/v2
 * origin &lt;checkpoint origin line&gt;
 * genesis &lt;base64 of the RFC 9162 leaf hash of entry 0, SHA-256(0x00 || LogEntry bytes)&gt;
 * </pre>
 * Anyone recomputes it from the published bytes of entry 0 ({@code GET /v1/ledger/entries/0}).
 *
 * <p>Immutable; thread-safe.
 */
public final class GenesisRoot {
  /** The first line of the canonical text. */
  public static final String VERSION = "baytrace/trust-root/v2";

  private final String origin;
  private final Hash32 genesisLeafHash;
  private final NoteVerifier appender;

  private GenesisRoot(String origin, Hash32 genesisLeafHash, NoteVerifier appender) {
    this.origin = origin;
    this.genesisLeafHash = genesisLeafHash;
    this.appender = appender;
  }

  /**
   * The root of ledger {@code origin} from the exact bytes of its entry 0.
   *
   * @throws IllegalArgumentException if the entry is not a genesis of this ledger: not entry 0,
   *     not a {@code governance.AdoptRegistry} record, or for another origin
   */
  public static GenesisRoot of(String origin, byte[] entry0) {
    Objects.requireNonNull(origin, "origin");
    if (origin.isEmpty() || origin.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("origin: got " + Quote.of(origin) + ", want one non-empty line");
    }
    Leaf leaf;
    ParsedRecord record;
    try {
      leaf = LeafCodec.decode(entry0);
      record = Records.parse(leaf.signedRecord(), RecordLimits.DEFAULT);
    } catch (VerificationException | LedgerException e) {
      throw new IllegalArgumentException("entry 0 does not decode: " + e.getMessage(), e);
    }
    if (leaf.index() != 0) {
      throw new IllegalArgumentException("entry: index: got " + leaf.index() + ", want 0 (the genesis entry)");
    }
    String adopt = GovernanceRecords.KIND_PREFIX + "AdoptRegistry";
    if (!record.kind().equals(adopt)) {
      throw new IllegalArgumentException("entry 0: kind: got " + Quote.of(record.kind()) + ", want \"" + adopt
          + "\": the ledger does not begin with a genesis entry");
    }
    if (!record.origin().equals(origin)) {
      throw new IllegalArgumentException("entry 0: origin: got " + Quote.of(record.origin()) + ", want \"" + origin + "\"");
    }
    NoteVerifier appender;
    try {
      appender = new NoteVerifier(record.authorOrg(), record.signatures().get(0).publicKey());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("entry 0: author_org: got " + Quote.of(record.authorOrg())
          + ", want the name of the member node that appended it: " + e.getMessage(), e);
    }
    return new GenesisRoot(origin, Rfc9162.leafHash(entry0), appender);
  }

  public String origin() {
    return origin;
  }

  /** The RFC 9162 leaf hash of entry 0. */
  public Hash32 genesisLeafHash() {
    return genesisLeafHash;
  }

  /**
   * The checkpoint key of the member node that appended entry 0 (its record's {@code author_org}
   * and first signature key): the one key that signs the checkpoints of a ledger whose registry
   * lists no members (a single node).
   */
  public NoteVerifier appender() {
    return appender;
  }

  /** The canonical text the id hashes. */
  public String canonicalText() {
    return VERSION + "\norigin " + origin + "\ngenesis " + genesisLeafHash.base64() + "\n";
  }

  /** The short printable id: base64url of the first 16 bytes of SHA-256 of the canonical text. */
  public String id() {
    byte[] hash = Sha256.hash(canonicalText().getBytes(StandardCharsets.UTF_8)).toByteArray();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, TrustRoot.ID_BYTES));
  }

  /**
   * Who signs the checkpoints of a tree whose last governance record left {@code registry} in
   * force: every member's verifier key, a majority of them (as the members cosign, {@code
   * replication.Cosigner}); a registry without members is a single node's, whose checkpoints the
   * genesis {@link #appender()} signs alone. The same rule as the consumer page's script
   * ({@code verify-registry.js}), as a key-set root: its {@link TrustRoot#id()} is what a code
   * printed before the ledger had a genesis carries.
   */
  public TrustRoot checkpointSigners(Registry registry) {
    List<NoteVerifier> keys = registry.members().stream().map(Member::verifierKey).toList();
    if (keys.isEmpty()) {
      return TrustRoot.singleNode(origin, appender);
    }
    return new TrustRoot(origin, keys.size() / 2 + 1, keys);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GenesisRoot g && g.canonicalText().equals(canonicalText());
  }

  @Override
  public int hashCode() {
    return canonicalText().hashCode();
  }

  @Override
  public String toString() {
    return "GenesisRoot[" + id() + ": " + origin + "]";
  }
}
