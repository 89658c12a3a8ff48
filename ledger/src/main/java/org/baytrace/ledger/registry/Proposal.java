package org.baytrace.ledger.registry;

import java.util.HexFormat;
import java.util.Objects;

/**
 * A proposed registry change, bound to one ledger ({@code origin}) and to the registry it changes
 * ({@code baseIndex}: the index of the governance record whose registry was in force when it was
 * made, {@link #NO_REGISTRY} for the first). What the governing organisations sign is its
 * canonical encoding ({@link ProposalCodec#encode}).
 *
 * @param nonceHex 16 random bytes in hex: two proposals of the same change differ
 * @param summary one line for people (may be empty)
 */
public record Proposal(String origin, long baseIndex, String nonceHex, Change change, String summary) {
  /** {@link #baseIndex} of the first governance record of a ledger (genesis or adoption). */
  public static final long NO_REGISTRY = -1;

  public Proposal {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(change, "change");
    Objects.requireNonNull(summary, "summary");
    if (origin.isBlank() || origin.contains("\n")) {
      throw new InvalidValue("origin", "got " + Quote.of(origin) + ", want the ledger's origin line");
    }
    if (baseIndex < NO_REGISTRY) {
      throw new InvalidValue("base_index", "got " + baseIndex + ", want an index or " + NO_REGISTRY);
    }
    if (nonceHex == null || !nonceHex.matches("[0-9a-f]{32}")) {
      throw new InvalidValue("nonce", "got " + Quote.of(nonceHex) + ", want 16 bytes");
    }
    if (summary.length() > 200 || OrgRegistry.hasControl(summary)) {
      throw new InvalidValue("summary", "got " + Quote.of(summary) + ", want at most 200 characters on one line");
    }
    if (change instanceof Change.AdoptRegistry != (baseIndex == NO_REGISTRY)) {
      throw new InvalidValue("base_index", "got " + baseIndex + ", want " + NO_REGISTRY
          + " for the first governance record (adopting a registry) and the index of the registry in force for any other change");
    }
  }

  /** A proposal with a fresh random nonce. */
  public static Proposal of(String origin, long baseIndex, Change change, String summary) {
    byte[] nonce = new byte[16];
    new java.security.SecureRandom().nextBytes(nonce);
    return new Proposal(origin, baseIndex, HexFormat.of().formatHex(nonce), change, summary);
  }
}
