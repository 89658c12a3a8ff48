package org.baytrace.tracking.node;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.security.GeneralSecurityException;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import org.baytrace.config.ServerTls;
import org.baytrace.ledger.tls.CaTrust;
import org.baytrace.tracking.node.http.LedgerHttpServer;

/** Builds the TLS contexts of the client-facing listeners from {@code [grpc.tls]} and {@code [http.tls]}. */
final class ListenerTls {
  private ListenerTls() {}

  /** gRPC (Netty): the listener's certificate, and client certificates from {@code client_ca_file} as configured. */
  static SslContext grpc(ServerTls tls) throws SSLException {
    SslContextBuilder b = GrpcSslContexts.configure(SslContextBuilder.forServer(tls.identity().keyManager()));
    switch (tls.clientAuth()) {
      case NONE -> b.clientAuth(ClientAuth.NONE);
      case OPTIONAL -> b.trustManager(CaTrust.of(tls.clientCas())).clientAuth(ClientAuth.OPTIONAL);
      case REQUIRE -> b.trustManager(CaTrust.of(tls.clientCas())).clientAuth(ClientAuth.REQUIRE);
      default -> throw new IllegalArgumentException("client_auth: " + tls.clientAuth());
    }
    return b.build();
  }

  /** HTTPS (Grizzly): the same, as a JDK SSL context. */
  static LedgerHttpServer.Https http(ServerTls tls) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      TrustManager[] trust = tls.clientCas().isEmpty() ? null : new TrustManager[] {CaTrust.of(tls.clientCas())};
      context.init(new KeyManager[] {tls.identity().keyManager()}, trust, null);
      return new LedgerHttpServer.Https(context, tls.clientAuth() == ServerTls.ClientAuth.OPTIONAL,
          tls.clientAuth() == ServerTls.ClientAuth.REQUIRE);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HTTPS: cannot set up TLS with " + tls.certificateFile() + ": " + e, e);
    }
  }
}
