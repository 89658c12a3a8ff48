package org.baytrace.tracking.node.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The client certificate chain a gRPC call was made with, for services that act for the
 * organisation that certificate names. {@link #INTERCEPTOR} puts the chain (leaf first), verified
 * by the TLS handshake against the listener's {@code client_ca_file}, into the call's
 * {@link Context} under {@link #KEY}; a call without a client certificate (or over plaintext)
 * has an empty list. Read it in a service with {@code ClientCertificates.KEY.get()}. Thread-safe.
 */
public final class ClientCertificates {
  /** The verified client certificate chain of the current call; empty if none was presented. */
  public static final Context.Key<List<X509Certificate>> KEY = Context.keyWithDefault("baytrace-client-certificates", List.of());

  /** Add to every gRPC server of the node (it is harmless on plaintext listeners). */
  public static final ServerInterceptor INTERCEPTOR = new ServerInterceptor() {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      List<X509Certificate> chain = of(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
      if (chain.isEmpty()) {
        return next.startCall(call, headers);
      }
      return Contexts.interceptCall(Context.current().withValue(KEY, chain), call, headers, next);
    }
  };

  private ClientCertificates() {}

  /** The peer's certificates of a TLS session (empty for none or no session). */
  public static List<X509Certificate> of(SSLSession session) {
    if (session == null) {
      return List.of();
    }
    try {
      List<X509Certificate> out = new ArrayList<>();
      for (Certificate c : session.getPeerCertificates()) {
        if (c instanceof X509Certificate x) {
          out.add(x);
        }
      }
      return List.copyOf(out);
    } catch (SSLPeerUnverifiedException e) {
      return List.of(); // the client sent no certificate
    }
  }
}
