package org.baytrace.ledger.replication;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.baytrace.ledger.tls.PinnedMembers;
import org.baytrace.ledger.tls.PinnedTrustManager;
import org.baytrace.ledger.tls.TlsIdentity;

/**
 * Mutual TLS between the members of a Raft group: this member's TLS identity and the trust
 * manager that admits only the members' pinned certificates. Every Raft connection, in both
 * directions, presents and checks a member certificate; a connection without one is refused in
 * the handshake, before any Ratis request is read. The pins follow the registry
 * ({@link PinnedMembers#repin}); the rest is immutable.
 */
public record MemberTls(TlsIdentity identity, PinnedMembers members) {
  public MemberTls {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(members, "members");
    if (!members.pinned().contains(identity.fingerprint())) {
      throw new IllegalArgumentException("this member's own TLS certificate " + identity.fingerprint()
          + " is not among the pinned member certificates " + members.pinned());
    }
  }

  /** Raft server, client and state transfer: member certificates both ways. */
  GrpcTlsConfig forMembers() {
    return new GrpcTlsConfig(identity.keyManager(), members, true);
  }

  /**
   * The loopback admin port: only this member's own certificate, so that another member on the
   * same machine cannot reach it either.
   */
  GrpcTlsConfig forAdmin() {
    return new GrpcTlsConfig(identity.keyManager(), new PinnedTrustManager(Set.of(identity.fingerprint()), List.of()), true);
  }
}
