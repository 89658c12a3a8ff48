package org.baytrace.ledger.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts a peer only if its certificate is one of the pinned ones (by {@link Fingerprint}),
 * currently valid, and, when CA certificates are given, issued by one of them. The pin decides
 * who is a member: a CA may issue many certificates, the configuration names the few that belong
 * to members. Host names are not checked, because the pin is stronger than any name in the
 * certificate. Used in both directions (client and server certificates). Immutable, thread-safe.
 */
public final class PinnedTrustManager extends X509ExtendedTrustManager {
  private final Set<Fingerprint> pinned;
  private final List<X509Certificate> cas;

  /**
   * @param pinned the certificates that may connect (each member's TLS certificate)
   * @param cas the members' CA certificates the chain must lead to; empty to rely on the pins only
   */
  public PinnedTrustManager(Set<Fingerprint> pinned, List<X509Certificate> cas) {
    if (pinned.isEmpty()) {
      throw new IllegalArgumentException("pinned: empty, want at least one member certificate's fingerprint");
    }
    this.pinned = Set.copyOf(pinned);
    this.cas = List.copyOf(cas);
  }

  public Set<Fingerprint> pinned() {
    return pinned;
  }

  private void check(X509Certificate[] chain) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("no certificate presented; want a member's TLS certificate");
    }
    X509Certificate leaf = chain[0];
    Fingerprint fp = Fingerprint.of(leaf);
    if (!pinned.contains(fp)) {
      throw new CertificateException("certificate " + fp + " (" + leaf.getSubjectX500Principal().getName()
          + ") is not a member certificate pinned by this node's configuration");
    }
    leaf.checkValidity();
    if (!cas.isEmpty()) {
      validateChain(chain);
    }
  }

  private void validateChain(X509Certificate[] chain) throws CertificateException {
    try {
      Set<TrustAnchor> anchors = new HashSet<>();
      for (X509Certificate ca : cas) {
        anchors.add(new TrustAnchor(ca, null));
      }
      // The path excludes the anchors themselves, which a peer may send along.
      List<X509Certificate> path = Arrays.stream(chain).filter(c -> !cas.contains(c)).toList();
      PKIXParameters params = new PKIXParameters(anchors);
      params.setRevocationEnabled(false);
      CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(path), params);
    } catch (GeneralSecurityException e) {
      throw new CertificateException("certificate " + chain[0].getSubjectX500Principal().getName()
          + " is not issued by the members' CA (" + cas.stream().map(c -> c.getSubjectX500Principal().getName())
          .collect(Collectors.joining("; ")) + "): " + e.getMessage(), e);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    check(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    check(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    check(chain);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return cas.toArray(X509Certificate[]::new);
  }
}
