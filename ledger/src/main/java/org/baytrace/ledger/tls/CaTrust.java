package org.baytrace.ledger.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** The JDK's PKIX trust manager over a given set of CA certificates (and no others). */
public final class CaTrust {
  private CaTrust() {}

  public static X509TrustManager of(List<X509Certificate> cas) {
    if (cas.isEmpty()) {
      throw new IllegalArgumentException("cas: empty, want at least one CA certificate");
    }
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      for (int i = 0; i < cas.size(); i++) {
        ks.setCertificateEntry("ca-" + i, cas.get(i));
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      return (X509TrustManager) tmf.getTrustManagers()[0];
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot make a trust manager of " + cas.size() + " CA certificates: " + e, e);
    }
  }
}
