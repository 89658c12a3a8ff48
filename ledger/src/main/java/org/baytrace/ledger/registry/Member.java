package org.baytrace.ledger.registry;

import java.util.Objects;
import java.util.Optional;
import org.baytrace.ledger.checkpoint.NoteVerifier;
import org.baytrace.ledger.tls.Fingerprint;

/**
 * A member node of the ledger's group: it orders, checks, stores and cosigns. Its identity is
 * its name (peer id and checkpoint key name), its checkpoint verifier key and the pinned
 * fingerprint of its TLS member certificate; the addresses say where the others reach it.
 *
 * @param addedAt the index of the governance record that added it, or {@link OrgRegistry.OrgKey#FOUNDING}
 */
public record Member(String name, NoteVerifier verifierKey, Optional<Fingerprint> tlsCertificate, String grpcAddress,
    String raftAddress, long addedAt) {
  public Member {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(verifierKey, "verifierKey");
    Objects.requireNonNull(tlsCertificate, "tlsCertificate");
    Objects.requireNonNull(grpcAddress, "grpcAddress");
    Objects.requireNonNull(raftAddress, "raftAddress");
    if (!verifierKey.name().equals(name)) {
      throw new InvalidValue("verifier_key", "names key \"" + verifierKey.name() + "\", want the member name \"" + name + "\"");
    }
    if (addedAt < OrgRegistry.OrgKey.FOUNDING) {
      throw new InvalidValue("added_at_index", "got " + addedAt + ", want an index or " + OrgRegistry.OrgKey.FOUNDING);
    }
  }

  /** This member as added by the governance record at {@code index}. */
  public Member addedAt(long index) {
    return new Member(name, verifierKey, tlsCertificate, grpcAddress, raftAddress, index);
  }
}
