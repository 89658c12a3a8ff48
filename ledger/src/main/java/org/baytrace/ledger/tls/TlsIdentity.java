package org.baytrace.ledger.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509KeyManager;

/**
 * A TLS private key with its certificate chain (leaf first): what a listener presents, or what
 * a client presents when the server asks for a certificate. Immutable.
 */
public record TlsIdentity(PrivateKey key, List<X509Certificate> chain) {
  public TlsIdentity {
    Objects.requireNonNull(key, "key");
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("chain: empty, want the certificate first and its issuers after it");
    }
    if (!chain.get(0).getPublicKey().getAlgorithm().equals(key.getAlgorithm())) {
      throw new IllegalArgumentException("key: a " + key.getAlgorithm() + " key, but the certificate holds a "
          + chain.get(0).getPublicKey().getAlgorithm() + " key");
    }
  }

  /** Reads a PEM certificate (chain) file and its PEM private key file. */
  public static TlsIdentity load(Path certificateFile, Path keyFile) throws IOException {
    return new TlsIdentity(Pem.readPrivateKey(keyFile), Pem.readCertificates(certificateFile));
  }

  public X509Certificate certificate() {
    return chain.get(0);
  }

  public Fingerprint fingerprint() {
    return Fingerprint.of(certificate());
  }

  /** A key manager that always presents this identity. */
  public X509KeyManager keyManager() {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      char[] none = new char[0];
      ks.setKeyEntry("identity", key, none, chain.toArray(X509Certificate[]::new));
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, none);
      return (X509KeyManager) kmf.getKeyManagers()[0];
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot make a key manager for " + certificate().getSubjectX500Principal() + ": " + e, e);
    }
  }
}
