package org.baytrace.ledger.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The members' pinned certificates as the registry in force lists them: a {@link PinnedTrustManager}
 * that {@link #repin} replaces while connections are being made. TLS contexts keep this object,
 * so every handshake after a repin is judged by the new pins: a member added is admitted, a
 * member removed is refused. Connections already open are not cut. Thread-safe.
 */
public final class PinnedMembers extends X509ExtendedTrustManager {
  private final List<X509Certificate> cas;
  private volatile PinnedTrustManager current;

  /**
   * @param pinned the member certificates admitted now
   * @param cas the members' CA certificates the chain must lead to; empty to rely on the pins only
   */
  public PinnedMembers(Set<Fingerprint> pinned, List<X509Certificate> cas) {
    this.cas = List.copyOf(cas);
    this.current = new PinnedTrustManager(pinned, this.cas);
  }

  /** The certificates admitted now. */
  public Set<Fingerprint> pinned() {
    return current.pinned();
  }

  /** Admits exactly {@code pinned} from the next handshake on; returns whether that changed anything. */
  public boolean repin(Set<Fingerprint> pinned) {
    if (current.pinned().equals(pinned)) {
      return false;
    }
    current = new PinnedTrustManager(pinned, cas);
    return true;
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    current.checkClientTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    current.checkServerTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    current.checkClientTrusted(chain, authType, socket);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    current.checkServerTrusted(chain, authType, socket);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    current.checkClientTrusted(chain, authType, engine);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    current.checkServerTrusted(chain, authType, engine);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return current.getAcceptedIssuers();
  }
}
