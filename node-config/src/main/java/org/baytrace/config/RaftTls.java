package org.baytrace.config;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import org.baytrace.ledger.tls.TlsIdentity;

/**
 * {@code [raft.tls]}: this member's TLS certificate and key for the Raft port (mutual TLS, both
 * directions) and the members' CA certificates ({@code ca_file}) every member certificate must
 * be issued by. Which certificates are members is pinned per peer ({@code [[peers]] tls_cert_file}
 * or {@code tls_fingerprint}), not decided by the CA. Immutable.
 */
public record RaftTls(TlsIdentity identity, Path certificateFile, List<X509Certificate> membersCa) {
  public RaftTls {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(certificateFile, "certificateFile");
    membersCa = List.copyOf(membersCa);
  }
}
