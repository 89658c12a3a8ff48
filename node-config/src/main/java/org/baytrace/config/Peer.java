package org.baytrace.config;

import org.baytrace.ledger.registry.InvalidValue;
import java.util.Objects;
import java.util.Optional;
import org.baytrace.ledger.checkpoint.NoteVerifier;
import org.baytrace.ledger.tls.Fingerprint;

/**
 * One member of a cluster ({@code [[peers]]}): its id (the node's {@code node.name}), the gRPC
 * address other nodes reach it at, the address of its Raft server (replication), and the
 * verifier key of the key it cosigns checkpoints with, and the fingerprint of its TLS member
 * certificate ({@code tls_cert_file} or {@code tls_fingerprint}) that its Raft connections must
 * present when the cluster runs mutual TLS.
 * The verifier key's name must be the peer id, so that a checkpoint signature line names the
 * node that wrote it. {@code founding} is false for a member that joined by a governance record
 * ({@code founding = false}): it is not part of the founding registry. Immutable.
 */
public record Peer(String id, HostPort grpc, HostPort raft, NoteVerifier verifierKey, Optional<Fingerprint> tlsCertificate,
    boolean founding) {
  /** A peer without a pinned TLS certificate (plaintext Raft on loopback). */
  public Peer(String id, HostPort grpc, HostPort raft, NoteVerifier verifierKey) {
    this(id, grpc, raft, verifierKey, Optional.empty());
  }

  /** A founding member. */
  public Peer(String id, HostPort grpc, HostPort raft, NoteVerifier verifierKey, Optional<Fingerprint> tlsCertificate) {
    this(id, grpc, raft, verifierKey, tlsCertificate, true);
  }

  public Peer {
    Objects.requireNonNull(tlsCertificate, "tlsCertificate");
    Objects.requireNonNull(grpc, "grpc");
    Objects.requireNonNull(raft, "raft");
    Objects.requireNonNull(verifierKey, "verifierKey");
    String problem = NodeConfig.keyNameProblem(id);
    if (problem != null) {
      throw new InvalidValue("id", problem);
    }
    if (grpc.port() == 0) {
      throw new InvalidValue("grpc", "got " + Toml.quote(grpc.toString()) + ", want the port other nodes reach this peer at (not 0)");
    }
    if (raft.port() == 0) {
      throw new InvalidValue("raft", "got " + Toml.quote(raft.toString()) + ", want the port of this peer's Raft server (not 0)");
    }
    if (raft.equals(grpc)) {
      throw new InvalidValue("raft", "got " + Toml.quote(raft.toString()) + ", the same address as grpc; want a port of its own");
    }
    if (!verifierKey.name().equals(id)) {
      throw new InvalidValue("verifier_key", "names key \"" + verifierKey.name() + "\", want the peer id \"" + id
          + "\" (the name this node signs checkpoints with)");
    }
  }
}
