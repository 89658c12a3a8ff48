package org.baytrace.tracking.node.http;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.ssl.SSLUtils;

/**
 * The client certificate chain of an HTTPS request, for resources that act for the
 * organisation that certificate names. The server sets request property {@link #PROPERTY} (a
 * {@code List<X509Certificate>}, leaf first, verified by the TLS handshake against the
 * listener's {@code client_ca_file}) on every request; it is empty when the client presented
 * none or the listener is plaintext. In a resource or filter:
 * {@code (List<X509Certificate>) containerRequestContext.getProperty(ClientCertificates.PROPERTY)}.
 */
public final class ClientCertificates {
  public static final String PROPERTY = "org.baytrace.tracking.http.client-certificates";

  private ClientCertificates() {}

  /** Sets {@link #PROPERTY} on a Grizzly request, before Jersey sees it. */
  static void attach(Request request) {
    request.setAttribute(PROPERTY, request.getContext() == null ? List.of() : of(request.getContext().getConnection()));
  }

  /** The verified client certificate chain of a connection, leaf first; empty without TLS client authentication. */
  static List<X509Certificate> of(org.glassfish.grizzly.Connection<?> connection) {
    SSLEngine engine = SSLUtils.getSSLEngine(connection);
    List<X509Certificate> chain = new ArrayList<>();
    if (engine != null) {
      try {
        for (Certificate c : engine.getSession().getPeerCertificates()) {
          if (c instanceof X509Certificate x) {
            chain.add(x);
          }
        }
      } catch (SSLPeerUnverifiedException e) {
        // the client sent no certificate
      }
    }
    return List.copyOf(chain);
  }

  /** The verified client certificates a request property holds (empty if none). */
  @SuppressWarnings("unchecked")
  public static List<X509Certificate> of(Object property) {
    return property instanceof List<?> l ? (List<X509Certificate>) l : List.of();
  }
}
