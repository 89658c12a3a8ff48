package org.baytrace.config;

import org.baytrace.ledger.registry.InvalidValue;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import org.baytrace.ledger.tls.TlsIdentity;

/**
 * TLS of a client-facing listener ({@code [grpc.tls]} or {@code [http.tls]}): the certificate and
 * key it presents, and optionally the CA of client certificates ({@code client_ca_file}, a CA of
 * its own, not the members' CA) with how strictly a client certificate is asked for. Immutable.
 *
 * @param certificateFile where the certificate was read from, for messages
 */
public record ServerTls(TlsIdentity identity, Path certificateFile, List<X509Certificate> clientCas, ClientAuth clientAuth) {
  /** Whether the listener asks clients for a certificate issued by {@code client_ca_file}. */
  public enum ClientAuth {
    /** No client certificates (no {@code client_ca_file}). */
    NONE,
    /** Clients may present one; a presented certificate must be valid. */
    OPTIONAL,
    /** Every connection must present a valid client certificate. */
    REQUIRE;

    public String tomlName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public ServerTls {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(certificateFile, "certificateFile");
    clientCas = List.copyOf(clientCas);
    Objects.requireNonNull(clientAuth, "clientAuth");
    if (clientCas.isEmpty() != (clientAuth == ClientAuth.NONE)) {
      throw new InvalidValue("client_auth", clientCas.isEmpty()
          ? "got \"" + clientAuth.tomlName() + "\" without client_ca_file, want client_ca_file (the CA of client certificates) too"
          : "got \"none\" with client_ca_file, want \"optional\" or \"require\"");
    }
  }
}
